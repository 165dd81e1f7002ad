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
from ..schema import T1_COLUMN_LABELS, T1_ROW_LABELS, T2_ROWS, T3_OUTCOME_LABELS
from ..sections import section_at
from ..textnorm import cn_digits_to_int, cn_to_int
from . import enumerations
from .numbers import COUNT_UNITS, Quantity, find_counts, find_money, find_percents, yuan

# =============================================================================================
# The layout-free view
# =============================================================================================

# Tokens of the view: runs of kept characters (markdown marks ** # ` and spaces dropped), line
# breaks, and runs of spaces (kept as a break before an enumerator in one-line scrapes).
_TOKEN = re.compile(r"[^\s*#`\u200b\ufeff]+|\n|[^\S\n]+")
_SENTENCE_END = "。！？!?；;：:"
_PAGE_NUMBER_LINE = re.compile(r"^[ \t\u3000]*(?:[-－—–]\s*\d{1,3}\s*[-－—–]"
                               r"|第\s*\d{1,3}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,3}\s*页)?)[ \t\u3000]*$", re.M)
# A line that starts a new paragraph even in wrapped text: a heading or an enumerator.
_PARAGRAPH_START = re.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[）)]"
                              r"|\d{1,2}[.、．](?!\d)|#|第[一二三四五六七八九十]{1,2}[，、])")
# In one-line web scrapes a space is the only paragraph break: before an enumerator it is kept as one.
_ENUMERATOR_AFTER_SPACE = re.compile(r"[ \t\u3000\xa0]+(?:[一二三四五六七八九十]{1,2}[、.．是]|[（(][一二三四五六七八九十\d]{1,2}[）)]"
                                     r"|\d{1,2}[、．](?!\d)|\d{1,2}\.(?=[\u4e00-\u9fff]))")
_CJK = re.compile(r"[\u4e00-\u9fff]")


_WHITESPACE = re.compile(r"\s+")


def _is_hard_wrapped(text: str) -> bool:
    """True for text whose lines are cut at a fixed width (pdftotext), not at paragraph ends:
    most long prose lines then end in the middle of a sentence."""
    long_lines = cut = 0
    for line in text.split("\n"):
        s = _WHITESPACE.sub("", line)
        if len(s) < 15 or "|" in s or len(_CJK.findall(s)) < 0.6 * len(s):
            continue
        long_lines += 1
        cut += s[-1] not in _SENTENCE_END + "”）)"
    return long_lines >= 5 and cut >= 0.5 * long_lines


def _is_heading_line(text: str, newline: int) -> bool:
    """Whether the line ending at ``newline`` is a short numbered heading (四、政府信息公开申请情况)."""
    start = text.rfind("\n", 0, newline) + 1
    line = text[start:newline]
    return bool(_PARAGRAPH_START.match(line)) and len("".join(line.split())) <= 24


class TextView:
    """``text`` without spaces (and, in wrapped text, without in-paragraph line breaks), with the
    original offset of every kept character."""

    def __init__(self, text: str):
        self.original = text
        dropped = [(m.start(), m.end()) for m in _PAGE_NUMBER_LINE.finditer(text)]
        breaks = {m.start() for m in _ENUMERATOR_AFTER_SPACE.finditer(text)
                  if m.start() > 0 and text[m.start() - 1] not in "\n \t"}
        wrapped = _is_hard_wrapped(text)
        parts: list[str] = []
        offsets: list[int] = []
        last = "\n"  # the last kept character ("\n" at the start: no leading break)
        d = 0
        for m in _TOKEN.finditer(text):
            i, tok = m.start(), m.group()
            while d < len(dropped) and dropped[d][1] <= i:
                d += 1
            if d < len(dropped) and dropped[d][0] <= i:
                continue  # a page-number line
            if tok == "\n" or (i in breaks and tok[0] not in "\n"):
                if last == "\n":
                    continue
                if tok == "\n" and wrapped and last not in _SENTENCE_END \
                        and not _PARAGRAPH_START.match(text, i + 1) and not _is_heading_line(text, i):
                    continue  # a line wrapped inside a paragraph
                parts.append("\n")
                offsets.append(i)
                last = "\n"
            elif not tok[0].isspace():
                parts.append(tok)
                offsets.extend(range(i, m.end()))
                last = tok[-1]
        self.text = "".join(parts)
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
_NEXT_LINE = re.compile(r"\n([^\n]*)")
_LINK_LIST_HEAD = re.compile(r"^[ \t\u3000]*(?:相关链接|友情链接|文件下载|相关文件|附件下载)[ \t\u3000]*[:：]?[ \t\u3000]*$", re.M)


def _chrome_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _CHROME_LINE.finditer(text)]
    for m in _LINK_LIST_HEAD.finditer(text):
        end = m.end()
        for line in _NEXT_LINE.finditer(text, m.end()):
            s = line.group(1).strip()
            if len(s) > 24 or any(p in s for p in "。；，"):
                break
            end = line.end()
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


