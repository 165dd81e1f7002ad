"""What the search index holds for a report: the sentences of its text, and its facts.

A sentence ends at 。！？；(or their ASCII forms), never at a line break, because PDF text
wraps lines mid-word. Each sentence stays inside one section, so a hit knows its section.
Pieces without a single letter (rows of table numbers, page numbers) are not indexed: table
cells are found through their labels instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..report import Report
from .tokens import index_terms, partition

_SENTENCE_END = re.compile(r"[。！？；!?;]+")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Passage:
    """One row of the search index: a sentence (``fact`` is None) or the text of a fact
    (``fact`` is its index in ``Report.facts``). ``terms`` is what FTS5 indexes (prefixed with
    the passage's partition code, see :mod:`ie.store.tokens`); ``length`` counts them."""

    section: str | None
    start: int
    end: int
    terms: str
    fact: int | None = None

    @property
    def length(self) -> int:
        return self.terms.count(" ") + 1 if self.terms else 0


def sentences(text: str, start: int, end: int):
    """(start, end) of each sentence in ``text[start:end]`` that contains a letter, trimmed."""
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        yield from _trimmed(text, pos, m.end())
        pos = m.end()
    yield from _trimmed(text, pos, end)


def _trimmed(text: str, start: int, end: int):
    piece = text[start:end]
    if _LETTER.search(piece):
        lead = len(piece) - len(piece.lstrip())
        yield start + lead, start + len(piece.rstrip())


def section_spans(report: Report) -> list[tuple[int, int, str | None]]:
    """(start, end, section) covering the whole text; text outside every section has None."""
    spans, pos = [], 0
    for key, s in sorted(report.sections.items(), key=lambda kv: kv[1].start):
        if s.start > pos:
            spans.append((pos, s.start, None))
        spans.append((s.start, s.end, key))
        pos = max(pos, s.end)
    if pos < len(report.text):
        spans.append((pos, len(report.text), None))
    return spans


def report_passages(report: Report) -> list[Passage]:
    text = report.text
    out = [Passage(section, a, b, index_terms(text[a:b], partition("text", section)))
           for start, end, section in section_spans(report)
           for a, b in sentences(text, start, end)]
    out += [Passage(f.section, f.start, f.end, index_terms(f.text, partition(f.type, f.section)), fact=i)
            for i, f in enumerate(report.facts) if f.text.strip()]
    return out
