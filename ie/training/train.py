"""``ie train``: annotations → a facts model directory (spaCy pipeline + item classifier).

    <model dir>/
      pipeline/      spaCy pipeline: tok2vec + ner (AGENCY, METRIC) + the rule filter component
      items.joblib   problem / measure / other classifier for section-五 items (scikit-learn)
      items.json     its weights, which ie.extract scores without importing scikit-learn
      agencies.json  the agency ranker: names the rules miss (ie.facts.agency_ranker)
      hybrid.json    how the hybrid uses the model (thresholds chosen by leave-one-site-out)
      metrics.json   scores on the dev and test splits (hybrid and rules alone)
      README.md      the model card: data, split, scores, date, versions

All work happens in a hidden folder beside the output, which is removed whatever happens
(error, Ctrl-C, SIGTERM; only SIGKILL can leave it); the model directory is renamed into place
whole. An existing model directory is replaced only when asked (``replace=True``).

What is reproducible: with the same annotations, config, seed, code and library versions
(spaCy, thinc, numpy, scikit-learn), two runs write the same weights and the same scores
(``meta.json`` records the versions and ``annotations_sha256``, a hash of the training data)."""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

from ..facts.annotations import as_dataset, from_dataset
from .data import table_regions, training_docs

DEFAULT_CONFIG = Path(__file__).with_name("configs") / "ner.cfg"


class TrainingError(ValueError):
    """Training cannot start: no training reports, or an output that would be overwritten."""


def blank_nlp(config_path: Path, overrides: dict[str, Any]):
    """An empty Chinese pipeline with the config's tokenizer, to make the training Docs."""
    import spacy
    from spacy.util import load_config

    from ..facts.model import quiet_jieba

    quiet_jieba()
    config = load_config(config_path, overrides={k: v for k, v in overrides.items() if k.startswith("nlp.")},
                         interpolate=False)
    segmenter = config["nlp"]["tokenizer"].get("segmenter", "char")
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer",
                                                           "segmenter": segmenter}}})


def fit(train_records: list[dict], dev_records: list[dict], target: Path, config: str | Path | None = None,
        overrides: dict[str, Any] | None = None, augment: int = 8, log: Callable[[str], None] = print,
        silver: list[dict] | None = None, quiet: bool = False) -> dict[str, Any]:
    """Train the sequence model, the item classifier and the agency ranker into ``target`` (a new
    folder: pipeline/, items.joblib, items.json, agencies.json), with no evaluation. ``silver``:
    rule-labelled records trained on beside the gold ones (not augmented; never by the ranker);
    ``dev_records`` only choose spaCy's best checkpoint. Returns item scores on dev."""
    from spacy.cli.train import train as spacy_train
    from spacy.tokens import DocBin

    config_path = Path(config) if config else DEFAULT_CONFIG
    overrides = dict(overrides or {})
    seed = int(overrides.get("system.seed", 0))
    nlp = blank_nlp(config_path, overrides)
    target.mkdir(parents=True)
    work = target / ".work"
    work.mkdir()
    for split, recs in (("train", train_records), ("dev", dev_records or train_records)):
        docs, dropped = training_docs(nlp, recs, skip_tables=lambda r: table_regions(r["text"]),
                                      augment=augment if split == "train" else 0, seed=seed)
        gold = len(docs)
        if split == "train" and silver:
            docs += training_docs(nlp, silver, skip_tables=lambda r: table_regions(r["text"]))[0]
        DocBin(docs=docs).to_disk(work / f"{split}.spacy")
        log(f"{split}: {gold} gold chunks" + (f" + {len(docs) - gold} silver" if len(docs) > gold else "")
            + f", {sum(len(d.ents) for d in docs)} entities"
            + (f" ({dropped} spans not on token boundaries dropped)" if dropped else ""))
    overrides.update({"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")})
    with contextlib.ExitStack() as stack:
        if quiet:  # spaCy prints its training table on stdout
            stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
        spacy_train(config_path, work / "out", use_gpu=-1, overrides=overrides)
    save_pipeline(work / "out" / "model-best", target / "pipeline")
    shutil.rmtree(work)
    return fit_quick_parts(train_records, target, silver, dev_records, seed)


