#!/usr/bin/env python3
"""Score the rule-based fact extractor (ie.facts.rules.rule_facts) on the annotations.

    python bench/fact_rules_eval.py                       # split "test", annotations/
    python bench/fact_rules_eval.py --split train -v      # misses and spurious facts too
    python bench/fact_rules_eval.py --split all --tables  # exclude the table extractor's regions
    python bench/fact_rules_eval.py --corpus ../shared/corpus  # the corpus gold files instead

Matching is the official scorer's (``score_facts`` in ../shared/bench/score.py, loaded from
``--scorer``), so the numbers here are the numbers the benchmark will report for rules alone."""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ie.facts.annotations import load  # noqa: E402
from ie.facts.rules import rule_facts  # noqa: E402
from ie.sections import segment  # noqa: E402


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("official_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def table_regions(text: str, sections: dict) -> list:
    """The table extractor's regions, when that module is available."""
    try:
        from ie.tables.regions import locate
    except ImportError:
        return []
    return locate(text, sections).all()


def corpus_records(corpus: Path) -> list[dict]:
    """The corpus gold files as annotation-like records (text read with ie's reader)."""
    import json

    from ie.readers import read

    out = []
    for gf in sorted((corpus / "facts").glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        source = next((p for p in (corpus / "reports").iterdir() if p.stem == gf.stem), None)
        if source is None:
            continue
        out.append({"id": gf.stem, "split": "corpus", "text": read(source).text, "facts": gold["facts"],
                    "meta": {"issuer": gold.get("issuer"), "year": gold.get("year")}})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--annotations", default=str(REPO / "annotations"))
    ap.add_argument("--split", default="test", help="train | dev | test | all")
    ap.add_argument("--scorer", default=str(REPO.parent / "shared" / "bench" / "score.py"))
    ap.add_argument("--tables", action="store_true", help="pass the table regions as exclude spans")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each report's misses")
    ap.add_argument("--types", default="", help="comma-separated fact types to show in -v output")
    ap.add_argument("--corpus", help="score the gold files in CORPUS/facts (reports read from CORPUS/reports) "
                                     "instead of the annotations")
    args = ap.parse_args(argv)

    scorer = load_scorer(Path(args.scorer))
    if args.corpus:
        records = corpus_records(Path(args.corpus))
        args.split = "corpus"
    else:
        records = [r for r in load(args.annotations) if args.split == "all" or r["split"] == args.split]
    if not records:
        print(f"no annotated reports in split {args.split!r}")
        return 1
    show = set(filter(None, args.types.split(",")))
    total: dict[str, Counter] = defaultdict(Counter)
    elapsed = 0.0
    for rec in records:
        text = rec["text"]
        meta = rec.get("meta") or {}
        sections = segment(text)
        exclude = table_regions(text, sections) if args.tables else ()
        t0 = time.perf_counter()
        facts = rule_facts(text, sections, meta.get("year"), exclude, issuer=meta.get("issuer"))
        elapsed += time.perf_counter() - t0
        pred = [f.to_dict() for f in facts]
        by_type, misses = scorer.score_facts(rec["facts"], pred)
        gold_types = {g["type"] for g in rec["facts"]}
        for t, c in by_type.items():
            if t in gold_types:  # as the official scorer: only types the gold file has
                total[t].update(c)
        if args.verbose:
            print(f"== {rec['id']} ({rec['split']})")
            for what, f in misses:
                if show and f["type"] not in show:
                    continue
                extra = {k: f.get(k) for k in ("value", "unit", "metric", "kind", "role") if f.get(k) is not None}
                print(f"   {what:8s} {f['type']:8s} {f.get('text', '')[:60]!r} {extra}")
    micro = Counter()
    print(f"\n{len(records)} reports, split={args.split}, rules {1000 * elapsed / len(records):.1f} ms/report")
    print(f"{'type':9s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>5s} {'fp':>5s} {'fn':>5s}")
    for t in sorted(total):
        c = total[t]
        micro.update(c)
        p, r, f = scorer.prf(c)
        print(f"{t:9s} {p:6.3f} {r:6.3f} {f:6.3f} {c['tp']:5d} {c['fp']:5d} {c['fn']:5d}")
    p, r, f = scorer.prf(micro)
    print(f"{'micro':9s} {p:6.3f} {r:6.3f} {f:6.3f} {micro['tp']:5d} {micro['fp']:5d} {micro['fn']:5d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
