"""`ie check` in process: what was checked, what was not, and when nothing applies."""
import json

from ie.cli import main

from conftest import seed


def test_json_counts_uncertain_checks(capsys):
    assert main(["check", str(seed("seed_003")), "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["summary"] == {"pass": row["summary"]["pass"], "fail": 2, "uncertain": 31, "uncertain_errors": 30}
    assert row["summary"]["pass"] > 0


def test_a_news_article_says_no_checks_apply(tmp_path, capsys):
    path = tmp_path / "notice.txt"
    path.write_text("关于做好春节值班工作的通知\n各单位：值班人员共12人。\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "checks: no checks apply (no template tables)" in out and "all passed" not in out
