"""Leave-one-site-out scores of the narrative facts: the hybrid next to the rules alone.

    python bench/loso.py                      gold annotations only
    python bench/loso.py --silver             + the rules' labels on every corpus report (weak supervision)
    python bench/loso.py --silver --output bench/out/loso.json --sites putian,sanming

For each site (``meta.site`` of annotations/), a model is trained on all the other sites, its
thresholds are chosen by leave-one-site-out inside them, and it is scored on the held-out site;
the table pools every held-out report. Training settings are small so that all
folds fit in minutes (ie.training.loso.FOLD_OVERRIDES: 600 steps, 2 augmented copies); seeds are
fixed (spaCy seed 0, augmentation and scikit-learn seed 0), so a rerun with the same code,
annotations, corpus and library versions prints the same table.

Reports whose text lives in the corpus (text_ref) need ../shared/corpus (or IE_CORPUS)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--annotations", default=str(ROOT / "annotations"))
    ap.add_argument("--silver", action="store_true", help="also train on the rules' labels of every corpus report")
    ap.add_argument("--steps", type=int, default=None, help="training steps per fold (default 600)")
    ap.add_argument("--sites", default=None, help="held-out sites, comma-separated (default: all)")
    ap.add_argument("--output", default=None, help="also write the scores as JSON")
    args = ap.parse_args(argv)

    from ie.facts.annotations import load
    from ie.training.loso import format_loso, leave_one_site_out
    from ie.training.silver import silver_records

    started = time.time()
    records = load(args.annotations)
    silver = silver_records(records, log=lambda m: print(m, file=sys.stderr)) if args.silver else None
    overrides = {"training.max_steps": args.steps} if args.steps else {}
    result = leave_one_site_out(records, overrides=overrides, silver=silver,
                                only=args.sites.split(",") if args.sites else None,
                                log=lambda m: print(m, file=sys.stderr))
    result["seconds"] = round(time.time() - started)
    print(format_loso(result))
    print(f"\n{len(records)} annotated reports, silver {len(silver or [])} reports, "
          f"{result['seconds']} s", file=sys.stderr)
    if args.output:
        from ie.commands.common import output

        with output(args.output) as fh:  # appears whole or not at all
            json.dump(result, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
