"""Rule-based narrative facts (ie.facts.numbers, ie.facts.rules, ie.facts.enumerations).

Exact facts from the seed reports in examples/ (value, unit, metric and span), and the edge
cases of FACTS.md: 万 expansion, Chinese numerals, approximations, date ranges and inherited
years, what is not a count, combined 电话/传真 numbers."""
from __future__ import annotations

from pathlib import Path

import pytest

from ie.facts import enumerations
from ie.facts.numbers import find_counts, find_money, find_percents, parse_number
from ie.facts.rules import TextView, count_candidates, rule_facts, section_items
from ie.readers import read
from ie.sections import segment

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


# ---- helpers ----------------------------------------------------------------------------------


def facts_of(text: str, year: int | None = 2020, exclude=(), issuer: str | None = None):
    return rule_facts(text, segment(text), year, exclude, issuer=issuer)


def of_type(facts, kind: str):
    return [f for f in facts if f.type == kind]


def one(facts, kind: str, **fields):
    hits = [f for f in facts if f.type == kind and all(f.fields.get(k) == v for k, v in fields.items())]
    assert len(hits) == 1, f"{kind} {fields}: {[(f.text, f.fields) for f in hits]}"
    return hits[0]


@pytest.fixture(scope="module")
def seed():
    """The seed reports' texts and rule facts, read once."""
    out = {}
    for name, year, issuer in (("seed_000_qinzhou_2020", 2020, "钦州市行政审批局"),
                               ("seed_001_yanzhou_2020", 2020, "济宁市兖州区行政审批服务局"),
                               ("seed_004_guigang_2021", 2021, "贵港市人民政府")):
        text = read(EXAMPLES / f"{name}.txt").text
        out[name] = (text, facts_of(text, year, issuer=issuer))
    return out


# ---- every fact points at its own text ----------------------------------------------------------


def test_spans_index_the_document(seed):
    for text, facts in seed.values():
        assert facts
        for f in facts:
            assert text[f.start:f.end] == f.text
            assert f.method == "rule" and 0 < f.confidence <= 1
            if f.fields.get("metric"):
                ms, me = f.fields["metric_start"], f.fields["metric_end"]
                assert "".join(text[ms:me].split()) == f.fields["metric"]


# ---- seed reports: exact facts ----------------------------------------------------------------


def test_seed_000_counts(seed):
    text, facts = seed["seed_000_qinzhou_2020"]
    f = one(facts, "count", value=9, unit="篇")
    assert f.fields["metric"] == "发布政策解读" and f.fields["approx"] is False
    assert f.text == "发布政策解读9篇"
    assert f.section == "overview"
    f = one(facts, "count", value=12000)
    assert (f.fields["unit"], f.fields["metric"], f.fields["approx"]) == ("条", "发送短信", True)
    assert f.text == "发送短信约12000条"
    f = one(facts, "count", value=37193)
    assert (f.fields["unit"], f.fields["metric"]) == ("件", "行政许可处理决定数量")
    assert f.text == "行政许可处理决定数量为37193件"
    f = one(facts, "count", value=3, unit="项")
    assert f.fields["metric"] == "制度" and f.text == "三项制度"
    f = one(facts, "count", value=4, unit="个")
    assert f.fields["metric"] == "子栏目"
    f = one(facts, "count", value=6, unit="期")
    assert f.fields["metric"] == "政府公报"
    # 24个试点领域: the counted thing follows the unit
    counts_24 = [f for f in of_type(facts, "count") if f.fields["value"] == 24]
    assert counts_24 and all(f.fields["metric"].startswith("试点领域") for f in counts_24)


