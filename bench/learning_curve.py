"""Does annotating a new site's reports help on that site's other reports?

    python bench/learning_curve.py [--site putian] [--draws 3] [--steps 300] [--output FILE]

The site's reports are shuffled once (seed 0): the first 6 may be annotated, the others are the
test reports. A model is trained on every other site plus k of the 6 (k = 0, 1, 2, 4; each k
drawn --draws times with seeds 0, 1, …), and scored on the test reports next to the rules alone
(ie.training.curve). The hybrid's thresholds are chosen once by leave-one-site-out over the other
sites and kept for every k. Small sequence-model settings (300 steps, 1 augmented copy); the
agency ranker and the item classifier train in full. Reports whose text lives in the corpus need
../shared/corpus (or IE_CORPUS)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ie.facts.annotations import load
from ie.training.curve import ADDED, learning_curve, mean_by_added


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--annotations", default=str(Path(__file__).resolve().parents[1] / "annotations"))
    ap.add_argument("--site", default="putian", help="the new site (default putian)")
    ap.add_argument("--draws", type=int, default=3, help="draws of the added reports per k (default 3)")
    ap.add_argument("--steps", type=int, default=300, help="sequence-model training steps (default 300)")
    ap.add_argument("--output", default=None, help="also write every run as JSON")
    args = ap.parse_args(argv)
    started = time.time()
    try:
        result = learning_curve(load(args.annotations), args.site, ADDED, draws=args.draws,
                                overrides={"training.max_steps": args.steps,
                                           "training.eval_frequency": max(50, args.steps // 2)},
                                log=lambda m: print(m, file=sys.stderr, flush=True))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    rules = result["rules"]
    print(f"{args.site}: scored on {len(result['test_reports'])} reports; thresholds {result['settings']}")
    print(f"rules alone      micro {rules['micro']:.3f}  agency {rules['agency']:.3f}  problem {rules['problem']:.3f}"
          f"  measure {rules['measure']:.3f}  count {rules['count']:.3f}")
    print("added  draws  micro  agency  problem  measure  count")
    for row in mean_by_added(result):
        print(f"{row['added']:5d}  {row['draws']:5d}  {row['micro']:.3f}  {row['agency']:.3f}  {row['problem']:7.3f}"
              f"  {row['measure']:7.3f}  {row['count']:.3f}")
    print(f"{time.time() - started:.0f} s", file=sys.stderr)
    if args.output:
        from ie.commands.common import output

        with output(args.output) as fh:  # appears whole or not at all
            json.dump(result, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
