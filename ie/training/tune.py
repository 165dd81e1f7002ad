"""The hybrid's thresholds (``hybrid.json`` in a model directory), chosen on held-out sites.

Two settings decide how much the trained parts may change the rules' output (``ie.facts.model``'s
``DEFAULT_SETTINGS``): the probability above which a name only the agency ranker finds is added,
and the one above which the item classifier overrides the cue-word label. Both parts refit in
seconds, so each setting is chosen by leave-one-site-out inside the training reports
(:func:`choose_settings_by_sites`): no site is held out of training to validate on, and a
threshold is never chosen on the reports it is then scored on. On a tie the more conservative
value wins. The sequence model's trim of rule names (``agency_trim_probability``) is not tuned:
no held-out site ever chose it; it stays off unless a hybrid.json sets it."""
from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

from ..facts import scoring
from ..facts.model import DEFAULT_SETTINGS

# The annotated reports the rules were developed on (all annotations before the wild reports, and
# the development corpus's gold-fact report hongze_2023_layout):
# scores of the rules there are in-sample.
RULES_WRITTEN_ON = frozenset({
    "hongze_2023_layout",
    "legacy_pingtan_2011", "legacy_pingtan_2012", "legacy_pingtan_2013", "legacy_pingtan_2016",
    "legacy_pingtan_2017", "legacy_pingtan_2018", "legacy_pingtan_county_2011", "legacy_pingtan_county_2012",
    "legacy_pingtan_county_2013", "legacy_pingtan_dishui_2013", "pingtan_2019", "pingtan_2022", "pingtan_2024",
    "pingtan_2025", "seed_000_qinzhou_2020", "seed_001_yanzhou_2020", "seed_002_ziyang_2020",
    "seed_003_jinfeng_2020", "seed_004_guigang_2021"})

AGENCY_GRID = (None, 0.99, 0.95, 0.9, 0.8, 0.7, 0.5)  # None: never add; most conservative first
ITEM_GRID = (0.8, 0.9, 0.99, 0.7, 0.6)  # the shipped default first


def choose_settings_by_sites(records: list[dict], model_dir: str | Path, silver: list[dict] | None = None,
                             log=lambda *_: None) -> dict:
    """``agency_add_probability`` and ``item_override_probability`` by leave-one-site-out over the
    sites of ``records`` (the training reports; never a test site): for each site S, the agency
    ranker and the item classifier are refitted on the other sites (and the silver reports not of
    S) and S's reports are scored at every value; the counts are pooled over the sites. Only
    reports the rules were not written on are scored (:data:`RULES_WRITTEN_ON`): there the rules
    miss what they would miss on a new report, while on their own development reports any name
    the model adds looks wrong. The sequence model's trim stays off. Writes ``model_dir/hybrid.json``."""
    from ..facts.annotations import site_of
    from ..facts.model import load
    from .evaluate import AnalysedReport
    from .train import fit_quick_parts

    grids = (("agency_add_probability", AGENCY_GRID, ("agency",)),
             ("item_override_probability", ITEM_GRID, ("problem", "measure")))
    chosen = {**DEFAULT_SETTINGS, "agency_trim_probability": None}
    sites = sorted({site_of(r) for r in records})
    pooled: dict[tuple[str, object], list] = defaultdict(list)
    work = Path(tempfile.mkdtemp(prefix=".tune-", dir=Path(model_dir).parent))
    try:
        inner = work / "model"
        inner.mkdir()
        (inner / "pipeline").symlink_to(Path(model_dir, "pipeline").resolve())
        for site in sites if len(sites) > 1 else []:
            others = [r for r in records if site_of(r) != site]
            held = [AnalysedReport(r) for r in records if site_of(r) == site and r["id"] not in RULES_WRITTEN_ON]
            if not held:
                continue
            log(f"  tuning: fit on {len(others)} reports, score {site} ({len(held)})")
            fit_quick_parts(others, inner, [r for r in silver or [] if site_of(r) != site], keep_estimator=False)
            load.cache_clear()
            model = load(inner)
            for key, grid, types in grids:
                for value in grid:
                    model.settings = {**chosen, key: value}
                    pooled[key, value] += [{t: c for t, c in part.score(model).items() if t in types}
                                           for part in held]
    finally:
        load.cache_clear()
        shutil.rmtree(work, ignore_errors=True)
    for key, grid, _ in grids:
        if any(pooled[key, v] for v in grid):  # on a tie the first (most conservative) value stays
            chosen[key] = max(grid, key=lambda v: (scoring.summarise(pooled[key, v])["micro"]["f1"], -grid.index(v)))
    Path(model_dir, "hybrid.json").write_text(json.dumps(chosen, indent=1), encoding="utf-8")
    return chosen
