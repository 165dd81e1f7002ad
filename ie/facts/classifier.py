"""Problem / measure / other for the enumerated items of section 五 (a scikit-learn estimator).

Items are cut by rules (enumerations.split_items); whether an item states a problem, a measure
or neither is learnt from the annotations. The features are character n-grams of the item and,
separately, of the heading or lead-in that governs it (存在问题： / 改进措施 / 下一步…), since the
heading often decides. Follows the scikit-learn estimator API (fit / predict / predict_proba)."""
from __future__ import annotations

from dataclasses import dataclass

from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from rapidfuzz import fuzz

LABELS = ("problem", "measure", "other")


@dataclass
class ItemExample:
    text: str
    context: str
    label: str | None = None


class ItemClassifier(BaseEstimator, ClassifierMixin):
    """fit(list[ItemExample]) / predict(list[ItemExample]) -> labels."""

    def __init__(self, C: float = 4.0, seed: int = 0):
        self.C = C
        self.seed = seed

    @staticmethod
    def _frame(items):
        """Items as a two-column object array: item text, context (no pandas: a few items per
        report, where a DataFrame's overhead would dominate)."""
        import numpy as np

        return np.array([[i.text, i.context] for i in items], dtype=object).reshape(-1, 2)

    def fit(self, items: list[ItemExample], y=None):
        y = [i.label for i in items] if y is None else y
        features = ColumnTransformer([
            ("text", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1), 0),
            ("context", TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True), 1),
        ])
        self.pipeline_ = Pipeline([
            ("features", features),
            ("model", LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced", random_state=self.seed)),
        ])
        self.pipeline_.fit(self._frame(items), y)
        self.classes_ = self.pipeline_.classes_
        return self

    def predict(self, items: list[ItemExample]):
        return self.pipeline_.predict(self._frame(items))

    def predict_proba(self, items: list[ItemExample]):
        return self.pipeline_.predict_proba(self._frame(items))


def gold_label(start: int, end: int, text: str, facts: list[dict]) -> str:
    """The annotated label of an item: the problem/measure fact it overlaps most (by span, or by
    text when spans differ slightly), else 'other'."""
    best, best_overlap = "other", 0
    for f in facts:
        if f["type"] not in ("problem", "measure"):
            continue
        overlap = min(end, f["end"]) - max(start, f["start"])
        if overlap > best_overlap and overlap >= 0.5 * min(end - start, f["end"] - f["start"]):
            best, best_overlap = f["type"], overlap
    if best == "other":
        for f in facts:
            if f["type"] in ("problem", "measure") and fuzz.partial_ratio(f["text"], text) >= 90:
                return f["type"]
    return best


def item_examples(records: list[dict]) -> list[ItemExample]:
    """The section-五 items of annotated reports with their annotated labels."""
    from ..sections import segment
    from .rules import section_items

    out = []
    for rec in records:
        text = rec["text"]
        for _, start, end, item in section_items(text, segment(text)):
            out.append(ItemExample(item.text, " / ".join(item.context),
                                   gold_label(start, end, text[start:end], rec["facts"])))
    return out


def train_items(train: list[dict], dev: list[dict], seed: int = 0) -> tuple[ItemClassifier, dict]:
    """Fit on the train reports' items; report accuracy on the dev reports' items."""
    train_x = item_examples(train)
    clf = ItemClassifier(seed=seed).fit(train_x)
    dev_x = item_examples(dev)
    scores = {"train_items": len(train_x), "dev_items": len(dev_x)}
    if dev_x:
        pred = clf.predict(dev_x)
        scores["accuracy"] = sum(p == x.label for p, x in zip(pred, dev_x)) / len(dev_x)
    return clf, scores
