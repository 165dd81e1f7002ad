"""Where facts cannot be, decided in one place: table regions (the caller's ``exclude`` spans
plus stretches of unit-less digits that read like a table), web-page chrome, numerals inside
template labels (属于三类内部事务信息), and the characters of dates, contacts and document
numbers (〔2019〕60号), whose digits are never counts."""
from __future__ import annotations

import bisect
import re
from typing import Iterable

from ...schema import T1_COLUMN_LABELS, T1_ROW_LABELS, T2_ROWS, T3_OUTCOME_LABELS
from ..numbers import COUNT_UNITS, find_counts
from .contacts import find_contacts
from .dates import find_dates
from .spans import Span, merge, overlaps
from .strings import any_word, longest_first, occurrences
from .view import TextView, ViewFact

# Web-page chrome: metadata lines of a scraped page and link lists after the report.
_CHROME_LINE = re.compile(r"^[ \t\u3000]*(?:标题|发布时间|发布日期|更新时间|文号|发文字号|发布机构|发文机关|栏目|原文链接|原始链接|"
                          r"本地目录|页面链接|来源|信息来源|索引号|浏览次数|点击数|访问量|主题分类|公开方式|公开范围|"
                          r"有效性|字号|分类)[ \t\u3000]*[:：].*$|^[ \t\u3000]*=+.*=+[ \t\u3000]*$|"
                          r"^[ \t\u3000]*页面链接.*$", re.M)
_NEXT_LINE = re.compile(r"\n([^\n]*)")
# A page's byline inside a scraped line: 来源：平潭县人民政府 时间：2018-01-23 08:51
# (a crawler may break it around its numbers: 时间：\n2018\n-01-23)
_BYLINE = re.compile(r"(?:信息)?来源[:：]\s*[^\s，。；:：]{2,30}\s+(?:发布)?时间[:：]\s*"
                     r"(?:\d\s*){4}-\s*(?:\d\s*){1,2}-\s*\d(?:\s*\d)?(?:\s+(?:\d\s*){1,2}:\s*\d\s*\d(?:\s*:\s*\d\s*\d)?)?")
# A scraper's metadata header at the top of the text: "key: value" lines (标题: …, 发布时间: …,
# 原始链接: https://…) down to a 正文 marker. Its link is the page's, not a contact of the office.
_HEADER_KEYS = ("标题", "发布时间", "发布日期", "更新时间", "文号", "发文字号", "发布机构", "发文机关", "栏目", "原文链接",
                "原始链接", "本地目录", "来源", "信息来源", "索引号", "主题分类", "公文种类", "成文日期", "有效性")
_HEADER_LINE = re.compile(r"[ \t\u3000]*(?P<key>[\u4e00-\u9fffA-Za-z]{2,8})[ \t\u3000]*[:：][^\n]*(?:\n|$)")
_HEADER_EXTRA_LINE = re.compile(r"[ \t\u3000]*(?:页面链接[^\n]*)?(?:\n|$)")  # blank, or 页面链接与图片详见 links.tsv
_BODY_MARKER = re.compile(r"[ \t\u3000]*(?:=+[ \t\u3000]*正文[ \t\u3000]*=+|正文[ \t\u3000]*[:：]?)[ \t\u3000]*(?:\n|$)")
_LINK_LIST_HEAD = re.compile(r"^[ \t\u3000]*(?:相关链接|友情链接|文件下载|相关文件|附件下载)[ \t\u3000]*[:：]?[ \t\u3000]*$", re.M)
_DOCUMENT_NUMBER = re.compile(r"[〔\[【(（](?:19|20)\d{2}[〕\]】)）]\d+号|第\d+号")
_DATE_PART = re.compile(r"\d+(?=[年月日号])")
_DIGIT_RUN = re.compile(r"\d+(?:\.\d+)?")
_UNIT_START = re.compile(r"(?:余|多)?(?:万|亿)?(?:大|小)?(?:" + "|".join(COUNT_UNITS) + r"|[%％元])")


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
    return longest_first(out)


def _table_words() -> re.Pattern:
    """Captions, column and row labels of the template tables (第二十条, 信息内容, 采购总金额 …)."""
    words = {"第二十条", "信息内容", "勾稽关系", "申请人情况"}
    words |= {v for v in T1_COLUMN_LABELS.values() if "（" not in v}
    words |= {a for _, aliases in T1_ROW_LABELS.values() for a in aliases}
    words |= set(T3_OUTCOME_LABELS.values())
    return any_word(words)


_LABEL_NUMERALS = _label_numeral_phrases()
_TABLE_WORDS = _table_words()


