"""Transcribe the hand-checked gold facts of ../shared/corpus/facts into annotations/*.jsonl.

Gold files carry each fact's exact text but no offsets; this finds each text in the document,
in order (agencies at their first occurrence), and fails loudly when a text is not found, so
every span in the output was placed by the gold file's own text, never by the extractor.

    python annotations/import_gold.py ../shared/corpus seed_000_qinzhou_2020 ...
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ie.facts.annotations import dump, site_of, text_sha256, validate
from ie.readers import read


def locate(text: str, facts: list[dict]) -> list[dict]:
    out = []
    cursor = 0
    for f in facts:
        f = dict(f)
        f.pop("section", None)
        needle = f["text"]
        start = text.find(needle) if f["type"] == "agency" else text.find(needle, cursor)
        if start < 0:
            start = text.find(needle)
        if start < 0:
            raise SystemExit(f"not found in text: {needle!r}")
        f["start"], f["end"] = start, start + len(needle)
        if f["type"] != "agency":
            cursor = start
        if f.get("metric"):
            ms = text.find(f["metric"], start, f["end"])
            if ms < 0:
                ms = text.rfind(f["metric"], 0, start)
            if ms < 0:
                raise SystemExit(f"metric {f['metric']!r} not found near {needle!r}")
            f["metric_start"], f["metric_end"] = ms, ms + len(f["metric"])
        out.append(f)
    return sorted(out, key=lambda f: f["start"])


def copy_ok(corpus_dir: Path, name: str) -> bool:
    for line in (corpus_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["file"] == name:
            return entry.get("copy_ok") is True
    return False


def main(corpus: str, ids: list[str]) -> None:
    corpus_dir = Path(corpus)
    for rid in ids:
        gold = json.loads((corpus_dir / "facts" / f"{rid}.json").read_text(encoding="utf-8"))
        source = next(p for p in (corpus_dir / "reports").iterdir() if p.stem == rid)
        text = read(source).text
        rec = {"id": rid, "source": source.name, "split": "test",
               "meta": {k: gold.get(k) for k in ("issuer", "year", "published")},
               "text": text, "facts": locate(text, gold["facts"])}
        rec["meta"]["site"] = site_of(rec)
        problems = validate(rec)
        if problems:
            raise SystemExit("\n".join(problems))
        if not copy_ok(corpus_dir, source.name):  # keep the offsets, not the text
            rec["text"] = None
            rec["text_ref"] = {"path": f"reports/{source.name}", "sha256": text_sha256(text)}
        dump([rec], Path(__file__).parent / f"{rid}.jsonl")
        print(rid, len(rec["facts"]), "facts")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
