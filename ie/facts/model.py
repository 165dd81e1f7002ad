"""The trained facts model as ``ie.extract`` uses it: load once, then spans and item labels.

A model directory (written by ``ie train``) holds the spaCy pipeline (tok2vec + ner +
gidar_filter) and the item classifier. The NER runs only on the prose of a report (table regions
and page chrome are skipped), in sentence-sized chunks that may name an agency, which keeps a
10k-character report fast."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .chunks import chunks
from .items_model import ItemExample, LinearItemModel

# Inside the package, so that a wheel ships it (package data; see pyproject.toml).
DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "facts"
# The model only reads sentences that may name an agency: an agency-like ending that is not part
# of a common word (办理, 全部, 网站, 处理 …). Numbers get their metrics from the rules first.
TRIGGER = re.compile(r"局(?!面|势)|委员会|委(?!托|屈|婉)|办公室|办(?![理法事结件好])|厅|部(?![分门署])|署(?!名)|院(?!校)|"
                     r"中心|馆|管委会|领导小组|人民政府|政府(?!信息|网站|门户|公报|公开|采购|集中)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # AGENCY | METRIC
    probability: float


class FactModel:
    """A model directory, loaded piece by piece when first needed: the item weights are small
    and plain Python; spaCy, jieba and the sequence model (about 2 s to import and load) only
    when :meth:`spans` is called."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._nlp = None
        self._items = None
        self._ranker = None
        self._spans: dict[tuple, list[Span]] = {}
        self.settings = dict(DEFAULT_SETTINGS)
        if (self.path / "hybrid.json").is_file():
            import json

            self.settings.update(json.loads((self.path / "hybrid.json").read_text(encoding="utf-8")))

    @property
    def nlp(self):
        if self._nlp is None:
            import spacy

            from . import components  # noqa: F401  (registers gidar_filter)

            quiet_jieba()
            self._nlp = spacy.load(self.path / "pipeline")
        return self._nlp

    @property
    def items(self):
        """The item classifier: exported weights (``items.json``) when present, else the
        scikit-learn estimator (``items.joblib``; imports scikit-learn)."""
        if self._items is None:
            if (self.path / "items.json").is_file():
                self._items = LinearItemModel.load(self.path / "items.json")
            else:
                import joblib

                self._items = joblib.load(self.path / "items.joblib")
        return self._items

    @property
    def ranker(self):
        """The agency ranker (``agencies.json``), or None for a model trained before it existed."""
        if self._ranker is None and (self.path / "agencies.json").is_file():
            from .agency_ranker import AgencyRanker

            self._ranker = AgencyRanker.load(self.path / "agencies.json")
        return self._ranker

    def spans(self, text: str, pieces: list[tuple[int, int]]) -> list[Span]:
        """AGENCY and METRIC spans in the ``pieces`` (start, end) of ``text``, with their
        probabilities (the greedy ``ner`` is disabled: ``gidar_filter`` decodes with a beam and
        keeps what the rules allow). No pieces, no spaCy. The last few reports' spans are
        remembered, so trying several hybrid settings reads them once."""
        if not pieces:
            return []
        key = (hash(text), len(text), tuple(pieces))
        if key not in self._spans:
            if len(self._spans) >= 64:
                self._spans.clear()
            self._spans[key] = self._read_spans(text, pieces)
        return self._spans[key]

    def _read_spans(self, text: str, pieces) -> list[Span]:
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
        out = []
        for row in probs:
            best = max(range(len(classes)), key=lambda i: row[i])
            out.append((str(classes[best]), float(row[best])))
        return out


WINDOW_BEFORE, WINDOW_AFTER = 24, 6
# How the hybrid uses the model (a model directory may override them in hybrid.json, which
# ``ie train`` writes with values chosen on a held-out site): names only the agency ranker finds
# are added above ``agency_add_probability`` (None: never), a rule name is cut to the shorter
# name the sequence model reads at its end above ``agency_trim_probability`` (None: never), and
# the item classifier overrides the cue-word label above ``item_override_probability``.
DEFAULT_SETTINGS = {"agency_add_probability": None, "agency_trim_probability": None, "item_override_probability": 0.8}


def windows(text: str, exclude: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The stretches the model reads: around each agency-like ending, the characters before it
    (an agency name is rarely longer than 20) and a few after, within its sentence; merged."""
    out: list[tuple[int, int]] = []
    for a, b in chunks(text, exclude, size=1):
        for m in TRIGGER.finditer(text, a, b):
            start, end = max(a, m.start() - WINDOW_BEFORE), min(b, m.end() + WINDOW_AFTER)
            if out and start <= out[-1][1] + WINDOW_AFTER:  # close windows read as one (fewer docs)
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((start, end))
    return out


def quiet_jieba() -> None:
    """jieba announces its dictionary loading on stderr; ie's users did not ask for it."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)


@functools.lru_cache(maxsize=4)
def load(path: str | Path | None = None) -> FactModel | None:
    """The model at ``path`` (default: the shipped models/facts), or None when it is absent."""
    path = Path(path) if path else DEFAULT_MODEL
    if not (path / "pipeline").is_dir():
        return None
    return FactModel(path)
