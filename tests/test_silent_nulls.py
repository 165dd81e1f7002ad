"""No silent null (issue 9): every null cell of a report's layout is named in a warning.

"Named" is defined once, in bench/wild.py ``unnamed_nulls``: the cell key, or a dotted prefix of
it longer than the table name (its row or block), appears as a whole token in a warning; the
bare table name counts only in "table <name>: ..." warnings and, for table 3 (read as one row
keyed by the table name), in warnings that start with "review_litigation:"."""
import sys

import pytest
from conftest import CORPUS, ROOT, seed

import ie

sys.path.insert(0, str(ROOT / "bench"))
import wild  # noqa: E402


def _reports() -> list:
    folders = [CORPUS / "reports", CORPUS / "wild" / "reports"]
    files = sorted(p for f in folders if f.is_dir() for p in f.iterdir() if p.suffix in
                   {".txt", ".md", ".html", ".htm", ".pdf", ".docx"})
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus is not available"))]
    return [pytest.param(p, id=f"{p.parent.parent.name}/{p.name}") for p in files]


@pytest.mark.parametrize("path", _reports())
def test_every_null_cell_is_named_in_a_warning(path):
    report = ie.extract(path, facts=False)
    assert wild.unnamed_nulls(report) == []


def test_a_null_cell_no_warning_names_is_found():
    report = ie.extract(seed("seed_004"), facts=False)
    assert wild.null_cells(report) == [] and wild.unnamed_nulls(report) == []
    report.tables["applications.results.withheld.state_secret.total"] = None
    report.tables["review_litigation.review.total"] = None
    assert wild.unnamed_nulls(report) == ["applications.results.withheld.state_secret.total",
                                          "review_litigation.review.total"]
    report.warnings.append("applications: 小计 (subtotal) rows left out")  # names no cell
    report.warnings.append("applications.results.withheld: 8 of 56 cells printed without positions")  # a block
    report.warnings.append("review_litigation: 1 of 15 cells printed without positions; not placed")
    assert wild.unnamed_nulls(report) == []


def test_a_whole_missing_table_is_named_by_its_table_warning():
    report = ie.extract(seed("seed_004"), facts=False)
    for key in report.tables:
        if key.startswith("proactive."):
            report.tables[key] = None
    assert len(wild.unnamed_nulls(report)) == 10
    report.warnings.append("table proactive: not found in the report; its cells are null")
    assert wild.unnamed_nulls(report) == []
    report.warnings[-1] = "proactive: regions overlap"  # a bare table note names nothing
    assert len(wild.unnamed_nulls(report)) == 10


def test_wild_bench_runs_and_rejects_a_missing_folder(tmp_path, capsys):
    assert wild.main([str(tmp_path)]) == 2
    assert "is not a folder" in capsys.readouterr().err
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "seed_004.txt").write_text(seed("seed_004").read_text(encoding="utf-8"),
                                                       encoding="utf-8")
    assert wild.main([str(tmp_path), "--reports", "reports", "--silent"]) == 0
    out = capsys.readouterr().out
    assert "seed_004" in out and "200/200" in out and "complete, consistent" in out
    assert "complete and consistent: 1/1 reports (100.0%)" in out
