"""Fitting the agency ranker (:mod:`ie.facts.agency_ranker`) on annotated reports.

A candidate name is a positive example when the report's annotations name it (as a distinct
name) and this occurrence is not inside a longer annotated name. The start model learns from
the candidates of every end where some candidate is positive; the end model then learns, for
every end, whether the start model's best candidate is an annotated name. Each report's memory
features leave that report out, so the memory's weight is what other reports' annotations tell
about a name. Gold annotations only: silver labels would teach the rules' blind spots as
negatives, which is what the ranker is there to undo."""
from __future__ import annotations

import functools

from ..facts.agency_ranker import AgencyRanker, Candidate, Memory, candidates, places_of
from ..facts.rules.exclusions import closed_regions
from ..facts.rules.strings import occurrences
from ..facts.rules.view import TextView


def report_inputs(rec: dict) -> tuple[str, dict[int, list[Candidate]], set[str]]:
    """(view text, candidates by end, annotated names as the view writes them) of one report."""
    t, cands = _view_candidates(rec["text"])
    return t, cands, {"".join(f["text"].split()) for f in rec["facts"] if f["type"] == "agency"}


@functools.lru_cache(maxsize=512)
def _view_candidates(text: str) -> tuple[str, dict[int, list[Candidate]]]:
    """The candidates exactly as the hybrid sees them at inference (``hybrid._ranked``): the report
    text, table regions and issuer of one :func:`ie.pipeline.analyse`. Remembered per text:
    tuning refits the ranker on the same reports once per site."""
    from ..pipeline import analyse

    report, table_regions = analyse(text if "\n" in text else text + "\n")
    view = TextView.of(report.text)
    regions = closed_regions(view, table_regions)
    return view.text, candidates(view.text, regions, places_of(report.text, report.issuer))


def _labels(t: str, cands: dict[int, list[Candidate]], names: set[str]) -> dict[tuple[int, int], int]:
    """1 for a candidate that is an annotated name and not inside a longer annotated mention."""
    mentions = [(i, i + len(n)) for n in names for i in occurrences(t, n)]
    return {(c.start, c.end): int(c.name in names and not any(a <= c.start and c.end <= b and b - a > c.end - c.start
                                                                for a, b in mentions))
            for cs in cands.values() for c in cs}


def _logistic(rows: list[list[str]], labels: list[int], seed: int) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:  # nothing to learn: a constant model
        return {"weights": {}, "bias": 10.0 if labels and labels[0] else -10.0}
    vec = DictVectorizer()
    X = vec.fit_transform([dict.fromkeys(r, 1) for r in rows])
    model = LogisticRegression(C=1.0, max_iter=5000, random_state=seed).fit(X, labels)
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(), model.coef_[0]) if w}
    return {"weights": weights, "bias": round(float(model.intercept_[0]), 6)}


def train_agency_ranker(records: list[dict], seed: int = 0) -> AgencyRanker:
    """Fit the start and end models and the memory on annotated reports."""
    inputs = [report_inputs(r) for r in records]
    memory = Memory.of((t, names) for t, _, names in inputs)
    ranker = AgencyRanker({"weights": {}, "bias": 0.0}, {"weights": {}, "bias": 0.0}, memory)
    gold = [_labels(t, cands, names) for t, cands, names in inputs]
    rows, labels = [], []
    for (t, cands, names), y in zip(inputs, gold):
        for cs in cands.values():
            if any(y[c.start, c.end] for c in cs):
                rows += [ranker.start_features(c, leave_out=(t, names)) for c in cs]
                labels += [y[c.start, c.end] for c in cs]
    start = _logistic(rows, labels, seed)
    ranker.start_weights, ranker.start_bias = start["weights"], start["bias"]
    rows, labels = [], []
    for (t, cands, names), y in zip(inputs, gold):
        for e, cs in cands.items():
            best = ranker.best(cs, leave_out=(t, names))
            rows.append(ranker.end_features(t, e, best, leave_out=(t, names)))
            labels.append(y[best.start, best.end])
    end = _logistic(rows, labels, seed)
    ranker.end_weights, ranker.end_bias = end["weights"], end["bias"]
    return ranker