def test_seed_000_amount_dates_contacts(seed):
    text, facts = seed["seed_000_qinzhou_2020"]
    amount = one(facts, "amount")
    assert amount.fields == {**amount.fields, "value": 35.473, "unit": "万元", "yuan": 354730,
                             "metric": "采购总金额"}
    assert amount.text == "采购总金额35.473万元"
    dates = [(f.text, f.fields["value"]) for f in of_type(facts, "date")]
    assert ("2020年1月1日", "2020-01-01") in dates
    assert ("12月31日", "2020-12-31") in dates  # takes the year of its phrase
    assert ("2020年4月", "2020-04") in dates
    assert ("2021年1月14日", "2021-01-14") in dates
    assert all(v != "2020-08" for _, v in dates)  # 今年8月底: a month without year is not a date
    contacts = {(f.fields["kind"], f.fields["value"]) for f in of_type(facts, "contact")}
    assert contacts == {("url", "http://zwgk.qinzhou.gov.cn/auto2553/zfxxgkgzndbg_3360/"),
                        ("address", "钦州市金海湾东大街8号钦州市行政审批局"), ("postcode", "535000"),
                        ("phone", "0777-2558895"), ("email", "qzzwgk@qinzhou.gov.cn")}


def test_seed_000_not_counts(seed):
    text, facts = seed["seed_000_qinzhou_2020"]
    spans = [f.text for f in of_type(facts, "count")]
    # 国务院令第711号, 第二十条, 第一批, 一是/二是, 六个部分 (the report's own parts)
    assert not any(v in s for s in spans for v in ("711", "二十条", "第一批", "六个部分"))
    # the table cells (315, -19, 37193 …) are not repeated as facts
    assert len([f for f in of_type(facts, "count") if f.fields["value"] == 37193]) == 1


def test_seed_000_problems_and_measures(seed):
    text, facts = seed["seed_000_qinzhou_2020"]
    problems = [f.text for f in of_type(facts, "problem")]
    measures = [f.text for f in of_type(facts, "measure")]
    assert problems[0] == "深入基层指导不够"
    assert problems[1].startswith("推进基层政务公开标准化规范化建设进度不快") and len(problems) == 2
    assert measures == ["切实加强业务技能和职业素养的学习，不断增强做好政务公开工作的责任感和使命感",
                        "以26个试点领域基层政务公开事项目录为指引，继续推进政务公开向基层延伸"]


def test_seed_001_counts_and_contacts(seed):
    text, facts = seed["seed_001_yanzhou_2020"]
    f = one(facts, "count", value=583188)
    assert f.fields["approx"] is True and f.fields["metric"] == "主动公开政府信息"
    f = one(facts, "count", value=29, unit="人")
    assert f.fields["metric"] == "政策解读员"  # 18个部门的29人的政策解读员
    f = one(facts, "count", value=18, unit="个")
    assert f.fields["metric"] == "部门"
    kinds = {f.fields["kind"]: f.fields["value"] for f in of_type(facts, "contact")}
    assert kinds["phone"] == "0537-3420329" and kinds["fax"] == "0537-3338976"
    assert kinds["address"] == "兖州区扬州路2号为民服务中心6楼609室"


def test_seed_001_heading_with_sub_items(seed):
    """（一）完善考评体系，实现规范管理。一是…二是…三是… yields the items, not the heading;
    （二）狠抓督导落实,拓展广度深度。… (no sub-items) is itself the item."""
    text, facts = seed["seed_001_yanzhou_2020"]
    measures = [f.text for f in of_type(facts, "measure")]
    assert "完善考评体系，实现规范管理" not in measures
    assert measures[0].startswith("建立更为科学合理的考核标准")
    assert "狠抓督导落实,拓展广度深度" in measures
    problems = [f.text for f in of_type(facts, "problem")]
    assert problems == ["政府信息公开的体制机制仍需进一步完善", "信息公开的时效性有待进一步提高",
                        "公开的形式还不够丰富", "公开的格式上还不够完全统一"]


