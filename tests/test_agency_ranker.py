"""The agency ranker: candidates, memory, fitting on annotations and its use by the hybrid."""
import json
import shutil

import pytest

from ie.facts.agency_ranker import AgencyRanker, Memory, candidates
from ie.facts.annotations import load, site_of
from conftest import ROOT


@pytest.fixture(scope="module")
def records():
    return load(ROOT / "annotations")


@pytest.fixture(scope="module")
def ranker(records):
    """Fitted on every annotated site but Putian, which the tests read."""
    from ie.training.agency_ranker import train_agency_ranker

    return train_agency_ranker([r for r in records if site_of(r) != "putian"])


def test_candidates_end_at_agency_endings_and_start_where_a_name_may():
    t = "充分利用市档案馆、市图书馆等公开平台，主动沟通市府办信息科及市数字办。"
    found = {c.name: c for cs in candidates(t, [], []).values() for c in cs}
    assert {"市档案馆", "市图书馆", "市府办信息科", "市数字办"} <= set(found)
    assert "用市档案馆" not in found and "分利用市档案馆" not in found  # no start inside a word (利|用)
    assert "start=level" in found["市档案馆"].features  # a level word after a verb
    assert "start=after_place" in found["档案馆"].features  # 市|档案馆: a start of its own kind
    inside = {c.name for cs in candidates("平潭综合实验区管委会办公室", [], []).values() for c in cs}
    assert "平潭综合实验区管委会办公室" in inside
    assert not any(n.endswith(("管委", "会办")) for n in inside)  # no end inside an ending (管委|会, 办|公室)
    assert candidates("门户网站和网站群", [], []) == {}


def test_no_candidate_starts_or_ends_inside_a_word():
    """2024年度|市审计局 (a date word), 各|乡镇人民政府 and 全|区政府 (generic), 市府办|举办 (a verb
    ending in 办), 页面布局 (a word ending in 局), a name inside a title that it does not open
    (《关于转发|国务院办公厅…》): the ranker's wrong names of those kinds."""
    t = "主动公开2024年度市审计局预算，平潭县各乡镇人民政府和全区政府信息公开，参加市府办举办的培训，优化页面布局。"
    names = {c.name for cs in candidates(t, [], []).values() for c in cs}
    assert "市审计局" in names and "市府办" in names
    assert not any(n.startswith(("年", "度")) or n.endswith(("举办", "布局")) for n in names)
    assert not {"乡镇人民政府", "区政府"} & names
    titled = "《关于转发国务院办公厅2020年政务公开工作要点的通知》《国务院办公厅关于印发要点的通知》"
    starts = {(c.start, c.name) for cs in candidates(titled, [], []).values() for c in cs}
    assert (titled.index("《国务院") + 1, "国务院办公厅") in starts  # where it opens a title
    assert {s for s, _ in starts} == {1, titled.index("《国务院") + 1}  # nowhere else inside one


def test_candidates_reach_long_office_names():
    """A body's own working-group office runs past 20 characters (莆田市林业局政府信息公开工作领导小组
    办公室, 21; 平潭综合实验区政府信息公开工作领导小组, 19): 15 annotated names are longer than 18."""
    t = "由莆田市林业局政府信息公开工作领导小组办公室负责，平潭综合实验区政府信息公开工作领导小组统筹。"
    names = {c.name for cs in candidates(t, [], []).values() for c in cs}
    assert {"莆田市林业局政府信息公开工作领导小组办公室", "平潭综合实验区政府信息公开工作领导小组"} <= names


def test_no_candidate_is_a_generic_reference():
    """县级政府 (a level, as the rules' generic list says) and the head noun after a parenthesised
    level list (各县（市、区）|人民政府, 乡（镇）|人民政府): Sanming's wrong added names."""
    def names(t):
        return {c.name for cs in candidates(t, [], []).values() for c in cs}

    assert not {"县级政府", "级政府"} & names("加强和县级政府协调联系。")
    assert names("各县（市、区）人民政府、乡（镇）人民政府按时完成，向市、县（市、区）政府办备案。") == set()
    assert "县人民政府" in names("报县人民政府。")


