"""Pre-annotations: the current hybrid's facts on new reports, for a person to correct.

``ie annotate`` writes them as doccano JSONL or Label Studio tasks. They are never gold: each
record carries ``"pre_annotation": true`` and the model that made it; Label Studio receives them
as *predictions* (not annotations), and ``ie annotations import`` refuses records still marked
as pre-annotations unless told they were reviewed (``--reviewed``)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .annotations import site_of

# Fields of an extracted fact that the annotation format does not have.
RUNTIME_FIELDS = ("section", "method", "confidence")


def pre_annotate(path: str | Path, model: str | Path | None = "default") -> dict[str, Any]:
    """One report as an annotation record whose facts are the hybrid's (``method`` and
    ``confidence`` kept, so the annotator sees how sure each one is)."""
    from ..pipeline import extract

    report = extract(Path(path), model=model)
    rid = Path(path).stem
    meta = {"issuer": report.issuer, "year": report.year, "published": report.published}
    meta["site"] = site_of({"id": rid})
    return {"id": rid, "source": Path(path).name, "split": "train", "meta": meta, "text": report.text,
            "facts": [f.to_dict() for f in report.facts], "pre_annotation": True,
            "pre_annotation_model": "rules" if model is None else "models/facts" if model == "default" else str(model)}


def to_label_studio_predictions(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Label Studio tasks with the facts as ``predictions`` (shown for correction; an annotator
    must accept or fix them, and only annotations come back through ``ie annotations import``)."""
    from .annotations import to_label_studio

    tasks = to_label_studio(records)
    for task, rec in zip(tasks, records):
        results = task.pop("annotations")[0]["result"]
        task["predictions"] = [{"model_version": rec.get("pre_annotation_model", ""), "result": results}]
        task["data"]["pre_annotation"] = True
    return tasks


def reviewed(rec: dict[str, Any]) -> dict[str, Any]:
    """A corrected pre-annotation as an annotation record: the mark and the runtime fields go."""
    out = {k: v for k, v in rec.items() if k not in ("pre_annotation", "pre_annotation_model")}
    out["facts"] = [{k: v for k, v in f.items() if k not in RUNTIME_FIELDS} for f in rec["facts"]]
    return out