def test_seed_004_facts(seed):
    text, facts = seed["seed_004_guigang_2021"]
    f = one(facts, "count", value=102000)
    assert (f.fields["unit"], f.fields["metric"]) == ("条", "政府信息")
    assert f.text == "政府信息10.2万条"
    f = one(facts, "count", value=7, unit="个")
    assert f.fields["metric"] == "功能区" and f.text == "七个功能区"
    f = one(facts, "count", value=287)
    assert f.fields["metric"] == "收到政府信息公开申请"
    date = one(facts, "date", value="2021-10-18/2021-10-22")
    assert date.text == "2021年10月18日—22日"
    kinds = {f.fields["kind"]: f.fields["value"] for f in of_type(facts, "contact")}
    assert kinds["phone"] == "0775—4555517" and kinds["fax"] == "0775—4555930"
    assert kinds["address"] == "贵港市港北区金港大道西延段贵港市政务服务中心(二楼)"
    issuer = [f for f in of_type(facts, "agency") if f.fields["role"] == "issuer"]
    assert [f.text for f in issuer] == ["贵港市人民政府"]
    # the link list after the report is page chrome
    assert not any(f.text == "南宁市人民政府" for f in of_type(facts, "agency"))
    problems = [f.text for f in of_type(facts, "problem")]
    assert problems == ["基层政务公开标准化规范化工作有待进一步深化细化",
                        "个别重点领域政府信息公开有待深化,部分政策解读和回应舆情的质量、效果有待提高"]
    measures = [f.text for f in of_type(facts, "measure")]
    assert "加强检查指导" in measures and "注重沟通交流" in measures
    # items describing how last year's problems were fixed are measures
    assert any(m.startswith("针对2020年存在的缺乏政务公开专业人才") for m in measures)


# ---- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, value", [
    ("84", 84), ("1,234", 1234), ("１２", 12), ("10.2万", 102000), ("3.5亿", 350_000_000),
    ("三", 3), ("十二", 12), ("两", 2), ("二十", 20), ("一百零五", 105), ("二〇二一", 2021), ("35.473", 35.473),
])
def test_parse_number(raw, value):
    assert parse_number(raw) == value


def test_counts_with_chinese_numerals_and_approximations():
    [q] = find_counts("召开会议三次")
    assert (q.value, q.unit, q.approx) == (3, "次", False)
    [q] = find_counts("设立十余个专栏")
    assert (q.value, q.unit, q.approx) == (10, "个", True)
    [q] = find_counts("发布信息10.2万条")
    assert (q.value, q.unit) == (102000, "条")
    [q] = find_counts("累计发送短信约12000条")
    assert (q.value, q.approx) == (12000, True)
    [q] = find_counts("发布信息100条以上")
    assert (q.value, q.approx, "发布信息100条以上"[q.start:q.end]) == (100, True, "100条以上")
    assert [q.value for q in find_counts("8大类348项")] == [8, 348]
    # not numbers of things: an article (一个), idioms (千家万户), words starting with a unit (条例)
    assert not list(find_counts("建设一个平台，服务千家万户，依据本条例"))


def test_money_and_percent():
    [m] = find_money("采购总金额35.473万元")
    assert (m.value, m.unit, m.multiplier) == (35.473, "万元", 10_000)
    [m] = find_money("收取信息处理费0元")
    assert (m.value, m.unit) == (0, "元")
    assert not list(find_money("元旦期间"))
    [p] = find_percents("按期办结率100%")
    assert p.value == 100
    [p] = find_percents("满意率达百分之九十五")
    assert p.value == 95


def test_amount_fact_yuan():
    facts = facts_of("一、总体情况\n2020年政府集中采购项目13项，采购总金额35.473万元。\n")
    amount = one(facts, "amount")
    assert amount.fields["yuan"] == 354730 and amount.fields["unit"] == "万元"
    assert amount.fields["metric"] == "采购总金额"


def test_percent_share_names_the_count_before_it():
    facts = facts_of("各乡镇主动公开政府信息122条，占28.7%。")
    p = one(facts, "percent", value=28.7)
    assert p.fields["metric"] == "各乡镇主动公开政府信息"


# ---- what is not a count ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "严格按照《条例》第二十条规定的法定主动公开要求进行公开。",
    "根据《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求。",
    "根据国务院令第711号的要求。",
    "畅通12345热线等渠道。",
    "一是加强学习，二是拓宽阵地。",
    "印发《依申请政务服务事项同城通办目录（第一批）》。",
    "2020年我局没有收到申请。",
    "属于三类内部事务信息和四类过程性信息的申请。",
    "每月对平台进行1次检查。",
    "本报告共分为六个部分。",
])
def test_not_counts(text):
    assert not of_type(facts_of(text), "count"), text