class Exclusions:
    """Character ranges (view indices) where no numeric fact may be taken.

    ``regions`` are the caller's table regions and the page chrome, closed to every kind of
    fact; ``taken`` the characters of dates, contacts and document numbers; ``guessed`` the
    stretches that read like a table, guessed once ``taken`` is complete so that those digits
    do not count; ``label_spans`` the template labels that hold a numeral."""

    def __init__(self, view: TextView, exclude: Iterable):
        self.view = view
        self.regions = closed_regions(view, exclude)
        self.table_ends = [view.to_view(e) for _, e in _spans_of(exclude)]
        self.guessed: list[Span] = []
        self.taken: list[Span] = []
        self.label_spans = [(i, i + len(lab)) for lab in _LABEL_NUMERALS for i in occurrences(view.text, lab)]

    def take(self, start: int, end: int) -> None:
        bisect.insort(self.taken, (start, end))

    def guess_tables(self, section_starts: list[int]) -> None:
        # a known table's end is a boundary too: prose may follow the last row without a 。
        bounds = section_starts + self.table_ends
        self.guessed = merge(_tablelike_chunks(self.view.text, bounds, self.taken))

    def blocks(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` touches a region, a guessed table or a taken character."""
        return (overlaps(self.regions, start, end) or overlaps(self.guessed, start, end)
                or overlaps(self.taken, start, end))

    def in_label(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.label_spans)


def closed_regions(view: TextView, exclude: Iterable) -> list[Span]:
    """The caller's table regions and the page chrome, in view indices, merged: closed to every
    kind of fact (the agency ranker reads the same ones)."""
    given = _spans_of(exclude) + chrome_spans(view.original)
    return merge([(view.to_view(s), view.to_view(e)) for s, e in given])


def find_exclusions(view: TextView, sections: dict, exclude: Iterable,
                    year: int | None) -> tuple[Exclusions, list[ViewFact], list[ViewFact]]:
    """The exclusions of one document, with its dates and contacts.

    Dates and contacts are found first and their characters taken, so that the digits of a
    phone number, a URL or a date never become counts; tables are guessed after, so that those
    digits do not make a sentence look like one. The dates and contacts are returned because
    they are facts themselves."""
    exclusions = Exclusions(view, exclude)
    dates = list(find_dates(view, exclusions.regions, year))
    contacts = list(find_contacts(view, exclusions.regions))
    for f in dates + contacts:
        exclusions.take(f.start, f.end)
    for m in _DOCUMENT_NUMBER.finditer(view.text):  # 〔2019〕60号 and bracketed years
        exclusions.take(m.start(), m.end())
    exclusions.guess_tables(sorted(view.to_view(s.start) for s in sections.values()))
    return exclusions, dates, contacts


def _spans_of(exclude: Iterable) -> list[Span]:
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


def scraper_header_end(text: str) -> int:
    """End of the metadata header a scraper put before the report (0 when there is none): the
    lines from the top that read ``key: value``, two or more of them with a known key, down to
    and with a 正文 marker line; without a marker, down to the last line with a known key. The
    report's own prose gives its portal where it does: that address is a contact, this one not."""
    i = known = known_end = 0
    while i < len(text):
        marker = _BODY_MARKER.match(text, i)
        if marker and marker.end() > i:
            return marker.end() if known >= 2 else 0
        line = _HEADER_LINE.match(text, i)
        if line:
            if line.group("key") in _HEADER_KEYS:
                known, known_end = known + 1, line.end()
            i = line.end()
            continue
        extra = _HEADER_EXTRA_LINE.match(text, i)
        if not extra or extra.end() == i:
            break
        i = extra.end()
    return known_end if known >= 2 else 0


def chrome_spans(text: str) -> list[Span]:
    """The scraper's metadata header, metadata lines and bylines of a scraped page, and link
    lists (a heading, then short lines)."""
    spans = [(m.start(), m.end()) for rx in (_CHROME_LINE, _BYLINE) for m in rx.finditer(text)]
    header_end = scraper_header_end(text)
    if header_end:
        spans.append((0, header_end))
    for m in _LINK_LIST_HEAD.finditer(text):
        end = m.end()
        for line in _NEXT_LINE.finditer(text, m.end()):
            s = line.group(1).strip()
            if len(s) > 24 or any(p in s for p in "。；，"):
                break
            end = line.end()
        spans.append((m.start(), end))
    return spans


def _tablelike_chunks(t: str, bounds: list[int], taken: list[Span]) -> list[Span]:
    """Stretches between sentence ends (and ``bounds``) that read like a table: many digit
    runs, few of them followed by a measure word, a % or 元. Glued web-scrape cells
    (政府集中采购13575394432.52元) live in such stretches."""
    cuts = sorted({0, len(t), *bounds, *(i + 1 for i, ch in enumerate(t) if ch == "。")})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        chunk = t[a:b]
        runs = [m for m in _DIGIT_RUN.finditer(chunk) if not _DATE_PART.match(chunk, m.start())
                and not overlaps(taken, a + m.start(), a + m.end())]
        if len(runs) < 3:
            continue
        with_unit = sum(1 for m in runs if _UNIT_START.match(chunk, m.end()))
        if with_unit > 0.25 * len(runs):
            continue
        if len(runs) >= 6 or len(_TABLE_WORDS.findall(chunk)) >= 3:
            out.append((a, b))
    return out
