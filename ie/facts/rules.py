"""Rule-based narrative facts (spec FACTS.md): counts, amounts, percents, dates, contacts,
agencies and the problem/measure items of section 五.

Everything runs on a *layout-free view* of the document (:class:`TextView`): spaces are removed
and, in hard-wrapped text (pdftotext output), line breaks inside a paragraph are joined, so that
``主动公开政府信息 1136\\n条`` reads like ``主动公开政府信息1136条``. Offsets are mapped back, so
every fact's ``start``/``end`` index the original text and ``text == text[start:end]``.

What is *not* a fact is decided here, in one place (:class:`_Blocked`): table regions (the
``exclude`` spans plus runs of unit-less digits that look like a table), web-page chrome,
numerals inside template labels (属于三类内部事务信息), ordinals (第一批), numbers inside
titles, quotes, URLs, phone numbers and dates.

The public entry point is :func:`rule_facts`; :func:`count_candidates` yields the bare
number+unit mentions (after the exclusions) for a trained model to reuse."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..report import Fact
from ..schema import SECTIONS, T1_ROW_LABELS, T2_ROWS, T3_OUTCOME_LABELS
from ..sections import section_at
from ..textnorm import cn_digits_to_int, cn_to_int
from . import enumerations
from .numbers import COUNT_RE, Quantity, find_counts, find_money, find_percents, to_number

# =============================================================================================
# The layout-free view
# =============================================================================================

_SPACE = frozenset(" \t\r\f\v\u3000\xa0\u2002\u2003\u2009\u200b\ufeff")
_SENTENCE_END = "。！？!?；;：:"
_PAGE_NUMBER_LINE = re.compile(r"^[ \t\u3000]*(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,3}\s*页)?)"
                               r"[ \t\u3000]*$", re.M)
# A line that starts a new paragraph even in wrapped text: a heading or an enumerator.
_PARAGRAPH_START = re.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[）)]"
                              r"|\d{1,2}[.、．](?!\d)|#|第[一二三四五六七八九十]{1,2}[，、])")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_hard_wrapped(text: str) -> bool:
    """True for text whose lines are cut at a fixed width (pdftotext), not at paragraph ends:
    most long prose lines then end in the middle of a sentence."""
    long_lines = cut = 0
    for line in text.split("\n"):
        s = "".join(ch for ch in line if ch not in _SPACE)
        if len(s) < 15 or "|" in s or len(_CJK.findall(s)) < 0.6 * len(s):
            continue
        long_lines += 1
        cut += s[-1] not in _SENTENCE_END + "”）)"
    return long_lines >= 5 and cut >= 0.5 * long_lines


class TextView:
    """``text`` without spaces (and, in wrapped text, without in-paragraph line breaks), with the
    original offset of every kept character."""

    def __init__(self, text: str):
        self.original = text
        dropped = [(m.start(), m.end()) for m in _PAGE_NUMBER_LINE.finditer(text)]
        wrapped = _is_hard_wrapped(text)
        chars: list[str] = []
        offsets: list[int] = []
        d = 0
        for i, ch in enumerate(text):
            while d < len(dropped) and dropped[d][1] <= i:
                d += 1
            if d < len(dropped) and dropped[d][0] <= i < dropped[d][1]:
                continue
            if ch in _SPACE or (ch != "\n" and ch.isspace()):
                continue
            if ch == "\n":
                if not chars or chars[-1] == "\n":
                    continue
                if wrapped and chars[-1] not in _SENTENCE_END and not _PARAGRAPH_START.match(text, i + 1):
                    continue
            chars.append(ch)
            offsets.append(i)
        self.text = "".join(chars)
        self.offsets = offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of view characters ``[start, end)``."""
        if end <= start:
            o = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    def to_view(self, offset: int) -> int:
        """View index of the first kept character at or after original ``offset``."""
        return bisect.bisect_left(self.offsets, offset)


# =============================================================================================
# Where facts cannot be
# =============================================================================================

# Web-page chrome: metadata lines of a scraped page and link lists after the report.
_CHROME_LINE = re.compile(r"^[ \t\u3000]*(?:标题|发布时间|发布日期|更新时间|文号|发文字号|发布机构|发文机关|栏目|原文链接|"
                          r"本地目录|页面链接|来源|信息来源|索引号|浏览次数|点击数|访问量|主题分类|公开方式|公开范围|"
                          r"有效性|字号|分类)[ \t\u3000]*[:：].*$|^[ \t\u3000]*=+.*=+[ \t\u3000]*$|"
                          r"^[ \t\u3000]*页面链接.*$", re.M)
