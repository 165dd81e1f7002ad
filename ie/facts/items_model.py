"""The item classifier as ``ie.extract`` runs it: the fitted TF-IDF + logistic-regression weights
in a JSON file, scored in plain Python.

Importing scikit-learn (and the SciPy it pulls in) costs 1.5–3 s per process, far more than
scoring a report's dozen items. ``ie train`` fits :class:`~.classifier.ItemClassifier` with
scikit-learn and writes its weights here (``items.json``); a test checks that
:meth:`LinearItemModel.predict_proba` gives scikit-learn's probabilities."""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_WHITESPACE_RUNS = re.compile(r"\s\s+")  # as scikit-learn's char analyzer


@dataclass
class ItemExample:
    """One section-五 item: its text, the heading or lead-in that governs it, its label if known."""
    text: str
    context: str
    label: str | None = None


class _CharTfidf:
    """One fitted ``TfidfVectorizer(analyzer="char")``: lowercase, whitespace runs → one space,
    n-grams, sublinear tf, idf, l2 norm."""

    def __init__(self, vocabulary: dict[str, int], idf: list[float], ngram_range: tuple[int, int],
                 sublinear_tf: bool, lowercase: bool):
        self.vocabulary, self.idf = vocabulary, idf
        self.ngram_range, self.sublinear_tf, self.lowercase = tuple(ngram_range), sublinear_tf, lowercase

    def features(self, text: str) -> dict[int, float]:
        if self.lowercase:
            text = text.lower()
        text = _WHITESPACE_RUNS.sub(" ", text)
        lo, hi = self.ngram_range
        counts = Counter(text[i:i + n] for n in range(lo, hi + 1) for i in range(len(text) - n + 1))
        row = {}
        for gram, tf in counts.items():
            j = self.vocabulary.get(gram)
            if j is not None:
                row[j] = ((1 + math.log(tf)) if self.sublinear_tf else tf) * self.idf[j]
        length = math.sqrt(sum(v * v for v in row.values()))
        return {j: v / length for j, v in row.items()} if length else row

    def to_dict(self) -> dict[str, Any]:
        return {"vocabulary": self.vocabulary, "idf": self.idf, "ngram_range": list(self.ngram_range),
                "sublinear_tf": self.sublinear_tf, "lowercase": self.lowercase}


class LinearItemModel:
    """predict_proba / classes_ of a fitted ItemClassifier, without scikit-learn."""

    def __init__(self, text: _CharTfidf, context: _CharTfidf, coef: list[list[float]], intercept: list[float],
                 classes: list[str]):
        self.text, self.context = text, context
        self.coef, self.intercept, self.classes_ = coef, intercept, list(classes)

    @classmethod
    def from_classifier(cls, clf) -> "LinearItemModel":
        """The weights of a fitted :class:`~.classifier.ItemClassifier`."""
        features = clf.pipeline_.named_steps["features"]
        model = clf.pipeline_.named_steps["model"]
        vecs = [features.named_transformers_[name] for name in ("text", "context")]
        width = len(vecs[0].vocabulary_)
        parts = [_CharTfidf({g: int(i) for g, i in v.vocabulary_.items()}, [float(x) for x in v.idf_],
                            v.ngram_range, v.sublinear_tf, v.lowercase) for v in vecs]
        if vecs[0].norm != "l2" or vecs[1].norm != "l2" or not all(v.use_idf for v in vecs):
            raise ValueError("items model export: expected l2-normalised tf-idf features")
        coef = [[float(x) for x in row] for row in model.coef_]
        # the context columns follow the text columns in the ColumnTransformer's output
        assert all(len(row) == width + len(vecs[1].vocabulary_) for row in coef)
        return cls(parts[0], parts[1], coef, [float(x) for x in model.intercept_], [str(c) for c in model.classes_])

    def to_json(self, path: str | Path) -> None:
        data = {"text": self.text.to_dict(), "context": self.context.to_dict(), "coef": self.coef,
                "intercept": self.intercept, "classes": self.classes_}
        Path(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "LinearItemModel":
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        parts = [_CharTfidf(d[k]["vocabulary"], d[k]["idf"], d[k]["ngram_range"], d[k]["sublinear_tf"],
                            d[k]["lowercase"]) for k in ("text", "context")]
        return cls(parts[0], parts[1], d["coef"], d["intercept"], d["classes"])

    def predict_proba(self, items) -> list[list[float]]:
        width = len(self.text.vocabulary)
        out = []
        for item in items:
            x = self.text.features(item.text)
            x.update({width + j: v for j, v in self.context.features(item.context).items()})
            z = [b + sum(v * row[j] for j, v in x.items()) for row, b in zip(self.coef, self.intercept)]
            if len(z) == 1:  # binary: one row of weights for the second class
                p = 1 / (1 + math.exp(-z[0]))
                out.append([1 - p, p])
            else:
                top = max(z)
                e = [math.exp(v - top) for v in z]
                out.append([v / sum(e) for v in e])
        return out

    def predict(self, items) -> list[str]:
        return [self.classes_[max(range(len(row)), key=row.__getitem__)] for row in self.predict_proba(items)]
