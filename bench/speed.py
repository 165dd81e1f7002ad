"""Extraction speed on one core.

    python bench/speed.py ../shared/corpus [--repeat 5]

1. Tables and checks: reports per second, text formats (txt, md, html) and PDFs separately
   (target: >= 50 text reports/s, >= 20 PDFs/s). Each file is read from disk every time, as `ie extract` would.
2. Narrative facts (rules + the shipped model): milliseconds per report, and per 10,000
   characters of report text (target: < 100 ms for a typical 10k-character report).
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
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    files = sorted(p for p in (Path(args.corpus) / "reports").iterdir() if supported(p))
    groups = {"text (txt/md/html)": [f for f in files if f.suffix != ".pdf"],
              "pdf": [f for f in files if f.suffix == ".pdf"]}
    ie.extract(files[0])  # warm up imports and the model
    for name, group in groups.items():
        if not group:
            continue
        per_file = []
        t0, cpu0 = time.perf_counter(), time.process_time()
        for _ in range(args.repeat):
            for f in group:
                t = time.perf_counter()
                ie.extract(f, facts=False)
                per_file.append(time.perf_counter() - t)
        total, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        n = len(group) * args.repeat
        # CPU seconds as well as wall time: on a shared machine the wall clock also counts waiting
        print(f"{name:20s} {len(group):3d} files x {args.repeat}: {n / total:7.1f} reports/s  "
              f"(median {statistics.median(per_file) * 1000:.1f} ms, max {max(per_file) * 1000:.1f} ms; "
              f"{n / cpu:.1f} reports per CPU second)")
    facts_ms, per_10k = [], []
    for f in groups["text (txt/md/html)"]:
        report = ie.extract(f, facts=False)
        text = report.text
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            ie.extract(text, facts=False)
            base = time.perf_counter() - t
            t = time.perf_counter()
            ie.extract(text)
            runs.append(max(0.0, time.perf_counter() - t - base))
        ms = statistics.median(runs) * 1000
        facts_ms.append(ms)
        per_10k.append(ms * 10_000 / max(1, len(text)))
    print(f"facts (rules+model)  {len(facts_ms):3d} files: median {statistics.median(facts_ms):.1f} ms/report, "
          f"median {statistics.median(per_10k):.1f} ms per 10k characters, max {max(per_10k):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
