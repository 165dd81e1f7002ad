"""Hand-annotated reports: the JSONL format, validation, and doccano / Label Studio conversion.

One JSON object per line, one line per report (see ``annotations/README.md``)::

    {"id": "seed_002_ziyang_2020", "source": "seed_002_ziyang_2020.txt", "split": "train",
     "meta": {"issuer": "紫阳县行政审批服务局", "year": 2020, "published": null},
     "text": "<the document text exactly as ie's reader returns it>",
     "facts": [{"type": "count", "start": 10, "end": 22, "text": "...", "value": 84, "unit": "条",
                "metric": "主动公开政府信息", "metric_start": 10, "metric_end": 18, "approx": false}, ...]}

Offsets are Python ``str`` indices into ``text``; ``text[start:end] == fact["text"]`` always
holds, and for count/amount/percent facts ``text[metric_start:metric_end] == metric``.

Reports that may not be copied into the repository (the corpus's ``wild/`` files) are stored
with ``"text": null`` and ``"text_ref": {"path": "wild/reports/x.txt", "sha256": "..."}``: the
path is relative to the corpus root (``../shared/corpus`` beside the repository, or
``$IE_CORPUS``) and the hash is that of the reader's text in UTF-8. :func:`load` fills the text
in and checks the hash; without the corpus such reports are skipped with one warning.

``meta.site`` names the site (city or publisher family) a report comes from, for
leave-one-site-out evaluation; :func:`site_of` derives it from the id when it is missing.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..schema import CONTACT_KINDS, FACT_TYPES

SPLITS = ("train", "dev", "test")
# Fields each fact type must carry besides type/start/end/text.
REQUIRED = {
    "count": ("value", "unit", "metric", "approx"),
    "amount": ("value", "unit", "yuan", "metric"),
    "percent": ("value", "metric"),
    "date": ("value",),
    "agency": ("role",),
    "problem": (),
    "measure": (),
    "contact": ("kind", "value"),
}
METRIC_TYPES = ("count", "amount", "percent")


def iter_files(path: str | Path) -> list[Path]:
    path = Path(path)
    return sorted(path.glob("*.jsonl")) if path.is_dir() else [path]


REPO_ROOT = Path(__file__).resolve().parents[2]


class TextRefError(ValueError):
    """A ``text_ref`` that points at a file whose text is not the one annotated."""


def corpus_root() -> Path:
    """Where ``text_ref`` paths are resolved: ``$IE_CORPUS``, else ``../shared/corpus`` beside
    the repository."""
    return Path(os.environ.get("IE_CORPUS") or REPO_ROOT.parent / "shared" / "corpus")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def site_of(rec: dict[str, Any]) -> str:
    """The site of a report: ``meta.site``, else from its id (``legacy_pingtan_county_2011`` and
    ``pingtan_czj_2019`` → pingtan, ``seed_000_qinzhou_2020`` → qinzhou, ``putian_lyj_2019`` →
    putian)."""
    site = (rec.get("meta") or {}).get("site")
    if site:
        return str(site)
    rid = re.sub(r"^(?:legacy_|seed_\d+_)", "", str(rec.get("id", "")))
    return rid.split("_")[0] or "unknown"


def resolve_text(rec: dict[str, Any], corpus: Path) -> str | None:
    """The text a ``text_ref`` names (None when the corpus file is absent). Raises
    :class:`TextRefError` when the file's text does not have the annotated hash."""
    from ..readers import read

    ref = rec["text_ref"]
    path = corpus / ref["path"]
    if not path.is_file():
        return None
    text = read(path).text
    if text_sha256(text) != ref.get("sha256"):
        raise TextRefError(f"{rec.get('id', '?')}: {path} does not hold the annotated text "
                           f"(sha256 {text_sha256(text)[:12]}…, annotated {str(ref.get('sha256'))[:12]}…)")
    return text


