"""Crawler habits seen on sites the extractor was not written on (issue 9): rows that print
fewer or more numbers than cells, enumerators split from their labels, blank cells, lost
section headings. Values below were read off the reports by hand."""
from __future__ import annotations

import re

import pytest

import ie
from conftest import gold_tables
from ie.readers import read


@pytest.fixture(scope="module")
def wild(corpus):
    folder = corpus / "wild" / "reports"
    if not folder.is_dir():
        pytest.skip("../shared/corpus/wild is not available")
    return folder


def row(report, prefix: str) -> list:
    return [c.value if c else None for k, c in report.tables.items() if k.rsplit(".", 1)[0] == prefix]


def test_collapsed_runs_are_expanded_where_the_arithmetic_forces_them(wild):
    # "一、本年新收… 2 / 0 / 2" is 2|0|0|0|0|0|2; "规章 0" is 0|0|0; table 3 is one lone "0"
    r = ie.extract(wild / "putian_lyj_2023.txt", facts=False)
    assert row(r, "applications.new_received") == [2, 0, 0, 0, 0, 0, 2]
    assert row(r, "proactive.rules") == [0, 0, 0]
    assert row(r, "proactive.normative_docs") == [2, 3, 8]
    assert row(r, "review_litigation.litigation_after_review") == [0, 0, 0, 0, 0]
    cell = r.tables["applications.new_received.commercial_enterprise"]
    assert r.text[cell.start:cell.end] == "0" and "run" in cell.flags
    assert not [c for c in r.checks if c.severity == "error" and c.status != "pass"]


def test_collapsed_runs_that_fit_several_placements_stay_null_with_a_warning(wild):
    # "19 / 0 / 1 / 0 / 20": the 1 is in one of three organisation columns, which the table cannot say
    r = ie.extract(wild / "putian_cgj_2023.txt", facts=False)
    assert row(r, "applications.new_received")[:2] == [19, 0]
    assert r.value("applications.new_received.total") == 20
    assert r.value("applications.new_received.research_institution") is None
    assert any("ambiguous" in w and "applications.new_received.research_institution" in w for w in r.warnings)


def test_number_broken_over_two_lines_is_joined_by_the_arithmetic(wild):
    # the crawler printed 162 as "1" / "62" (and 160 as "1" / "60" in （七）总计)
    r = ie.extract(wild / "sanming_city_2021.txt", facts=False)
    assert row(r, "applications.new_received") == [160, 0, 0, 2, 0, 0, 162]
    assert row(r, "applications.results.total") == [160, 0, 0, 2, 0, 0, 162]
    assert row(r, "applications.results.unavailable.not_held") == [27, 0, 0, 1, 0, 0, 28]
    cell = r.tables["applications.new_received.total"]
    assert "joined_lines" in cell.flags and re.fullmatch(r"1\s+62", r.text[cell.start:cell.end])


def test_enumerator_on_its_own_line_is_not_a_cell(wild):
    # "1." on one line, "属于国家秘密" on the next
    r = ie.extract(wild / "sanming_city_2022.txt", facts=False)
    assert row(r, "applications.results.withheld.state_secret") == [2, 1, 0, 0, 0, 0, 3]
    assert row(r, "applications.results.withheld.law_prohibited") == [2, 0, 0, 0, 0, 0, 2]
    assert not [k for k, c in r.tables.items() if c is None]


def _bordered_report(corpus, blank) -> str:
    """seed_004's gold tables as bordered markdown rows, with the cells ``blank(text)`` chooses
    printed empty."""
    from layouts import table_rows

    gold = gold_tables(corpus, "seed_004_guigang_2021")
    headings = {"proactive": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
                "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}
    parts = ["一、总体情况", "本机关认真贯彻落实《条例》。"]
    for key, rows in table_rows(gold["tables"], gold["template"]).items():
        width = max(len(r) for r in rows)
        parts.append(headings[key])
        parts += ["| " + " | ".join("" if blank(c) else c for c in r + [""] * (width - len(r))) + " |" for r in rows]
    return "\n".join(parts + ["五、存在的主要问题及改进情况", "一是公开内容不够丰富。", "六、其他需要报告的事项", "无。"])


def test_blank_cells_of_a_bordered_table_are_zero(corpus):
    gold = gold_tables(corpus, "seed_004_guigang_2021")["tables"]
    r = ie.extract(_bordered_report(corpus, lambda c: c == "0"), facts=False)
    assert {k: r.value(k) for k in gold} == gold
    cell = r.tables["applications.results.withheld.state_secret.natural_person"]  # a row printed all blank
    assert cell.value == 0 and "was_blank" in cell.flags and cell.start == cell.end


def test_a_table_with_no_number_is_printed_empty_not_zeros(corpus):
    r = ie.extract(_bordered_report(corpus, lambda c: c.replace(".", "").isdigit() and len(c) < 4), facts=False)
    assert r.value("review_litigation.review.upheld") is None
    assert any(w.startswith("table printed empty: review_litigation") for w in r.warnings)


def test_lost_heading_five_is_restored_between_table_three_and_six(corpus):
    text = read(corpus / "reports" / "seed_004_guigang_2021.txt").text
    lost = text.replace("五、存在的主要问题及改进情况", "", 1)
    base, r = ie.extract(text), ie.extract(lost)
    assert "problems_improvements" in r.sections
    assert r.text[r.sections["problems_improvements"].start:].lstrip().startswith("(一)对上年度存在问题的改进情况")
    assert {k: c and c.value for k, c in r.tables.items()} == {k: c and c.value for k, c in base.tables.items()}
    items = sorted((f.type, f.text) for f in r.facts if f.type in ("problem", "measure"))
    assert items == sorted((f.type, f.text) for f in base.facts if f.type in ("problem", "measure"))
    assert any("section 五 has no recognisable heading" in w for w in r.warnings)


@pytest.mark.parametrize("heading", ["五、存在的主要问题及明年工作计划", "五、主要问题和改进措施", "五、存在的不足和改进方向"])
def test_reworded_heading_five(corpus, heading):
    text = read(corpus / "reports" / "seed_004_guigang_2021.txt").text
    r = ie.extract(text.replace("五、存在的主要问题及改进情况", heading, 1), facts=False)
    assert r.sections["problems_improvements"].heading == heading
