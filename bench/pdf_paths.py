"""The two PDF paths side by side, under the same machine load: pypdfium2 (the default) against
pdfplumber alone (what every page would cost if pdfium could lay out none of them).

    python bench/pdf_paths.py ../shared/corpus [--repeat 5]

Prints, per path, reports per second of tables + checks (wall clock and per CPU second) and how
the pages were read (``Document.meta["pdf_pages"]``). Runs alternate between the paths so that
load from other processes falls on both alike."""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

import ie
import ie.readers.pdf as pdf_reader
from ie.readers import read
from ie.readers.pdf_page import PageUnreadable


def _all_pages_unreadable(page):
    raise PageUnreadable("benchmark: pdfplumber path")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    files = sorted((Path(args.corpus) / "reports").glob("*.pdf"))
    fast = pdf_reader.read_page
    paths = {"pypdfium2": fast, "pdfplumber": _all_pages_unreadable}
    wall = Counter()
    cpu = Counter()
    pages = {name: Counter() for name in paths}
    ie.extract(files[0], facts=False)
    for _ in range(args.repeat):
        for name, reader in paths.items():
            pdf_reader.read_page = reader
            for f in files:
                t, c = time.perf_counter(), time.process_time()
                ie.extract(f, facts=False)
                wall[name] += time.perf_counter() - t
                cpu[name] += time.process_time() - c
    for name, reader in paths.items():
        pdf_reader.read_page = reader
        for f in files:
            pages[name].update(read(f).meta["pdf_pages"].split(","))
    pdf_reader.read_page = fast
    n = len(files) * args.repeat
    for name in paths:
        print(f"{name:10s} {len(files)} PDFs x {args.repeat}: {n / wall[name]:6.1f} reports/s wall, "
              f"{n / cpu[name]:6.1f} per CPU second; pages read by {dict(pages[name])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