def load(path: str | Path, corpus: str | Path | None = None, problems: list[str] | None = None
         ) -> list[dict[str, Any]]:
    """All annotated reports in a JSONL file or a folder of them, in file order, with the text
    of ``text_ref`` reports read from the corpus (``corpus`` or :func:`corpus_root`). Reports
    whose referenced file is absent are left out, with one warning for all of them. A referenced
    file with another text raises :class:`TextRefError`, or, when ``problems`` is a list, is
    noted there and its report left out."""
    out = []
    for f in iter_files(path):
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        out.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{f}:{n}: not valid JSON ({exc.msg})") from None
    root = Path(corpus) if corpus else corpus_root()
    kept, missing = [], []
    for rec in out:
        if rec.get("text") is None and isinstance(rec.get("text_ref"), dict):
            try:
                text = resolve_text(rec, root)
            except TextRefError as exc:
                if problems is None:
                    raise
                problems.append(str(exc))
                continue
            if text is None:
                missing.append(str(rec.get("id")))
                continue
            rec = {**rec, "text": text}
        kept.append(rec)
    if missing:
        warnings.warn(f"{len(missing)} annotated reports skipped: their text is in the corpus, not found at "
                      f"{root} (set IE_CORPUS): {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}",
                      stacklevel=2)
    return kept


def as_dataset(path: str | Path):
    """The annotations as a Hugging Face ``DatasetDict`` with one split per ``split`` value.

    Facts are kept as JSON strings, since their fields differ by type."""
    from datasets import Dataset, DatasetDict

    rows: dict[str, list[dict[str, Any]]] = {s: [] for s in SPLITS}
    for rec in load(path):
        rows.setdefault(rec["split"], []).append({
            "id": rec["id"], "source": rec.get("source", ""), "text": rec["text"],
            "meta": json.dumps(rec.get("meta", {}), ensure_ascii=False),
            "facts": json.dumps(rec["facts"], ensure_ascii=False)})
    return DatasetDict({s: Dataset.from_list(r) for s, r in rows.items() if r})


def from_dataset(dataset) -> list[dict[str, Any]]:
    """The annotated reports of a ``DatasetDict`` from :func:`as_dataset` (or loaded from disk),
    as records again: ``split`` from the dataset split, ``meta`` and ``facts`` parsed."""
    return [{"id": row["id"], "split": split, "source": row["source"], "text": row["text"],
             "meta": json.loads(row["meta"]), "facts": json.loads(row["facts"])}
            for split, rows in dataset.items() for row in rows]


def validate(rec: dict[str, Any]) -> list[str]:
    """Problems with one annotated report (an empty list when it is valid)."""
    errs = []
    rid = rec.get("id", "?")
    for key in ("id", "split", "text", "facts"):
        if key not in rec:
            errs.append(f"{rid}: missing '{key}'")
    if errs:
        return errs
    if not isinstance(rec["text"], str):
        return [f"{rid}: 'text' is not a string (a text_ref report must be loaded with its corpus)"]
    site = (rec.get("meta") or {}).get("site")
    if site is not None and not (isinstance(site, str) and re.fullmatch(r"[a-z][a-z0-9_]*", site)):
        errs.append(f"{rid}: meta.site must be a lower-case name like 'putian'")
    if rec["split"] not in SPLITS:
        errs.append(f"{rid}: split must be one of {SPLITS}")
    text = rec["text"]
    seen_agencies: set[str] = set()
    issuers = 0
    for i, f in enumerate(rec["facts"]):
        where = f"{rid} fact {i} ({f.get('type')} {f.get('text', '')[:20]!r})"
        t = f.get("type")
        if t not in FACT_TYPES:
            errs.append(f"{where}: unknown type")
            continue
        for key in ("start", "end", "text") + REQUIRED[t]:
            if key not in f:
                errs.append(f"{where}: missing '{key}'")
        if not all(k in f for k in ("start", "end", "text")):
            continue
        if text[f["start"]:f["end"]] != f["text"]:
            errs.append(f"{where}: text[{f['start']}:{f['end']}] is {text[f['start']:f['end']]!r}")
        if t in METRIC_TYPES and f.get("metric"):
            ms, me = f.get("metric_start"), f.get("metric_end")
            if ms is None or me is None or text[ms:me] != f["metric"]:
                errs.append(f"{where}: metric span does not hold {f['metric']!r}")
        if t == "contact" and f.get("kind") not in CONTACT_KINDS:
            errs.append(f"{where}: contact kind must be one of {CONTACT_KINDS}")
        if t == "agency":
            if f.get("role") not in ("issuer", "mentioned"):
                errs.append(f"{where}: role must be issuer or mentioned")
            issuers += f.get("role") == "issuer"
            if f["text"] in seen_agencies:
                errs.append(f"{where}: agency annotated twice (one fact per distinct name)")
            seen_agencies.add(f["text"])
    if issuers > 1:
        errs.append(f"{rid}: more than one issuer")
    return errs


