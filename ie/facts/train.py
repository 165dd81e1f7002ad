"""``ie train``: annotations → a facts model directory (spaCy pipeline + item classifier).

    models/facts/
      pipeline/      spaCy pipeline: tok2vec + ner (AGENCY, METRIC) + the rule filter component
      items.joblib   problem / measure / other classifier for section-五 items
      metrics.json   scores on the dev and test splits (hybrid and rules alone)
      README.md      the model card: data, split, scores, date, versions

Training is deterministic for a given config and seed (spaCy's fixed seed, sorted data), so
retraining reproduces the committed model's scores within noise."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

from .annotations import as_dataset, from_dataset
from .spacy_data import training_docs

DEFAULT_CONFIG = Path(__file__).with_name("configs") / "ner.cfg"


def _blank_nlp(config_path: Path, overrides: dict[str, Any]):
    import spacy
    from spacy.util import load_config

    from .model import quiet_jieba

    quiet_jieba()
    config = load_config(config_path, overrides={k: v for k, v in overrides.items() if k.startswith("nlp.")},
                         interpolate=False)
    segmenter = config["nlp"]["tokenizer"].get("segmenter", "char")
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer",
                                                           "segmenter": segmenter}}})


def table_regions(text: str) -> list[tuple[int, int]]:
    """Where the tables are (their cells are not narrative), as the extractor finds them."""
    from ..sections import segment
    from ..tables.regions import locate

    return [(r.start, r.end) for r in locate(text, segment(text)).all()]


def train(annotations: str | Path, output: str | Path, config: str | Path | None = None,
          overrides: dict[str, Any] | None = None, augment: int = 8, log: Callable[[str], None] = print
          ) -> dict[str, Any]:
    """Train the sequence model and the item classifier, evaluate them, write the model dir.

    ``augment``: extra copies of each training chunk that names an agency, with the names swapped
    for generated ones (0 turns augmentation off)."""
    from spacy.cli.train import train as spacy_train
    from spacy.tokens import DocBin

    config_path = Path(config) if config else DEFAULT_CONFIG
    overrides = dict(overrides or {})
    records = sorted(from_dataset(as_dataset(annotations)), key=lambda r: r["id"])
    by_split = {s: [r for r in records if r["split"] == s] for s in ("train", "dev", "test")}
    if not by_split["train"]:
        raise ValueError(f"no reports with split 'train' in {annotations}")
    log(f"annotations: {', '.join(f'{k} {len(v)} reports' for k, v in by_split.items())}")
    output = Path(output)
    nlp = _blank_nlp(config_path, overrides)
    with tempfile.TemporaryDirectory(prefix="ie-train-") as tmp:
        tmp = Path(tmp)
        seed = int(overrides.get("system.seed", 0))
        for split in ("train", "dev"):
            docs, dropped = training_docs(nlp, by_split[split] or by_split["train"],
                                          skip_tables=lambda r: table_regions(r["text"]),
                                          augment=augment if split == "train" else 0, seed=seed)
            DocBin(docs=docs).to_disk(tmp / f"{split}.spacy")
            log(f"{split}: {len(docs)} chunks, {sum(len(d.ents) for d in docs)} entities"
                + (f" ({dropped} spans not on token boundaries dropped)" if dropped else ""))
        overrides.update({"paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy")})
        spacy_train(config_path, tmp / "out", use_gpu=-1, overrides=overrides)
        staging = output.with_name(output.name + ".tmp")
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        _save_pipeline(tmp / "out" / "model-best", staging / "pipeline")
    from .classifier import train_items

    clf, item_scores = train_items(by_split["train"], by_split["dev"])
    import joblib

    joblib.dump(clf, staging / "items.joblib")
    from .evaluate import evaluate_model_alone, evaluate_split

    metrics: dict[str, Any] = {"items_dev": item_scores}
    for split in ("dev", "test"):
        if by_split[split]:
            metrics[split] = {"hybrid": evaluate_split(by_split[split], staging),
                              "rules": evaluate_split(by_split[split], None),
                              "model_alone": evaluate_model_alone(by_split[split], staging)}
    info = _card_info(config_path, overrides, by_split, metrics, augment)
    (staging / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8")
    (staging / "meta.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    (staging / "README.md").write_text(model_card(info, metrics), encoding="utf-8")
    if output.exists():
        shutil.rmtree(output)
    staging.rename(output)  # the model directory appears whole or not at all
    log(f"model written to {output}")
    return metrics


def _save_pipeline(best: Path, target: Path) -> None:
    """The trained tok2vec + ner with the rule filter component appended, as one spaCy pipeline."""
    import spacy

    from . import components  # noqa: F401  (registers the factory)

    nlp = spacy.load(best)
    nlp.add_pipe("gidar_filter", last=True)
    nlp.to_disk(target)


def _card_info(config_path: Path, overrides: dict, by_split: dict, metrics: dict, augment: int) -> dict[str, Any]:
    import sklearn
    import spacy

    from spacy.util import load_config

    config = load_config(config_path, overrides={k: v for k, v in overrides.items() if not k.startswith("paths.")})
    return {
        "name": "gidar-facts",
        "date": dt.date.today().isoformat(),
        "spacy_version": spacy.__version__,
        "sklearn_version": sklearn.__version__,
        "segmenter": config["nlp"]["tokenizer"].get("segmenter"),
        "seed": config["system"]["seed"],
        "max_steps": config["training"]["max_steps"],
        "splits": {k: [r["id"] for r in v] for k, v in by_split.items()},
        "overrides": {k: v for k, v in overrides.items() if not k.startswith("paths.")},
        "augment": augment,
    }


def model_card(info: dict[str, Any], metrics: dict[str, Any]) -> str:
    def table(split: str) -> str:
        if split not in metrics:
            return "(no reports in this split)\n"
        hybrid, rules = metrics[split]["hybrid"], metrics[split]["rules"]
        lines = ["| type | hybrid P | hybrid R | hybrid F1 | rules F1 | support |", "|---|---|---|---|---|---|"]
        for t in sorted(hybrid, key=lambda k: (k == "micro", k)):
            r = rules.get(t, {})
            lines.append(f"| {t} | {hybrid[t]['precision']:.3f} | {hybrid[t]['recall']:.3f} | "
                         f"{hybrid[t]['f1']:.3f} | {r.get('f1', 0):.3f} | {hybrid[t]['support']} |")
        return "\n".join(lines) + "\n"

    def alone(split: str) -> str:
        m = metrics.get(split, {}).get("model_alone")
        if not m:
            return ""
        rows = [f"| {label} spans | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |"
                for label, s in sorted(m["spans"].items())]
        acc = m["items"].get("accuracy")
        rows.append(f"| items ({m['items']['count']}) | accuracy {acc:.3f} | | |" if acc is not None else "")
        return "| model alone | P | R | F1 |\n|---|---|---|---|\n" + "\n".join(r for r in rows if r) + "\n"

    splits = "\n".join(f"- {k}: {', '.join(v) or '—'}" for k, v in info["splits"].items())
    return f"""# gidar-facts — narrative fact model