class _Blocked:
    """Character ranges (in view indices) where no numeric fact may be taken.

    ``spans`` are the caller's table regions and the page chrome; ``guessed`` the stretches that
    read like a table (found after dates and contacts are claimed, so their digits do not count);
    ``taken`` the characters of dates, contacts and document numbers."""

    def __init__(self, view: TextView, exclude: Iterable):
        self.view = view
        self.chrome = _merge([(view.to_view(s), view.to_view(e)) for s, e in _chrome_spans(view.original)])
        explicit = [(view.to_view(s), view.to_view(e)) for s, e in _spans_of(exclude)]
        self.spans = _merge(explicit + self.chrome)
        self.guessed: list[tuple[int, int]] = []
        self.label_spans = []
        t = view.text
        for lab in _LABEL_NUMERALS:
            i = t.find(lab)
            while i >= 0:
                self.label_spans.append((i, i + len(lab)))
                i = t.find(lab, i + 1)
        self.taken: list[tuple[int, int]] = []

    def guess_tables(self, section_starts: list[int]) -> None:
        self.guessed = _merge(_tablelike_chunks(self.view.text, section_starts, self.taken))

    def blocked(self, start: int, end: int) -> bool:
        return (_overlaps(self.spans, start, end) or _overlaps(self.guessed, start, end)
                or _overlaps(self.taken, start, end))

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


