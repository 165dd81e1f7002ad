"""Metrics: what a number counts. For each number+unit the shortest phrase that names the
counted thing (全年共发布政策解读9篇 → 发布政策解读), taken from before the number, after the unit
(24个试点领域) or from a neighbour (81.5%、98.7%和89.9%; 8大类348项公共服务事项)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import Quantity
from .strings import CJK, longest_first

_BOUNDARY = frozenset("，,。；;：:、！？!?（）()“”\"‘’'《》【】[]|\n\t/／—「」『』<>")
_MAX_METRIC = 40
_HOURS = re.compile(r"\d{1,2}小时(?=[\u4e00-\u9fff])")
_QUOTED_NAME_REACH = 4  # characters between a quoted name and its number that keep it in the phrase
# Words that open a phrase without being part of what is counted (time, subject, adverbs).
_LEADING = longest_first((
    "其中", "另外", "此外", "同时", "另有", "全年", "今年", "去年", "本年度", "本年", "年内", "当年", "年度", "一年来",
    "全市", "全区", "全县", "全省", "全镇", "全乡", "全局", "我市", "我区", "我县", "我局", "我委", "我办", "我省", "我镇",
    "我乡", "我厅", "我院", "我中心", "本机关", "本单位", "本部门", "各级各部门", "各部门", "各单位", "各类", "各项",
    "累计", "共计", "合计", "总计", "共", "已", "还", "并", "均", "分别", "先后", "总共", "一共", "另", "以及", "及", "和",
    "含", "包括", "涉及", "等", "目前", "的", "积极", "认真", "切实", "高质量", "进一步", "不断", "及时", "现", "截至目前",
    "目前已", "申请人", "上述",
))
_LEADING_TIME = re.compile(r"^(?:截至|截止|自|从)?(?:(?:19|20)\d{2}年(?:度)?(?:\d{1,2}月(?:\d{1,2}日)?)?"
                           r"|\d{1,2}月(?:\d{1,2}日)?)(?:底|末|以来|起|止|前|初|中旬|上旬|下旬|期间|内|全年)?")
_TRAILING = longest_first((
    "分别为", "分别是", "分别达", "依次为", "依次是", "共计", "累计", "合计", "总计", "总数为", "达到", "均为", "均达", "均达到", "总量",
    "为", "达", "共", "计", "有", "是", "了", "的", "约", "近", "超过", "超", "逾", "均", "已", "高达", "多达", "一共",
))
# A phrase that starts with a channel or a place (通过…网站, 在…平台) names the count only from
# its main verb on.
_CHANNEL = re.compile(r"(?:^|(?<=[局委办府心区市县]))(?:通过|依托|利用|借助|经由|在|于|向|从|依据|根据|围绕|针对|结合)"
                      r"|^经")
_MAIN_VERB = re.compile(r"(?:主动|依申请|集中|公开)?(?:公开|发布|公布|收到|受理|办理|提起|发送|开展|举办|组织|召开|解读|回应|答复|"
                        r"印发|制发|更新|推送|报送|编制|梳理|征集|培训|公示|刊发|录入|上传|处理|接收|接到|收取|整改|清理|"
                        r"新增|制作|编发|转载|推出|策划|开设|设置|建立|审核|审查|发放|张贴|接听|办结|受理|制定)")
# What may follow a number+unit without being what is counted (均已…, 同比…, 进行…).
_AFTER_STOP = longest_first((
    "均", "已", "都", "全部", "在", "被", "予以", "进行", "并", "其中", "以", "为", "共", "同比", "比", "较", "占", "涉及",
    "至", "到", "由", "从", "后", "内", "外", "是", "有", "也", "又", "还", "即", "就", "让", "使", "将", "把", "对", "向",
    "于", "与", "和", "及", "或", "而", "但", "则", "通过", "按", "经", "因", "用于", "得到", "获得", "达", "累计", "截至",
    "当", "次", "左右", "以上", "上下", "次数", "办结", "答复", "完成", "实现", "均在", "全", "等", "要", "需", "可", "能",
    "不", "没", "未", "所", "之", "作", "分", "各", "每", "同", "再", "及时", "次年", "年", "月", "日",
))
_AFTER_NOT_STOP = ("有关", "在线", "及时", "全面", "全程", "全市", "全区", "全县", "全省")
_AFTER_CUT = re.compile(r"的|进行|开展|予以|均|已|并|被|在|和|及|与|等|为|是|其中|实现|编制|工作|情况|建设")
# Head nouns: the counted thing after a classifier usually ends with one of these (24个试点领域…).
_HEAD_NOUNS = ("领域", "目录", "事项", "文件", "部门", "单位", "栏目", "专栏", "活动", "会议", "制度", "平台", "公报", "人员",
               "员", "区", "网站", "账号", "意见", "建议", "提案", "问题", "案件", "申请", "政策", "项目", "企业", "乡镇",
               "街道", "社区", "村", "机构", "媒体", "公众号", "号", "窗口", "点", "课程", "视频", "文章", "稿件", "清单",
               "规划", "指南", "公告", "通知", "材料", "手册", "资料", "信息", "场所", "系统", "数据集", "批次", "案例",
               "群众", "场次", "领导")
# A phrase ending in one of these leaves the thing counted to after the number (发布了 | 9篇文章).
_VERB_END = re.compile(r"(?:了|的|等|罗列|汇集|现存|公开|发布|公布|完成|组建|设置|开设|建立|设立|建成|抓好|做好|刊发|编发|印发|制发|推出|召开|"
                       r"举办|组织|开展|制作|推送|更新|提出|整合|涉及|对|以|入驻|进驻|新增|拥有|培训|覆盖|包括|涵盖|形成|"
                       r"打造|梳理|编制|明确|确定|选取|选派|抽调|配备|聘请|邀请|督促|指导|接待|走访|深入|到|为|推进|"
                       r"汇总|收集|录入|上传|处理|办理|受理|答复|回复|评选|表彰|发放|印制|张贴|播放|投放|将|把|给|向|在|从|由|经)$")
# What may stand between the numbers of one list (81.5%、98.7%和89.9%).
_LIST_GAP = re.compile(r"[、和及与,，/]{0,2}")
# A percent after one of these is a share of the thing counted just before (…共12件，占71.3%).
_SHARE_WORDS = ("占", "占比", "占比为", "比例为", "比例", "比重为", "比重", "约占", "分别占")


@dataclass
class Mention:
    """A number+unit candidate in the layout-free view, with the phrase it counts."""

    q: Quantity
    metric_start: int
    metric_end: int

    @property
    def start(self) -> int:
        """Start of the fact: the metric's start when it comes first (发布政策解读9篇)."""
        return min(self.q.start, self.metric_start) if self.metric_end > self.metric_start else self.q.start

    @property
    def end(self) -> int:
        return max(self.q.end, self.metric_end)