Trained {info['date']} with spaCy {info['spacy_version']} and scikit-learn {info['sklearn_version']}
by `ie train` (seed {info['seed']}, {info['max_steps']} steps, `{info['segmenter']}` tokenisation).

## What it does
- `pipeline/`: a spaCy pipeline trained from scratch (no pretrained vectors) that tags
  AGENCY names and the METRIC phrase a number counts, followed by `gidar_filter`, a rule
  component that drops model spans the exact rules rule out (document numbers, dates, regulation
  titles, generic references, metrics that are not next to a number).
- `items.joblib`: a scikit-learn classifier (character n-grams of the item and of its heading,
  logistic regression) that labels the enumerated items of section 五 problem / measure / other.
Numbers, units, amounts, percentages, dates and contacts come from exact rules; see
`ie/facts/rules/`.

## Data
Hand-annotated reports of `annotations/` (format in `annotations/README.md`), split by report:
{splits}

Reports with gold files in `../shared/corpus/facts` are in the test split and never trained on.

## Scores (FACTS.md matching; hybrid = rules + this model, rules = rules alone)
### dev
{table('dev')}
{alone('dev')}
### test
{table('test')}
{alone('test')}
Item classifier on dev items: accuracy {metrics.get('items_dev', {}).get('accuracy', 0):.3f}.

## How it is combined with the rules
Rules find every number, unit, date and contact. The model confirms the rules' agency names (its
probability becomes their confidence), supplies a metric where the rules find none, and labels
section-五 items (overriding the cue-word label only above probability 0.8). Names found by the
model alone are not output: on the dev split every one of them was wrong. The measurements
behind these choices (jieba vs character tokens, model size, augmentation, beam width) are in
`docs/facts-model.md`.

## Limits
Trained on {len(info['splits']['train'])} reports of a few publishers; agency names of unseen
regions and unusual phrasing are its weakest point. Retrain with more annotated reports:
add them to `annotations/` and run `ie train`.
"""