def _tablelike_chunks(t: str, section_starts: list[int], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches between sentence ends (and section starts) that read like a table: many digit
    runs, few of them followed by a measure word, a % or 元. Glued web-scrape cells
    (政府集中采购13575394432.52元) live in such stretches."""
    cuts = sorted({0, len(t), *section_starts, *(i + 1 for i, ch in enumerate(t) if ch == "。")})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        chunk = t[a:b]
        runs = [m for m in _DIGIT_RUN.finditer(chunk) if not _DATE_PART.match(chunk, m.start())
                and not _overlaps(taken, a + m.start(), a + m.end())]
        if len(runs) < 3:
            continue
        with_unit = sum(1 for m in runs if _has_unit_after(chunk, m.end()))
        if with_unit > 0.25 * len(runs):
            continue
        if len(runs) >= 6 or len(_TABLE_WORDS.findall(chunk)) >= 3:
            out.append((a, b))
    return out


def _table_words() -> re.Pattern:
    """Captions, column and row labels of the template tables (第二十条, 信息内容, 采购总金额 …)."""
    words = {"第二十条", "信息内容", "勾稽关系", "申请人情况"}
    words |= {v for v in T1_COLUMN_LABELS.values() if "（" not in v}
    words |= {a for _, aliases in T1_ROW_LABELS.values() for a in aliases}
    words |= set(T3_OUTCOME_LABELS.values())
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


_TABLE_WORDS = _table_words()


_UNIT_START = re.compile(r"(?:余|多)?(?:万|亿)?(?:大|小)?(?:" + "|".join(COUNT_UNITS) + r"|[%％元])")


def _has_unit_after(chunk: str, i: int) -> bool:
    return bool(_UNIT_START.match(chunk, i))


# =============================================================================================
# Metrics: what a number counts
# =============================================================================================

_BOUNDARY = frozenset("，,。；;：:、！？!?（）()“”\"‘’'《》【】[]|\n\t/／—「」『』<>")
_MAX_METRIC = 40
# Words that open a phrase without being part of what is counted (time, subject, adverbs).
_LEADING = tuple(sorted((
    "其中", "另外", "此外", "同时", "另有", "全年", "今年", "去年", "本年度", "本年", "年内", "当年", "年度", "一年来",
    "全市", "全区", "全县", "全省", "全镇", "全乡", "全局", "我市", "我区", "我县", "我局", "我委", "我办", "我省", "我镇",
    "我乡", "我厅", "我院", "我中心", "本机关", "本单位", "本部门", "各级各部门", "各部门", "各单位", "各类", "各项",
    "累计", "共计", "合计", "总计", "共", "已", "还", "并", "均", "分别", "先后", "总共", "一共", "另", "以及", "及", "和",
    "含", "包括", "涉及", "等", "目前", "的", "积极", "认真", "切实", "高质量", "进一步", "不断", "及时", "现", "截至目前",
    "目前已", "申请人", "上述",
), key=len, reverse=True))
_LEADING_TIME = re.compile(r"^(?:截至|截止|自|从)?(?:(?:19|20)\d{2}年(?:度)?(?:\d{1,2}月(?:\d{1,2}日)?)?"
                           r"|\d{1,2}月(?:\d{1,2}日)?)(?:底|末|以来|起|止|前|初|中旬|上旬|下旬|期间|内|全年)?")
_TRAILING = tuple(sorted((
    "分别为", "分别是", "分别达", "依次为", "依次是", "共计", "累计", "合计", "总计", "总数为", "达到", "均为", "均达", "均达到", "总量",
    "为", "达", "共", "计", "有", "是", "了", "的", "约", "近", "超过", "超", "逾", "均", "已", "高达", "多达", "一共",
), key=len, reverse=True))
# A phrase that starts with a channel or a place (通过…网站, 在…平台) names the count only from
# its main verb on.
_CHANNEL = re.compile(r"(?:^|(?<=[局委办府心区市县]))(?:通过|依托|利用|借助|经由|在|于|向|从|依据|根据|围绕|针对|结合)"
                      r"|^经")
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
_AFTER_NOT_STOP = ("有关", "在线", "及时", "全面", "全程", "全市", "全区", "全县", "全省")
_AFTER_CUT = re.compile(r"的|进行|开展|予以|均|已|并|被|在|和|及|与|等|为|是|其中|实现|编制|工作|情况|建设")
# Head nouns: the counted thing after a classifier usually ends with one of these (24个试点领域…).
_HEAD_NOUNS = ("领域", "目录", "事项", "文件", "部门", "单位", "栏目", "专栏", "活动", "会议", "制度", "平台", "公报", "人员",
               "员", "区", "网站", "账号", "意见", "建议", "提案", "问题", "案件", "申请", "政策", "项目", "企业", "乡镇",
               "街道", "社区", "村", "机构", "媒体", "公众号", "号", "窗口", "点", "课程", "视频", "文章", "稿件", "清单",
               "规划", "指南", "公告", "通知", "材料", "手册", "资料", "信息", "场所", "系统", "数据集", "批次", "案例",
               "群众", "场次", "领导")


def _strip_phrase(p: str) -> str:
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


def _phrase_start(t: str, end: int, floor: int) -> int:
    """Where the phrase ending at ``end`` starts: the previous boundary (a title 《…》 is kept
    whole), never before ``floor`` and at most ``_MAX_METRIC`` characters back."""
    i = end
    while i > floor and end - i < _MAX_METRIC:
        ch = t[i - 1]
        if ch == "》" and i == end:
            j = t.rfind("《", floor, i)
            if j < 0:
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
    j = i
    while j < len(t) and j - i < 16 and _CJK.match(t[j]) and t[j] not in _BOUNDARY:
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


_VERB_END = re.compile(r"(?:了|的|等|罗列|汇集|现存|公开|发布|公布|完成|组建|设置|开设|建立|设立|刊发|编发|印发|制发|推出|召开|"
                       r"举办|组织|开展|制作|推送|更新|提出|整合|涉及|对|以|入驻|进驻|新增|拥有|培训|覆盖|包括|涵盖|形成|"
                       r"打造|梳理|编制|明确|确定|选取|选派|抽调|配备|聘请|邀请|督促|指导|接待|走访|深入|到|为|推进|"
                       r"汇总|收集|录入|上传|处理|办理|受理|答复|回复|评选|表彰|发放|印制|张贴|播放|投放|将|把|给|向|在|从|由|经)$")


def _is_verb_end(phrase: str) -> bool:
    """Whether a phrase ends with a verb or particle, so the number+unit starts its object."""
    return bool(_VERB_END.search(phrase))


_LIST_GAP = re.compile(r"[、和及与,，/]{0,2}")
_SHARE_WORDS = ("占", "占比", "占比为", "比例为", "比例", "比重为", "比重", "约占", "分别占")


def _metric(t: str, q: Quantity, floor: int, previous: "Mention | None") -> tuple[int, int]:
    """The metric span of ``q``: after the unit when a noun phrase follows it and the phrase
    before does not name the thing (24个试点领域), else before it; a share (占71.3%) names the
    thing counted just before it."""
    ps = _phrase_start(t, q.start, floor)
    raw_before = t[ps:q.start]
    before = _metric_before(t, ps, q.start)
    after = _metric_after(t, q.end)
    has_previous = previous is not None and previous.metric_end > previous.metric_start
    if q.kind == "percent" and has_previous and t[before[0]:before[1]] in _SHARE_WORDS \
            and "。" not in t[previous.q.end:q.start]:
        return previous.metric_start, previous.metric_end
    if after[1] > after[0]:
        if q.chinese or before[1] - before[0] < 2 or _is_verb_end(raw_before):
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
    clause = t[_phrase_start(t, q.start, max(0, q.start - 8)):q.start]
    if "每" in clause:
        return True  # 每月1次: a frequency, not a tally
    if blocked.in_label(ns, q.num_end) or blocked.blocked(ns, q.num_end):
        return True
    return _inside_title_or_quote(t, ns)


_STRUCTURE_NOUNS = ("部分", "方面", "章节")  # 报告分为六个部分: the report's own structure


def _number_mentions(view: TextView, blocked: _Blocked, heading_ends: list[int] = ()) -> Iterator[Mention]:
    """Counts, amounts and percents with their metrics; a metric never reaches back over a
    section heading (``heading_ends``, view indices) or the previous mention."""
    t = view.text
    found: list[Quantity] = []
    for finder in (find_money, find_percents, find_counts):
        for q in finder(t):
            if any(q.num_start < f.end and f.num_start < q.end for f in found):
                continue  # 35.473万元 is an amount, not a count of 元
            if _context_rejects(t, q, blocked):
                continue
            if q.kind == "count" and t.startswith(_STRUCTURE_NOUNS, q.end):
                continue
            found.append(q)
    found.sort(key=lambda q: q.start)
    mentions: list[Mention] = []
    previous: Mention | None = None
    for q in found:
        floor = previous.end if previous else 0
        k = bisect.bisect_right(heading_ends, q.start)
        if k:
            floor = max(floor, heading_ends[k - 1])
        ms, me = _metric(t, q, min(floor, q.start), previous)
        previous = Mention(q, ms, me)
        mentions.append(previous)
    _share_adjacent_metrics(t, mentions)
    yield from mentions


def _share_adjacent_metrics(t: str, mentions: list[Mention]) -> None:
    """Counts written back to back (8大类348项公共服务事项, 服务事项5大类53项) count the same
    thing: one without a metric of its own, or with only a verb before it, takes its neighbour's."""
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        prv = mentions[i - 1] if i > 0 else None
        own = t[m.metric_start:m.metric_end]
        if nxt and nxt.q.start == m.q.end and nxt.metric_start >= nxt.q.end and (
                not own or m.metric_end <= m.q.start and _is_verb_end(t[_phrase_start(t, m.q.start, 0):m.q.start])):
            m.metric_start, m.metric_end = nxt.metric_start, nxt.metric_end
        elif not own and prv and prv.q.end == m.q.start and prv.metric_end > prv.metric_start:
            m.metric_start, m.metric_end = prv.metric_start, prv.metric_end


def _number_fact(view: TextView, m: Mention, sections: dict) -> Fact:
    t = view.text
    q = m.q
    start, end = view.span(m.start, m.end)
    metric = t[m.metric_start:m.metric_end]
    fields = {"value": q.value}
    if q.kind != "percent":
        fields["unit"] = q.unit
    if q.kind == "amount":
        fields["yuan"] = yuan(q.value, q.unit)
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
    blocked, _, _ = _prepare(view, sections or {}, exclude, year=None)
    out = []
    for m in _number_mentions(view, blocked, _heading_ends(view, sections or {})):
        s, e = view.span(m.q.start, m.q.end)
        ms, me = view.span(m.metric_start, m.metric_end) if m.metric_end > m.metric_start else (None, None)
        out.append({"kind": m.q.kind, "start": s, "end": e, "value": m.q.value, "unit": m.q.unit,
                    "approx": m.q.approx, "metric": view.text[m.metric_start:m.metric_end],
                    "metric_start": ms, "metric_end": me})
    return out


def _prepare(view: TextView, sections: dict, exclude: Iterable, year: int | None):
    """The blocked ranges, with dates and contacts claimed first and tables guessed after."""
    blocked = _Blocked(view, exclude)
    dates, contacts = _claim_non_numbers(view, blocked, year)
    blocked.guess_tables(sorted(view.to_view(s.start) for s in sections.values()))
    return blocked, dates, contacts


def _heading_ends(view: TextView, sections: dict) -> list[int]:
    return sorted(view.to_view(s.start + len(s.heading)) for s in sections.values() if s.heading)


# =============================================================================================
# Dates
# =============================================================================================

_ZERO = "〇零○Ｏ"
_ZERO_TO_LING = str.maketrans({z: "〇" for z in _ZERO})
_YEAR = rf"(?:19|20)\d{{2}}|[{_ZERO}一二][{_ZERO}一二三四五六七八九]{{3}}"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_DATE_RE = re.compile(rf"(?<![\d{_ZERO}一二三四五六七八九十])(?:(?P<y>{_YEAR})年)?(?P<m>{_MONTH})月(?:(?P<d>{_DAY})[日号])?")
_RANGE_TAIL = re.compile(rf"(?P<conn>[—–\-－~～至到])(?:(?P<y>{_YEAR})年)?(?:(?P<m>{_MONTH})月)?(?P<d>{_DAY})[日号]")
_MONTH_RANGE = re.compile(rf"(?P<y>{_YEAR})年(?P<m>{_MONTH})[—–\-－~～至到](?P<m2>{_MONTH})月(?![\d一二三四五六七八九十]+[日号])")
_NUMERIC_DATE = re.compile(r"(?<![\d.])((?:19|20)\d{2})([-/.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d])")
_YEAR_MENTION = re.compile(rf"(?<!\d)({_YEAR})年")
_DASHES = "—–-－~～"


def _int(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _ZERO + "一二三四五六七八九" for c in s):
        return cn_digits_to_int(s.translate(_ZERO_TO_LING))
    return cn_to_int(s)


def _iso(y: int, m: int, d: int | None) -> str | None:
    if not (1 <= m <= 12) or (d is not None and not 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"


def _phrase_year(t: str, i: int) -> int | None:
    """The year written last before view index ``i`` in the same sentence."""
    s = max(t.rfind(c, 0, i) for c in "。！？\n") + 1
    years = list(_YEAR_MENTION.finditer(t, s, i))
    return _int(years[-1].group(1)) if years else None


def _dates(view: TextView, blocked: _Blocked, year: int | None) -> Iterator[tuple[int, int, str, float]]:
    """(view start, view end, ISO value, confidence) for every date in the prose."""
    t = view.text
    ranges = []
    for m in _MONTH_RANGE.finditer(t):
        y, m1, m2 = _int(m.group("y")), _int(m.group("m")), _int(m.group("m2"))
        a, b = _iso(y, m1, None), _iso(y, m2, None)
        if a and b and a < b and not _overlaps(blocked.spans, m.start(), m.end()):
            ranges.append((m.start(), m.end()))
            yield m.start(), m.end(), f"{a}/{b}", 1.0
    for m in _DATE_RE.finditer(t):
        if _overlaps(ranges, m.start(), m.end()):
            continue
        y, mo, d = _int(m.group("y")), _int(m.group("m")), _int(m.group("d"))
        if d is None and y is None:
            continue  # 8月底: a month without a year is not a date
        conf = 1.0
        if y is None:
            y = _phrase_year(t, m.start())
            conf = 0.9
            if y is None:
                y, conf = year, 0.8
            if y is None:
                continue
        value = _iso(y, mo, d)
        if value is None:
            continue
        end = m.end()
        tail = _RANGE_TAIL.match(t, end) if d is not None else None
        if tail and (tail.group("conn") in _DASHES or not (tail.group("y") or tail.group("m"))):
            y2 = _int(tail.group("y")) or y
            m2 = _int(tail.group("m")) or mo
            second = _iso(y2, m2, _int(tail.group("d")))
            if second and second > value:
                value, end = f"{value}/{second}", tail.end()
        if _overlaps(blocked.spans, m.start(), end):
            continue
        yield m.start(), end, value, conf
    for m in _NUMERIC_DATE.finditer(t):
        value = _iso(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if value and not _overlaps(blocked.spans, m.start(), m.end()):
            yield m.start(), m.end(), value, 0.9


# =============================================================================================
# Contacts
# =============================================================================================

_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*[@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@$&*+=%]+", re.I)
_DOMAIN = re.compile(r"(?<![A-Za-z0-9@./:_-])(?:[A-Za-z0-9-]+\.)+"
                     r"(?:gov\.cn|com\.cn|org\.cn|net\.cn|edu\.cn|gov|cn|com|org|net)"
                     r"(?:/[A-Za-z0-9\-._~/?#=&%]*)?(?![A-Za-z0-9@_-])", re.I)
_PHONE = re.compile(r"(?<![\dA-Za-z])(?:(?:[（(]0\d{2,3}[)）]|0\d{2,3})[-—－–‐]?[2-9]\d{6,7}(?:[-—－–转]\d{1,5})?"
                    r"|1[3-9]\d{9}|[2-9]\d{6,7})(?![\d.])")
_POSTCODE = re.compile(r"(?:邮编|邮政编码)[:：]?(\d{6})(?!\d)")
_ADDRESS = re.compile(r"(?:通讯|联系|办公|通信|单位|办公室)?地址[:：]")
_CONTACT_LABEL = re.compile(r"电话|传真|Tel|TEL|Fax|FAX|邮编|邮政编码|邮箱|信箱|E-?mail|EMAIL|电子邮件|地址|网址")
_PHONE_LABEL = re.compile(r"电话|传真|Tel|TEL|Fax|FAX|热线|手机")
_PHONE_LABEL_PAIR = re.compile(r"(电话|传真|Tel|TEL|Fax|FAX)[/／、及和与（(]{1,2}$")
_CLAUSE_BREAK = "，,；;。\n"


def _phone_kinds(t: str, start: int, previous: list[str]) -> list[str]:
    """Kinds for the number at ``start``: from the label in its clause (电话 → phone, 传真 → fax,
    电话/传真 → both); a number listed after another (、或) inherits that one's kinds."""
    s = max(t.rfind(c, 0, start) for c in _CLAUSE_BREAK) + 1
    window = t[max(s, start - 16):start]
    labels = list(_PHONE_LABEL.finditer(window))
    if not labels:
        if previous and (start == 0 or t[start - 1] in "、或和/／"):
            return previous
        return []
    last = labels[-1]
    kinds = ["fax" if last.group().lower() in ("传真", "fax") else "phone"]
    # 电话/传真, 电话（传真）, 传真、电话: one number for both
    before = window[: last.start()]
    pair = _PHONE_LABEL_PAIR.search(before)
    if pair:
        other = "fax" if pair.group(1).lower() in ("传真", "fax") else "phone"
        if other not in kinds:
            kinds.insert(0, other)
    return kinds


def _address_end(t: str, start: int) -> int:
    depth, i = 0, start
    while i < len(t) and i - start < 80:
        ch = t[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch in _CLAUSE_BREAK + "。":
            break
        elif depth == 0 and _CONTACT_LABEL.match(t, i) and i > start:
            break
        i += 1
    while i > start and t[i - 1] in "，,；;、。":
        i -= 1
    return i


def _contacts(view: TextView, blocked: _Blocked) -> Iterator[tuple[int, int, str, str, float]]:
    """(view start, view end, kind, value, confidence) for addresses, postcodes, phones, faxes,
    emails and URLs."""
    t = view.text
    seen: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not _overlaps(sorted(seen), s, e) and not _overlaps(blocked.spans, s, e)

    for m in _EMAIL.finditer(t):
        s, e = m.start(), m.end()
        while e > s and t[e - 1] in ".-":
            e -= 1
        if free(s, e):
            seen.append((s, e))
            yield s, e, "email", t[s:e], 1.0
    for rx in (_URL, _DOMAIN):
        for m in rx.finditer(t):
            s, e = m.start(), m.end()
            while e > s and t[e - 1] in ".,:;?":
                e -= 1
            if t.startswith("](", e) and s > 0 and t[s - 1] == "[":
                continue  # the label of a markdown link repeats its target
            if free(s, e):
                seen.append((s, e))
                yield s, e, "url", t[s:e], 1.0 if rx is _URL else 0.85
    for m in _POSTCODE.finditer(t):
        if free(m.start(1), m.end(1)):
            seen.append((m.start(1), m.end(1)))
            yield m.start(1), m.end(1), "postcode", m.group(1), 1.0
    previous: list[str] = []
    last_end = -10
    for m in _PHONE.finditer(t):
        s, e = m.start(), m.end()
        if not free(s, e):
            continue
        inherited = previous if s - last_end <= 2 else []
        kinds = _phone_kinds(t, s, inherited)
        has_area_code = m.group()[0] in "0(（"
        if not kinds:
            if not has_area_code or _DATE_RE.match(t, s):
                continue
            kinds = ["phone"]
        seen.append((s, e))
        previous, last_end = kinds, e
        for kind in kinds:
            yield s, e, kind, t[s:e], 1.0 if has_area_code else 0.85
    for m in _ADDRESS.finditer(t):
        s = m.end()
        e = _address_end(t, s)
        if e - s >= 4 and free(s, e):
            seen.append((s, e))
            yield s, e, "address", t[s:e], 0.9


# =============================================================================================
# Agencies (a precise baseline; a trained model does better)
# =============================================================================================

# Name endings, longest first; each may be followed by nothing that continues a word.
_AGENCY_SUFFIX = re.compile(
    r"(?:领导小组办公室|人民政府办公室|人民政府办公厅|政府办公室|政府办公厅|管理委员会|人民政府|委员会|管委会|办公室|办公厅|"
    r"党工委|领导小组|服务中心|人民法院|检察院|国务院(?!令)|党中央|档案馆|图书馆|总局|"
    r"中心(?!工作|任务|城区|位置|环节|地位|思想|组|区)|政府(?!网|信息|工作|公报|部门|规章|性|采购|投资|购买|职能|和)|"
    r"局(?![面部限势])|委(?![托派屈婉员])|办(?![理事结法公件好实学班报文证税成完])|(?<![大分展])厅)")
# What may follow a complete name inside a longer one (市人民政府|办公室, 党工委|管委会, 区委|网信办).
_SUB_UNIT = re.compile(r"领导小组办公室|办公室|办公厅|管委会|委员会|领导小组|党工委|服务中心|中心|局|办")
# Strong endings: a name without a place or level word in front must end with one of these.
_STRONG_SUFFIX = re.compile(r"(?:局|委员会|管委会|中心|馆|委|厅|检察院|法院|办公室)$")
_LEVEL_START = re.compile(r"自治区|自治州|街道|[省市区县镇乡]")
_NATIONAL = ("国务院", "党中央", "中共")
_NATIONAL_RE = re.compile("|".join(_NATIONAL))
_NAME_STOP = set("的了在对向将是从把被让使等各我本该其并或也又都就还要、，。；：,.;:（）()“”《》\n感亲路号楼段")
_NAME_VERB = re.compile(r"通过|编制|进驻|入驻|开展|推进|加强|发布|组织|督促|指导|联系|负责|审定|印发|报送|制定|建立|设立|"
                        r"举办|成立|牵头|会同|配合|落实|完成|实施|统筹|按照|依托|利用|围绕|结合|采取|推动|深化|做好|认真|"
                        r"贯彻|坚持|积极|主动|及时|严格|全面|不断|进一步|关于|要求|公开了|门户|网站|平台|调整|完善|提升|"
                        r"优化|切实|聚焦|受到|查阅|指定|简称|作为|召开|参加|参与|听取|审议|批准|同意|下设|设立了|分管|大道|"
                        r"设置|提供|充分|发挥")
# Words after which a name may start (请与…联系, 在…设置, 邀请…授课) and list separators.
_SEPARATORS = ("在", "与", "向", "对", "由", "经", "请", "和", "及", "同", "会同", "配合", "联系", "协调", "对接", "进驻",
               "入驻", "邀请", "至", "到", "是", "为", "了", "从", "将", "把", "被", "让", "接受", "报", "据", "按", "按照",
               "根据", "依据", "即", "以", "给", "经过", "并", "暨", "有", "指定", "设在", "依托", "通过", "落实", "贯彻",
               "转发", "印发", "下发", "关心", "支持", "领导", "部署", "要求")
_SEPARATOR_WORD = re.compile("|".join(sorted(_SEPARATORS, key=len, reverse=True)))
# a name may also start after a non-Chinese character, after a name (区委|区政府) or a date (2011年|区管委会)
_AFTER_NON_NAME = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff]|[委府局办年月日]))[\u4e00-\u9fff]")
_REGULATION_TITLE = re.compile(r"(?:办法|条例|规定|意见|通知|方案|规划|要点|细则|制度|决定|清单|目录|报告|指南|函|批复|公告|"
                               r"通告|标准|规则|纲要|计划|法)$")
_TRAILING_PAREN = re.compile(r"[（(][^）)]*[）)]$")  # 《…办法（试行）》
_PLACE_IN_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:省|市|区|县|自治区|自治州|州|旗|盟)")
_GENERIC = re.compile(r"^(?:我|本|该|各|贵(?:单位|局|委|部门|方|处|司)|有关|相关|上级|下级|全市|全区|全县|全省|区直|市直|县直|省直)")
_MAX_NAME = 20


