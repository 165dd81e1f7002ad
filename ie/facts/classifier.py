"""Problem / measure / other for the enumerated items of section 五 (a scikit-learn estimator).

Items are cut by rules (enumerations.split_items); whether an item states a problem, a measure
or neither is learnt from the annotations. The features are character n-grams of the item and,
separately, of the heading or lead-in that governs it (存在问题： / 改进措施 / 下一步…), since the
heading often decides. Follows the scikit-learn estimator API (fit / predict / predict_proba).
``ie.extract`` does not import this module: it scores the exported weights (``items_model``)."""
from __future__ import annotations

from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from .items_model import ItemExample

__all__ = ["ItemClassifier", "ItemExample", "LABELS"]
LABELS = ("problem", "measure", "other")


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
