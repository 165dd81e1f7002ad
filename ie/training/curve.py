"""The learning curve of a new site: does annotating a few of its reports help on its others?

The site's reports are shuffled once (fixed seed); the first ``pool`` of them may be annotated,
the rest are the test reports, scored by every model. For each k in ``added`` and each draw, a
model is trained on every other site plus k reports drawn from the pool, and scored on the test
reports next to the rules alone. The hybrid's thresholds are chosen once, by leave-one-site-out
over the other sites (:func:`~.tune.choose_settings_by_sites`), and kept for every k, so the
curve shows what the added annotations teach the models, not a threshold moving."""
from __future__ import annotations

import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

from ..facts import scoring
from ..facts.annotations import site_of

ADDED = (0, 1, 2, 4)
DEV_REPORTS = 5  # a fixed few reports of the other sites pick the sequence model's checkpoint
TYPES = ("agency", "problem", "measure", "count")


def learning_curve(records: list[dict], site: str, added: tuple[int, ...] = ADDED, draws: int = 3,
                   pool: int = 6, overrides: dict[str, Any] | None = None, augment: int = 1,
                   silver: list[dict] | None = None, log: Callable[[str], None] = lambda *_: None) -> dict[str, Any]:
    """Scores on the site's test reports for each k and draw; see the module docstring."""
    from ..facts.model import load
    from .evaluate import AnalysedReport
    from .train import fit, fit_quick_parts
    from .tune import choose_settings_by_sites

    new = sorted((r for r in records if site_of(r) == site), key=lambda r: r["id"])
    if len(new) <= pool or pool < max(added):
        raise ValueError(f"learning curve: {site} has {len(new)} annotated reports; need more than pool={pool} "
                         f"and pool >= {max(added)}")
    random.Random(0).shuffle(new)
    candidates, test = new[:pool], new[pool:]
    others = [r for r in records if site_of(r) != site]
    extra = [r for r in silver or [] if site_of(r) != site]
    parts = [AnalysedReport(r) for r in test]  # the tables and rules once; each model re-runs its part
    rows = []
    work = Path(tempfile.mkdtemp(prefix="ie-curve-"))
    try:
        base = work / "base"
        log(f"{site}: sequence model and thresholds from the other sites ({len(others)} reports)")
        fit(others, others[:DEV_REPORTS], base, overrides=overrides, augment=augment, silver=extra, quiet=True,
            log=lambda *_: None)
        settings = choose_settings_by_sites(others, base, extra)
        for k in added:
            for draw in range(draws if k else 1):  # with k = 0 every draw is the same model
                chosen = random.Random(draw).sample(candidates, k)
                log(f"{site}: +{k} report(s) {[r['id'] for r in chosen]}")
                model = work / f"k{k}-d{draw}"
                model.mkdir()
                (model / "pipeline").symlink_to((base / "pipeline").resolve())
                fit_quick_parts(others + chosen, model, extra, keep_estimator=False)
                (model / "hybrid.json").write_text(json.dumps(settings), encoding="utf-8")
                rows.append({"added": k, "draw": draw, "reports": [r["id"] for r in chosen],
                             **_f1([p.score(load(model)) for p in parts])})
                shutil.rmtree(model, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"site": site, "test_reports": [r["id"] for r in test], "settings": settings,
            "rules": _f1([p.score(None) for p in parts]), "runs": rows}


def _f1(counts: list) -> dict[str, float]:
    summary = scoring.summarise(counts)
    return {"micro": summary["micro"]["f1"], **{t: summary.get(t, {}).get("f1", 0.0) for t in TYPES}}


def mean_by_added(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per k: the mean of its draws (and their number)."""
    out = []
    for k in sorted({r["added"] for r in result["runs"]}):
        runs = [r for r in result["runs"] if r["added"] == k]
        out.append({"added": k, "draws": len(runs),
                    **{key: sum(r[key] for r in runs) / len(runs) for key in ("micro", *TYPES)}})
    return out
