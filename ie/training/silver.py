"""Silver labels: the rules' facts on every report available, as extra training data.

A person annotates a few reports; the rules label any number of them. Trained on both, the
sequence model sees agency names and metric phrases in the contexts of many more publishers,
and the item classifier sees many more section-五 items. Silver records have the annotation
format (``text``, ``facts`` = the rules' facts, ``id``, ``meta.site``), so the same code turns
them into spaCy Docs and item examples.

Reports come from the corpus (``reports/`` and ``wild/reports/``) and from the annotations'
texts. A text that is also annotated is left out (its gold labels win), and so is every report
of the site a fold holds out: see :func:`for_fold`."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from ..facts.annotations import corpus_root, site_of


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rule_record(rid: str, text: str, site: str | None = None) -> dict:
    """One report labelled by the rules alone, in the annotation format."""
    from ..pipeline import extract

    report = extract(text if "\n" in text else text + "\n", model=None)
    facts = [f.to_dict() for f in report.facts]
    return {"id": rid, "split": "train", "source": "silver", "meta": {"site": site or site_of({"id": rid})},
            "text": report.text, "facts": facts}


def corpus_texts(root: str | Path | None = None, log: Callable[[str], None] = lambda *_: None
                 ) -> list[tuple[str, str]]:
    """(id, text) of every readable report in the corpus's ``reports/`` and ``wild/reports/``."""
    from ..document import ReadError
    from ..readers import read, supported

    root = Path(root) if root else corpus_root()
    out = []
    for folder in (root / "reports", root / "wild" / "reports"):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not supported(path):
                continue
            try:
                out.append((path.stem, read(path).text))
            except ReadError as exc:
                log(f"silver: skipped {exc}")
    return out


def silver_records(annotated: list[dict], root: str | Path | None = None,
                   log: Callable[[str], None] = lambda *_: None) -> list[dict]:
    """Rule-labelled records of every corpus report whose text is not annotated (by sha256),
    sorted by id. Annotated texts are gold; they never appear here."""
    gold = {_sha(r["text"]) for r in annotated}
    seen: set[str] = set()
    out = []
    for rid, text in corpus_texts(root, log):
        h = _sha(text)
        if h in gold or h in seen or not text.strip():
            continue
        seen.add(h)
        out.append(rule_record(rid, text))
    log(f"silver: {len(out)} rule-labelled reports")
    return sorted(out, key=lambda r: r["id"])


def for_fold(silver: list[dict], excluded_sites: set[str]) -> list[dict]:
    """The silver records a fold may train on: none of a held-out site."""
    return [r for r in silver if site_of(r) not in excluded_sites]
