"""The hybrid's thresholds (``hybrid.json`` in a model directory), chosen on held-out reports.

Three settings decide how much the model may change the rules' output (``ie.facts.model``'s
``DEFAULT_SETTINGS``): the probability above which a rule agency is cut to the sequence model's
shorter name, the one above which a name only the agency ranker finds is added, and the one
above which the item classifier overrides the cue-word label. Each is chosen on the
validation reports (a site the model did not train on, never the test site), by the F1 of the
types it affects; on a tie the more conservative value wins.

:func:`choose_settings_by_sites` chooses the two settings of the parts that refit in seconds
(the agency ranker, the item classifier) without a validation site: leave-one-site-out inside the
training reports, pooled. A single validation site is a weak basis for a threshold (one seed
report says nothing about agency names), and holding a whole site out of training costs data."""
from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

from ..facts import scoring
from ..facts.model import DEFAULT_SETTINGS

# The annotated reports the rules were developed on (all annotations before the wild reports):
# scores of the rules there are in-sample.
RULES_WRITTEN_ON = frozenset({
    "legacy_pingtan_2011", "legacy_pingtan_2012", "legacy_pingtan_2013", "legacy_pingtan_2016",
    "legacy_pingtan_2017", "legacy_pingtan_2018", "legacy_pingtan_county_2011", "legacy_pingtan_county_2012",
    "legacy_pingtan_county_2013", "legacy_pingtan_dishui_2013", "pingtan_2019", "pingtan_2022", "pingtan_2024",
    "pingtan_2025", "seed_000_qinzhou_2020", "seed_001_yanzhou_2020", "seed_002_ziyang_2020",
    "seed_003_jinfeng_2020", "seed_004_guigang_2021"})

AGENCY_GRID = (None, 0.99, 0.95, 0.9, 0.8, 0.7, 0.5)  # None: never add; most conservative first
TRIM_GRID = (None, 0.99, 0.9, 0.7, 0.5)
ITEM_GRID = (0.8, 0.9, 0.99, 0.7, 0.6)  # the shipped default first


def _f1(records, model_dir, types: tuple[str, ...]) -> float:
    from .evaluate import report_counts

    summary = scoring.summarise([{t: c for t, c in counts.items() if t in types}
                                 for counts in report_counts(records, model_dir)])
    return summary["micro"]["f1"]


def choose_settings(records: list[dict], model_dir: str | Path) -> dict:
    """Try each setting on ``records`` and write the best to ``model_dir/hybrid.json``."""
    from ..facts.model import load

    model = load(model_dir)
    chosen = dict(DEFAULT_SETTINGS)
    if records:
        for key, grid, types in (("agency_trim_probability", TRIM_GRID, ("agency",)),
                                 ("agency_add_probability", AGENCY_GRID, ("agency",)),
                                 ("item_override_probability", ITEM_GRID, ("problem", "measure"))):
            best, best_f1 = grid[0], -1.0
            for value in grid:
                model.settings = {**chosen, key: value}
                f1 = _f1(records, model_dir, types)
                if f1 > best_f1 + 1e-9:
                    best, best_f1 = value, f1
            chosen[key] = best
    model.settings = dict(chosen)
    Path(model_dir, "hybrid.json").write_text(json.dumps(chosen, indent=1), encoding="utf-8")
    return chosen


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
    from ..facts.items_model import LinearItemModel
    from ..facts.model import load
    from .agency_ranker import train_agency_ranker
    from .evaluate import report_counts
    from .items import train_items

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
            held = [r for r in records if site_of(r) == site and r["id"] not in RULES_WRITTEN_ON]
            if not held:
                continue
            log(f"  tuning: fit on {len(others)} reports, score {site} ({len(held)})")
            train_agency_ranker(others).to_json(inner / "agencies.json")
            extra = [r for r in silver or [] if site_of(r) != site]
            clf, _ = train_items(others + extra, [])
            LinearItemModel.from_classifier(clf).to_json(inner / "items.json")
            load.cache_clear()
            model = load(inner)
            for key, grid, types in grids:
                for value in grid:
                    model.settings = {**chosen, key: value}
                    pooled[key, value] += [{t: c for t, c in counts.items() if t in types}
                                           for counts in report_counts(held, inner)]
    finally:
        load.cache_clear()
        shutil.rmtree(work, ignore_errors=True)
    for key, grid, _ in grids:
        if any(pooled[key, v] for v in grid):  # on a tie the first (most conservative) value stays
            chosen[key] = max(grid, key=lambda v: (scoring.summarise(pooled[key, v])["micro"]["f1"], -grid.index(v)))
    Path(model_dir, "hybrid.json").write_text(json.dumps(chosen, indent=1), encoding="utf-8")
    return chosen