def metric_span(t: str, q: Quantity, floor: int, previous: Mention | None) -> tuple[int, int]:
    """The metric span of ``q``: after the unit when a noun phrase follows it and the phrase
    before does not name the thing (24个试点领域), else before it; a share (占71.3%) names the
    thing counted just before it. An aside in brackets right before the number is skipped
    (经营高危险性体育项目许可（潜水、攀岩、人工滑雪）1件)."""
    stop = _aside_start(t, q.start, floor)
    ps = phrase_start(t, stop, floor)
    raw_before = t[ps:stop]
    before = _metric_before(t, ps, stop)
    after = _metric_after(t, q.end)
    has_previous = previous is not None and previous.metric_end > previous.metric_start
    if q.kind == "percent" and has_previous and t[before[0]:before[1]] in _SHARE_WORDS \
            and "。" not in t[previous.q.end:q.start]:
        return previous.metric_start, previous.metric_end
    if after[1] > after[0]:
        if q.chinese or before[1] - before[0] < 2 or is_verb_end(raw_before):
            return after
        if t[after[0]:after[1]].endswith(_HEAD_NOUNS) and not t[before[0]:before[1]].endswith(_HEAD_NOUNS):
            return after
    if before[1] > before[0]:
        return before
    if has_previous and previous.q.kind == q.kind and _LIST_GAP.fullmatch(t[previous.q.end:q.start]):
        return previous.metric_start, previous.metric_end  # 81.5%、98.7%和89.9%: one metric for the list
    if has_previous and q.kind == "percent" and "。" not in t[previous.q.end:q.start]:
        return previous.metric_start, previous.metric_end  # 占71.3%
    return after


def _aside_start(t: str, end: int, floor: int) -> int:
    """Where a bracketed aside that ends right at ``end`` opens (``end`` when there is none)."""
    if end <= floor or t[end - 1] not in "）)":
        return end
    i = max(t.rfind("（", floor, end), t.rfind("(", floor, end))
    if i <= floor or end - i > 30 or any(c in "。；;\n" for c in t[i:end]) or not CJK.match(t[i - 1]):
        return end
    return i


def share_adjacent_metrics(t: str, mentions: list[Mention]) -> None:
    """Counts written back to back (8大类348项公共服务事项, 服务事项5大类53项) count the same
    thing: one without a metric of its own, or with only a verb before it, takes its neighbour's."""
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        prv = mentions[i - 1] if i > 0 else None
        own = t[m.metric_start:m.metric_end]
        if nxt and nxt.q.start == m.q.end and nxt.metric_start >= nxt.q.end and (
                not own or m.metric_end <= m.q.start and is_verb_end(t[phrase_start(t, m.q.start, 0):m.q.start])):
            m.metric_start, m.metric_end = nxt.metric_start, nxt.metric_end
        elif not own and prv and prv.q.end == m.q.start and prv.metric_end > prv.metric_start:
            m.metric_start, m.metric_end = prv.metric_start, prv.metric_end


