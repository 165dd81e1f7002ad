"""Every corpus report with a gold table file: no wrong and no invented cell, every cell of
separated layouts, and on glued web text only cells named in an 'ambiguous' warning missing."""
import json

import pytest

import ie
from conftest import CORPUS, gold_tables

GLUED = {"pingtan_2019", "pingtan_2022", "pingtan_2024", "pingtan_2025"}


def _cases():
    if not (CORPUS / "tables").is_dir():
        return []
    manifest = [json.loads(l) for l in (CORPUS / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if l]
    return [m["file"] for m in manifest if m.get("gold_tables")]


@pytest.mark.parametrize("name", _cases())
def test_gold_cells(corpus, name):
    path = corpus / "reports" / name
    gold = gold_tables(corpus, path.stem)
    report = ie.extract(path, facts=False)
    assert report.template == gold["template"]
    wrong, missing, invented = [], [], []
    for key, expected in gold["tables"].items():
        got = report.value(key)
        if expected is None:
            if got is not None:
                invented.append(key)
        elif got is None:
            missing.append(key)
        elif abs(float(got) - float(expected)) > 1e-9:
            wrong.append((key, expected, got))
    assert not wrong
    assert not invented
    if path.stem in GLUED:
        ambiguous = " ".join(w for w in report.warnings if w.startswith("ambiguous"))
        assert all(k in ambiguous for k in missing), missing
    else:
        assert not missing


def test_error_checks_fail_exactly_where_gold_says(corpus):
    for name in _cases():
        gold = gold_tables(corpus, name.rsplit(".", 1)[0])
        expected = {f.split(":")[0] for f in gold["check_failures"] if f.startswith(("R-T2", "R-T3"))}
        report = ie.extract(corpus / "reports" / name, facts=False)
        assert {c.rule for c in report.failed_checks("error")} == expected, name


def test_hongze_2023_review_totals_fail_as_printed(corpus):
    report = ie.extract(corpus / "reports" / "hongze_2023_layout.txt", facts=False)
    messages = [c.message for c in report.failed_checks("error")]
    assert messages == ["R-T3-SUM review: 0 != 10 + 1 + 0 + 0", "R-T3-SUM litigation_after_review: 0 != 5 + 0 + 0 + 0"]


def test_glued_split_chosen_by_arithmetic(corpus):
    r = ie.extract(corpus / "reports" / "pingtan_2022.txt", facts=False)
    # '713000074' can only be 71|3|0|0|0|0|74 once the row total must equal the sum
    assert [r.value(f"applications.new_received.{c}") for c in
            ("natural_person", "commercial_enterprise", "total")] == [71, 3, 74]
    cell = r.tables["applications.new_received.natural_person"]
    assert r.text[cell.start:cell.end] == "71"
    # the narrative pins '8855698': 本年度制发的规范性文件88件, 现行有效行政规范性文件698件
    assert [r.value(f"proactive.normative_docs.{c}") for c in ("issued", "repealed", "in_force")] == [88, 55, 698]


def test_truly_ambiguous_glued_cells_are_null_with_warning(corpus):
    r = ie.extract(corpus / "reports" / "pingtan_2019.txt", facts=False)
    assert r.value("proactive.licensing.decisions") is None  # '3960181': 396|0|181 or 39|60|181 ...
    assert any(w.startswith("ambiguous") and "proactive.licensing.decisions" in w for w in r.warnings)
    assert r.value("proactive.rules.new_made") == 0  # '000' has one split


def test_scrambled_pdftotext_read_in_table_order(corpus):
    r = ie.extract(corpus / "reports" / "hongze_2024_raw.txt", facts=False)
    assert r.value("applications.results.unavailable.not_held.total") == 31
    assert r.value("applications.results.total.total") == 95
    assert r.value("proactive.admin_fees.fee_amount_wan_yuan") == 7545  # printed before its row label


def test_markdown_blank_cell_fixed_by_arithmetic(corpus):
    r = ie.extract(corpus / "reports" / "shanghai_kewei_2024.md", facts=False)
    cell = r.tables["applications.carried_forward.total"]
    assert (cell.value, cell.method) == (1, "derived")
    assert any("derived" in w and "carried_forward.total" in w for w in r.warnings)


def test_legacy_reports_get_no_template_cells(corpus):
    for path in sorted((corpus / "reports").glob("legacy_*.txt")):
        r = ie.extract(path, facts=False)
        assert r.template == "legacy", path.name
        assert r.tables == {}


def test_cross_year_checks_for_one_body(corpus):
    from ie.checks import cross_year

    reports = [ie.extract(corpus / "reports" / f, facts=False) for f in ("pingtan_2024_html.html",
                                                                       "pingtan_2025_html.html")]
    found = {c.message for _, c in cross_year(reports) if c.status == "fail"}
    # the gold notes: 440 + 58 - 45 = 453, but 546 is printed; carry-over 0 = 0 passes
    assert found == {"R-T1-21-XY normative_docs 2024->2025: in_force 546 != 440 + 58 - 45"}