def test_exclude_spans_are_table_cells():
    text = "共收到申请5件。\n行政许可 | 12件 | 3件 |\n"
    start = text.index("行政许可")
    facts = facts_of(text, exclude=[(start, len(text))])
    assert [f.fields["value"] for f in of_type(facts, "count")] == [5]
    # region objects with start/end (the table extractor's) work as well
    class Region:  # noqa: D401 - a stand-in for ie.tables.regions.Region
        def __init__(self, s, e):
            self.start, self.end = s, e
    facts = facts_of(text, exclude=[Region(start, len(text))])
    assert [f.fields["value"] for f in of_type(facts, "count")] == [5]


def test_glued_web_scrape_table_cells_are_not_facts():
    text = ("二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量"
            "规章000规范性文件898989第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可3960181"
            "其他对外管理服务事项100153第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购13575394432.52元"
            "三、收到和处理政府信息公开申请情况 2019年共收到申请23件。")
    facts = facts_of(text, 2019)
    assert not of_type(facts, "amount")
    assert [f.fields["value"] for f in of_type(facts, "count")] == [23]


# ---- dates --------------------------------------------------------------------------------------


def test_date_range():
    facts = facts_of("2021年10月18日—22日，开展政府开放活动。", 2021)
    d = one(facts, "date")
    assert (d.fields["value"], d.text) == ("2021-10-18/2021-10-22", "2021年10月18日—22日")


def test_month_day_takes_the_year_of_its_phrase_then_the_report_year():
    facts = facts_of("2019年，我局于3月5日召开专题会议。", 2021)
    assert [f.fields["value"] for f in of_type(facts, "date")] == ["2019-03-05"]
    facts = facts_of("我局于3月5日召开专题会议。", 2021)
    assert [f.fields["value"] for f in of_type(facts, "date")] == ["2021-03-05"]
    # without a year anywhere a month-day is not dated (never today's date)
    assert not of_type(facts_of("我局于3月5日召开专题会议。", None), "date")


def test_dates_in_chinese_numerals_and_not_bare_years():
    facts = facts_of("钦州市行政审批局\n二〇二一年一月十四日\n", 2020)
    assert [f.fields["value"] for f in of_type(facts, "date")] == ["2021-01-14"]
    assert not of_type(facts_of("2020年度政府信息公开工作报告，2020年上半年。"), "date")
    facts = facts_of("统计期限自2020年1月1日起至12月31日止。")
    assert [f.fields["value"] for f in of_type(facts, "date")] == ["2020-01-01", "2020-12-31"]
    facts = facts_of("全年1-12月的数据，2016年1-12月预算执行情况。", 2016)
    assert [f.fields["value"] for f in of_type(facts, "date")] == ["2016-01/2016-12"]


# ---- contacts -----------------------------------------------------------------------------------


def test_combined_phone_fax_is_one_phone_and_one_fax():
    text = "如有疑问请联系（地址：某市某路1号；电话/传真：0775-4555517；电子邮箱：abc＠163.com）。"
    facts = facts_of(text)
    got = sorted((f.fields["kind"], f.fields["value"], f.start) for f in of_type(facts, "contact"))
    phone = [g for g in got if g[0] in ("phone", "fax")]
    assert [(k, v) for k, v, _ in phone] == [("fax", "0775-4555517"), ("phone", "0775-4555517")]
    assert phone[0][2] == phone[1][2]
    assert ("email", "abc＠163.com") in [(k, v) for k, v, _ in got]
    assert ("address", "某市某路1号") in [(k, v) for k, v, _ in got]


