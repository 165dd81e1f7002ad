"""Fact rules on crawler damage: line breaks around numbers and inside contacts, and a scraper's
metadata header (ie.facts.rules.breaks, ie.facts.rules.exclusions.scraper_header_end).

The invariance tests damage gold reports that do not show the problem (tests/crawler_perturb.py,
the same damage as bench/crawler_stress.py) and ask for the same facts at the moved spans; the
small cases pin the rules' edges: what stays a break, what a header is."""
from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

import crawler_perturb as cp
from ie.facts.annotations import load
from ie.facts.rules import TextView, chrome_spans, rule_facts
from ie.facts.rules import view as view_module
from ie.facts.rules.breaks import is_heading_line
from ie.facts.rules.exclusions import scraper_header_end
from ie.facts.scoring import score_report
from ie.document import Document
from ie.meta import report_meta
from ie.sections import segment
from ie.tables.regions import locate

ANNOTATIONS = Path(__file__).resolve().parents[1] / "annotations"
REPORTS = ("seed_000_qinzhou_2020", "seed_004_guigang_2021", "pingtan_czj_2019")
SPAN_TYPES = ("count", "amount", "percent", "date", "contact")


@pytest.fixture(scope="module")
def gold() -> dict[str, dict]:
    return {r["id"]: r for r in load(ANNOTATIONS / "seed_000_qinzhou_2020.jsonl")
            + load(ANNOTATIONS / "seed_004_guigang_2021.jsonl") + load(ANNOTATIONS / "pingtan_czj_2019.jsonl")}


def predict(record: dict) -> list[dict]:
    text, meta = record["text"], record.get("meta") or {}
    return [f.to_dict() for f in rule_facts(text, segment(text), meta.get("year"), (), issuer=meta.get("issuer"))]


def key(f: dict) -> tuple:
    return f["type"], f["start"], f["end"], f["text"], str(f.get("value")), f.get("kind"), f.get("unit")


@contextlib.contextmanager
def wrap_detection_off():
    """Only the per-break rules: a text broken at every number also looks hard-wrapped, and
    the view's whole-document guess would rejoin most of it by itself."""
    saved = view_module._is_hard_wrapped
    view_module._is_hard_wrapped = lambda text: False
    TextView.of.__func__.cache_clear()
    try:
        yield
    finally:
        view_module._is_hard_wrapped = saved
        TextView.of.__func__.cache_clear()


def facts_of(text: str, year: int = 2021):
    return rule_facts(text, segment(text), year, ())


# ---- invariance on damaged gold reports ---------------------------------------------------------


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("wrap, inside", [(True, False), (False, False), (False, True)],
                         ids=["wrap-guess", "no-wrap-guess", "no-wrap-guess-digits-cut"])
def test_line_breaks_around_numbers_and_in_contacts_change_no_fact(gold, report, wrap, inside):
    rec = gold[report]
    regions = [(x.start, x.end) for x in locate(rec["text"], segment(rec["text"])).all()]
    edits = cp.line_breaks(rec, regions, inside_numbers=inside)
    bad = cp.perturb(rec, edits)
    assert len(edits) > 50 and bad["text"].count("\n") == rec["text"].count("\n") + len(edits)
    with contextlib.nullcontext() if wrap else wrap_detection_off():
        before, after = predict(rec), predict(bad)
    moved = {key(bad["edits"].fact(f, bad["text"])) for f in before if f["type"] in SPAN_TYPES}
    found = {key(f) for f in after if f["type"] in SPAN_TYPES}
    assert moved == found
    assert score_report(bad["facts"], after) == score_report(rec["facts"], before)


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("full_width", [False, True], ids=["putian", "sanming"])
def test_a_scraper_header_adds_no_fact(gold, report, full_width):
    rec = gold[report]
    bad = cp.perturb(rec, cp.crawler_header(rec, full_width))
    header_end = bad["edits"].start(bad["edits"].edits[0][1])
    assert scraper_header_end(bad["text"]) == header_end
    before, after = predict(rec), predict(bad)
    assert not [f for f in after if f["start"] < header_end]
    moved = {key(bad["edits"].fact(f, bad["text"])) for f in before if f["start"] >= bad["edits"].edits[0][1]}
    assert moved == {key(f) for f in after}
    assert score_report(bad["facts"], after) == score_report(rec["facts"], before)