def _known_places(text: str, issuer: str | None) -> list[str]:
    """Place names (钦州市, 兖州区) from the issuer's name and the title line: a name may start
    with them wherever they stand. A long one also stands for its short form (平潭综合实验区 →
    实验区)."""
    sources = [issuer or ""]
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    sources.append(first[:40])
    places = set()
    for src in sources:
        src = "".join(src.split())
        pos = 0
        while True:
            m = _PLACE_IN_NAME.match(src, pos)
            if not m:
                break
            places.add(m.group())
            if len(m.group()) >= 5:
                places.add(m.group()[-3:])
            pos = m.end()
    return sorted(places, key=len, reverse=True)


def _name_end(t: str, start: int, body_from: int, strong_only: bool) -> int | None:
    """End of the longest agency name starting at ``start`` (its prefix ends at ``body_from``)."""
    best = None
    j = body_from
    limit = min(len(t), start + _MAX_NAME)
    while j < limit:
        m = _AGENCY_SUFFIX.match(t, j)
        if m and (not strong_only or _STRONG_SUFFIX.search(m.group())) and (
                best is None or _SUB_UNIT.fullmatch(m.group())):
            best = max(best or 0, m.end())
        ch = t[j]
        if ch in _NAME_STOP or not _CJK.match(ch) or _NAME_VERB.match(t, j):
            break
        if best is not None and j >= best and _LEVEL_START.match(t, j):
            break  # 区委区政府: two names
        j += 1
    return best


