"""OCR accuracy and time on image-only renders of the corpus PDFs, scored against their gold.

    python bench/ocr_fixtures.py ../shared/corpus FIXTURES
    python bench/ocr_bench.py ../shared/corpus FIXTURES [--variants 300dpi 150dpi skewed]

For each variant: cells right / gold cells (score.py's accuracy), wrong and hallucinated cells,
how many of the wrong ones the report itself catches (a failed check naming the cell, or the
``ocr_low_confidence`` flag), how many cells were flagged in all, and OCR seconds per page.
Needs the ``[ocr]`` extra. Predictions are written to FIXTURES/pred/<variant>/."""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ie


def caught(pred: dict, key: str) -> bool:
    cell = pred["tables"].get(key) or {}
    if "ocr_low_confidence" in cell.get("flags", []):
        return True
    return any(c["status"] == "fail" and key in c["cells"] for c in pred["checks"])


def run_variant(corpus: Path, folder: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    seconds, pages = [], 0
    wrong = caught_n = flagged = hallucinated = 0
    wrong_list = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".pdf", ".tiff", ".png")):
        t = time.perf_counter()
        report = ie.extract(path, facts=False)
        elapsed = time.perf_counter() - t
        pred = report.to_dict()
        (out / f"{path.stem}.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        doc_seconds = [float(s) for s in _ocr_seconds(report)]
        seconds += doc_seconds
        pages += len(doc_seconds)
        gold = json.loads((corpus / "tables" / f"{path.stem}.json").read_text(encoding="utf-8"))["tables"]
        for key, value in gold.items():
            got = report.value(key)
            if got is None:
                continue
            if value is None:
                hallucinated += 1
            elif abs(float(got) - float(value)) > 1e-6:
                wrong += 1
                ok = caught(pred, key)
                caught_n += ok
                wrong_list.append(f"{path.stem}:{key} gold={value} got={got} caught={ok}")
        flagged += sum(1 for c in pred["tables"].values() if c and "ocr_low_confidence" in c.get("flags", []))
        print(f"  {path.name}: {elapsed:.1f}s", file=sys.stderr)
    return {"pages": pages, "seconds_per_page": statistics.mean(seconds) if seconds else 0.0,
            "wrong": wrong, "caught": caught_n, "hallucinated": hallucinated, "flagged": flagged,
            "wrong_cells": wrong_list}


_META = {}


def _ocr_seconds(report) -> list[str]:
    return _META.get(report.source, [])


def score(corpus: Path, pred: Path, stems: list[str]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "tables"
        gold.mkdir()
        for stem in stems:
            (gold / f"{stem}.json").write_bytes((corpus / "tables" / f"{stem}.json").read_bytes())
        scorer = corpus.parent / "bench" / "score.py"
        out = subprocess.run([sys.executable, str(scorer), tmp, str(pred)], capture_output=True, text=True).stdout
    return next((line for line in out.splitlines() if line.startswith("TABLES")), out.strip())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("fixtures")
    ap.add_argument("--variants", nargs="*", default=["300dpi", "150dpi", "skewed"])
    args = ap.parse_args(argv)
    corpus, fixtures = Path(args.corpus), Path(args.fixtures)
    _patch_reader()
    for variant in args.variants:
        folder = fixtures / variant
        if not folder.is_dir():
            print(f"{variant}: no fixtures in {folder} (run bench/ocr_fixtures.py first)")
            continue
        pred = fixtures / "pred" / variant
        result = run_variant(corpus, folder, pred)
        stems = sorted(p.stem for p in folder.iterdir())
        print(f"{variant:8s} {score(corpus, pred, stems)}  wrong caught by a check or flag: "
              f"{result['caught']}/{result['wrong']}  flagged cells: {result['flagged']}  "
              f"OCR {result['seconds_per_page']:.1f} s/page over {result['pages']} pages")
        for line in result["wrong_cells"]:
            print("   ", line)
    return 0


def _patch_reader() -> None:
    """Remember each document's per-page OCR seconds (Document.meta) for the report above."""
    import ie.pipeline as pipeline

    original = pipeline.read

    def read(source):
        doc = original(source)
        _META[doc.source] = [s for s in doc.meta.get("ocr_seconds", "").split(",") if s]
        return doc

    pipeline.read = read


if __name__ == "__main__":
    sys.exit(main())