@pytest.mark.parametrize("report", REPORTS)
def test_an_enumerator_alone_on_its_line_changes_no_item(gold, report):
    """Crawlers print 一是 / （一） alone on a line (putian_tyj_2022): the items must not change."""
    rec = gold[report]
    regions = [(x.start, x.end) for x in locate(rec["text"], segment(rec["text"])).all()]
    edits = cp.enumerator_breaks(rec, regions)
    bad = cp.perturb(rec, edits)
    assert len(edits) >= 8
    with wrap_detection_off():
        before, after = predict(rec), predict(bad)
    items = [f for f in before if f["type"] in ("problem", "measure")]
    assert items
    assert {key(bad["edits"].fact(f, bad["text"])) for f in items} == \
        {key(f) for f in after if f["type"] in ("problem", "measure")}
    assert score_report(bad["facts"], after) == score_report(rec["facts"], before)


def test_an_enumerator_line_joins_only_its_own_break():
    view = TextView("（一）存在的主要问题。\n一是\n信息公开的内容较为常规，不够丰富。\n二是\n公开的渠道相对局限。\n第二段落。")
    assert view.text == "（一）存在的主要问题。\n一是信息公开的内容较为常规，不够丰富。\n二是公开的渠道相对局限。\n第二段落。"


def test_damaged_contacts_keep_their_values(gold):
    rec = gold["seed_000_qinzhou_2020"]
    bad = cp.perturb(rec, cp.line_breaks(rec, []))
    contacts = {f.fields["kind"]: f for f in facts_of(bad["text"], 2020) if f.type == "contact"}
    assert contacts["phone"].text == "0777-\n255\n8895" and contacts["phone"].fields["value"] == "0777-2558895"
    assert contacts["email"].text == "qzz\nwgk\n@qinzhou.gov.cn"
    assert contacts["email"].fields["value"] == "qzzwgk@qinzhou.gov.cn"
    assert contacts["postcode"].text == "535000"
    assert contacts["address"].text == "钦州市金海湾东大街\n8\n号\n钦州市行政审批局"
    assert contacts["address"].fields["value"] == "钦州市金海湾东大街8号钦州市行政审批局"
    for f in contacts.values():
        assert bad["text"][f.start:f.end] == f.text


# ---- the break rules, one by one ---------------------------------------------------------------


def test_numbers_cut_from_their_phrase():
    text = ("一、总体情况\n2021\n年我局共主动公开政府信息\n99\n条，发布文章\n1000\n余篇，总订阅数达\n3243\n人。"
            "编发《三明市人民政府公报》\n6\n期。数据统计时间为\n2021\n年\n1\n月\n1\n日至\n2021\n年\n12\n月\n31\n日。")
    facts = facts_of(text)
    counts = {f.fields["value"]: f for f in facts if f.type == "count"}
    assert counts[99].text == "主动公开政府信息\n99\n条" and counts[99].fields["unit"] == "条"
    assert counts[1000].text == "发布文章\n1000\n余篇" and counts[1000].fields["approx"] is True
    assert counts[3243].fields["metric"] == "总订阅数" and counts[3243].text == "总订阅数达\n3243\n人"
    assert counts[6].fields["unit"] == "期" and "三明市人民政府公报" in counts[6].fields["metric"]
    dates = [(f.text, f.fields["value"]) for f in facts if f.type == "date"]
    assert dates == [("2021\n年\n1\n月\n1\n日", "2021-01-01"), ("2021\n年\n12\n月\n31\n日", "2021-12-31")]
    for f in facts:
        assert text[f.start:f.end] == f.text


def test_a_number_cut_over_lines_is_read_whole():
    facts = facts_of("现公布三明\n市20\n20\n年报告。全年共主动公开政府信息\n2\n8\n条，占\n9\n8.5\n%。")
    count = next(f for f in facts if f.type == "count")
    assert (count.fields["value"], count.fields["metric"], count.text) == (28, "主动公开政府信息", "主动公开政府信息\n2\n8\n条")
    assert [f.fields["value"] for f in facts if f.type == "percent"] == [98.5]