_PLACE_START = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|市|县)(?=[\u4e00-\u9fff])")
# characters that do not occur in place names but do in the words before them (与, 及, 查阅 …)
_NOT_IN_PLACE = set("与及和的在向是为了从将把被让对由经请按照通过度号查阅集中加强大充分发挥精神会第各我本该其并或也又都就还要全")
_LIST_WORD_BEFORE = re.compile(r"(?:、|是|与|同|会同|联合|配合|协调|对接|和|及)$")
_AGENCY_END_BEFORE = re.compile(r"(?:局|委|办|中心|委员会|管委会|党工委|厅|馆|政府)$")


def _agency_starts(t: str, places: list[str]) -> Iterator[tuple[int, int, bool]]:
    """(start, end of prefix, needs a strong ending) of possible names: at a known place
    (钦州市…), at a national body (国务院, 党中央), at a place or level word after a separator
    (请与市…, 部门、平潭县…, 区委区政府), and a bare name in a list or after 与/是
    (市教育局、卫生健康委; 部门是教育局)."""
    fixed: dict[int, tuple[int, int, bool]] = {}
    if places:
        for m in re.finditer("|".join(map(re.escape, places)), t):
            fixed.setdefault(m.start(), (m.start(), m.end(), False))
    for m in _NATIONAL_RE.finditer(t):
        fixed.setdefault(m.start(), (m.start(), m.start(), False))
    boundaries = {m.end() for m in _SEPARATOR_WORD.finditer(t)}
    boundaries |= {m.start() for m in _AFTER_NON_NAME.finditer(t)}
    for i in sorted(boundaries | set(fixed)):
        if i in fixed:
            yield fixed[i]
            continue
        if i >= len(t) or not _CJK.match(t[i]):
            continue
        level = _LEVEL_START.match(t, i)
        if level:
            yield i, level.end(), False
            continue
        named_place = _PLACE_START.match(t, i)
        if named_place and not _GENERIC.match(named_place.group()) and \
                not any(c in _NOT_IN_PLACE for c in named_place.group()[:-1]):
            yield i, named_place.end(), False
            continue
        before = t[max(0, i - 4):i]
        if _LIST_WORD_BEFORE.search(before) and (
                not before.endswith("、") or _AGENCY_END_BEFORE.search(t[max(0, i - 6):i - 1])):
            yield i, i, True