def fit_quick_parts(train_records: list[dict], target: Path, silver: list[dict] | None = None,
                    dev_records: list[dict] = (), seed: int = 0, keep_estimator: bool = True) -> dict[str, Any]:
    """The parts that train in seconds, into ``target``: the item classifier (items.json, and
    the scikit-learn estimator items.joblib with ``keep_estimator``) on gold and silver items,
    and the agency ranker (agencies.json) on gold only — silver names would teach it the rules'
    blind spots. Returns the item classifier's accuracy on ``dev_records``' items."""
    from ..facts.items_model import LinearItemModel
    from .agency_ranker import train_agency_ranker
    from .items import train_items

    clf, item_scores = train_items(train_records + list(silver or []), list(dev_records), seed=seed)
    if keep_estimator:
        import joblib

        joblib.dump(clf, target / "items.joblib")
    LinearItemModel.from_classifier(clf).to_json(target / "items.json")  # what ie.extract reads
    train_agency_ranker(train_records, seed=seed).to_json(target / "agencies.json")
    return item_scores


def train(annotations: str | Path, output: str | Path, config: str | Path | None = None,
          overrides: dict[str, Any] | None = None, augment: int = 8, log: Callable[[str], None] = print,
          replace: bool = False) -> dict[str, Any]:
    """Train on the ``train`` split, evaluate on dev and test, write the model dir ``output``.

    ``augment``: extra copies of each training chunk that names an agency, with the names swapped
    for generated ones (0 turns augmentation off). ``replace``: overwrite an existing ``output``
    (otherwise :class:`TrainingError`)."""
    from .card import card_info, model_card
    from .evaluate import evaluate_model_alone, evaluate_split

    output = Path(output)
    if output.exists() and not replace:
        raise TrainingError(f"{output} exists; choose another --output or pass --force to replace it")
    overrides = dict(overrides or {})
    records = sorted(from_dataset(as_dataset(annotations)), key=lambda r: r["id"])
    by_split = {s: [r for r in records if r["split"] == s] for s in ("train", "dev", "test")}
    if not by_split["train"]:
        raise TrainingError(f"no reports with split 'train' in {annotations}")
    log(f"annotations: {', '.join(f'{k} {len(v)} reports' for k, v in by_split.items())}")
    output.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.training-"))
    try:
        staging = work / "model"
        item_scores = fit(by_split["train"], by_split["dev"], staging, config, overrides, augment, log)
        from .tune import choose_settings_by_sites

        settings = choose_settings_by_sites(by_split["train"], staging, log=log)  # hybrid.json
        log(f"hybrid settings chosen by leave-one-site-out over the training reports: {settings}")
        metrics: dict[str, Any] = {"items_dev": item_scores, "hybrid_settings": settings}
        for split in ("dev", "test"):
            if by_split[split]:
                metrics[split] = {"hybrid": evaluate_split(by_split[split], staging),
                                  "rules": evaluate_split(by_split[split], None),
                                  "model_alone": evaluate_model_alone(by_split[split], staging)}
        info = card_info(Path(config) if config else DEFAULT_CONFIG, overrides, by_split, metrics, augment)
        info["annotations_sha256"] = records_sha256(records)
        (staging / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8")
        (staging / "meta.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
        (staging / "README.md").write_text(model_card(info, metrics), encoding="utf-8")
        if output.exists():
            shutil.move(str(output), str(work / "replaced"))
        staging.rename(output)  # the model directory appears whole or not at all
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"model written to {output}")
    return metrics


def records_sha256(records: list[dict]) -> str:
    """A hash of the training data (ids, splits, texts, facts), to tell two runs' inputs apart."""
    h = hashlib.sha256()
    for r in sorted(records, key=lambda r: r["id"]):
        h.update(json.dumps([r["id"], r["split"], r["text"], r["facts"]], ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def save_pipeline(best: Path, target: Path) -> None:
    """The trained tok2vec + ner with the rule filter component appended, as one spaCy pipeline.
    The training data paths (a temporary folder) are not part of the model: they become null."""
    import spacy
    from thinc.api import Config

    from ..facts import components  # noqa: F401  (registers the factory)

    nlp = spacy.load(best)
    nlp.add_pipe("gidar_filter", last=True)
    nlp.to_disk(target)
    cfg_path = target / "config.cfg"
    cfg = Config().from_disk(cfg_path, interpolate=False)
    for key in ("train", "dev"):
        cfg["paths"][key] = None
    cfg.to_disk(cfg_path)
