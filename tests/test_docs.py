"""Every `ie` subcommand is documented in the README (as sqlite-utils' tests/test_docs.py does)."""
from conftest import ROOT
from ie.cli import build_parser


def test_every_subcommand_is_in_the_readme():
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in sub.choices if f"`ie {name}" not in readme]
    assert not missing, f"not in README.md: {missing}"
    assert {"compare", "reports"} <= set(sub.choices)