def test_real_line_ends_stay_breaks():
    # after a sentence end, a colon or a heading the next line starts a new paragraph
    view = TextView("工作有序开展。\n2021\n年，我局继续推进。\n一、总体情况\n2021\n年，我局……\n统计如下：\n3\n件")
    assert "开展。\n2021年" in view.text
    assert "一、总体情况\n2021年" in view.text
    assert "统计如下：\n3件" in view.text
    # an enumerator after a number stays a paragraph start; a number with no unit after it
    # (a table cell) is not pulled into the line before
    view = TextView("共受理申请\n3\n1.加强培训\n行政许可\n29\n第二十条")
    assert "3\n1.加强培训" in view.text
    assert "行政许可\n29\n第二十条" in view.text


def test_punctuation_and_brackets_do_not_start_or_end_a_line():
    view = TextView("（\n一\n）\n编制标准目录\n全市由初期327个政务新媒体\n，\n整合关停")
    assert view.text.startswith("（一）\n编制标准目录")
    assert "政务新媒体，\n整合关停" in view.text  # a break after a comma is left alone (see breaks.py)


def test_contacts_cut_by_crawler_breaks():
    text = ("如有疑问请联系（地址：莆田市城厢区荔城中大道\n2169\n号\n莆田市政府\n4\n号楼\n，电话：\n0594-\n2281671\n，"
            "传真\n:0594-2\n281771\n，邮编：\n351100\n，邮箱\nptsl2008\n@163.com\n）。联系电话：0598—\n8231086\n，"
            "电子邮箱：s\nzfbdzzwk\n@126.com。网址http://mem.putian.gov.cn/zwgk/\nz\nfxxgk/zfxxgknb/\n。")
    got = {(f.fields["kind"], f.fields["value"]) for f in facts_of(text) if f.type == "contact"}
    assert got == {("address", "莆田市城厢区荔城中大道2169号莆田市政府4号楼"), ("phone", "0594-2281671"),
                   ("fax", "0594-2281771"), ("postcode", "351100"), ("email", "ptsl2008@163.com"),
                   ("phone", "0598—8231086"), ("email", "szfbdzzwk@126.com"),
                   ("url", "http://mem.putian.gov.cn/zwgk/zfxxgk/zfxxgknb/")}


def test_combined_phone_fax_label_before_a_break():
    facts = facts_of("联系电话/传真：\n0594-\n2213886\n。")
    got = sorted((f.fields["kind"], f.fields["value"], f.text) for f in facts if f.type == "contact")
    assert got == [("fax", "0594-2213886", "0594-\n2213886"), ("phone", "0594-2213886", "0594-\n2213886")]


def test_a_web_address_is_not_glued_to_the_number_on_the_next_line():
    facts = facts_of("网址：www.ptgov.cn\n2021\n年共发布信息\n35\n条。")
    assert [f.fields["value"] for f in facts if f.type == "contact"] == ["www.ptgov.cn"]
    assert [f.fields["value"] for f in facts if f.type == "count"] == [35]


def test_room_number_keeps_its_hash_and_markdown_headings_lose_theirs():
    facts = facts_of("# 一、总体情况\n联系地址：莆田市荔城中大道国资大厦2501#；邮编：351100。")
    address = next(f for f in facts if f.type == "contact" and f.fields["kind"] == "address")
    assert address.text == "莆田市荔城中大道国资大厦2501#"
    assert TextView("# 一、总体情况").text == "一、总体情况"


# ---- the scraper's header ------------------------------------------------------------------------

HEADER = ("标题: 莆田市水利局2021年度政府信息公开工作年度报告\n发布时间: 2022-01-15 17:43\n文号: \n发布机构: 莆田市水利局\n"
          "栏目: 政府信息公开年报\n原始链接: https://www.putian.gov.cn/zfxxgk/bmzfxxgk/ptsslj/zfxxgk/zfxxgknb/202201/"
          "t20220119_1700121.htm\n正文:\n")