def test_layout_text_with_spaces_and_wrapped_lines():
    """pdftotext -layout output: spaced characters and lines wrapped inside a sentence."""
    lines = ["   本报告由某区人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制此报告。报告中所",
             "列数据统计期限自 2023 年 1 月 1 日起至 2023 年 12 月 31 日止。如对本报告有疑问，请与某区",
             "联系（地址：某市某区某湖大道 90", "号 ， 邮 编 ： 223100 ， 电 话 ： 0517-87222589）。",
             "   一、总体情况", "   2023 年，我区在政府网站平台主动公开政府信息 1136", "条，受理政府信息公开申请 21 件，均在法定期限答复。"]
    text = "\n".join(lines) + "\n" * 2
    facts = facts_of(text, 2023)
    f = one(facts, "count", value=1136)
    assert f.fields["metric"] == "主动公开政府信息" and text[f.start:f.end] == f.text
    assert one(facts, "count", value=21).fields["metric"] == "受理政府信息公开申请"
    kinds = {f.fields["kind"]: f.fields["value"] for f in of_type(facts, "contact")}
    assert kinds == {"address": "某市某区某湖大道90号", "postcode": "223100", "phone": "0517-87222589"}
    assert [f.fields["value"] for f in of_type(facts, "date")] == ["2023-01-01", "2023-12-31"]


def test_web_chrome_is_not_the_report():
    text = ("标题: 某区2022年度政府信息公开工作年度报告\n发布时间: 2023-02-20 15:07\n"
            "原文链接: https://www.example.gov.cn/a/b.htm\n==================== 正文 ====================\n"
            "本报告所列数据统计时限为2022年1月1日至2022年12月31日。\n")
    facts = facts_of(text, 2022)
    assert [f.fields["value"] for f in of_type(facts, "date")] == ["2022-01-01", "2022-12-31"]
    assert not of_type(facts, "contact")


# ---- agencies -----------------------------------------------------------------------------------


def test_agencies_baseline():
    text = ("钦州市行政审批局\n我局积极对接市教育局、卫生健康委，报市政府审定，各部门及有关单位配合。"
            "依据《福建省政府信息公开办法》开展工作。")
    facts = facts_of(text, issuer="钦州市行政审批局")
    names = {f.text: f.fields["role"] for f in of_type(facts, "agency")}
    assert names["钦州市行政审批局"] == "issuer"
    assert {"市教育局", "卫生健康委", "市政府"} <= set(names)
    assert not any(n in names for n in ("我局", "各部门", "有关单位", "福建省政府"))


def test_a_division_after_an_office_is_part_of_its_name(seed):
    """…人民政府办公室政务公开科, 县司法局复议科 (Sanming, Shuyang, Pingtan 2016): the rules stopped
    at the office and gave its name instead. Stress case: seed_004 with a division written after
    its 政务公开领导小组办公室; a 科 that starts a word (科学, 科技) is no division."""
    text, _ = seed["seed_004_guigang_2021"]
    office = "贵港市政务公开领导小组办公室"
    assert text.count(office + "联系") == 1
    stressed = text.replace(office + "联系", office + "政务公开科联系")
    names = {f.text for f in of_type(facts_of(stressed, 2021, issuer="贵港市人民政府"), "agency")}
    assert office + "政务公开科" in names and office not in names
    plain = {f.text for f in of_type(facts_of(text.replace(office + "联系", office + "科学联系"), 2021,
                                                  issuer="贵港市人民政府"), "agency")}
    assert office in plain


def test_in_an_address_the_town_is_not_part_of_the_name(seed):
    """地址：平潭综合实验区北厝镇金井湾片区管委会大楼… (Pingtan): the place down to the town is the
    address, the body is 金井湾片区管委会. Stress case: seed_004's address rewritten so that it
    begins with a town and a body."""
    text, _ = seed["seed_004_guigang_2021"]
    address = "地址:贵港市港北区金港大道西延段贵港市政务服务中心(二楼)"
    assert text.count(address) == 1
    stressed = text.replace(address, "地址:贵港市港北区贵城街道港北区政务服务中心(二楼)")
    facts = of_type(facts_of(stressed, 2021, issuer="贵港市人民政府"), "agency")
    at = stressed.index("港北区政务服务中心(二楼)")
    assert ("港北区政务服务中心", at) in {(f.text, f.start) for f in facts}
    assert not any("街道" in f.text for f in facts)


def test_a_word_ending_in_ju_is_no_bureau(seed):
    """布局, 格局, 大局 end in 局 but name no body (putian_lyj_2023 页面布局, Pingtan 工作格局): the
    stress case writes those two sentences into seed_004."""
    text, _ = seed["seed_004_guigang_2021"]
    at = text.index("邀请自治区大数据发展局领导授课")
    stressed = text[:at] + "统一布置专栏布局、页面布局和网页版式，形成上下联动、整体推进的工作体系和工作格局。" + text[at:]
    names = {f.text for f in of_type(facts_of(stressed, 2021, issuer="贵港市人民政府"), "agency")}
    assert not any(n.endswith(("布局", "格局", "大局")) for n in names)
    assert "自治区大数据发展局" in names


