"""The trained facts model as ``ie.extract`` uses it: load once, then spans and item labels.

A model directory (written by ``ie train``) holds the spaCy pipeline (tok2vec + ner +
gidar_filter) and the item classifier. The NER runs only on the prose of a report (table regions
are skipped) in sentence-sized chunks, which keeps a 10k-character report fast."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .classifier import ItemExample
from .spacy_data import chunks

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "facts"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # AGENCY | METRIC
    probability: float


class FactModel:
    def __init__(self, path: str | Path):
        import joblib
        import spacy

        from . import components  # noqa: F401  (registers gidar_filter)

        self.path = Path(path)
        self.nlp = spacy.load(self.path / "pipeline")
        self.items = joblib.load(self.path / "items.joblib")

    def spans(self, text: str, exclude: list[tuple[int, int]] = ()) -> list[Span]:
        """AGENCY and METRIC spans of the prose, with their probabilities (the greedy ``ner`` is
        disabled: ``gidar_filter`` decodes with a beam and keeps what the rules allow)."""
        pieces = [(a, b) for a, b in chunks(text, exclude) if text[a:b].strip()]
        out = []
        docs = self.nlp.pipe((text[a:b] for a, b in pieces), disable=["ner"], batch_size=64)
        for (a, _), doc in zip(pieces, docs):
            out += [Span(a + s, a + e, label, p) for s, e, label, p in doc._.fact_spans]
        return out

    def label_items(self, items: list[ItemExample]) -> list[tuple[str, float]]:
        """(label, probability) for each section-五 item: problem / measure / other."""
        if not items:
            return []
        probs = self.items.predict_proba(items)
        classes = list(self.items.classes_)
        return [(classes[row.argmax()], float(row.max())) for row in probs]


@functools.lru_cache(maxsize=4)
def load(path: str | Path | None = None) -> FactModel | None:
    """The model at ``path`` (default: the shipped models/facts), or None when it is absent."""
    path = Path(path) if path else DEFAULT_MODEL
    if not (path / "pipeline").is_dir():
        return None
    return FactModel(path)
