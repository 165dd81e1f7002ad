"""Section 五 written as prose, without enumerated items (classes seen in Putian reports; Putian
is in-sample for these rules, the stress cases rewrite gold reports of other sites).

* Measures whose lead-in is a turn word at the head of the measure sentence itself (对此，我局
  组织学习… / 为改进上述问题我局切实… / 针对上述问题，…). The stress case rewrites the plan
  lead-in of a gold report (下一步，我区将…) into each turn word: the gold measures must be found
  the same, and the problems before them too. A second case adds measure sentences after the
  first, which carry cue words of their own (…有关问题整改) and must not be read as new lead-ins.
* Problems listed with ；after an announcement (但还存在一些不足，如A；B；C), some of which state a
  failure without a cue word (未明确公开属性). The stress case rewrites two of pingtan_2025's three
  listed problems that way.
* Problems stated in the measure lead-in sentence itself (…存在公开渠道比较单一、移动新媒体应用较少
  等问题，在今后的工作中，我们将重点做好以下工作：一是…). The stress case glues hongze_2023's
  problem sentence to its measure lead-in."""
from __future__ import annotations

from pathlib import Path

import pytest

from ie.facts.annotations import load
from ie.facts.scoring import score_report
from ie.pipeline import extract

ANNOTATIONS = Path(__file__).resolve().parents[1] / "annotations"
LEAD = "下一步，我区将"


@pytest.fixture(scope="module")
def gold() -> dict:
    return load(ANNOTATIONS / "legacy_pingtan_2018.jsonl")[0]


def items(record: dict, text: str) -> dict:
    """tp/fp/fn of problem and measure facts of ``text`` against the record's gold items (matched
    by text, as the scorer does)."""
    predicted = [f.to_dict() for f in extract(text, model=None).facts if f.type in ("problem", "measure")]
    gold = [f for f in record["facts"] if f["type"] in ("problem", "measure")]
    return {t: dict(c) for t, c in score_report(gold, predicted).items()}


@pytest.mark.parametrize("turn", ["对此，我区", "为此，我区", "针对上述问题，我区", "为改进上述问题，我区"])
def test_a_turn_word_leads_the_measures_as_a_plan_lead_in_does(gold, turn):
    assert LEAD in gold["text"]
    assert items(gold, gold["text"]) == {"problem": {"tp": 3, "fp": 0}, "measure": {"tp": 5, "fp": 0}}
    assert items(gold, gold["text"].replace(LEAD, turn, 1)) == {"problem": {"tp": 3, "fp": 0},
                                                                "measure": {"tp": 5, "fp": 0}}


def test_measure_sentences_after_a_turn_word_are_measures(gold):
    text = gold["text"].replace(LEAD, "对此，我区", 1)
    end = text.index("推动政务公开工作水平再上新台阶。") + len("推动政务公开工作水平再上新台阶。")
    added = "严格对照省级政务公开考评指标有关要求，举一反三抓好有关问题整改。"
    facts = extract(text[:end] + added + text[end:], model=None).facts
    measures = [f.text for f in facts if f.type == "measure"]
    assert "严格对照省级政务公开考评指标有关要求，举一反三抓好有关问题整改" in measures
    assert len(measures) == 6


def test_a_listed_problem_without_a_cue_word_is_a_problem():
    record = load(ANNOTATIONS / "pingtan_2025.jsonl")[0]
    text = record["text"]
    for old, new in (("政务公开队伍建设有待进一步加强", "个别部门公文办理单上未标明公开属性"),
                     ("依申请公开答复质量待进一步提升", "个别依申请公开答复未附告知救济渠道")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    problems = {(f.text, f.start) for f in extract(text, model=None).facts if f.type == "problem"}
    for item in ("个别部门公文办理单上未标明公开属性", "个别依申请公开答复未附告知救济渠道", "平台互动功能仍有不足"):
        assert (item, text.index(item)) in problems
    assert len(problems) == 3


def test_problems_stated_in_the_measure_lead_in_are_problems():
    records = load(ANNOTATIONS / "hongze_2023_layout.jsonl")  # its text is read from the corpus
    if not records:
        pytest.skip("../shared/corpus is not available")
    record = records[0]
    glue = "等。针对存在问题，下一步，将切实抓好以下工作："
    assert record["text"].count(glue) == 1
    text = record["text"].replace(glue, "等问题，下一步，将切实抓好以下工作：")
    assert items(record, text) == items(record, record["text"]) == {"problem": {"tp": 3, "fp": 0},
                                                                     "measure": {"tp": 3, "fp": 0}}