def _agencies(view: TextView, blocked: _Blocked, issuer: str | None) -> Iterator[tuple[int, int, str, str, float]]:
    """(view start, view end, name, role, confidence), one per distinct name at its first place."""
    t = view.text
    issuer_c = "".join((issuer or "").split())
    places = _known_places(view.original, issuer)
    found: list[tuple[int, int, str]] = []
    covered_to = -1
    for s, body_from, strong_only in _agency_starts(t, places):
        if s < covered_to:
            continue  # inside a longer name found from an earlier start
        e = _name_end(t, s, body_from, strong_only)
        if e is None or e - s < 2:
            continue
        name = t[s:e]
        if strong_only and (e - s < 3 or name.endswith("馆")):
            continue
        if _GENERIC.match(name) or _overlaps(blocked.spans, s, e) or _in_regulation_title(t, s):
            continue
        found.append((s, e, name))
        covered_to = e
    if issuer_c and all(n != issuer_c for _, _, n in found):
        i = t.find(issuer_c)
        if i >= 0:
            found.append((i, i + len(issuer_c), issuer_c))
    seen: set[str] = set()
    for s, e, name in sorted(found):
        if name in seen:
            continue
        seen.add(name)
        role = "issuer" if issuer_c and name == issuer_c else "mentioned"
        yield s, e, name, role, 0.9 if role == "issuer" else 0.6


