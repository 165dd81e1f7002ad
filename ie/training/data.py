"""Annotated reports → spaCy training documents for the sequence model, and where the tables are.

The model learns what rules cannot do exactly: agency names (AGENCY) and the phrase a number
counts (METRIC). Annotations mark an agency once per distinct name, so every other occurrence
of an annotated name is labelled too (longest names first, never overlapping); otherwise the
model would be taught that later mentions are not agencies. Reports are cut into sentence-sized
chunks: the model only needs local context, and short documents train faster."""
from __future__ import annotations

import re
from typing import Any

from ..facts.chunks import chunks

LABELS = ("AGENCY", "METRIC")


def table_regions(text: str) -> list[tuple[int, int]]:
    """Where the tables are (their cells are not narrative), as ``tables.regions.locate`` finds
    them: wider than the regions :func:`ie.pipeline.analyse` closes to the facts (the extractor
    trims them, e.g. the prose between tables 1 and 2 stays open). The sequence model's training
    chunks skip these; the agency ranker uses analyse's regions, as at inference."""
    from ..sections import segment
    from ..tables.regions import locate

    return [(r.start, r.end) for r in locate(text, segment(text)).all()]


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


def training_docs(nlp, records: list[dict[str, Any]], skip_tables=None, augment: int = 0, seed: int = 0):
    """spaCy Docs with gold entities, one per chunk. ``skip_tables(rec)`` gives the table regions
    of a report (cells are not prose). With ``augment`` = k, every chunk naming an agency is
    added k more times with its agency names swapped for generated ones (see gazetteer.py).
    Returns (docs, number of spans dropped because they do not fall on token boundaries)."""
    import random

    rng = random.Random(seed)
    docs = []
    dropped = 0
    for rec in records:
        text = rec["text"]
        ents = entity_spans(rec)
        skip = skip_tables(rec) if skip_tables else []
        for a, b in chunks(text, skip):
            piece = text[a:b]
            if not piece.strip():
                continue
            local = [(s - a, e - a, label) for s, e, label in ents if a <= s and e <= b]
            variants = [(piece, local)]
            if any(label == "AGENCY" for _, _, label in local):
                variants += [_swap_agencies(piece, local, rng) for _ in range(augment)]
            for body, spans in variants:
                doc, lost = _doc_with_entities(nlp, body, spans)
                docs.append(doc)
                dropped += lost
    return docs, dropped


def _doc_with_entities(nlp, text: str, spans: list[tuple[int, int, str]]):
    from spacy.util import filter_spans

    doc = nlp.make_doc(text)
    ents, lost = [], 0
    for s, e, label in spans:
        span = doc.char_span(s, e, label=label, alignment_mode="strict")
        if span is None:
            lost += 1
        else:
            ents.append(span)
    doc.ents = filter_spans(ents)
    return doc, lost


def _swap_agencies(text: str, spans: list[tuple[int, int, str]], rng) -> tuple[str, list[tuple[int, int, str]]]:
    """The chunk with each distinct agency name replaced by a generated one, offsets moved."""
    from .gazetteer import random_agency

    names: dict[str, str] = {}
    out, new_spans, pos = [], [], 0
    for s, e, label in sorted(spans):
        out.append(text[pos:s])
        start = sum(map(len, out))
        piece = text[s:e]
        if label == "AGENCY":
            piece = names.setdefault(piece, random_agency(rng))
        out.append(piece)
        new_spans.append((start, start + len(piece), label))
        pos = e
    out.append(text[pos:])
    return "".join(out), new_spans
