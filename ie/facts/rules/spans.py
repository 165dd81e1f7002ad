"""Sorted lists of (start, end) spans: merging them and testing a range against them by
bisection, since every finder asks "is this range free?" many times per document."""
from __future__ import annotations

import bisect

Span = tuple[int, int]


def merge(spans: list[Span]) -> list[Span]:
    """The spans sorted, with overlapping or touching ones joined."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def overlaps(spans: list[Span], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps a span of the sorted list ``spans``.

    Only the spans next to ``start`` are looked at: exact for merged or disjoint spans."""
    i = bisect.bisect_right(spans, (start, float("inf")))
    if i > 0 and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end