def _in_regulation_title(t: str, i: int) -> bool:
    """Whether the name at ``i`` is inside the title of a regulation or notice (《福建省政府信息
    公开办法》, 《国务院办公厅关于…的通知》); a publication's title (《钦州市人民政府公报》) is not."""
    o = t.rfind("《", max(0, i - 40), i)
    if o < 0 or t.rfind("》", o, i) >= 0:
        return False
    c = t.find("》", i)
    if c < 0:
        return False
    title = _TRAILING_PAREN.sub("", t[o + 1:c])
    return bool(_REGULATION_TITLE.search(title))


# =============================================================================================
# Problems and measures
# =============================================================================================

_PROBLEMS_KEY, _OTHER_KEY = "problems_improvements", "other_matters"


_ATTACHMENT = re.compile(r"附件\s*\d*\s*[:：]|附件下载|附表\s*\d*\s*[:：]")
# the sign-off: a date standing right after a sentence end (and the issuer's name), not in a sentence
_SIGNOFF_DATE = re.compile(rf"(?<=[。\n])[^。，,\n]{{0,24}}?(?:{_YEAR})年(?:{_MONTH})月(?:{_DAY})日"
                           r"(?![^。\n]{0,3}[，,起至到前后])")
_PROBLEMS_HEADING = re.compile(r"(?:^|(?<=[。\n]))[一二三四五六七八九十]{1,2}、[^。\n]{0,16}?问题(?:及|和|与)?(?:改进|整改)(?:情况|措施|方向)?")