def test_a_decree_number_and_a_level_are_no_agencies(seed):
    """（省政府令第134号） is a document number (putian_cgj_2020), 县级政府 a level of government
    (sanming_city_2020): the stress case writes both into seed_004."""
    text, _ = seed["seed_004_guigang_2021"]
    at = text.index("邀请自治区大数据发展局领导授课")
    stressed = (text[:at] + "依据《广西壮族自治区政务公开规定》（省政府令第134号），加强和县级政府协调联系。"
                + text[at:])
    names = {f.text for f in of_type(facts_of(stressed, 2021, issuer="贵港市人民政府"), "agency")}
    assert not {"省政府", "县级政府"} & names
    assert "自治区大数据发展局" in names


def test_a_pages_byline_is_chrome(seed):
    """当前位置：… 来源：平潭县人民政府 时间：2018-01-23 08:51 (legacy Pingtan scrapes): the page's
    byline names the site, not a body of the report, and its time is not a date of the report.
    The stress case puts such a byline before seed_004's first line."""
    text, _ = seed["seed_004_guigang_2021"]
    byline = "当前位置：首页 政务公开 来源：南宁市人民政府 时间：2022-01-20 08:51 微信 微博\n"
    facts = facts_of(byline + text, 2021, issuer="贵港市人民政府")
    assert not [f for f in facts if f.start < len(byline)]
    assert "南宁市人民政府" not in {f.text for f in of_type(facts, "agency")}


# ---- enumerations: splitting and labelling are separate ------------------------------------------


def test_split_items_and_label_items():
    body = ("存在问题：一是基层政务公开标准化规范化工作有待进一步深化细化，二是个别重点领域政府信息公开有待深化。\n"
            "改进措施：一是加强检查指导。在业务工作培训中，加大培训力度。二是注重沟通交流。认真了解业务。\n")
    items = enumerations.split_items(body)
    assert [i.text for i in items] == ["基层政务公开标准化规范化工作有待进一步深化细化", "个别重点领域政府信息公开有待深化",
                                       "加强检查指导", "注重沟通交流"]
    assert all(body[i.start:i.end] == i.text for i in items)
    assert [enumerations.label_item(i) for i in items] == ["problem", "problem", "measure", "measure"]


def test_a_lead_in_between_two_numbered_lists_governs_the_second():
    """putian_mzj_2021's layout: problems 1、2、3、, a sentence announcing the measures, then the
    measures numbered 1、2、 again — they are measures, not more problems."""
    body = ("2021年，我局按要求完成各项工作，但同时还是存在一些不足之处，比如：1、公开栏目需要进一步细化完善；"
            "2、公开内容不够全面。\n下一步，我局将针对逐条进行改进完善。\n1、主动沟通市数字办，对公开栏进行优化；"
            "2、进一步丰富公开内容，做到应公开尽公开。\n")
    items = enumerations.split_items(body)
    assert [i.text for i in items] == ["公开栏目需要进一步细化完善", "公开内容不够全面", "主动沟通市数字办，对公开栏进行优化",
                                       "进一步丰富公开内容，做到应公开尽公开"]
    assert [enumerations.label_item(i) for i in items] == ["problem", "problem", "measure", "measure"]


def test_unenumerated_problem_clauses():
    body = "但还存在个别公开单位责任意识不强、政务公开工作队伍建设有待加强、便民服务仍有差距等问题。"
    items = enumerations.split_items(body)
    assert [i.text for i in items] == ["个别公开单位责任意识不强", "政务公开工作队伍建设有待加强", "便民服务仍有差距"]
    assert {enumerations.label_item(i) for i in items} == {"problem"}


# ---- helpers for the model ----------------------------------------------------------------------


