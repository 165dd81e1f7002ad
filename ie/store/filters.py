"""User filters (year, issuer, report) as SQL conditions on ``reports r``.

Issuers are matched by body (:func:`ie.body.match_issuers`): one body is spelt several ways
across years and converters (淮安市人民政府 / 淮安市政府 / 淮安市洪泽区… for 洪泽区…, the OCR
slip 沐阳 for 沭阳), but a near spelling of a place is another place (贵阳 is not 贵港). A query
without a division (洪泽, 财政局) matches every issuer that contains it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..body import match_issuers

__all__ = ["match_issuers", "years", "as_list", "ReportFilter"]


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
    issuers: list[str] | None = None  # exact names, already matched by body
    report_ids: list[str] | None = None

    def sql(self, alias: str = "r") -> tuple[str, list]:
        """``(condition, params)`` on the reports table aliased ``alias`` ("1" when empty)."""
        terms, params = [], []
        for column, values in (("year", self.years), ("issuer", self.issuers), ("id", self.report_ids)):
            if values is not None:
                terms.append(f"{alias}.{column} IN ({', '.join('?' * len(values))})" if values else "0")
                params += values
        return (" AND ".join(terms) or "1"), params