_LINK_LIST_HEAD = re.compile(r"^[ \t\u3000]*(?:相关链接|友情链接|文件下载|相关文件|附件下载)[ \t\u3000]*[:：]?[ \t\u3000]*$", re.M)


def _chrome_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _CHROME_LINE.finditer(text)]
    for m in _LINK_LIST_HEAD.finditer(text):
        end = m.end()
        for line in re.finditer(r"\n([^\n]*)", text[m.end():]):
            s = line.group(1).strip()
            if len(s) > 24 or any(p in s for p in "。；，"):
                break
            end = m.end() + line.end()
        spans.append((m.start(), end))
    return spans


def _label_numeral_phrases() -> tuple[str, ...]:
    """Template labels holding a numeral with a measure word (属于三类内部事务信息,
    危及“三安全一稳定”): those numerals are never counts."""
    labels = {a for rows in T2_ROWS.values() for r in rows for a in (r.label,) + r.aliases}
    labels |= {a for _, aliases in T1_ROW_LABELS.values() for a in aliases}
    labels |= set(T3_OUTCOME_LABELS.values())
    out = set()
    for lab in labels:
        lab = re.sub(r"^\d+[.、．]|^[（(][一二三四五六七八九十]+[）)]", "", lab)
        if any(True for _ in find_counts(lab)) or re.search(r"[一二三四五六七八九十两]", lab):
            out.add(lab)
    return tuple(sorted(out, key=len, reverse=True))


_LABEL_NUMERALS = _label_numeral_phrases()
_DATE_PART = re.compile(r"\d+(?=[年月日号])")
_DIGIT_RUN = re.compile(r"\d+(?:\.\d+)?")
_UNIT_AFTER = re.compile(COUNT_RE.pattern.split("(?P<unit>")[0] + r"$")  # unused guard, kept simple


class _Blocked:
    """Character ranges (in view indices) where no numeric fact may be taken."""

    def __init__(self, view: TextView, exclude: Iterable, section_starts: list[int]):
        self.view = view
        spans = [(view.to_view(s), view.to_view(e)) for s, e in _spans_of(exclude)]
        spans += [(view.to_view(s), view.to_view(e)) for s, e in _chrome_spans(view.original)]
        spans += _tablelike_chunks(view.text, section_starts)
        self.chrome = [(view.to_view(s), view.to_view(e)) for s, e in _chrome_spans(view.original)]
        self.spans = _merge(spans)
        self.label_spans = []
        t = view.text
        for lab in _LABEL_NUMERALS:
            i = t.find(lab)
            while i >= 0:
                self.label_spans.append((i, i + len(lab)))
                i = t.find(lab, i + 1)
        self.taken: list[tuple[int, int]] = []  # URLs, phones, dates …: claimed by another fact

    def blocked(self, start: int, end: int) -> bool:
        return _overlaps(self.spans, start, end) or _overlaps(self.taken, start, end)

    def in_label(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.label_spans)

    def take(self, start: int, end: int) -> None:
        bisect.insort(self.taken, (start, end))


def _spans_of(exclude: Iterable) -> list[tuple[int, int]]:
    """(start, end) pairs from tuples, or from objects with ``start``/``end`` (table regions)."""
    if exclude is None:
        return []
    if hasattr(exclude, "all") and callable(exclude.all):
        exclude = exclude.all()
    out = []
    for x in exclude:
        if x is None:
            continue
        if hasattr(x, "start") and hasattr(x, "end") and not isinstance(x, tuple):
            out.append((int(x.start), int(x.end)))
        else:
            out.append((int(x[0]), int(x[1])))
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(spans, (start, float("inf")))
    if i > 0 and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end


def _tablelike_chunks(t: str, section_starts: list[int]) -> list[tuple[int, int]]:
    """Stretches between sentence ends (and section starts) that read like a table: many digit
    runs, few of them followed by a measure word, a % or 元. Glued web-scrape cells
    (政府集中采购13575394432.52元) live in such stretches."""
    cuts = sorted({0, len(t), *section_starts, *(m.end() for m in re.finditer("。", t))})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        chunk = t[a:b]
        runs = [m for m in _DIGIT_RUN.finditer(chunk) if not _DATE_PART.match(chunk, m.start())]
        if len(runs) < 6:
            continue
        with_unit = sum(1 for m in runs if _has_unit_after(chunk, m.end()))
        if with_unit <= 0.25 * len(runs):
            out.append((a, b))
    return out


