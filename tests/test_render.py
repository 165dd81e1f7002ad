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


def test_table_two_keeps_its_group_labels():
    from ie.render import tables_text

    text = tables_text(ie.extract(seed("seed_004"), facts=False))
    lines = text.splitlines()
    for group, first_row in (("三、本年度办理结果", "（一）予以公开"), ("（三）不予公开", "1.属于国家秘密"),
                             ("（四）无法提供", "1.本机关不掌握相关政府信息"), ("（五）不予处理", "1.信访举报投诉类申请"),
                             ("（六）其他处理", "1.申请人无正当理由逾期不补正…")):
        at = next(i for i, line in enumerate(lines) if line.strip() == group)
        assert lines[at + 1].startswith(first_row), group


def test_report_text_shows_the_facts_of_a_legacy_report(corpus):
    from ie.render import report_text

    report = ie.extract(corpus / "reports" / "legacy_pingtan_2016.txt")
    assert report.facts and report.tables == {}
    text = report_text(report)
    assert f"facts ({len(report.facts)}):" in text
    first = report.facts[0]
    assert any(line.split()[:2] == [first.type, first.section or "-"] and first.text.split()[0][:10] in line
               for line in text.splitlines())


def test_search_table_fits_80_columns():
    import dataclasses

    from wcwidth import wcswidth

    from ie.store.commands import hits_table
    from ie.store.records import Hit

    text = "2021年，全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案，未发生被纠错的情况。" * 2
    start = text.index("行政复议")
    hit = Hit(kind="text", report_id="0" * 16, source="r.txt", issuer="济宁市兖州区行政审批服务局", year=2021,
              section="review_litigation", text=text, start=0, end=len(text), score=4.8,
              highlights=[(start, start + 4)])
    cell = dataclasses.replace(hit, kind="cell", key="review_litigation.review.total", value=351,
                               text="行政复议 总计", highlights=[(0, 4)])
    for width in (80, 100, 60):
        table = hits_table([hit, cell], width=width)
        assert max(wcswidth(line) for line in table.splitlines()) <= width, table
        assert "«行政复议»" in table and "= 351" in table


def test_search_table_names_the_source_and_offset_when_there_is_room():
    from ie.store.commands import hits_table
    from ie.store.records import Hit

    hit = Hit(kind="text", report_id="0" * 16, source="/data/reports/hongze_2024.pdf", issuer="淮安市洪泽区人民政府",
              year=2024, section="review_litigation", text="全年发生行政复议2件", start=1834, end=1844, score=3.2,
              highlights=[(4, 8)])
    wide = hits_table([hit], width=160).splitlines()
    assert wide[0].split() == ["score", "issuer", "year", "type", "section", "source", "hit"]
    assert "hongze_2024.pdf:1834" in wide[2] and "«行政复议»" in wide[2]
    assert hits_table([hit], width=80).splitlines()[0].split() == ["score", "issuer", "year", "type", "hit"]
