"""Where each table is, and which template each follows (spec §9).

Regions are located by the tables' own anchor phrases (the 第二十条 captions, the table-2 corner
note and row labels, the table-3 header words), with the section headings as limits, so that a
report with renumbered or missing headings still yields its tables."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..schema import T1_TEMPLATE_MARKERS, T2_ROWS
from ..sections import Section
from ..textnorm import norm, norm_with_offsets

# Labels whose presence decides the table-2 variant: the 2021 sub-rows of （六）其他处理.
_T2_2021_MARKERS = ("逾期不补正", "收费通知", "缴纳费用")
_T2_START = ("勾稽关系", "申请人情况", "本年新收政府信息公开申请")
_T2_LAST_ROW = ("结转下年度继续办理", "结转下一年度继续办理", "结转下年度")
_T3_START = ("行政复议", "结果维持")
# Table 1 starts at a block caption; a bare 第二十条 or the 信息内容 header are weaker anchors (the
# prose before the table often cites 《条例》第二十条).
_T1_STARTS = (("第二十条第(一)项", "第二十条第(五)项", "第二十条第(六)项"), ("第二十条",), ("信息内容",))


@dataclass
class Region:
    table: str  # proactive | applications | review_litigation
    start: int
    end: int


@dataclass
class Regions:
    proactive: Region | None
    applications: Region | None
    review_litigation: Region | None

    def all(self) -> list[Region]:
        return [r for r in (self.proactive, self.applications, self.review_litigation) if r]


class _Finder:
    """Search normalised phrases in the document and map hits back to text offsets."""

    def __init__(self, text: str):
        self.text = text
        self.normed, self.offsets = norm_with_offsets(text)
        self.offsets.append(len(text))

    def _nidx(self, pos: int) -> int:
        """Index in the normalised text of the first character at or after ``pos``."""
        return bisect.bisect_left(self.offsets, pos)

    def find(self, phrases: tuple[str, ...], start: int = 0, end: int | None = None) -> int | None:
        """Offset of the earliest occurrence of any phrase in text[start:end]."""
        lo, hi = self._nidx(start), self._nidx(len(self.text) if end is None else end)
        hits = [self.normed.find(norm(p), lo, hi) for p in phrases]
        hits = [h for h in hits if h >= 0]
        return self.offsets[min(hits)] if hits else None

    def find_last_end(self, phrases: tuple[str, ...], start: int, end: int) -> int | None:
        lo, hi = self._nidx(start), self._nidx(end)
        best = None
        for p in phrases:
            q = norm(p)
            h = self.normed.rfind(q, lo, hi)
            if h >= 0 and (best is None or h + len(q) > best):
                best = h + len(q)
        return None if best is None else self.offsets[best - 1] + 1


def locate(text: str, sections: dict[str, Section]) -> Regions:
    f = _Finder(text)
    n = len(text)

    def sec(key: str) -> Section | None:
        return sections.get(key)

    # table 2 first: its anchors are the most distinctive
    search_from = sec("applications").start if sec("applications") else 0
    t2_start = f.find(_T2_START, search_from)
    if t2_start is None and search_from:
        t2_start = f.find(_T2_START)
    t1_from = sec("proactive").start if sec("proactive") else 0
    t1_limit = t2_start if t2_start is not None else n
    t1_start = next((s for s in (f.find(phrases, t1_from, t1_limit) for phrases in _T1_STARTS) if s is not None),
                    None)
    proactive = Region("proactive", t1_start, t1_limit) if t1_start is not None else None
    if proactive and t2_start is None:
        proactive.end = _end_of_tables(text, f, proactive.start, sections)

    applications = review = None
    if t2_start is not None:
        t2_end_guess = _end_of_tables(text, f, t2_start, sections)
        rl = sec("review_litigation")
        if rl and t2_start < rl.start < t2_end_guess:
            t3_start = rl.start
        else:
            last_row = f.find_last_end(_T2_LAST_ROW, t2_start, t2_end_guess)
            t3_start = f.find(_T3_START, last_row if last_row else t2_start, t2_end_guess)
        if t3_start is None:
            applications = Region("applications", t2_start, t2_end_guess)
        else:
            applications = Region("applications", t2_start, t3_start)
            review = Region("review_litigation", t3_start, _end_of_table3(text, f, t3_start, sections))
    return Regions(proactive, applications, review)


def _end_of_table3(text: str, f: _Finder, start: int, sections: dict[str, Section]) -> int:
    """Table 3 ends at heading 五; when that heading is lost (reworded beyond recognition, or
    dropped by a PDF conversion), before the first line of prose after its header row, so that
    the text of section 五 is not taken for part of the table."""
    end = _end_of_tables(text, f, start, sections)
    five = sections.get("problems_improvements")
    if five is not None and five.start > start:
        return end
    header = f.find(_T3_HEADER, start, end)
    header = start if header is None else header
    line_start = text.rfind("\n", 0, header) + 1
    for line in text[line_start:end].split("\n"):
        if _is_prose(line):
            break
        line_start += len(line) + 1
    else:
        return end
    if line_start <= header:  # the table and the prose share one line (web scrapes)
        cells_start = max((h.end() for h in _HEADER_BEFORE_CELLS.finditer(text, header, end)), default=header)
        m = _PROSE_START.search(text, cells_start, end)
        if m is None:
            return end
        # "…0 2022年，…" or "…00032025年，…": the year that opens the sentence belongs to it
        lead = _LEADING_DIGITS.search(text, cells_start, m.start()) or _GLUED_YEAR.search(text, cells_start, m.start() + 1)
        return lead.start() if lead else m.start()
    # a sub-heading may lead into the prose: stop after the line of the table's last number
    last_digit = max((d.end() for d in _DIGIT.finditer(text, header, line_start)), default=header)
    line_end = text.find("\n", last_digit, line_start)
    return line_start if line_end < 0 else line_end + 1


def _is_prose(line: str) -> bool:
    """Prose, not a table line: sentence punctuation among Chinese words (table 3 prints none)."""
    return bool(_SENTENCE_PUNCT.search(line)) and sum(1 for c in line if "\u4e00" <= c <= "\u9fff") >= 8


# Words of table 3's header row (prose before it is section 四's lead-in); a prose sentence
# starts with a Chinese character (never with a glued cell digit).
_T3_HEADER = ("总计", "审结")
_SENTENCE_PUNCT = re.compile(r"[，。；,;]")
_DIGIT = re.compile(r"\d")
_LEADING_DIGITS = re.compile(r"(?<=\s)\d+$")
_GLUED_YEAR = re.compile(r"(?:19|20)\d\d(?=年$)")
_HEADER_BEFORE_CELLS = re.compile(r"(?:总\s*计|审\s*结)\s*(?=\d)")
_PROSE_START = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff，、；：“”,;:\d]{14,}[。.]")


def _end_of_tables(text: str, f: _Finder, start: int, sections: dict[str, Section]) -> int:
    """Where the tables stop: the next heading of section 五 or 六 after ``start``, else the first
    long run of prose."""
    ends = [s.start for k, s in sections.items() if k in ("problems_improvements", "other_matters", "signoff")
            and s.start > start]
    if ends:
        return min(ends)
    m = _PROSE.search(text, start)
    return m.start() if m else len(text)


# A sentence of prose (table labels never end with 。): where tables stop when no heading says so.
_PROSE = re.compile(r"[\u4e00-\u9fff，、；：“”\d]{15,}。")


def table1_template(text: str, region: Region | None) -> str | None:
    if region is None:
        return None
    content = norm(text[region.start:region.end])
    hits = {tpl: sum(1 for m in markers if norm(m) in content) for tpl, markers in T1_TEMPLATE_MARKERS.items()}
    if not any(hits.values()):
        return None
    return max(hits, key=lambda k: hits[k])


def table2_variant(text: str, region: Region | None) -> str | None:
    """tpl2021 when （六）其他处理 has its three sub-rows, tpl2019 when the table reaches past
    （六） without them, None when the table stops before （六） (truncated)."""
    if region is None:
        return None
    content = norm(text[region.start:region.end])
    if any(norm(m) in content for m in _T2_2021_MARKERS):
        return "tpl2021"
    tail = [r.aliases[0] for r in T2_ROWS["tpl2019"][-3:]]  # 其他处理, 总计, 结转
    if any(norm(a) in content for a in tail):
        return "tpl2019"
    return None
