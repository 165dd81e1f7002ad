"""Extraction speed on one core: reports per second over the corpus.

    python bench/speed.py ../shared/corpus [--repeat 5] [--facts]

Text formats (txt, md, html) and PDFs are timed separately; by default tables and checks
only (the issue's target: >= 50 text reports/s on one core), with --facts the whole pipeline.
Each file is read from disk every time, as `ie extract` would.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import ie
from ie.readers import supported


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--facts", action="store_true", help="include narrative facts")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    files = sorted(p for p in (Path(args.corpus) / "reports").iterdir() if supported(p))
    groups = {"text (txt/md/html)": [f for f in files if f.suffix != ".pdf"],
              "pdf": [f for f in files if f.suffix == ".pdf"]}
    ie.extract(files[0], facts=args.facts)  # warm up imports and models
    for name, group in groups.items():
        if not group:
            continue
        per_file = []
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            for f in group:
                t = time.perf_counter()
                ie.extract(f, facts=args.facts)
                per_file.append(time.perf_counter() - t)
        total = time.perf_counter() - t0
        n = len(group) * args.repeat
        print(f"{name:20s} {len(group):3d} files x {args.repeat}: {n / total:7.1f} reports/s  "
              f"(median {statistics.median(per_file) * 1000:.1f} ms, max {max(per_file) * 1000:.1f} ms)"
              f"{'  [with facts]' if args.facts else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
