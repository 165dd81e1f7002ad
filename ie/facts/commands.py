"""``ie train``, ``ie evaluate`` and ``ie annotations``: the narrative-fact model's life cycle."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

TRAIN_HELP = """\
Train the narrative-fact model on the hand-annotated reports: the agency ranker (the agency
names the rules miss), a scikit-learn classifier for the problem/measure items of section 五,
and a spaCy sequence model for metric phrases; choose the hybrid's thresholds by
leave-one-site-out over the training reports, evaluate next to the rules alone, and write the
model directory (pipeline, classifier, ranker, hybrid.json, metrics.json, model card README.md).

Without --output the model goes to a new folder models/facts-<date>-<time>; the shipped model
(models/facts) or any existing folder is replaced only with --force. Nothing is left behind if
training fails or is interrupted (Ctrl-C, SIGTERM): the work folder is removed and the model
folder appears only when complete.

examples:
  ie train                                        annotations/ -> models/facts-20261207-0512 (new)
  ie train --output /tmp/my-model                 write exactly there (must not exist)
  ie train --output models/facts --force          replace the shipped model
  ie train --training.max_steps 1500              any spaCy config value can be overridden
  ie train --nlp.tokenizer.segmenter char         character instead of jieba tokens
  ie extract report.txt --model models/facts-20261207-0512   use the new model

To retrain with one more report: add its annotated JSONL to annotations/ with "split": "train"
(see annotations/README.md) and run `ie train`. Training uses a fixed seed: with the same
annotations, code and library versions two runs write the same model and scores.
"""

EVALUATE_HELP = """\
Score narrative facts per type and micro-averaged (precision, recall, F1), with the matching
rules of FACTS.md, for the hybrid model and for the rules alone.

The headline number is --loso (leave-one-site-out): for each site of annotations/ a model is
trained on the other sites (its thresholds chosen by leave-one-site-out inside them) and scored
on the held-out site, so no score comes from a site the model or its thresholds saw. The rules
were written while reading the reports of the first annotated sites, so on those the rules'
scores are in-sample (labelled). Without --loso the shipped model is scored on one split, with
the rules in-sample; --compare DIR adds another model's F1 (what a retrain changed).

examples:
  ie evaluate --loso                              leave-one-site-out (trains one small model per site)
  ie evaluate --loso --silver --sites putian      + rule labels of every corpus report; one fold
  ie evaluate                                     annotations' test split, shipped model
  ie evaluate --split dev --model /tmp/my-model
  ie evaluate --model models/facts-20261207-0512 --compare models/facts   after ie train: what changed
  ie evaluate --corpus ../shared/corpus           the corpus gold files (as bench/score.py)
  ie evaluate --output scores.json
"""

ANNOTATIONS_HELP = """\
Check, export and import hand annotations (format: annotations/README.md).

examples:
  ie annotations validate annotations/
  ie annotations export --format doccano annotations/ out.jsonl
  ie annotations export --format labelstudio annotations/ tasks.json
  ie annotations import --format doccano done.jsonl annotations/new_report.jsonl --split train
"""


ANNOTATE_HELP = """\
Pre-annotate reports with the current hybrid (rules + model) for a person to correct in doccano
or Label Studio. These are NOT annotations: every record is marked "pre_annotation": true (Label
Studio gets them as predictions), and `ie annotations import` refuses marked records unless
--reviewed says a person checked every fact.

