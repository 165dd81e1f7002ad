"""The hybrid's thresholds (``hybrid.json`` in a model directory), chosen on held-out reports.

Three settings decide how much the model may change the rules' output (``ie.facts.model``'s
``DEFAULT_SETTINGS``): the probability above which a rule agency is cut to the model's shorter
name, the one above which a name only the model finds is added, and the one above which the
item classifier overrides the cue-word label. Each is chosen on the
validation reports (a site the model did not train on, never the test site), by the F1 of the
types it affects; on a tie the more conservative value wins."""
from __future__ import annotations

import json
from pathlib import Path

from ..facts import scoring
from ..facts.model import DEFAULT_SETTINGS

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