def _item_regions(view: TextView, sections: dict) -> Iterator[tuple[str, int, int]]:
    """(section key, view start, view end) of the bodies whose items are problems/measures:
    section 五, else a heading that names problems and improvements (六、主要问题和改进措施)
    which the segmenter did not recognise; and section 六. A body stops at the next numbered
    heading (六、政府信息公开情况统计表 in old reports), an attachment or the sign-off."""
    t = view.text
    sec = sections.get(_PROBLEMS_KEY)
    if sec is not None:
        a, b, heading = view.to_view(sec.start + len(sec.heading)), view.to_view(sec.end), sec.heading
    else:
        m = _PROBLEMS_HEADING.search(t)
        a, b, heading = (m.end(), len(t), m.group()) if m else (None, None, "")
    if a is not None:
        yield _PROBLEMS_KEY, a, _body_end(t, a, b, heading)
    sec = sections.get(_OTHER_KEY)
    if sec is not None:
        a = view.to_view(sec.start + len(sec.heading))
        yield _OTHER_KEY, a, _body_end(t, a, view.to_view(sec.end), sec.heading)


def _body_end(t: str, a: int, b: int, heading: str) -> int:
    body = t[a:b]
    cuts = [m.start() for m in (_ATTACHMENT.search(body), _SIGNOFF_DATE.search(body)) if m]
    numeral = _HEADING_NUMERAL.match(heading.strip())
    n = cn_to_int(numeral.group(1)) if numeral else None
    if n:
        nxt = next((m for m in _ANY_HEADING_NUMERAL.finditer(body) if cn_to_int(m.group(1)) == n + 1), None)
        if nxt:
            cuts.append(nxt.start())
    return a + min(cuts) if cuts else b


_HEADING_NUMERAL = re.compile(r"([一二三四五六七八九十]+)")
_ANY_HEADING_NUMERAL = re.compile(r"(?:^|(?<=[。\n]))([一二三四五六七八九十]{1,2})、")


def _items(view: TextView, sections: dict) -> Iterator[tuple[int, int, str, float]]:
    """(view start, view end, problem|measure, confidence) from sections 五 and (plans) 六."""
    for key, a, b in _item_regions(view, sections):
        body = view.text[a:b]
        if key == _OTHER_KEY and not enumerations.has_plans(body):
            continue
        for item in enumerations.split_items(body):
            label = enumerations.label_item(item)
            if label is None or (key == _OTHER_KEY and label != "measure"):
                continue
            conf = 0.75 if item.kind in ("enumerated", "heading") else 0.55
            yield a + item.start, a + item.end, label, conf


# =============================================================================================
# Entry point
# =============================================================================================


_DOCUMENT_NUMBER = re.compile(r"[〔\[【(（](?:19|20)\d{2}[〕\]】)）]\d+号|第\d+号")


def _claim_non_numbers(view: TextView, blocked: _Blocked, year: int | None):
    """Find dates and contacts first and mark their characters as taken, so that the digits of a
    phone number, a URL or a date never become counts. Returns (dates, contacts)."""
    dates = list(_dates(view, blocked, year))
    contacts = list(_contacts(view, blocked))
    for s, e, *_ in dates + contacts:
        blocked.take(s, e)
    # document numbers 〔2019〕60号 and bracketed years are not counts either
    for m in _DOCUMENT_NUMBER.finditer(view.text):
        blocked.take(m.start(), m.end())
    return dates, contacts


def rule_facts(text: str, sections: dict, year: int | None, exclude: Iterable = (),
               issuer: str | None = None) -> list[Fact]:
    """All rule-based narrative facts of one report, in text order.

    ``sections`` is :func:`ie.sections.segment`'s result for ``text``; ``year`` the year reported
    on (a month-day without a year in its phrase takes it); ``exclude`` the table regions, as
    (start, end) pairs or objects with ``start``/``end``; ``issuer`` the publishing body's name
    (its agency fact gets ``role: issuer``)."""
    view = TextView(text)
    blocked, dates, contacts = _prepare(view, sections, exclude, year)
    facts: list[Fact] = []

    def add(fact_type: str, vs: int, ve: int, conf: float, **fields) -> None:
        s, e = view.span(vs, ve)
        facts.append(Fact(fact_type, text[s:e], s, e, section_at(sections, s), "rule", conf, fields))

    for vs, ve, value, conf in dates:
        add("date", vs, ve, conf, value=value)
    for vs, ve, kind, value, conf in contacts:
        add("contact", vs, ve, conf, kind=kind, value=value)
    for m in _number_mentions(view, blocked, _heading_ends(view, sections)):
        facts.append(_number_fact(view, m, sections))
    for vs, ve, name, role, conf in _agencies(view, blocked, issuer):
        add("agency", vs, ve, conf, role=role)
    for vs, ve, label, conf in _items(view, sections):
        add(label, vs, ve, conf)
    facts.sort(key=lambda f: (f.start, f.end))
    return facts
