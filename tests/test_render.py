"""ie/render.py: what `ie check` and `--format table` tell a person."""
import ie
from ie.render import checks_text

from conftest import seed


def test_uncertain_error_checks_are_not_all_passed():
    report = ie.extract(seed("seed_003"), facts=False)  # table 2's result rows are not resolved
    text = checks_text(report.checks)
    assert "all passed" not in text
    n = sum(c.severity == "error" and c.status == "uncertain" for c in report.checks)
    assert n >= 30 and f"not checked (uncertain: cells or dates missing): {n} error-level" in text
    assert "R-T2-BAL ×7" in text and "R-T2-RES ×7" in text


def test_no_checks_apply_to_a_document_without_tables():
    report = ie.extract("关于做好春节值班工作的通知\n各单位：值班人员共12人。\n", facts=False)
    assert checks_text(report.checks) == "checks: no checks apply (no template tables)"
    assert checks_text(report.checks, failing_only=False) == "checks: no checks apply (no template tables)"


def test_all_passed_counts_what_was_checked():
    report = ie.extract(seed("seed_000"), facts=False)
    assert len(report.checks) == 52 and all(c.status == "pass" for c in report.checks)
    assert checks_text(report.checks) == "checks: all 52 passed"
    report = ie.extract(seed("seed_004"), facts=False)  # no publication date: R-TIME is uncertain
    assert checks_text(report.checks) == ("checks: no failures; not checked (uncertain: cells or dates missing): "
                                          "1 info (R-TIME) (ie check --all lists them)")