_UNIT_START = re.compile(r"(?:余|多)?(?:万|亿)?(?:人次|场次|件次|[条件篇项次个场期人份家户批类轮起名位部套台处所张幅册块座例宗笔%％元])")


def _has_unit_after(chunk: str, i: int) -> bool:
    return bool(_UNIT_START.match(chunk, i))


# =============================================================================================
# Metrics: what a number counts
# =============================================================================================

_BOUNDARY = frozenset("，,。；;：:、！？!?（）()“”\"‘’'《》【】[]|\n\t/／—「」『』<>")
_MAX_METRIC = 24
# Words that open a phrase without being part of what is counted (time, subject, adverbs).
_LEADING = tuple(sorted((
    "其中", "另外", "此外", "同时", "另有", "全年", "今年", "去年", "本年度", "本年", "年内", "当年", "年度", "一年来",
    "全市", "全区", "全县", "全省", "全镇", "全乡", "全局", "我市", "我区", "我县", "我局", "我委", "我办", "我省", "我镇",
    "我乡", "我厅", "我院", "我中心", "本机关", "本单位", "本部门", "各级各部门", "各部门", "各单位", "各类", "各项",
    "累计", "共计", "合计", "总计", "共", "已", "还", "并", "均", "分别", "先后", "总共", "一共", "另", "以及", "及", "和",
    "含", "包括", "涉及", "其", "等", "新", "目前", "现", "截至目前", "目前已", "主要", "申请人", "上述",
), key=len, reverse=True))
_LEADING_TIME = re.compile(r"^(?:截至|截止|自|从)?(?:(?:19|20)\d{2}年(?:度)?(?:\d{1,2}月(?:\d{1,2}日)?)?"
                           r"|\d{1,2}月(?:\d{1,2}日)?)(?:底|末|以来|起|止|前|初|中旬|上旬|下旬|期间|内|全年)?")
_TRAILING = tuple(sorted((
    "分别为", "分别是", "分别达", "共计", "累计", "合计", "总计", "总数为", "达到", "均为", "均达", "均达到", "总量",
    "为", "达", "共", "计", "有", "是", "了", "的", "约", "近", "超过", "超", "逾", "均", "已", "高达", "多达", "一共",
), key=len, reverse=True))
# A phrase that starts with a channel or a place (通过…网站, 在…平台) names the count only from
# its main verb on.
_CHANNEL_START = ("通过", "依托", "利用", "借助", "经", "在", "于", "向", "从", "依据", "根据", "围绕", "针对", "结合")
_MAIN_VERB = re.compile(r"(?:主动|依申请|集中|公开)?(?:公开|发布|公布|收到|受理|办理|提起|发送|开展|举办|组织|召开|解读|回应|答复|"
                        r"印发|制发|更新|推送|报送|编制|梳理|征集|培训|公示|刊发|录入|上传|处理|接收|接到|收取|整改|清理|"
                        r"新增|制作|编发|转载|推出|策划|开设|设置|建立|审核|审查|发放|张贴|接听|办结|受理|制定)")
# What may follow a number+unit without being what is counted (均已…, 同比…, 进行…).
_AFTER_STOP = tuple(sorted((
    "均", "已", "都", "全部", "在", "被", "予以", "进行", "并", "其中", "以", "为", "共", "同比", "比", "较", "占", "涉及",
    "至", "到", "由", "从", "后", "内", "外", "是", "有", "也", "又", "还", "即", "就", "让", "使", "将", "把", "对", "向",
    "于", "与", "和", "及", "或", "而", "但", "则", "通过", "按", "经", "因", "用于", "得到", "获得", "达", "累计", "截至",
    "当", "次", "左右", "以上", "上下", "次数", "办结", "答复", "完成", "实现", "均在", "全", "等", "要", "需", "可", "能",
    "不", "没", "未", "所", "之", "作", "分", "各", "每", "同", "再", "及时", "次年", "年", "月", "日",
), key=len, reverse=True))
_AFTER_CUT = re.compile(r"的|进行|开展|予以|均|已|并|被|在|和|及|与|等|为|是|其中|实现|编制|工作|情况|建设")
# Head nouns: the counted thing after a classifier usually ends with one of these (24个试点领域…).
_HEAD_NOUNS = ("领域", "目录", "事项", "文件", "部门", "单位", "栏目", "专栏", "活动", "会议", "制度", "平台", "公报", "人员",
               "员", "区", "网站", "账号", "意见", "建议", "提案", "问题", "案件", "申请", "政策", "项目", "企业", "乡镇",
               "街道", "社区", "村", "机构", "窗口", "点", "课程", "视频", "文章", "稿件", "清单", "规划", "指南", "公告",
               "通知", "材料", "手册", "资料", "信息", "场所", "系统", "数据集", "批次", "案例", "群众", "场次", "领导")