BODY = ("报告在莆田市政府网站集中公开（\nhttps://www.putian.gov.cn/zfxxgk/bmzfxxgk/ptsslj/zfxxgk/zfxxgknb/\n）。"
        "如有疑问请与莆田市水利局办公室联系（电话：0594-2281671）。\n一、总体情况\n2021年共主动公开政府信息99条。\n")


def test_scraper_header_is_chrome_but_the_prose_portal_is_a_contact():
    text = HEADER + BODY
    assert scraper_header_end(text) == len(HEADER)
    assert (0, len(HEADER)) in chrome_spans(text)
    facts = facts_of(text)
    assert all(f.start >= len(HEADER) for f in facts)
    urls = [f.fields["value"] for f in facts if f.type == "contact" and f.fields["kind"] == "url"]
    assert urls == ["https://www.putian.gov.cn/zfxxgk/bmzfxxgk/ptsslj/zfxxgk/zfxxgknb/"]
    assert not [f for f in facts if f.type == "date"]
    # the 发布时间 line still gives the report's publication date
    doc = Document(source="x.txt", text=text, format="txt")
    assert report_meta(doc, segment(text)).published == "2022-01-15"


@pytest.mark.parametrize("text", [
    "标题: 一份报告\n根据条例，现公布本报告。\n发布时间: 2022-01-15\n",  # one key line, then prose
    "根据条例规定：\n联系电话：0594-2281671\n",  # key-like lines that are the report's own
    "",
])
def test_not_a_scraper_header(text):
    assert scraper_header_end(text) == 0


def test_header_without_marker_ends_at_its_last_known_line():
    text = "标题：三明市2024年政府信息公开工作年度报告\n发布时间：2024-01-01\n原始链接：https://www.sm.gov.cn/a.htm\n根据条例……"
    assert scraper_header_end(text) == text.index("根据")


# ---- in sample: the reports the failures were seen in -------------------------------------------


def test_putian_slj_2021_reads_its_crawler_broken_facts(corpus):
    rec = next(r for r in load(ANNOTATIONS / "putian_slj_2021.jsonl", corpus=corpus))
    text = rec["text"]
    facts = rule_facts(text, segment(text), 2021, (), issuer=rec["meta"]["issuer"])
    contacts = {(f.fields["kind"], f.text) for f in facts if f.type == "contact"}
    assert contacts == {("url", "https://www.putian.gov.cn/zfxxgk/bmzfxxgk/ptsslj/zfxxgk/zfxxgknb/"),
                        ("address", "莆田市城厢区荔城中大道\n2169\n号\n莆田市政府\n4\n号楼"), ("phone", "0594-\n2281671"),
                        ("fax", "0594-2\n281771"), ("email", "ptsl2008\n@163.com")}
    counts = {(f.text, f.fields["value"], f.fields["unit"]) for f in facts if f.type == "count"}
    assert {("中类型共主动公开政府信息\n99\n条", 99, "条"), ("微信公众号共发布文章\n1000\n余篇", 1000, "篇"),
            ("总订阅数达\n3243\n人", 3243, "人")} <= counts
    scores = score_report(rec["facts"], [f.to_dict() for f in facts])
    assert (scores["contact"]["tp"], scores["contact"]["fp"], scores["contact"]["fn"]) == (5, 0, 0)
    assert scores["count"]["fn"] == 0


def test_the_title_after_a_numeral_alone_is_a_heading_line():
    """一、\n总体情况\n上海市科委2024年…: the title line is a heading, so the view does not join it
    to the prose after it (bench/heading_breaks.py had read 总体情况上海市科委 as a name in
    shanghai_kewei_2024). An item enumerator alone (（一）) does not make its next line a heading."""
    text = "一、\n总体情况\n上海市科委2024年深入贯彻条例。\n（一）\n政\n府信息公开工作存在的主要问题\n"
    assert is_heading_line(text, text.index("\n上海"))
    assert not is_heading_line(text, text.index("\n府信息"))
    names = {f.text for f in facts_of(text) if f.type == "agency"}
    assert not any(n.startswith("总体情况") for n in names)
