"""Layout deviations of spec §8 on real seed reports, edited the way other publishers print them."""
import pytest

import ie
from conftest import ROOT, seed
from layouts import html_page, table_rows


@pytest.fixture(scope="module")
def seed4():
    return ie.extract(seed("seed_004"), facts=False)


def _values(report):
    return {k: c.value for k, c in report.tables.items() if c is not None}


def test_blank_cells_in_an_html_table_are_not_shifted(tmp_path, seed4):
    values = _values(seed4)
    rows = table_rows(values, "tpl2021")
    # 岳阳南湖-style: zero cells of the organisation columns left blank
    for r in rows["applications"][3:]:
        for j in range(4, 9):
            if r[j] == "0":
                r[j] = ""
    paras = {"二、主动公开政府信息情况": [], "三、收到和处理政府信息公开申请情况": [], "四、政府信息公开行政复议、行政诉讼情况": []}
    path = tmp_path / "blank.html"
    path.write_text(html_page("贵港市2021年政府信息公开工作年度报告", paras, rows), encoding="utf-8")
    r = ie.extract(path, facts=False)
    for key, value in values.items():
        if key.startswith("applications."):
            assert r.value(key) == value, key
    assert r.tables["applications.new_received.research_institution"].method == "derived"
    assert r.tables["applications.new_received.natural_person"].method == "table"
    assert not r.failed_checks("error")


def test_dash_cells_read_as_zero_and_flagged():
    text = seed("seed_004").read_text(encoding="utf-8")
    head, tail = text.split("四、政府信息公开行政复议、行政诉讼情况")
    cells = tail.split("|\n2 |\n0 |\n1 |\n0 |\n3 |\n0 |\n1 |\n0 |\n1 |\n2 |\n0 |\n0 |\n0 |\n0 |\n0 |")
    assert len(cells) == 2
    edited = head + "四、政府信息公开行政复议、行政诉讼情况" + cells[0] + \
        "|\n2 |\n— |\n1 |\n— |\n3 |\n— |\n1 |\n— |\n1 |\n2 |\n/ |\n/ |\n/ |\n/ |\n/ |" + cells[1]
    r = ie.extract(edited, facts=False)
    cell = r.tables["review_litigation.review.corrected"]
    assert (cell.value, cell.raw, cell.flags) == (0, "—", ["was_dash"])
    assert r.value("review_litigation.review.total") == 3
    assert r.value("review_litigation.litigation_after_review.total") == 0


def test_thousands_separators_and_worded_changes():
    text = seed("seed_000").read_text(encoding="utf-8")
    text = text.replace("\t315\n\t-19\n\t37193", "\t315\n\t减少19\n\t37,193")
    r = ie.extract(text, facts=False)
    assert r.value("proactive.licensing.items_change") == -19
    assert r.value("proactive.licensing.decisions") == 37193
    assert r.tables["proactive.licensing.decisions"].raw == "37,193"


def test_hybrid_2019_table1_with_2021_table2(seed4):
    """Table templates are decided per table: a 2019 table 1 with a 2021 table 2 is hybrid."""
    t19 = seed("seed_000").read_text(encoding="utf-8")
    t21 = seed("seed_004").read_text(encoding="utf-8")
    part1 = t19[: t19.index("三、收到和处理政府信息公开申请情况")]
    part2 = t21[t21.index("三、收到和处理政府信息公开申请情况"):]
    r = ie.extract(part1 + part2, facts=False)
    assert r.template == "hybrid"
    assert r.value("proactive.licensing.decisions") == 37193
    assert r.value("applications.results.other.fee_unpaid.total") == 0
    assert r.value("applications.results.other.misc.total") == 25
    assert any(c.rule == "R-TPL" and c.status == "fail" and "mixed" in c.message for c in r.checks)


def test_headings_glued_to_text_and_bold_markup():
    text = seed("seed_003").read_text(encoding="utf-8")
    sections = ie.extract(text, facts=False).sections
    assert sections["other_matters"].heading.startswith("六、其他需要报告事项")
    assert "review_litigation" not in sections  # seed 003 really has no section 四
    glued = seed("seed_004").read_text(encoding="utf-8").replace("\n", " ")
    r = ie.extract(glued, facts=False)
    assert list(r.sections)[:7] == ["preamble", "overview", "proactive", "applications", "review_litigation",
                                    "problems_improvements", "other_matters"]
    assert r.value("applications.carried_forward.total") == 14


def test_publisher_subtotal_rows_and_column_are_left_out(seed4):
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import layout_stress

    values = _values(seed4)
    rows = table_rows(values, "tpl2021")
    rows["applications"] = layout_stress.with_subtotals(rows["applications"])
    doc = layout_stress._doc("贵港市2021年政府信息公开工作年度报告", rows, layout_stress.pipe_rows)
    assert "（三）不予公开 小计" in doc
    r = ie.extract(doc, facts=False)
    for key, value in values.items():
        assert r.value(key) == value, key
    assert any("subtotal column was left out" in w for w in r.warnings)
    assert any("小计 (subtotal) rows left out" in w for w in r.warnings)


def test_fee_filled_in_yuan_is_flagged():
    text = seed("seed_004").read_text(encoding="utf-8")
    text = text.replace("行政事业性收费 |\n34572.2 |", "行政事业性收费 |\n3457 |")
    text = text.replace("一、总体情况\n", "一、总体情况\n全年行政事业性收费3457元。\n", 1)
    r = ie.extract(text, facts=False)
    unit = [c for c in r.checks if c.rule == "R-T1-21-UNIT"]
    assert [c.status for c in unit] == ["fail"] and "10^4" in unit[0].message


def test_headings_numbered_as_parts():
    text = seed("seed_004").read_text(encoding="utf-8")
    for n, heading in zip("一二三四五六", ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                                         "六、其他需要报告的事项")):
        text = text.replace(heading, f"第{n}部分 {heading[2:]}", 1)
    r = ie.extract(text, facts=False)
    assert r.sections["review_litigation"].heading == "第四部分 政府信息公开行政复议、行政诉讼情况"
    assert r.value("review_litigation.review.total") == 3
