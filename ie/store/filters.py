"""User filters (year, issuer, report) as SQL conditions on ``reports r``.

Issuers are matched fuzzily, because one body is spelt several ways across years and
converters (淮安市人民政府 / 淮安市政府, OCR slips such as 沐阳 for 沭阳): rapidfuzz's WRatio
scores the distinct issuers of the store, and those within a few points of the best score
pass. A short query such as 洪泽 matches every issuer that contains it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import LCSseq

ISSUER_CUTOFF = 80  # WRatio below this is a different body
ISSUER_MARGIN = 5  # keep the issuers this close to the best match
# For a one-word query, WRatio >= 80 needs about 2/3 of its characters in order in the name;
# counting them (LCS) is far cheaper than WRatio, so tens of thousands of issuers are screened
# first. (Several words bring WRatio's token ratios in, which the count does not bound.)
_SHARED_CHARS = 0.6


def match_issuers(query: str, issuers: Iterable[str]) -> list[str]:
    """The issuers that ``query`` names, best first."""
    plausible = list(issuers)
    words = utils.default_process(query)
    if " " not in words:
        plausible = [name for name, _, _ in process.extract(
            query, plausible, scorer=LCSseq.similarity, processor=utils.default_process,
            score_cutoff=math.ceil(_SHARED_CHARS * len(words)), limit=None)]
    scored = process.extract(query, plausible, scorer=fuzz.WRatio, processor=utils.default_process,
                             score_cutoff=ISSUER_CUTOFF, limit=None)
    if not scored:
        return []
    best = scored[0][1]
    return [name for name, score, _ in scored if score >= best - ISSUER_MARGIN]


def years(value: int | str | Iterable[int] | None) -> list[int] | None:
    """2021, "2021", "2019-2021", "2019,2021" or a list of years as a list (None: any year)."""
    if value is None:
        return None
    if isinstance(value, int):
        return [value]
    if isinstance(value, str):
        out: list[int] = []
        for part in value.replace("，", ",").split(","):
            lo, _, hi = part.strip().partition("-")
            if not lo.isdigit() or (hi and not hi.isdigit()):
                raise ValueError(f"not a year or range of years: {value!r} (e.g. 2021 or 2019-2021)")
            out += range(int(lo), int(hi or lo) + 1)
        return out
    return [int(y) for y in value]


def as_list(value: str | Iterable[str] | None) -> list[str] | None:
    """A value or values, where a string may list several separated by commas."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    return [v.strip() for v in items if v.strip()]


@dataclass
class ReportFilter:
    """Which reports a query may return (None: no condition on that column)."""

    years: list[int] | None = None
    issuers: list[str] | None = None  # exact names, already fuzzy-matched
    report_ids: list[str] | None = None

    def sql(self, alias: str = "r") -> tuple[str, list]:
        """``(condition, params)`` on the reports table aliased ``alias`` ("1" when empty)."""
        terms, params = [], []
        for column, values in (("year", self.years), ("issuer", self.issuers), ("id", self.report_ids)):
            if values is not None:
                terms.append(f"{alias}.{column} IN ({', '.join('?' * len(values))})" if values else "0")
                params += values
        return (" AND ".join(terms) or "1"), params
