"""``ie evaluate``: precision / recall / F1 of narrative facts per type and micro-averaged.

Two kinds of gold: the held-out splits of ``annotations/`` (the model never trained on them),
and the gold files of ``../shared/corpus/facts`` scored with FACTS.md's matching (the rules of
``../shared/bench/score.py``). Rules alone are scored next to the hybrid so that the model's
contribution is visible."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from ..facts import scoring


def _predict(text_or_path, model_dir) -> list[dict]:
    from ..pipeline import extract

    report = extract(text_or_path, model=model_dir)
    return [f.to_dict() for f in report.facts]


def report_counts(records: list[dict[str, Any]], model_dir: str | Path | None) -> list:
    """tp/fp/fn per type for each annotated report (``model_dir`` None: the rules alone; a folder
    without a model, too, as ``ie extract --model`` would)."""
    from ..facts.model import load

    model = load(model_dir) if model_dir is not None else None
    return [AnalysedReport(rec).score(model) for rec in records]


class AnalysedReport:
    """One annotated report analysed once (tables, rules): :meth:`score` re-runs only the model's
    part, which is all that differs between models and settings (the tuner, the learning curve,
    leave-one-site-out)."""

    def __init__(self, record: dict[str, Any]):
        from ..facts.pipeline import facts_by_rules
        from ..pipeline import analyse

        self.gold = record["facts"]
        self.report, self.regions = analyse(record["text"])
        self.rules = facts_by_rules(self.report, self.regions)

    def score(self, model) -> dict:
        """tp/fp/fn per type with a loaded model (None: the rules alone)."""
        from ..facts.pipeline import with_model

        facts = self.rules if model is None else with_model(self.report, copy.deepcopy(self.rules), model,
                                                             self.regions)
        return scoring.score_report(self.gold, [f.to_dict() for f in facts])


def evaluate_split(records: list[dict[str, Any]], model_dir: str | Path | None) -> dict[str, dict[str, float]]:
    """Scores of the facts extracted from annotated reports (their text) against their facts.
    ``model_dir`` None scores the rules alone."""
    return scoring.summarise(report_counts(records, model_dir))


def evaluate_corpus(corpus: str | Path, model_dir: str | Path | None) -> dict[str, dict[str, float]]:
    """Scores against ``corpus/facts/<stem>.json`` for the report file ``corpus/reports/<stem>.*``."""
    corpus = Path(corpus)
    per_report = []
    for gold_file in sorted((corpus / "facts").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        source = next((p for p in (corpus / "reports").iterdir() if p.stem == gold_file.stem), None)
        if source is None:
            continue
        per_report.append(scoring.score_report(gold["facts"], _predict(source, model_dir)))
    return scoring.summarise(per_report)


def format_table(scores: dict[str, dict[str, float]], baseline: dict[str, dict[str, float]] | None = None,
                 baseline_name: str = "rules F1", others: tuple[tuple[str, dict], ...] = ()) -> str:
    """P / R / F1 per type and micro; the F1 of ``baseline`` (the rules alone) and of any
    ``others`` (name, scores) — another model — in columns after it."""
    columns = ([(baseline_name, baseline)] if baseline else []) + list(others)
    head = f"{'type':9s} {'P':>6s} {'R':>6s} {'F1':>6s}" + "".join(f" {name:>9s}" for name, _ in columns) + "  support"
    lines = [head]
    for t in sorted(scores, key=lambda k: (k == "micro", k)):
        s = scores[t]
        extra = "".join(f" {col.get(t, {}).get('f1', 0):9.3f}" for _, col in columns)
        lines.append(f"{t:9s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}{extra}  {s['support']}")
    return "\n".join(lines)


def evaluate_model_alone(records: list[dict[str, Any]], model_dir: str | Path) -> dict[str, Any]:
    """The trained parts on their own, so their share is visible: the sequence model's span
    precision/recall/F1 per label (spaCy's scorer, on the sentence chunks of the reports), and
    the item classifier's accuracy on their section-五 items."""
    from spacy.scorer import Scorer
    from spacy.training import Example

    from ..facts.model import FactModel
    from .data import table_regions, training_docs
    from .items import item_examples

    model = FactModel(model_dir)
    gold_docs, _ = training_docs(model.nlp, records, skip_tables=lambda r: table_regions(r["text"]))
    predicted = model.nlp.pipe((d.text for d in gold_docs), disable=["ner"])
    examples = [Example(p, g) for p, g in zip(predicted, gold_docs)]
    spans = Scorer().score_spans(examples, "ents")
    per_label = {label: {"precision": s["p"], "recall": s["r"], "f1": s["f"]}
                 for label, s in (spans.get("ents_per_type") or {}).items()}
    items = item_examples(records)
    out: dict[str, Any] = {"spans": per_label, "items": {"count": len(items)}}
    if items:
        pred = model.items.predict(items)
        out["items"]["accuracy"] = sum(str(p) == x.label for p, x in zip(pred, items)) / len(items)
    return out
