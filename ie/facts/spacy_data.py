"""Annotated reports → spaCy training documents for the sequence model.

The model learns what rules cannot do exactly: agency names (AGENCY) and the phrase a number
counts (METRIC). Annotations mark an agency once per distinct name, so every other occurrence
of an annotated name is labelled too (longest names first, never overlapping); otherwise the
model would be taught that later mentions are not agencies. Reports are cut into sentence-sized
chunks: the model only needs local context, and short documents train faster."""
from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

LABELS = ("AGENCY", "METRIC")
_SENTENCE = re.compile(r"[^。！？!?\n；;]*[。！？!?\n；;]?")
MAX_CHUNK = 400


def entity_spans(rec: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Character spans (start, end, label) of one annotated report, non-overlapping."""
    text = rec["text"]
    spans: list[tuple[int, int, str]] = []
    for f in rec["facts"]:
        if f["type"] in ("count", "amount", "percent") and f.get("metric") and f.get("metric_start") is not None:
            spans.append((f["metric_start"], f["metric_end"], "METRIC"))
    names = sorted({f["text"] for f in rec["facts"] if f["type"] == "agency"}, key=len, reverse=True)
    for name in names:
        for m in re.finditer(re.escape(name), text):
            spans.append((m.start(), m.end(), "AGENCY"))
    return _non_overlapping(spans)


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep METRIC spans first (each is a hand-placed span), then the longest agency mentions."""
    order = sorted(spans, key=lambda s: (s[2] != "METRIC", -(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int, str]] = []
    for s in order:
        if all(s[1] <= t[0] or t[1] <= s[0] for t in taken):
            taken.append(s)
    return sorted(taken)


def chunks(text: str, skip: Iterable[tuple[int, int]] = ()) -> Iterator[tuple[int, int]]:
    """Sentence-sized (start, end) pieces of ``text`` with some prose in them, outside ``skip``
    (table regions: their cells are not narrative)."""
    skip = sorted(skip)
    start = None
    end = 0
    for m in _SENTENCE.finditer(text):
        if m.start() == m.end():
            continue
        if any(a <= m.start() < b for a, b in skip):
            if start is not None:
                yield start, end
                start = None
            continue
        if start is None:
            start = m.start()
        end = m.end()
        if end - start >= MAX_CHUNK // 2:
            yield start, end
            start = None
    if start is not None:
        yield start, end


def training_docs(nlp, records: list[dict[str, Any]], skip_tables=None):
    """spaCy Docs with gold entities, one per chunk. ``skip_tables(rec)`` gives the table regions
    of a report (cells are not prose); chunks crossing an entity boundary are kept whole."""
    from spacy.tokens import Doc
    from spacy.util import filter_spans

    docs: list[Doc] = []
    dropped = 0
    for rec in records:
        text = rec["text"]
        ents = entity_spans(rec)
        skip = skip_tables(rec) if skip_tables else []
        for a, b in chunks(text, skip):
            piece = text[a:b]
            if not piece.strip():
                continue
            doc = nlp.make_doc(piece)
            spans = []
            for s, e, label in ents:
                if a <= s and e <= b:
                    span = doc.char_span(s - a, e - a, label=label, alignment_mode="strict")
                    if span is None:
                        dropped += 1
                    else:
                        spans.append(span)
            doc.ents = filter_spans(spans)
            docs.append(doc)
    return docs, dropped
