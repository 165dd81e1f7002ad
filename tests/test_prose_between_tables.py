"""Prose between table 1 and table 2 (a layout seen in Pingtan's 财政金融局 2021 report): after
table 1, section 二 goes on with "(二)主动公开政府信息的主要类别" and a paragraph of counts before
section 三 opens table 2. Table 1's region runs to table 2's anchor, so that paragraph used to be
closed to facts. The stress case writes such a paragraph into a gold report that does not have
one: the tables must read the same cells, and the paragraph's facts must be found."""
from __future__ import annotations

from pathlib import Path

import pytest

from ie.pipeline import extract

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed_004_guigang_2021.txt"
PROSE = ("(二)主动公开政府信息的主要类别\n2021年，在主动公开的1520条政府信息中，"
         "工作动态共62条；公示公告信息17条。\n")


@pytest.fixture(scope="module")
def reports():
    text = SEED.read_text(encoding="utf-8")
    at = text.index("三、收到和处理政府信息公开申请情况")
    stressed = text[:at] + PROSE + text[at:]
    return extract(text), extract(stressed), stressed, at


def test_the_tables_read_the_same_cells(reports):
    plain, stressed, _, _ = reports
    assert {k: c and c.value for k, c in stressed.tables.items()} == {k: c and c.value for k, c in plain.tables.items()}
    assert stressed.tables["proactive.admin_fees.fee_amount_wan_yuan"].value == 34572.2


def test_the_paragraph_after_table_1_gives_its_counts(reports):
    _, stressed, text, at = reports
    counts = {(f.text, f.start, f.to_dict()["value"]) for f in stressed.facts if f.type == "count" and f.start >= at}
    for phrase, value in (("1520条政府信息", 1520), ("工作动态共62条", 62), ("公示公告信息17条", 17)):
        assert (phrase, text.index(phrase), value) in counts


def test_the_facts_before_and_after_are_kept(reports):
    plain, stressed, _, at = reports
    shift = len(PROSE)
    before = {(f.type, f.text, f.start if f.start < at else f.start + shift) for f in plain.facts}
    after = {(f.type, f.text, f.start) for f in stressed.facts}
    assert before <= after