def _strip_phrase(p: str) -> str:
    changed = True
    while changed and p:
        changed = False
        m = _LEADING_TIME.match(p)
        if m and m.end() and m.end() < len(p):
            p, changed = p[m.end():], True
        for w in _LEADING:
            if p.startswith(w) and len(p) > len(w):
                p, changed = p[len(w):], True
                break
        for w in _TRAILING:
            if p.endswith(w) and len(p) > len(w):
                p, changed = p[: -len(w)], True
                break
    if p.startswith(_CHANNEL_START):
        m = _MAIN_VERB.search(p, 2)
        if m:
            p = p[m.start():]
    return p


def _metric_before(t: str, end: int, floor: int) -> tuple[int, int]:
    """The phrase ending at ``end`` back to the previous boundary (a title 《…》 kept whole)."""
    i = end
    while i > floor and end - i < _MAX_METRIC:
        ch = t[i - 1]
        if ch == "》":
            j = t.rfind("《", floor, i)
            if j < 0:
                break
            i = j
            continue
        if ch in _BOUNDARY:
            break
        i -= 1
    phrase = t[i:end]
    # a list "甲、乙等丙" names 丙
    k = phrase.rfind("等")
    if 0 <= k < len(phrase) - 2:
        i, phrase = i + k + 1, phrase[k + 1:]
    stripped = _strip_phrase(phrase)
    if not stripped:
        return end, end
    s = i + phrase.find(stripped)
    return s, s + len(stripped)


def _metric_after(t: str, start: int) -> tuple[int, int]:
    """The noun phrase right after a number+unit (24个试点领域), or an empty span."""
    i = start
    if t.startswith("的", i):
        i += 1
    if t.startswith(_AFTER_STOP, i):
        return start, start
    j = i
    while j < len(t) and j - i < 16 and _CJK.match(t[j]) and t[j] not in _BOUNDARY:
        j += 1
    run = t[i:j]
    m = _AFTER_CUT.search(run, 1)
    if m:
        run = run[: m.start()]
    if len(run) < 1:
        return start, start
    best = None
    for noun in _HEAD_NOUNS:
        k = run.find(noun)
        if k >= 0 and (k + len(noun) >= 2) and (best is None or k + len(noun) < best):
            best = k + len(noun)
    if best is None:
        best = min(len(run), 10)
    return i, i + best


@dataclass
class Mention:
    """A number+unit candidate in the layout-free view, with the phrase it counts."""

    q: Quantity
    metric_start: int
    metric_end: int

    @property
    def start(self) -> int:
        return min(self.q.start, self.metric_start) if self.metric_end > self.metric_start else self.q.start

    @property
    def end(self) -> int:
        return max(self.q.end, self.metric_end)


def _metric(t: str, q: Quantity, floor: int) -> tuple[int, int]:
    after = _metric_after(t, q.end)
    before = _metric_before(t, q.start, floor)
    if after[1] > after[0] and (q.chinese or before[1] - before[0] < 2 or _is_verb_end(t[before[0]:before[1]])):
        return after
    if before[1] > before[0]:
        return before
    return after


_VERB_END = re.compile(r"(?:了|公开|发布|公布|完成|组建|设置|开设|建立|设立|刊发|编发|印发|制发|推出|召开|举办|组织|开展|"
                       r"制作|推送|更新|提出|整合|涉及|对|以|入驻|进驻|新增|拥有|培训|覆盖|包括|涵盖|形成|打造|梳理|编制|"
                       r"明确|确定|选取|选派|抽调|配备|聘请|邀请|督促|指导|接待|走访|深入|到|为)$")


