"""Leave-one-site-out evaluation: what the facts extractor does on a site it has never seen.

Reports are grouped by site (``meta.site``: a city or publisher family, see
``annotations.site_of``). For each site S in turn, a model is trained on all the other sites; the
hybrid's thresholds are chosen by leave-one-site-out *inside* those sites
(:func:`~.tune.choose_settings_by_sites`), and the hybrid and the rules alone are scored on S.
Every annotated report is scored exactly once, by a model whose training and whose thresholds
saw neither its text nor any report of its site.

The rules were written while reading the annotated reports of :data:`RULES_WRITTEN_ON`, so on
those reports the rules' scores (and the hybrid's, which contains them) are in-sample for the
rules; only the model is held out there. Reports annotated later are held out for both."""
from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

from ..facts import scoring
from ..facts.annotations import site_of
from .tune import RULES_WRITTEN_ON

# Training settings of each fold: small, so that all folds fit in minutes on 2 cores
# (`ie train` uses 4,000 steps and 8 augmented copies).
FOLD_OVERRIDES = {"training.max_steps": 600, "training.eval_frequency": 100, "training.patience": 400}
FOLD_AUGMENT = 2


def by_site(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in sorted(records, key=lambda r: r["id"]):
        out[site_of(r)].append(r)
    return dict(sorted(out.items()))


def leave_one_site_out(records: list[dict], workdir: str | Path | None = None, config=None,
                       overrides: dict[str, Any] | None = None, augment: int = FOLD_AUGMENT,
                       silver: list[dict] | None = None, only: list[str] | None = None,
                       log: Callable[[str], None] = print) -> dict[str, Any]:
    """Train one model per held-out site and score it there, next to the rules alone.

    ``silver``: rule-labelled records (``silver.silver_records``); each fold trains on those not
    of its test site. None trains on gold only.
    ``only`` restricts the held-out sites (all by default)."""
    from ..facts.model import load
    from .evaluate import AnalysedReport
    from .silver import for_fold
    from .train import fit
    from .tune import choose_settings_by_sites

    groups = by_site(records)
    sites = list(groups)
    settings = {**FOLD_OVERRIDES, **(overrides or {})}
    work = Path(tempfile.mkdtemp(prefix="ie-loso-", dir=workdir))
    folds = []
    try:
        for test in sites:
            if only and test not in only:
                continue
            train = [r for s, rs in groups.items() if s != test for r in rs]
            log(f"fold {test}: train {len(train)} reports of {len(sites) - 1} sites, test {len(groups[test])} reports")
            model_dir = work / test
            extra = for_fold(silver, {test}) if silver else None
            fit(train, train, model_dir, config, settings, augment, log=lambda *_: None, silver=extra, quiet=True)
            chosen = choose_settings_by_sites(train, model_dir, extra, log=log)
            parts = [AnalysedReport(r) for r in groups[test]]  # one analysis: rules and hybrid from it
            load.cache_clear()
            model = load(model_dir)  # after the tuner wrote its hybrid.json
            rules = [p.score(None) for p in parts]
            hybrid = [p.score(model) for p in parts]
            folds.append({"test_site": test, "train_reports": len(train),
                          "test_reports": [r["id"] for r in groups[test]], "settings": chosen,
                          "rules_in_sample": sum(r["id"] in RULES_WRITTEN_ON for r in groups[test]),
                          "hybrid": scoring.summarise(hybrid), "rules": scoring.summarise(rules),
                          "_counts": (hybrid, rules)})
            log(f"  micro F1 hybrid {folds[-1]['hybrid']['micro']['f1']:.3f} rules "
                f"{folds[-1]['rules']['micro']['f1']:.3f}  (settings {chosen})")
            shutil.rmtree(model_dir, ignore_errors=True)
    finally:
        load.cache_clear()  # no cached model of a removed fold directory
        shutil.rmtree(work, ignore_errors=True)
    total: dict[str, list] = {"hybrid": [], "rules": []}
    for f in folds:
        hybrid, rules = f.pop("_counts")
        total["hybrid"] += hybrid
        total["rules"] += rules
    return {"folds": folds, "hybrid": scoring.summarise(total["hybrid"]), "rules": scoring.summarise(total["rules"]),
            "training": {"overrides": settings, "augment": augment,
                         "silver_reports": len(silver or [])}}


def format_loso(result: dict[str, Any]) -> str:
    """The per-type table (all held-out reports pooled) and one line per fold."""
    from .evaluate import format_table

    lines = ["leave-one-site-out: every report scored by a model that never saw its site "
             "(rules alone in the last column)",
             format_table(result["hybrid"], result["rules"]), "",
             "The rules were written while reading some of these reports (in-sample for the rules there; "
             "see the note per site).", "",
             f"{'held-out site':14s} {'reports':>7s} {'hybrid F1':>9s} {'rules F1':>8s}  note"]
    for f in result["folds"]:
        k, n = f["rules_in_sample"], len(f["test_reports"])
        note = ("held out for the rules too" if not k else "rules in-sample (written on these reports)" if k == n
                else f"rules in-sample on {k} of {n} reports")
        lines.append(f"{f['test_site']:14s} {len(f['test_reports']):7d} "
                     f"{f['hybrid']['micro']['f1']:9.3f} {f['rules']['micro']['f1']:8.3f}  {note}")
    return "\n".join(lines)