examples:
  ie annotate new/*.txt -o pre.jsonl                          doccano JSONL (default)
  ie annotate new/ --format labelstudio -o tasks.json         Label Studio tasks with predictions
  ie annotations import --format doccano --reviewed done.jsonl annotations/new.jsonl
"""


def register(sub) -> None:
    p = sub.add_parser("annotate", help="pre-annotate reports for correction (doccano / Label Studio)",
                       description=ANNOTATE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="PATH", help="report files or folders")
    p.add_argument("--format", default="doccano", choices=("doccano", "labelstudio"))
    p.add_argument("--model", default=None, metavar="DIR", help="model directory (default: models/facts)")
    p.add_argument("--output", "-o", default=None, metavar="FILE", help="write here (default: stdout)")
    p.set_defaults(func=run_annotate)

    p = sub.add_parser("train", help="train the narrative-fact model on annotations/", description=TRAIN_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--annotations", default="annotations", metavar="DIR", help="annotated JSONL files (default: annotations)")
    p.add_argument("--output", default=None, metavar="DIR",
                   help="model directory to create (default: a new models/facts-<date>-<time>)")
    p.add_argument("--force", action="store_true", help="replace --output if it exists (e.g. the shipped models/facts)")
    p.add_argument("--config", default=None, metavar="CFG", help="spaCy config (default: ie/training/configs/ner.cfg)")
    p.add_argument("--augment", type=int, default=8, metavar="K",
                   help="copies of each chunk naming an agency, with generated names (default 8; 0 = off)")
    p.set_defaults(func=run_train, overrides_allowed=True)

    p = sub.add_parser("evaluate", help="precision/recall/F1 of narrative facts", description=EVALUATE_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=None, metavar="DIR", help="model directory (default: models/facts)")
    p.add_argument("--compare", default=None, metavar="DIR",
                   help="another model directory, its F1 in a column of its own (e.g. the model before a retrain)")
    p.add_argument("--annotations", default="annotations", metavar="DIR")
    p.add_argument("--split", default="test", choices=("train", "dev", "test"))
    p.add_argument("--corpus", default=None, metavar="DIR", help="score against CORPUS/facts instead")
    p.add_argument("--output", "-o", default=None, metavar="FILE", help="also write the scores as JSON")
    p.add_argument("--loso", action="store_true", help="leave-one-site-out: train per held-out site, score there")
    p.add_argument("--silver", action="store_true", help="with --loso: also train on the rules' labels of the corpus")
    p.add_argument("--sites", default=None, metavar="A,B", help="with --loso: only these held-out sites")
    p.add_argument("--steps", type=int, default=None, metavar="N", help="with --loso: training steps per fold (600)")
    p.set_defaults(func=run_evaluate, overrides_allowed=True)

    p = sub.add_parser("annotations", help="validate, export, import annotations", description=ANNOTATIONS_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    asub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    v = asub.add_parser("validate", help="check offsets and fields")
    v.add_argument("path", nargs="?", default="annotations")
    v.set_defaults(func=run_validate)
    e = asub.add_parser("export", help="to doccano JSONL or Label Studio JSON")
    e.add_argument("--format", required=True, choices=("doccano", "labelstudio"))
    e.add_argument("path")
    e.add_argument("out")
    e.set_defaults(func=run_export)
    i = asub.add_parser("import", help="from doccano JSONL or Label Studio JSON")
    i.add_argument("--format", required=True, choices=("doccano", "labelstudio"))
    i.add_argument("--split", default="train", choices=("train", "dev", "test"))
    i.add_argument("--reviewed", action="store_true",
                   help="records marked as pre-annotations were corrected by a person: accept them as annotations")
    i.add_argument("file")
    i.add_argument("out")
    i.set_defaults(func=run_import)


def _model_dir(arg: str | None) -> Path:
    from .model import DEFAULT_MODEL

    return Path(arg) if arg else DEFAULT_MODEL


def new_model_dir() -> Path:
    """Where ``ie train`` writes when not told: a new folder, never the shipped model."""
    import datetime as dt

    return Path("models") / f"facts-{dt.datetime.now():%Y%m%d-%H%M%S}"


def load_annotations(path: str) -> list[dict]:
    """The annotated reports, with the loader's warning (reports whose text is in an absent
    corpus) printed as one line."""
    import warnings

    from ..commands.common import UsageError
    from .annotations import load

    if not Path(path).exists():
        raise UsageError(f"{path}: no such annotations file or folder")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            records = load(path)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    for w in caught:
        print(f"ie: warning: {w.message}", file=sys.stderr)
    return records


def run_train(args) -> int:
    import signal

    from ..commands.common import UsageError
    from ..training.train import train

    output = Path(args.output) if args.output else new_model_dir()
    if output.exists() and not args.force:
        raise UsageError(f"{output} exists; choose another --output, or add --force to replace it")
    if not Path(args.annotations).exists():
        raise UsageError(f"{args.annotations}: no such annotations file or folder")

    def stop(signum, _frame):  # SIGTERM/SIGHUP unwind like Ctrl-C, so the work folder is removed
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        metrics = train(args.annotations, output, args.config, args.overrides, args.augment, replace=args.force)
    except (ValueError, FileNotFoundError) as exc:
        raise UsageError(str(exc)) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    from ..training.evaluate import format_table

    for split in ("dev", "test"):
        if split in metrics:
            print(f"\n{split} split (hybrid; rules alone in the last column)")
            print(format_table(metrics[split]["hybrid"], metrics[split]["rules"]))
    return 0


def run_evaluate(args) -> int:
    from ..commands.common import UsageError
    from ..training.evaluate import evaluate_corpus, evaluate_split, format_table

    if args.loso:
        return _run_loso(args)
    model = _model_dir(args.model)
    compare = Path(args.compare) if args.compare else None
    for folder in (model, compare) if compare else (model,):
        if not (folder / "pipeline").is_dir():
            raise UsageError(f"{folder}: no trained model here (run `ie train`)")
    if args.corpus:
        if not (Path(args.corpus) / "facts").is_dir():
            raise UsageError(f"{args.corpus}: no facts/ gold folder")
        score, what = (lambda m: evaluate_corpus(args.corpus, m)), f"corpus {args.corpus}"
    else:
        records = [r for r in load_annotations(args.annotations) if r["split"] == args.split]
        if not records:
            raise UsageError(f"no annotated reports with split '{args.split}' in {args.annotations}")
        score, what = (lambda m: evaluate_split(records, m)), f"{args.split} split ({len(records)} reports)"
    hybrid, rules = score(model), score(None)
    compared = score(compare) if compare else None
    print(f"{what}: hybrid (rules + {model.name}); F1 of the rules alone"
          + (f" and of rules + {compare.name} (--compare)" if compare else "") + " in the last columns")
    print(format_table(hybrid, rules, "rules F1*", (("compared", compared),) if compare else ()))
    print("* in-sample: the rules were written while reading the annotated reports; "
          "`ie evaluate --loso` holds out whole sites")
    if args.output:
        from ..commands.common import output

        with output(args.output) as fh:
            json.dump({"evaluated": what, "hybrid": hybrid, "rules": rules,
                       **({"compared": {"model": str(compare), "scores": compared}} if compare else {})},
                      fh, ensure_ascii=False, indent=1)
    return 0


def _run_loso(args) -> int:
    from ..commands.common import UsageError, output
    from ..training.loso import by_site, format_loso, leave_one_site_out
    from ..training.silver import silver_records

    records = load_annotations(args.annotations)
    sites = list(by_site(records))
    only = args.sites.split(",") if args.sites else None
    if len(sites) < 3:
        raise UsageError(f"leave-one-site-out needs annotated reports of at least 3 sites (found: {', '.join(sites)})")
    if only and set(only) - set(sites):
        raise UsageError(f"no annotated reports of site(s) {', '.join(sorted(set(only) - set(sites)))} "
                         f"(sites: {', '.join(sites)})")
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    silver = silver_records(records, log=log) if args.silver else None
    overrides = dict(getattr(args, "overrides", None) or {})
    if args.steps:
        overrides["training.max_steps"] = args.steps
    result = leave_one_site_out(records, overrides=overrides, silver=silver, only=only, log=log)
    print(format_loso(result))
    if args.output:
        with output(args.output) as fh:
            json.dump(result, fh, ensure_ascii=False, indent=1)
    return 0


def run_annotate(args) -> int:
    from ..commands.common import UsageError, input_files, output
    from ..document import ReadError
    from .preannotate import pre_annotate, to_label_studio_predictions

    if args.model and not (Path(args.model) / "pipeline").is_dir():
        raise UsageError(f"{args.model}: no trained model here (a folder written by `ie train`)")
    records = []
    for path in input_files(args.inputs):
        try:
            records.append(pre_annotate(path, args.model or "default"))
        except ReadError as exc:
            raise UsageError(str(exc)) from None
    with output(args.output) as fh:
        _write_tasks(fh, args.format, records, to_label_studio_predictions)
    print(f"{len(records)} reports pre-annotated (for correction, not gold) -> {args.output or 'stdout'}",
          file=sys.stderr)
    return 0


def run_validate(args) -> int:
    from .annotations import main

    return main(["validate", args.path])


def run_export(args) -> int:
    from ..commands.common import output
    from .annotations import load, to_label_studio

    records = load(args.path)
    with output(args.out) as fh:
        _write_tasks(fh, args.format, records, to_label_studio)
    print(f"{len(records)} reports -> {args.out}", file=sys.stderr)
    return 0


def _write_tasks(fh, fmt: str, records: list, label_studio) -> None:
    """Annotation records as doccano JSONL, or as one Label Studio task list made by
    ``label_studio`` (gold tasks for export, predictions for pre-annotation)."""
    from .annotations import to_doccano

    if fmt == "doccano":
        fh.writelines(json.dumps(to_doccano(rec), ensure_ascii=False) + "\n" for rec in records)
    else:
        json.dump(label_studio(records), fh, ensure_ascii=False, indent=1)


def run_import(args) -> int:
    from ..commands.common import UsageError, output
    from .annotations import from_doccano, from_label_studio, validate

    raw = Path(args.file).read_text(encoding="utf-8")
    try:
        if args.format == "doccano":
            records = [from_doccano(json.loads(line), args.split) for line in raw.splitlines() if line.strip()]
        else:
            records = list(from_label_studio(json.loads(raw)))
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise UsageError(f"{args.file}: not a {args.format} export ({exc})") from None
    from .preannotate import reviewed

    marked = [r["id"] for r in records if r.get("pre_annotation")]
    if marked and not args.reviewed:
        raise UsageError(f"{len(marked)} records are machine pre-annotations ({', '.join(marked[:3])}"
                         f"{' …' if len(marked) > 3 else ''}), not annotations; correct them, then import with --reviewed")
    records = [reviewed(r) if r.get("pre_annotation") else r for r in records]
    problems = [p for rec in records for p in validate(rec)]
    with output(args.out) as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(records)} reports -> {args.out}; {len(problems)} problems", file=sys.stderr)
    for p in problems[:20]:
        print("  " + p, file=sys.stderr)
    return 1 if problems else 0
