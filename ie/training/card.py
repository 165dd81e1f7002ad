"""The model card (``README.md``) and ``meta.json`` of a trained facts model: data, split,
settings, versions and scores, written by ``ie train`` beside the model."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any


def card_info(config_path: Path, overrides: dict, by_split: dict, metrics: dict, augment: int) -> dict[str, Any]:
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
- `items.joblib` / `items.json`: a scikit-learn classifier (character n-grams of the item and of
  its heading, logistic regression) that labels the items of section 五 problem / measure / other.
- `agencies.json`: the agency ranker (`ie/facts/agency_ranker.py`), two logistic regressions over
  string features and a memory of the annotated names, that adds the agency names the rules miss.
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
Rules find every number, unit, date and contact. `hybrid.json` holds the thresholds, chosen by
leave-one-site-out over the training reports (`ie/training/tune.py`): {metrics.get('hybrid_settings')}.
The agency ranker's names are added above `agency_add_probability` (`method: model`, its
probability as confidence); the item classifier overrides the cue-word label above
`item_override_probability`. The sequence model supplies a metric for a number the rules leave
without one, and with `agency_trim_probability` set (off unless set by hand) it reads the prose
around agency-like words and cuts a rule name to the shorter name it reads at its end.
Measurements: `docs/facts-model.md`; held-out sites: `ie evaluate --loso` / `bench/loso.py`.

## Reproducibility
Same annotations (`annotations_sha256` in meta.json), code, config, seed and library versions
(spaCy {info['spacy_version']}, scikit-learn {info['sklearn_version']}): `ie train` writes the same weights
and scores (a test trains twice and compares the bytes).

## Limits
Trained on {len(info['splits']['train'])} reports of a few publishers; agency names of unseen
regions and unusual phrasing are its weakest point. Retrain with more annotated reports:
add them to `annotations/` and run `ie train`.
"""
