"""Number mentions (counts, amounts, percents) with their metrics, as facts; and
:func:`count_candidates`, the same mentions for a trained model that decides metrics itself."""
from __future__ import annotations

import bisect
from typing import Iterable, Iterator

from ..numbers import Quantity, find_counts, find_money, find_percents, yuan
from .exclusions import Exclusions, find_exclusions
from .metrics import Mention, metric_span, phrase_start, share_adjacent_metrics
from .strings import enclosing
from .view import TextView, ViewFact, body_start

_QUOTE_PAIRS = {"《": "》", "“": "”", "〈": "〉"}
_STRUCTURE_NOUNS = ("部分", "方面", "章节")  # 报告分为六个部分: the report's own structure


def count_candidates(text: str, sections: dict | None = None, exclude: Iterable = ()) -> list[dict]:
    """Every number+unit mention that the rules accept as a possible count/amount/percent,
    with its spans in ``text``: ``{"kind", "start", "end", "value", "unit", "approx",
    "metric", "metric_start", "metric_end"}``. For a trained model to reuse the number
    grammar and the exclusions while deciding metrics itself."""
    view = TextView.of(text)
    sections = sections or {}
    exclusions, _, _ = find_exclusions(view, sections, exclude, year=None)
    out = []
    for m in number_mentions(view, exclusions, sections):
        s, e = view.span(m.q.start, m.q.end)
        ms, me = view.span(m.metric_start, m.metric_end) if m.metric_end > m.metric_start else (None, None)
        out.append({"kind": m.q.kind, "start": s, "end": e, "value": m.q.value, "unit": m.q.unit,
                    "approx": m.q.approx, "metric": view.text[m.metric_start:m.metric_end],
                    "metric_start": ms, "metric_end": me})
    return out


def number_facts(view: TextView, exclusions: Exclusions, sections: dict) -> Iterator[ViewFact]:
    """count, amount and percent facts: the span runs from the metric to the unit."""
    for m in number_mentions(view, exclusions, sections):
        yield _number_fact(view, m)


def number_mentions(view: TextView, exclusions: Exclusions, sections: dict) -> list[Mention]:
    """Counts, amounts and percents with their metrics, in text order; a metric never reaches
    back over a section heading or the previous mention."""
    t = view.text
    heading_ends = sorted(body_start(view, s) for s in sections.values() if s.heading)
    mentions: list[Mention] = []
    previous: Mention | None = None
    for q in _quantities(t, exclusions):
        floor = previous.end if previous else 0
        k = bisect.bisect_right(heading_ends, q.start)
        if k:
            floor = max(floor, heading_ends[k - 1])
        ms, me = metric_span(t, q, min(floor, q.start), previous)
        previous = Mention(q, ms, me)
        mentions.append(previous)
    share_adjacent_metrics(t, mentions)
    return mentions


def _quantities(t: str, exclusions: Exclusions) -> list[Quantity]:
    """The numbers+units the context allows, in text order; money first, so that 35.473万元 is
    an amount and not a count of 元."""
    found: list[Quantity] = []
    for finder in (find_money, find_percents, find_counts):
        for q in finder(t):
            if any(q.num_start < f.end and f.num_start < q.end for f in found):
                continue
            if _context_rejects(t, q, exclusions):
                continue
            if q.kind == "count" and t.startswith(_STRUCTURE_NOUNS, q.end):
                continue
            found.append(q)
    found.sort(key=lambda q: q.start)
    return found


def _context_rejects(t: str, q: Quantity, exclusions: Exclusions) -> bool:
    """Ordinals, parts of identifiers, frequencies, template labels, titles and table cells."""
    ns = q.num_start
    prev = t[q.start - 1] if q.start > 0 else ""
    if prev == "第" or (q.chinese and prev in "周星初"):
        return True
    if prev and (prev.isascii() and (prev.isalnum() or prev in "_/#@.-")):
        return True
    clause = t[phrase_start(t, q.start, max(0, q.start - 8)):q.start]
    if "每" in clause:
        return True  # 每月1次: a frequency, not a tally
    if exclusions.in_label(ns, q.num_end) or exclusions.blocks(ns, q.num_end):
        return True
    return _inside_title_or_quote(t, ns)


def _inside_title_or_quote(t: str, i: int) -> bool:
    """True when view index ``i`` is inside 《…》, or inside a short “…” (a name or slogan)."""
    for open_, close in _QUOTE_PAIRS.items():
        pair = enclosing(t, i, open_, close)
        if pair and (open_ != "“" or pair[1] - pair[0] <= 16):
            return True
    return False


def _number_fact(view: TextView, m: Mention) -> ViewFact:
    q = m.q
    metric = view.text[m.metric_start:m.metric_end]
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
    return ViewFact(q.kind, m.start, m.end, confidence, fields)