def dump(records: Iterable[dict[str, Any]], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


# ---- doccano ------------------------------------------------------------------------------
# doccano's sequence-labelling JSONL: {"text": ..., "label": [[start, end, "LABEL"], ...]}. Labels
# are the fact type in upper case; metric spans are exported as METRIC. Fact fields that doccano
# cannot hold (value, unit, role...) travel in "facts" so a round trip loses nothing.


def to_doccano(rec: dict[str, Any]) -> dict[str, Any]:
    labels = []
    for f in rec["facts"]:
        labels.append([f["start"], f["end"], f["type"].upper()])
        if f.get("metric_start") is not None:
            labels.append([f["metric_start"], f["metric_end"], "METRIC"])
    out = {"id": rec["id"], "text": rec["text"], "label": labels, "split": rec["split"],
           "meta": rec.get("meta", {}), "facts": rec["facts"], "source": rec.get("source", "")}
    for key in ("pre_annotation", "pre_annotation_model"):  # machine-made facts stay marked as such
        if key in rec:
            out[key] = rec[key]
    return out


def from_doccano(obj: dict[str, Any], split: str = "train") -> dict[str, Any]:
    """A doccano line back into our format. Spans without our extra fields become facts with
    only their span and type; fill in values before training on count/amount/date facts."""
    if "facts" in obj:
        facts = obj["facts"]
    else:
        text = obj["text"]
        facts = [{"type": lab.lower(), "start": s, "end": e, "text": text[s:e]}
                 for s, e, lab in obj.get("label", []) if lab.lower() in FACT_TYPES]
    out = {"id": str(obj.get("id")), "source": obj.get("source", ""), "split": obj.get("split", split),
           "meta": obj.get("meta", {}), "text": obj["text"], "facts": facts}
    for key in ("pre_annotation", "pre_annotation_model"):
        if key in obj:
            out[key] = obj[key]
    return out


# ---- Label Studio -------------------------------------------------------------------------
# Label Studio's JSON export: a list of tasks {"data": {"text"}, "annotations": [{"result": [...]}]}
# with labels results {"value": {"start", "end", "text", "labels": [...]}, "from_name": "label",
# "to_name": "text", "type": "labels"}.


def to_label_studio(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    tasks = []
    for rec in records:
        results = []
        for i, f in enumerate(rec["facts"]):
            results.append({"id": f"f{i}", "from_name": "label", "to_name": "text", "type": "labels",
                            "value": {"start": f["start"], "end": f["end"], "text": f["text"],
                                      "labels": [f["type"]]},
                            "meta": {"fields": {k: v for k, v in f.items()
                                                if k not in ("type", "start", "end", "text")}}})
        tasks.append({"data": {"text": rec["text"], "id": rec["id"], "split": rec["split"],
                               "meta": rec.get("meta", {}), "source": rec.get("source", "")},
                      "annotations": [{"result": results}]})
    return tasks


def from_label_studio(tasks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for task in tasks:
        data = task["data"]
        facts = []
        for ann in task.get("annotations", [])[:1]:
            for r in ann.get("result", []):
                if r.get("type") != "labels":
                    continue
                v = r["value"]
                fact = {"type": v["labels"][0], "start": v["start"], "end": v["end"],
                        "text": v.get("text", data["text"][v["start"]:v["end"]])}
                fact.update(r.get("meta", {}).get("fields", {}))
                facts.append(fact)
        yield {"id": str(data.get("id")), "source": data.get("source", ""), "split": data.get("split", "train"),
               "meta": data.get("meta", {}), "text": data["text"], "facts": facts}


def main(argv: list[str] | None = None) -> int:
    """``python -m ie.facts.annotations validate PATH``: print problems, exit 1 if any."""
    import sys

    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] != "validate":
        print("usage: python -m ie.facts.annotations validate PATH")
        return 2
    problems: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        recs = load(argv[1], problems=problems)
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    ids = [r.get("id") for r in recs]
    for dup in {i for i in ids if ids.count(i) > 1}:
        problems.append(f"{dup}: annotated more than once")
    for rec in recs:
        problems += validate(rec)
    for p in problems:
        print(p)
    print(f"{len(recs)} reports, {sum(len(r.get('facts', [])) for r in recs)} facts, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
