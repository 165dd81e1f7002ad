"""Which cells of a lossy print are determinable: brute force over every way the printed numbers
can be laid back onto the template cells, kept only when the template arithmetic holds.

Written independently of ``ie.tables`` (own equations from spec §6, own enumeration) so that the
stress layouts check the extractor rather than repeat it. A cell is *determinable* when it has
the same value in every arithmetic-consistent placement of every row; the others must be left
null by an extractor that never guesses.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from ie.schema import T2_COLUMNS, T2_ROWS, T3_GROUPS, T3_OUTCOMES

UNDETERMINED = object()  # expected value of a cell that no extractor can fix without guessing


@dataclass(frozen=True)
class Sum:
    """total == sum(parts), the shape of every error-level rule of spec §6."""

    total: str
    parts: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.total,) + self.parts


def spec_sums(table2: str) -> list[Sum]:
    """R-T2-ROW, R-T2-BAL, R-T2-RES and R-T3-SUM as sums (BAL rewritten: new + carried_over
    is not a single cell, so it is kept as the pair equation below)."""
    a = "applications"
    rows = [r.key for r in T2_ROWS[table2]]
    leaves = [r for r in rows if r.startswith("results.") and r != "results.total"]
    out = [Sum(f"{a}.{r}.total", tuple(f"{a}.{r}.{c}" for c in T2_COLUMNS[:-1])) for r in rows]
    out += [Sum(f"{a}.results.total.{c}", tuple(f"{a}.{leaf}.{c}" for leaf in leaves)) for c in T2_COLUMNS]
    out += [Sum(f"review_litigation.{g}.total", tuple(f"review_litigation.{g}.{o}" for o in T3_OUTCOMES[:-1]))
            for g in T3_GROUPS]
    return out


def spec_balances(table2: str) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """R-T2-BAL per column: new_received + carried_over == results.total + carried_forward."""
    a = "applications"
    return [((f"{a}.new_received.{c}", f"{a}.carried_over.{c}"), (f"{a}.results.total.{c}", f"{a}.carried_forward.{c}"))
            for c in T2_COLUMNS]


# ---- candidate placements of one printed row ----------------------------------------------------

def number(text: str):
    return float(text) if "." in text else int(text)


def collapsed_candidates(printed: list[str], width: int) -> list[tuple]:
    """Each printed number stands for a run of one or more equal adjacent cells."""
    k = len(printed)
    if k == 0 or k > width:
        return []
    out = []
    for cuts in itertools.combinations(range(1, width), k - 1):
        bounds = (0,) + cuts + (width,)
        out.append(tuple(number(printed[i]) for i in range(k) for _ in range(bounds[i + 1] - bounds[i])))
    return out


def split_candidates(fragments: list[str], width: int) -> list[tuple]:
    """Adjacent fragments joined back into ``width`` numbers (a number may be printed in pieces);
    a joined number never starts with 0 unless it is 0."""
    n = len(fragments)
    if n < width:
        return []
    out = []
    for cuts in itertools.combinations(range(1, n), width - 1):
        bounds = (0,) + cuts + (n,)
        texts = ["".join(fragments[bounds[i]:bounds[i + 1]]) for i in range(width)]
        if any(len(t) > 1 and t[0] == "0" and not t.startswith("0.") for t in texts):
            continue
        try:
            out.append(tuple(number(t) for t in texts))
        except ValueError:
            continue
    return out


# ---- determinability ------------------------------------------------------------------------------

def _close(a, b) -> bool:
    return abs(a - b) < 1e-6


def determinable(rows: list[tuple[list[str], list[tuple]]], sums: list[Sum], balances=()) -> dict:
    """key → value when every consistent placement agrees, else UNDETERMINED.

    ``rows`` are (cell keys, candidate value tuples). Equations whose cells are not all among the
    keys are ignored. A candidate is kept when the whole system still has a solution with it."""
    where = {k: (i, j) for i, (keys, _) in enumerate(rows) for j, k in enumerate(keys)}
    sums = [s for s in sums if all(k in where for k in s.keys)]
    balances = [b for b in balances if all(k in where for side in b for k in side)]
    cands = [list(dict.fromkeys(c)) for _, c in rows]

    def holds(values: dict, partial: bool) -> bool:
        for s in sums:
            known = [values[k] for k in s.parts if k in values]
            if s.total in values and len(known) == len(s.parts):
                if not _close(values[s.total], sum(known)):
                    return False
            elif partial and s.total in values and sum(v for v in known if v > 0) > values[s.total] + 1e-6:
                return False  # cells are never negative except signed table-1 changes
        for lhs, rhs in balances:
            if all(k in values for k in lhs + rhs) and not _close(sum(values[k] for k in lhs),
                                                                 sum(values[k] for k in rhs)):
                return False
        return True

    def assign(values: dict, i: int, cand: tuple) -> dict:
        return {**values, **dict(zip(rows[i][0], cand))}

    # candidates that break an equation lying inside their own row go first
    for i, (keys, _) in enumerate(rows):
        cands[i] = [c for c in cands[i] if holds(assign({}, i, c), partial=True)]

    order = sorted(range(len(rows)), key=lambda i: len(cands[i]))

    def feasible(values: dict, todo: list[int]) -> bool:
        if not todo:
            return True
        i, rest = todo[0], todo[1:]
        for c in cands[i]:
            nxt = assign(values, i, c)
            if holds(nxt, partial=True) and feasible(nxt, rest):
                return True
        return False

    possible: dict[str, list] = {k: [] for k in where}
    for i, (keys, _) in enumerate(rows):
        others = [j for j in order if j != i]
        for c in cands[i]:
            if all(any(_close(v, p) for p in possible[k]) for k, v in zip(keys, c)):
                continue  # adds no new value
            if feasible(assign({}, i, c), others):
                for k, v in zip(keys, c):
                    if not any(_close(v, p) for p in possible[k]):
                        possible[k].append(v)
    return {k: (vals[0] if len(vals) == 1 else UNDETERMINED) for k, vals in possible.items()}  # [] only if the
    # print has no consistent placement at all, which the generators never produce (checked against gold)