def test_count_candidates_expose_number_and_metric_spans():
    text = "一、总体情况\n全年共发布政策解读9篇，其中图文解读1篇。依据第二十条。\n"
    cands = count_candidates(text, segment(text))
    assert [(c["value"], c["unit"], text[c["start"]:c["end"]]) for c in cands] == [(9, "篇", "9篇"), (1, "篇", "1篇")]
    assert text[cands[0]["metric_start"]:cands[0]["metric_end"]] == "发布政策解读"


def test_section_items_are_the_items_rule_facts_labels(seed):
    text, _ = seed["seed_000_qinzhou_2020"]
    found = section_items(text, segment(text))
    assert [(key, text[s:e][:8]) for key, s, e, _ in found] == [
        ("problems_improvements", "深入基层指导不够"), ("problems_improvements", "推进基层政务公开"),
        ("problems_improvements", "切实加强业务技能"), ("problems_improvements", "以26个试点领域")]
    assert [enumerations.label_item(item) for *_, item in found] == ["problem", "problem", "measure", "measure"]
    assert "存在以下问题" in found[0][3].context[-1]
    for text, facts in seed.values():
        found = section_items(text, segment(text))
        for _, s, e, item in found:
            assert "".join(text[s:e].split()) == item.text  # the offsets index the document
        # rule_facts reports the labelled items, and only measures from section 六
        kept = sorted((label, s, e) for key, s, e, item in found
                      if (label := enumerations.label_item(item)) == "measure"
                      or label == "problem" and key != "other_matters")
        assert kept == sorted((f.type, f.start, f.end) for f in facts if f.type in ("problem", "measure"))


def test_section_items_read_section_six_only_for_plans():
    head = "五、存在的主要问题及改进情况\n存在问题：一是公开内容不够全面。\n六、其他需要报告的事项\n"
    for six, expected in (("下一步，我局将加强业务培训，完善考核制度。", ["加强业务培训", "完善考核制度"]),
                          ("本年度无收费情况。", [])):
        text = head + six + "\n"
        found = section_items(text, segment(text))
        assert [text[s:e] for key, s, e, _ in found if key == "other_matters"] == expected


def test_text_view_maps_back_to_the_original():
    text = "主动公开政府信息 1136\n条"
    view = TextView(text)
    assert view.text == "主动公开政府信息1136\n条" or view.text == "主动公开政府信息1136条"
    s = view.text.index("1136")
    assert view.span(s, s + 4) == (text.index("1136"), text.index("1136") + 4)


def test_issuer_under_its_short_form_when_the_prose_never_writes_its_full_name():
    """putian_mzj_2021: the title names 莆田市民族与宗教事务局, the prose only 莆田市民宗局. The short
    form (same division, the organ's characters in order, same last character) is the issuer;
    a name of another organ under the same division is not."""
    text = ("莆田市民宗局2021年度政府信息公开工作年度报告\n一、总体情况\n2021年，莆田市民宗局认真贯彻《条例》，"
            "主动向莆田市政府报告，并与莆田市民宗局办公室、市民族宗教局联系。\n")
    agencies = {f.text: f.fields["role"] for f in of_type(facts_of(text, 2021, issuer="莆田市民族与宗教事务局"), "agency")}
    assert agencies["莆田市民宗局"] == "issuer"
    assert [n for n, role in agencies.items() if role == "issuer"] == ["莆田市民宗局"]
    other = {f.text: f.fields["role"] for f in of_type(facts_of(text, 2021, issuer="莆田市民政局"), "agency")}
    assert "issuer" not in other.values()  # 民宗局 is not 民政局's short form (政 is missing)


def test_a_quoted_name_right_before_the_count_is_part_of_its_metric():
    """sanming_city_2024 and putian_tjj_2021: the counted thing is named in quotes (网站安全“攻防演练”
    2次, “在线访谈”节目录制32期); a quoted name further back is a channel, not the metric
    (“莆田统计”微信公众号发布信息1909条: 发布信息, FACTS.md)."""
    text = ("一、总体情况\n组织开展网站安全“攻防演练”2次，“在线访谈”节目录制32期，“一次办”清单事项600项，"
            "“莆田统计”微信公众号发布信息1909条。\n")
    metrics = {f.fields["value"]: f.fields["metric"] for f in of_type(facts_of(text), "count")}
    assert metrics[2].endswith("网站安全“攻防演练”")
    assert metrics[32].endswith("“在线访谈”节目录制")
    assert metrics[600] == "“一次办”清单事项"
    assert metrics[1909] == "微信公众号发布信息"