def test_candidates_skip_regions():
    t = "表格里的市档案馆。正文里的市图书馆。"
    names = {c.name for cs in candidates(t, [(0, 9)], []).values() for c in cs}
    assert "市图书馆" in names and not any("档案馆" in n for n in names)


def test_memory_leaves_the_report_itself_out():
    mem = Memory.of([("在市档案馆查阅", {"市档案馆"}), ("移交市档案馆", {"市档案馆"}), ("市档案馆", set())])
    assert mem.annotated == {"市档案馆": 2} and mem.occurs == {"市档案馆": 3}
    assert mem.features("市档案馆") == ["mem=seen", "mem_ratio=most", "mem_reports=2"]
    assert mem.features("市档案馆", leave_out=("在市档案馆查阅", {"市档案馆"})) == \
        ["mem=seen", "mem_ratio=most", "mem_reports=1"]  # annotated in 1 of the 2 others
    assert mem.features("市委") == ["mem=none"]


def test_training_candidates_read_the_prose_the_hybrid_reads(records):
    """pingtan_czj_2021: the prose between tables 1 and 2 (（三）主动公开政府信息的主要形式 …) is
    open to the facts at inference (the regions of ie.pipeline.analyse), so the ranker trains on
    the names there too; tables.regions.locate's wider table 1 used to hide them."""
    from ie.training.agency_ranker import report_inputs

    rec = next(r for r in records if r["id"] == "pingtan_czj_2021")
    t, cands, names = report_inputs(rec)
    at = t.index("可以查阅区财政金融局主动公开") + len("可以查阅")
    starts = {(c.start, c.name) for cs in cands.values() for c in cs}
    assert (at, "区财政金融局") in starts and "区财政金融局" in names
    assert (t.index("平潭综合实验区管委会网站"), "平潭综合实验区管委会") in starts


def test_ranker_finds_a_name_the_rules_miss_on_an_unseen_site(records, ranker, tmp_path):
    """putian_tyj_2020 (a site the ranker never saw): 充分利用市档案馆、市图书馆 — the rules miss
    市档案馆 (no separator before it), the annotators name it."""
    from ie.facts.rules.view import TextView
    from ie.pipeline import extract

    rec = next(r for r in records if r["id"] == "putian_tyj_2020")
    rules = {f.text for f in extract(rec["text"], model=None).facts if f.type == "agency"}
    assert "市档案馆" not in rules
    t = TextView.of(rec["text"]).text
    proposed = {c.name: p for c, p in ranker.propose(t, [], [], [])}
    assert proposed["市档案馆"] >= 0.8

    path = tmp_path / "agencies.json"
    ranker.to_json(path)
    again = AgencyRanker.load(path)
    assert {c.name: round(p, 9) for c, p in again.propose(t, [], [], [])} == \
        {c.name: round(p, 9) for c, p in ranker.propose(t, [], [], [])}


@pytest.mark.slow
def test_hybrid_adds_ranked_names_with_provenance(records, ranker, tmp_path):
    import ie
    from ie.facts.model import load as load_model

    model = tmp_path / "m"
    model.mkdir()
    (model / "pipeline").symlink_to(ROOT / "models" / "facts" / "pipeline")
    shutil.copy(ROOT / "models" / "facts" / "items.json", model / "items.json")
    ranker.to_json(model / "agencies.json")
    rec = next(r for r in records if r["id"] == "putian_tyj_2020")
    load_model.cache_clear()
    off = {f.text for f in ie.extract(rec["text"], model=model).facts if f.type == "agency"}
    (model / "hybrid.json").write_text(json.dumps({"agency_add_probability": 0.8}), encoding="utf-8")
    load_model.cache_clear()
    report = ie.extract(rec["text"], model=model)
    added = [f for f in report.facts if f.type == "agency" and f.method == "model"]
    assert "市档案馆" not in off
    hit = next(f for f in added if f.text == "市档案馆")
    assert report.text[hit.start:hit.end] == "市档案馆" and hit.confidence >= 0.8
    assert hit.fields == {"role": "mentioned"} and hit.section
    assert len({f.text for f in report.facts if f.type == "agency"}) == \
        len([f for f in report.facts if f.type == "agency"])  # one fact per distinct name
    load_model.cache_clear()
