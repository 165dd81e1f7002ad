"""Settle a row that only another year can settle (issue 9, class 5).

Glued digits such as ``行政规范性文件693665`` (69|3|665 or 6|93|665 …) or collapsed runs can fit
a report's own arithmetic in several ways; the extractor then leaves the cells null and keeps
the readings (``Report.unsettled``). A body's reports of consecutive years are tied by
identities (documents in force, items carried over: ``equations.cross_year_equations``): a
reading of this year that contradicts last year's printed numbers is dropped, and a cell whose
value is then the same in every remaining reading is filled with method ``cross-year``, naming
the other report. An identity is used only where the two reports are seen to keep it (real
reports often break them), and nothing is ever chosen between readings that both still fit."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from ..equations import Equation, cross_year_equations
from ..report import Cell, Report

MAX_COMBINATIONS = 50_000


@dataclass
class Unsettled:
    """What a report needs to be settled later: its open rows (``extract.OpenRow``) and what its
    checks were computed from, so they can be recomputed once cells are filled."""

    rows: list  # list[OpenRow]
    layout: Any
    figures: Any


def settle_pair(prev: Report, cur: Report) -> list[str]:
    """Fill what the cross-year identities force in ``prev`` and ``cur``; returns the keys filled
    (prefixed ``prev.`` / ``cur.``)."""
    sides = {"prev": prev, "cur": cur}
    open_rows = [(side, row) for side, r in sides.items() if r.unsettled for row in r.unsettled.rows]
    if not open_rows:
        return []
    values = {f"{side}.{k}": r.value(k) for side, r in sides.items() for k in r.tables}
    open_keys = {f"{side}.{k}" for side, row in open_rows for k in row.keys}
    trusted = _kept_by_both(cross_year_equations(), values, open_keys)
    eqs = [eq for eq in cross_year_equations() if open_keys & set(eq.keys) and eq.rule in trusted]
    involved = [(side, row) for side, row in open_rows if {f"{side}.{k}" for k in row.keys} & {k for e in eqs for k in e.keys}]
    if not eqs or _combinations(involved) > MAX_COMBINATIONS:
        return []
    survivors = [combo for combo in itertools.product(*(row.readings for _, row in involved))
                 if _fits(eqs, values, involved, combo)]
    if not survivors:
        return []  # the two years' printed numbers disagree: nothing to settle
    filled: list[str] = []
    for i, (side, row) in enumerate(involved):
        report, other = sides[side], sides["cur" if side == "prev" else "prev"]
        kept = list(dict.fromkeys(combo[i] for combo in survivors))
        row.readings = kept
        for j, key in enumerate(row.keys):
            parts = {None if p is None else p.value for p in (reading[j] for reading in kept)}
            if report.tables.get(key) is None and len(parts) == 1 and None not in parts:
                part = kept[0][j]
                report.tables[key] = Cell(key, part.value, part.raw, part.start, part.end, "cross-year",
                                          list(part.flags) + [f"other_year:{other.year}"])
                filled.append(f"{side}.{key}")
    for side, report in sides.items():
        keys = [k.split(".", 1)[1] for k in filled if k.startswith(side + ".")]
        if keys:
            other = sides["cur" if side == "prev" else "prev"]
            _after_settling(report, keys, other)
    return filled


def settle_across_years(reports: list[Report]) -> int:
    """Settle every report with the same body's report of the year before, when given; repeated
    while a pass fills something, so a chain of years helps itself. Returns the cells filled."""
    from ..checks import previous_years

    pairs = [(prev, cur) for cur, prev in previous_years(reports) if prev is not None]
    total = 0
    for _ in range(3):
        filled = sum(len(settle_pair(prev, cur)) for prev, cur in pairs)
        total += filled
        if not filled:
            break
    return total


def _kept_by_both(eqs: list[Equation], values: dict, open_keys: set[str]) -> set[str]:
    """The identities these two reports are seen to keep. Real reports often break them (a
    body's count of documents in force drifts from last year's plus this year's changes), so an
    identity settles a cell only when the same rule holds, with something other than zeros, on
    another row or column both reports print, and fails on none."""
    kept, broken = set(), set()
    for eq in eqs:
        if open_keys & set(eq.keys):
            continue
        holds = eq.holds(values)
        if holds is False:
            broken.add(eq.rule)
        elif holds and any(values[k] for k in eq.keys):
            kept.add(eq.rule)
    return kept - broken


def _combinations(involved) -> int:
    n = 1
    for _, row in involved:
        n *= len(row.readings)
    return n


def _fits(eqs: list[Equation], values: dict, involved, combo) -> bool:
    vals = dict(values)
    for (side, row), reading in zip(involved, combo):
        vals.update((f"{side}.{k}", None if p is None else p.value) for k, p in zip(row.keys, reading))
    return all(eq.holds(vals) is not False for eq in eqs)


def _after_settling(report: Report, keys: list[str], other: Report) -> None:
    """The warnings and checks of a report whose cells were just filled."""
    from ..checks import run_checks

    settled = set(keys)
    for i, w in enumerate(report.warnings):
        if w.startswith("ambiguous:") and "left null: " in w:
            head, names = w.split("left null: ", 1)
            rest = [n for n in names.split(", ") if n not in settled]
            report.warnings[i] = head + "left null: " + ", ".join(rest) if rest else ""
    report.warnings = [w for w in report.warnings if w]
    report.warnings.append(f"settled across years with {other.source} ({other.year}), method cross-year: "
                           + ", ".join(keys))
    report.checks = run_checks(report, report.unsettled.layout, report.unsettled.figures)