def _strip_phrase(p: str) -> str:
    """``p`` without leading time, subject and adverb words and trailing connectives (repeated
    until nothing changes), and without a leading channel (通过门户网站发布 → 发布)."""
    changed = True
    while changed and p:
        changed = False
        m = _LEADING_TIME.match(p)
        if m and m.end() and m.end() < len(p):
            p, changed = p[m.end():], True
        for w in _LEADING:
            if p.startswith(w):
                p, changed = p[len(w):], True
                break
        for w in _TRAILING:
            if p.endswith(w) and len(p) > len(w):
                p, changed = p[: -len(w)], True
                break
    channel = _CHANNEL.search(p)
    if channel:
        m = _MAIN_VERB.search(p, channel.end())
        if m:
            p = p[m.start():]
    return p


def phrase_start(t: str, end: int, floor: int) -> int:
    """Where the phrase ending at ``end`` starts: the previous boundary, never before ``floor``
    and at most ``_MAX_METRIC`` characters back. A title 《…》 right before the number is kept
    whole, and so is a quoted name that the counted thing's last few characters qualify
    (网站安全“攻防演练”2次, “在线访谈”节目录制32期, “一次办”清单事项600项); one further back names a
    channel (“莆田统计”微信公众号发布信息), which is context, not the metric (FACTS.md)."""
    i = end
    while i > floor and end - i < _MAX_METRIC:
        ch = t[i - 1]
        opening = "《" if ch == "》" and i == end else "“" if ch == "”" and end - i <= _QUOTED_NAME_REACH else None
        if opening:
            j = t.rfind(opening, floor, i)
            if j < 0 or opening == "“" and (end - j > _MAX_METRIC or any(c in _BOUNDARY for c in t[j + 1:i - 1])):
                break
            i = j
            continue
        if ch in _BOUNDARY:
            break
        i -= 1
    return i


def _metric_before(t: str, start: int, end: int) -> tuple[int, int]:
    """The counted thing named before the number: the phrase without time, subject and
    connective words (全年共发布政策解读 → 发布政策解读)."""
    phrase = t[start:end]
    # a list "甲、乙等丙" names 丙
    k = phrase.rfind("等")
    if 0 <= k < len(phrase) - 2:
        start, phrase = start + k + 1, phrase[k + 1:]
    stripped = _strip_phrase(phrase)
    if not stripped:
        return end, end
    s = start + phrase.find(stripped)
    return s, s + len(stripped)


def _metric_after(t: str, start: int) -> tuple[int, int]:
    """The noun phrase right after a number+unit (24个试点领域, 29人的政策解读员,
    19期《问政平潭有事你说》), or an empty span."""
    i = start
    if t.startswith("的", i):
        i += 1
    if t.startswith("《", i):
        j = t.find("》", i)
        return (i + 1, j) if 0 < j - i <= 30 else (start, start)
    if t.startswith(_AFTER_STOP, i) and not t.startswith(_AFTER_NOT_STOP, i):
        return start, start
    hours = _HOURS.match(t, i)
    j = hours.end() if hours else i  # 3处|24小时自助服务区: a 24小时 that leads the noun phrase
    while j < len(t) and j - i < 16 and CJK.match(t[j]) and t[j] not in _BOUNDARY:
        j += 1
    run = t[i:j]
    m = _AFTER_CUT.search(run, 1)
    if m:
        run = run[: m.start()]
    if not run:
        return start, start
    best = None
    for noun in _HEAD_NOUNS:
        k = run.rfind(noun)
        if k >= 0 and k + len(noun) >= 2 and (best is None or k + len(noun) > best):
            best = k + len(noun)
    if best is None:
        # 5个发挥作用不明显、基层无力维护的政务新媒体: the noun after a modifier and 的
        de = _modified_noun(t, j)
        if de:
            return de
        best = min(len(run), 10)
    return i, i + best


def _modified_noun(t: str, i: int) -> tuple[int, int] | None:
    """The head noun after ``…的`` within the same clause, when it ends with a head noun."""
    stop = i
    while stop < len(t) and stop - i < 30 and t[stop] not in "，,。；;：:\n":
        stop += 1
    k = t.rfind("的", i, stop)
    if k < 0:
        return None
    noun = t[k + 1:stop]
    for head in _HEAD_NOUNS:
        e = noun.find(head)
        if e >= 0 and e + len(head) <= 12:
            return k + 1, k + 1 + e + len(head)
    return None


def is_verb_end(phrase: str) -> bool:
    """Whether a phrase ends with a verb or particle, so the number+unit starts its object."""
    return bool(_VERB_END.search(phrase))
