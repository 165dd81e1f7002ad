"""`ie compare`: one body across years, cells side by side, and the cross-year checks' files."""
import json

from ie.cli import main

from conftest import seed


def test_hongze_two_spellings_one_body(corpus, capsys):
    reports = corpus / "reports"
    a, b = reports / "hongze_2023_layout.txt", reports / "hongze_2024_raw.txt"
    assert main(["compare", str(b), str(a), "--format", "json"]) == 0
    (body,) = json.loads(capsys.readouterr().out)
    assert body["body"] == "江苏省淮安市洪泽区·政府"
    assert [(r["year"], r["issuer"]) for r in body["reports"]] == [(2023, "洪泽区人民政府"), (2024, "淮安市洪泽区人民政府")]
    cells = {c["key"]: c["values"] for c in body["cells"]}
    assert cells["applications.new_received.total"] == [21, 95]  # the gold tables' values
    assert body["pairs"] == [{"year": 2023, "previous": None}, {"year": 2024, "previous": str(a)}]
    assert {c["rule"] for c in body["checks"]} >= {"R-T2-XY"} and all(c["year"] == 2024 for c in body["checks"])


def test_text_shows_changes_and_says_when_nothing_pairs(corpus, capsys):
    reports = corpus / "reports"
    assert main(["compare", str(reports / "hongze_2023_layout.txt"), str(reports / "hongze_2024_raw.txt"),
                 "--changed"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("一、本年新收") and line.rstrip().endswith("+74"))
    assert row.split()[-3:] == ["21", "95", "+74"]
    assert main(["compare", str(seed("seed_004")), str(seed("seed_000"))]) == 0
    assert capsys.readouterr().out == "no body with reports of two or more years among the inputs\n"
