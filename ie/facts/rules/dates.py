"""Dates in the prose (2021年1月14日, 二〇二〇年十二月, 2021.03.05, ranges 10月18日至22日), as ISO
values. A month-day without a year takes the last year written before it in its sentence, else
the year reported on."""
from __future__ import annotations

import re
from typing import Iterator

from ...textnorm import cn_digits_to_int, cn_to_int
from .spans import Span, overlaps
from .strings import clause_start
from .view import TextView, ViewFact

_ZERO = "〇零○Ｏ"
_ZERO_TO_LING = str.maketrans({z: "〇" for z in _ZERO})
YEAR = rf"(?:19|20)\d{{2}}|[{_ZERO}一二][{_ZERO}一二三四五六七八九]{{3}}"
MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
DAY = r"3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_RANGE_SIGN = r"[—–\-－~～至到]"
DATE_RE = re.compile(rf"(?<![\d{_ZERO}一二三四五六七八九十])(?:(?P<y>{YEAR})年)?(?P<m>{MONTH})月(?:(?P<d>{DAY})[日号])?")
_RANGE_TAIL = re.compile(rf"(?P<conn>{_RANGE_SIGN})(?:(?P<y>{YEAR})年)?(?:(?P<m>{MONTH})月)?(?P<d>{DAY})[日号]")
_MONTH_RANGE = re.compile(rf"(?P<y>{YEAR})年(?P<m>{MONTH}){_RANGE_SIGN}(?P<m2>{MONTH})月(?![\d一二三四五六七八九十]+[日号])")
_NUMERIC_DATE = re.compile(r"(?<![\d.])((?:19|20)\d{2})([-/.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d])")
_YEAR_MENTION = re.compile(rf"(?<!\d)({YEAR})年")
_DASHES = "—–-－~～"


def find_dates(view: TextView, regions: list[Span], year: int | None) -> Iterator[ViewFact]:
    """Every date outside ``regions`` (tables, chrome): month ranges (2020年1-6月) first, then
    dates written with 月 (and their ranges), then numeric dates (2021-03-05)."""
    t = view.text
    month_ranges = list(_month_ranges(t, regions))
    yield from month_ranges
    yield from _written_dates(t, regions, year, [(f.start, f.end) for f in month_ranges])
    yield from _numeric_dates(t, regions)


def _month_ranges(t: str, regions: list[Span]) -> Iterator[ViewFact]:
    for m in _MONTH_RANGE.finditer(t):
        y, m1, m2 = _int(m.group("y")), _int(m.group("m")), _int(m.group("m2"))
        a, b = _iso(y, m1, None), _iso(y, m2, None)
        if a and b and a < b and not overlaps(regions, m.start(), m.end()):
            yield ViewFact("date", m.start(), m.end(), 1.0, {"value": f"{a}/{b}"})


def _written_dates(t: str, regions: list[Span], year: int | None, month_ranges: list[Span]) -> Iterator[ViewFact]:
    """Dates written with 月 (2021年1月14日, 1月14日, 二〇二〇年十二月); a month without a year
    (8月底) is not a date."""
    for m in DATE_RE.finditer(t):
        if overlaps(month_ranges, m.start(), m.end()):
            continue
        y, mo, d = _int(m.group("y")), _int(m.group("m")), _int(m.group("d"))
        if d is None and y is None:
            continue
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
        if d is not None:
            value, end = _with_range_tail(t, end, y, mo, value)
        if overlaps(regions, m.start(), end):
            continue
        yield ViewFact("date", m.start(), end, conf, {"value": value})


def _with_range_tail(t: str, end: int, y: int, mo: int, value: str) -> tuple[str, int]:
    """The date at ``value`` extended by a range tail right after it (…18日至22日, …18日-11月2日);
    after 至/到 only a bare day is joined."""
    tail = _RANGE_TAIL.match(t, end)
    if tail and (tail.group("conn") in _DASHES or not (tail.group("y") or tail.group("m"))):
        y2 = _int(tail.group("y")) or y
        m2 = _int(tail.group("m")) or mo
        second = _iso(y2, m2, _int(tail.group("d")))
        if second and second > value:
            return f"{value}/{second}", tail.end()
    return value, end


def _numeric_dates(t: str, regions: list[Span]) -> Iterator[ViewFact]:
    for m in _NUMERIC_DATE.finditer(t):
        value = _iso(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if value and not overlaps(regions, m.start(), m.end()):
            yield ViewFact("date", m.start(), m.end(), 0.9, {"value": value})


def _int(s: str | None) -> int | None:
    """A year, month or day as written: 2021, 二〇二一, 十二."""
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
    years = list(_YEAR_MENTION.finditer(t, clause_start(t, i, "。！？\n"), i))
    return _int(years[-1].group(1)) if years else None