def test_metric_after_the_unit_when_a_verb_or_24_hours_precedes_it():
    """pingtan_gaj_2019 建成3处24小时自助服务区和3家车驾管社会服务站; putian_hyyyj_2019 着力抓好4项工作:
    after 建成/抓好 the counted thing follows the unit, and 24小时 leads a noun phrase."""
    text = "一、总体情况\n建成3处24小时自助服务区和3家车驾管社会服务站。坚持原则着力抓好4项工作。\n"
    metrics = {(f.fields["value"], f.fields["unit"]): f.fields["metric"] for f in of_type(facts_of(text), "count")}
    assert metrics == {(3, "处"): "24小时自助服务区", (3, "家"): "车驾管社会服务站", (4, "项"): "工作"}


def test_an_aside_in_brackets_between_metric_and_number_is_skipped():
    """putian_tyj_2022: 公布经营高危险性体育项目许可（潜水、攀岩、人工滑雪）1件 counts the licences; the
    aside lists their kinds. Before, the bracket ended the phrase and the count had no metric."""
    text = "一、总体情况\n全年公布经营高危险性体育项目许可（潜水、攀岩、人工滑雪）1件。\n"
    (count,) = of_type(facts_of(text), "count")
    assert count.fields["metric"].endswith("经营高危险性体育项目许可") and count.fields["value"] == 1


def test_party_committee_and_government_of_one_level_are_two_names():
    """hongze_2023 二是围绕区委区政府中心工作, putian_tjj_2021 围绕市委、市政府…: after a verb that is no
    separator the pair lost its first name; 区政府和县委 glued two names at 和 (政府和社会资本合作 is
    the only 政府和 that continues a word)."""
    text = ("一、总体情况\n二是围绕区委区政府中心工作。继续围绕市委、市政府关于全面工作。"
            "区委、区政府和县委县政府高度重视。推进政府和社会资本合作。\n")
    names = [f.text for f in of_type(facts_of(text), "agency")]
    assert names == ["区委", "区政府", "市委", "市政府", "县委", "县政府"]


def test_central_bodies_are_names_without_a_place():
    """pingtan_2022 转发《司法部关于审理…》, legacy_pingtan_dishui_2013 公开了国家税务总局和省地税局…: a
    ministry has no place in front, so the rules saw no start; 财政部门/公安部门 are generic."""
    text = ("一、总体情况\n我局公开了国家税务总局和省地税局产生的规范性文件。国务院办公厅转发《司法部关于审理政府信息"
            "公开行政案件若干问题的规定》，按照财政部、教育部的规定。区财政部门和公安部门向社会公开。\n")
    names = [f.text for f in of_type(facts_of(text), "agency")]
    assert names == ["国家税务总局", "省地税局", "国务院办公厅", "司法部", "财政部", "教育部"]


def test_a_verb_followed_by_a_body_ending_is_part_of_the_name():
    """putian_lyj_2019 中共莆田市委机构编制委员会办公室: 编制 (to compile) ended the name at 中共莆田市委;
    before a body's ending it is the staffing office's own word. 编制 before anything else still ends a name."""
    text = "一、总体情况\n经中共莆田市委机构编制委员会办公室批准，由市统计局编制目录。\n"
    names = [f.text for f in of_type(facts_of(text), "agency")]
    assert names == ["中共莆田市委机构编制委员会办公室", "市统计局"]


def test_a_level_and_ju_alone_is_the_bureau_itself():
    """pingtan_gaj_2019 …报区局审核: 区局 (市局, 县局) is the bureau speaking of itself, a generic
    reference like 我局; 区委 and 市政府 stay names."""
    text = "一、总体情况\n信息经科室审核后报区局审核，报区委、市政府备案。\n"
    assert [f.text for f in of_type(facts_of(text), "agency")] == ["区委", "市政府"]
