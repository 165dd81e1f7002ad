"""Write predictions for every report of ../shared/corpus, ready for ../shared/bench/score.py.

    python bench/corpus.py ../shared/corpus PRED [--no-facts]
    python ../shared/bench/score.py ../shared/corpus PRED

One ``<stem>.json`` per input file, each exactly what ``ie extract FILE --format json`` prints.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import ie
from ie.readers import supported


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="corpus folder (with reports/)")
    ap.add_argument("pred", help="output folder for <stem>.json predictions")
    ap.add_argument("--no-facts", action="store_true", help="tables and checks only")
    args = ap.parse_args(argv)
    out = Path(args.pred)
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in (Path(args.corpus) / "reports").iterdir() if supported(p))
    t0 = time.perf_counter()
    for path in files:
        try:
            report = ie.extract(path, facts=not args.no_facts)
        except ie.ReadError as exc:
            print(f"skip {path.name}: {exc}", file=sys.stderr)
            continue
        (out / f"{path.stem}.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1),
                                              encoding="utf-8")
    print(f"{len(files)} reports in {time.perf_counter() - t0:.1f}s -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
