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
MAX_STATES = 200_000


class TooManyPlacements(Exception):
    """The print leaves too many placements to enumerate; the layout is skipped for this report."""


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


def _equations(sums: list[Sum], balances) -> list[dict[str, int]]:
    """Every rule as coefficients: sum(coef * value) == 0."""
    eqs = [{s.total: 1, **{k: -1 for k in s.parts}} for s in sums]
    eqs += [{**{k: 1 for k in lhs}, **{k: -1 for k in rhs}} for lhs, rhs in balances]
    return eqs


def determinable(rows: list[tuple[list[str], list[tuple]]], sums: list[Sum], balances=()) -> dict:
    """key → value when every consistent placement agrees, else UNDETERMINED.

    ``rows`` are (cell keys, candidate value tuples). Equations whose cells are not all among the
    keys are ignored. A row's candidate is kept when it satisfies the equations inside its row
    and the whole system still has a solution with it: rows are walked in order keeping the set
    of reachable residuals of the cross-row equations (forward), and the set of contributions
    the remaining rows can make (backward); a candidate is feasible when some forward residual
    plus its own contribution is cancelled by some backward contribution."""
    where = {k: i for i, (keys, _) in enumerate(rows) for k in keys}
    eqs = [e for e in _equations(sums, balances) if all(k in where for k in e)]
    inside = [e for e in eqs if len({where[k] for k in e}) == 1]
    across = [e for e in eqs if len({where[k] for k in e}) > 1]

    def internal_ok(keys, cand) -> bool:
        values = dict(zip(keys, cand))
        return all(_close(sum(c * values[k] for k, c in e.items()), 0) for e in inside if next(iter(e)) in values)

    def contribution(keys, cand) -> tuple:
        values = dict(zip(keys, cand))
        return tuple(round(sum(c * values[k] for k, c in e.items() if k in values), 6) for e in across)

    cands = [[c for c in dict.fromkeys(cs) if internal_ok(keys, c)] for keys, cs in rows]
    contrib = [[contribution(keys, c) for c in cs] for (keys, _), cs in zip(rows, cands)]
    zero = tuple(0.0 for _ in across)
    n = len(rows)

    def add(a, b):
        return tuple(round(x + y, 6) for x, y in zip(a, b))

    # what rows i.. can still add to each equation: a state that cannot reach 0 is dropped
    low = [zero] * (n + 1)
    high = [zero] * (n + 1)
    for i in range(n - 1, -1, -1):
        low[i] = add(low[i + 1], tuple(min(c[d] for c in contrib[i]) for d in range(len(across))) if contrib[i] else zero)
        high[i] = add(high[i + 1], tuple(max(c[d] for c in contrib[i]) for d in range(len(across))) if contrib[i] else zero)

    def reachable(state, i) -> bool:
        return all(lo - 1e-6 <= -x <= hi + 1e-6 for x, lo, hi in zip(state, low[i], high[i]))

    forward = [{zero}]
    for i in range(n):
        forward.append({s for f in forward[i] for c in contrib[i] if reachable(s := add(f, c), i + 1)})
        if len(forward[-1]) > MAX_STATES:
            raise TooManyPlacements(f"more than {MAX_STATES} partial sums after {i + 1} rows")
    backward = [set() for _ in range(n + 1)]
    backward[n] = {zero}
    for i in range(n - 1, -1, -1):
        backward[i] = {add(c, b) for c in contrib[i] for b in backward[i + 1]}
        if len(backward[i]) > MAX_STATES:
            raise TooManyPlacements(f"more than {MAX_STATES} partial sums")

    possible: dict[str, list] = {k: [] for k in where}
    for i, (keys, _) in enumerate(rows):
        for cand, con in zip(cands[i], contrib[i]):
            if any(tuple(-x for x in add(f, con)) in backward[i + 1] for f in forward[i]):
                for k, v in zip(keys, cand):
                    if not any(_close(v, p) for p in possible[k]):
                        possible[k].append(v)
    return {k: (vals[0] if len(vals) == 1 else UNDETERMINED) for k, vals in possible.items()}  # [] only if the
    # print has no consistent placement at all, which the generators never produce (checked against gold)