def _is_verb_end(phrase: str) -> bool:
    """Whether a phrase ends with a verb or preposition, so the number+unit starts its object."""
    return bool(_VERB_END.search(phrase))


# =============================================================================================
# Number facts
# =============================================================================================

_QUOTE_PAIRS = {"《": "》", "“": "”", "〈": "〉"}


def _inside_title_or_quote(t: str, i: int) -> bool:
    """True when view index ``i`` is inside 《…》, or inside a short “…” (a name or slogan)."""
    for open_, close in _QUOTE_PAIRS.items():
        o = t.rfind(open_, max(0, i - 40), i)
        if o < 0:
            continue
        c = t.rfind(close, o, i)
        if c >= 0:
            continue
        nxt = t.find(close, i)
        if nxt < 0:
            continue
        if open_ != "“" or nxt - o <= 16:
            return True
    return False


def _context_rejects(t: str, q: Quantity, blocked: _Blocked) -> bool:
    """Ordinals, parts of identifiers, frequencies, template labels, titles and table cells."""
    ns = q.num_start
    prev = t[q.start - 1] if q.start > 0 else ""
    if prev == "第" or (q.chinese and prev in "周星初"):
        return True
    if prev and (prev.isascii() and (prev.isalnum() or prev in "_/#@.-")):
        return True
    if "每" in t[max(0, q.start - 3): q.start]:
        return True
    if blocked.in_label(ns, q.num_end) or blocked.blocked(ns, q.num_end):
        return True
    return _inside_title_or_quote(t, ns)


def _number_mentions(view: TextView, blocked: _Blocked) -> Iterator[Mention]:
    t = view.text
    found: list[Quantity] = []
    for finder in (find_money, find_percents, find_counts):
        for q in finder(t):
            if any(q.num_start < f.end and f.num_start < q.end for f in found):
                continue  # 35.473万元 is an amount, not a count of 元
            if _context_rejects(t, q, blocked):
                continue
            found.append(q)
    found.sort(key=lambda q: q.start)
    prev_end = 0
    for q in found:
        ms, me = _metric(t, q, prev_end)
        yield Mention(q, ms, me)
        prev_end = q.end


def _number_fact(view: TextView, m: Mention, sections: dict) -> Fact:
    t = view.text
    q = m.q
    start, end = view.span(m.start, m.end)
    metric = t[m.metric_start:m.metric_end]
    fields = {"value": q.value}
    if q.kind != "percent":
        fields["unit"] = q.unit
    if q.kind == "amount":
        fields["yuan"] = to_number(q.value * q.multiplier)
    fields["metric"] = metric
    if metric:
        fields["metric_start"], fields["metric_end"] = view.span(m.metric_start, m.metric_end)
    if q.kind == "count":
        fields["approx"] = q.approx
    elif q.approx:
        fields["approx"] = True
    confidence = 0.95 if metric else 0.7
    if q.chinese:
        confidence -= 0.1
    return Fact(q.kind, view.original[start:end], start, end, section_at(sections, start), "rule", confidence, fields)


def count_candidates(text: str, sections: dict | None = None, exclude: Iterable = ()) -> list[dict]:
    """Every number+unit mention that the rules accept as a possible count/amount/percent,
    with its spans in ``text``: ``{"kind", "start", "end", "value", "unit", "approx",
    "metric", "metric_start", "metric_end"}``. For a trained model to reuse the number
    grammar and the exclusions while deciding metrics itself."""
    view = TextView(text)
    blocked = _make_blocked(view, sections or {}, exclude)
    _claim_non_numbers(view, blocked, year=None)
    out = []
    for m in _number_mentions(view, blocked):
        s, e = view.span(m.q.start, m.q.end)
        ms, me = view.span(m.metric_start, m.metric_end) if m.metric_end > m.metric_start else (None, None)
        out.append({"kind": m.q.kind, "start": s, "end": e, "value": m.q.value, "unit": m.q.unit,
                    "approx": m.q.approx, "metric": view.text[m.metric_start:m.metric_end],
                    "metric_start": ms, "metric_end": me})
    return out


def _make_blocked(view: TextView, sections: dict, exclude: Iterable) -> _Blocked:
    starts = sorted(view.to_view(s.start) for s in sections.values())
    return _Blocked(view, exclude, starts)
