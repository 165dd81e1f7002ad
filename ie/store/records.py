"""The plain records that :class:`~ie.store.FactStore` returns: dataclasses with ``to_dict()``.

Every record names its report by ``report_id`` (the content hash) and carries the report's
issuer and year, so a list of records can be read, filtered or written out on its own.
Offsets (``start``/``end``) index the report's text, as in :class:`ie.Report`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class _Record:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ReportRecord(_Record):
    """A stored report without its parts (``FactStore.report(id)`` returns the whole Report)."""

    id: str
    source: str
    format: str
    template: str
    issuer: str | None
    year: int | None
    published: str | None
    extractor: str
    ingested_at: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class FactRecord(_Record):
    """One narrative fact; ``fields`` holds its type-specific fields (value, unit, metric...)."""

    report_id: str
    issuer: str | None
    year: int | None
    type: str
    text: str
    start: int
    end: int
    section: str | None
    method: str
    confidence: float
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class CellRecord(_Record):
    """One table cell; ``value`` is None when the report does not print it or it is unresolved."""

    report_id: str
    issuer: str | None
    year: int | None
    key: str
    label: str | None
    value: int | float | str | None
    raw: str | None
    start: int | None
    end: int | None
    method: str | None
    flags: list[str] = field(default_factory=list)


@dataclass
class Hit(_Record):
    """One search result.

    ``kind`` is ``text`` (a sentence of the report), ``fact`` (``type`` is the fact type) or
    ``cell`` (``key``; ``text`` is the cell's label and ``value`` its value). ``highlights`` are
    the spans of ``text`` that match the query; ``start``/``end`` place ``text`` in the report
    (for a cell, the printed value). ``score`` is bm25 relevance, higher is better."""

    kind: str
    report_id: str
    source: str
    issuer: str | None
    year: int | None
    section: str | None
    text: str
    start: int | None
    end: int | None
    score: float
    highlights: list[tuple[int, int]] = field(default_factory=list)
    type: str | None = None
    key: str | None = None
    value: Any = None

    def snippet(self, width: int = 80, marks: tuple[str, str] = ("«", "»")) -> str:
        """``text`` cut to about ``width`` characters around the first match, matches marked."""
        text, spans = self.text, self.highlights
        lo, hi = 0, len(text)
        if len(text) > width:
            first = spans[0][0] if spans else 0
            lo = max(0, min(first - width // 3, len(text) - width))
            hi = lo + width
        parts, pos = [], lo
        for start, end in spans:
            start, end = max(start, lo), min(end, hi)
            if start >= end:
                continue
            parts += [text[pos:start], marks[0], text[start:end], marks[1]]
            pos = end
        parts.append(text[pos:hi])
        body = " ".join("".join(parts).split())  # line breaks of the source would break a table row
        return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")
