"""Does annotating a new site's reports help on that site's other reports?

    python bench/learning_curve.py [--site putian] [--validate sanming] [--steps 300]

The model is trained on every annotated site but the new one and the validation site, plus the
first k reports of the new site (k = 0, 1, 2, 4, in id order); the validation site chooses the
hybrid's thresholds, as in ``bench/loso.py``; the new site's remaining reports are scored, next to
the rules alone. Fixed seeds; small settings (300 steps, 1 augmented copy) so that the curve
takes minutes. Reports whose text lives in the corpus need ../shared/corpus (or IE_CORPUS).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ie.facts.annotations import load
from ie.training.evaluate import evaluate_split
from ie.training.train import fit
from ie.training.tune import choose_settings

STEPS_ADDED = (0, 1, 2, 4)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--annotations", default=str(Path(__file__).resolve().parents[1] / "annotations"))
    ap.add_argument("--site", default="putian", help="the new site (default putian)")
    ap.add_argument("--validate", default="sanming", help="the site that chooses thresholds (default sanming)")
    ap.add_argument("--steps", type=int, default=300)
    args = ap.parse_args(argv)
    records = load(args.annotations)
    site = {r["id"]: r["meta"].get("site") for r in records}
    new = sorted((r for r in records if site[r["id"]] == args.site), key=lambda r: r["id"])
    val = [r for r in records if site[r["id"]] == args.validate]
    others = [r for r in records if site[r["id"]] not in (args.site, args.validate)]
    if len(new) <= max(STEPS_ADDED) or not val:
        print(f"learning_curve: need more than {max(STEPS_ADDED)} reports of {args.site} and some of "
              f"{args.validate}", file=sys.stderr)
        return 2
    added, test = new[:max(STEPS_ADDED)], new[max(STEPS_ADDED):]
    settings = {"training.max_steps": args.steps, "training.eval_frequency": max(50, args.steps // 2)}
    rules = evaluate_split(test, None)["micro"]["f1"]
    print(f"{args.site}: scored on {len(test)} reports; rules alone micro F1 {rules:.3f}")
    print("added  hybrid micro F1  problem  measure  agency  thresholds")
    with tempfile.TemporaryDirectory(prefix="ie-curve-") as work:
        for k in STEPS_ADDED:
            model = Path(work) / f"k{k}"
            fit(others + added[:k], val, model, overrides=settings, augment=1, quiet=True, log=lambda *_: None)
            chosen = choose_settings(val, model)
            s = evaluate_split(test, model)
            print(f"{k:5d}  {s['micro']['f1']:15.3f}  {s['problem']['f1']:7.3f}  {s['measure']['f1']:7.3f}  "
                  f"{s['agency']['f1']:6.3f}  {chosen}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
