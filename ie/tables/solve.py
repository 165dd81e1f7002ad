"""Choose between possible cell values with the template arithmetic.

Each printed row gives a *group* of cells with one or more alternative value tuples (one for
separated cells, several for glued digits). A value of None inside a tuple is a blank cell whose
value is unknown. Alternatives are kept when they satisfy every equation they can be checked
against; a cell gets a value only when all surviving alternatives agree on it. Blank cells that
an equation pins down are filled and marked as derived."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..equations import Equation

MAX_COMBINATIONS = 50_000


@dataclass
class Group:
    keys: list[str]
    alternatives: list[tuple]

    def __post_init__(self):
        self.alternatives = list(dict.fromkeys(self.alternatives))  # dedupe, keep order


@dataclass
class Solution:
    values: dict[str, float | int | None]
    ambiguous: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    open: list[Group] = field(default_factory=list)  # groups whose surviving readings still disagree


def _consistent(eqs: list[Equation], values: dict) -> int | None:
    """Number of equations that fail (None: none could be checked)."""
    checked = [eq.holds(values) for eq in eqs]
    checked = [c for c in checked if c is not None]
    return None if not checked else sum(1 for c in checked if not c)


def solve(groups: list[Group], equations: list[Equation], hints: dict[str, set] | None = None) -> Solution:
    fixed: dict = {}
    multi: list[Group] = []
    notes: list[str] = []
    for g in groups:
        alts = _filter_internal(g, equations)
        if hints:
            alts = _apply_hints(g.keys, alts, hints, notes)
        if len(alts) == 1:
            fixed.update(zip(g.keys, alts[0]))
        else:
            multi.append(Group(g.keys, alts))

    ambiguous: list[str] = []
    still_open: list[Group] = []
    if multi:
        chosen = _choose(multi, equations, fixed, notes)
        for g, alts in zip(multi, chosen):
            if len(alts) > 1:
                still_open.append(Group(g.keys, alts))
            for i, key in enumerate(g.keys):
                vals = {a[i] for a in alts}
                if len(vals) == 1:
                    fixed[key] = vals.pop()
                else:
                    fixed[key] = None
                    ambiguous.append(key)
    derived = _fill_blanks(fixed, equations, set(ambiguous))
    return Solution(fixed, ambiguous, derived, notes, still_open)


def _filter_internal(g: Group, equations: list[Equation]) -> list[tuple]:
    """Alternatives that satisfy the equations lying entirely inside the group."""
    if len(g.alternatives) == 1:
        return g.alternatives
    keyset = set(g.keys)
    inside = [eq for eq in equations if set(eq.keys) <= keyset]
    if not inside:
        return g.alternatives
    ok = [a for a in g.alternatives if not _consistent(inside, dict(zip(g.keys, a)))]
    return ok or g.alternatives


def _apply_hints(keys: list[str], alts: list[tuple], hints: dict[str, set], notes: list[str]) -> list[tuple]:
    if len(alts) < 2:
        return alts
    kept = alts
    for i, key in enumerate(keys):
        if key in hints:
            matching = [a for a in kept if a[i] in hints[key]]
            if matching and len(matching) < len(kept):
                notes.append(f"{key}: split chosen to agree with the narrative ({sorted(hints[key])[0]})")
                kept = matching
    return kept


def _choose(multi: list[Group], equations: list[Equation], fixed: dict, notes: list[str]) -> list[list[tuple]]:
    """For each multi-alternative group, the alternatives that belong to the best joint choices."""
    relevant = [eq for eq in equations if any(k in g.keys for g in multi for k in eq.keys)]
    if not relevant:
        return [g.alternatives for g in multi]
    total = 1
    for g in multi:
        total *= len(g.alternatives)
    if total > MAX_COMBINATIONS:
        notes.append("too many possible splits to check jointly; each row was checked on its own")
        return [g.alternatives for g in multi]
    best_fail, best = None, []
    for combo in itertools.product(*(g.alternatives for g in multi)):
        values = dict(fixed)
        for g, alt in zip(multi, combo):
            values.update(zip(g.keys, alt))
        fails = _consistent(relevant, values) or 0
        if best_fail is None or fails < best_fail:
            best_fail, best = fails, [combo]
        elif fails == best_fail:
            best.append(combo)
    if best_fail:
        notes.append(f"no split satisfies every rule; kept the splits that break the fewest ({best_fail})")
    return [sorted({c[i] for c in best}, key=str) for i in range(len(multi))]


def _fill_blanks(values: dict, equations: list[Equation], ambiguous: set) -> list[str]:
    """Give blank cells the value an equation forces: the single unknown of an equation, or
    zeros when the known cells already balance (cells are never negative)."""
    blanks = {k for k, v in values.items() if v is None and k not in ambiguous}
    derived: list[str] = []
    changed = True
    while changed and blanks:
        changed = False
        for eq in equations:
            unknown = [k for k in eq.keys if k in blanks]
            if not unknown or any(k not in values for k in eq.keys):
                continue
            known = [k for k in eq.keys if k not in blanks]
            if any(values[k] is None for k in known):
                continue
            diff = sum(values[k] for k in eq.lhs if k in known) - sum(values[k] for k in eq.rhs if k in known)
            if len(unknown) == 1:
                k = unknown[0]
                v = diff if k in eq.rhs else -diff
                if v >= 0 and float(v).is_integer():
                    values[k] = int(v)
                    blanks.discard(k)
                    derived.append(k)
                    changed = True
            elif diff == 0 and (all(k in eq.rhs for k in unknown) or all(k in eq.lhs for k in unknown)):
                for k in unknown:
                    values[k] = 0
                    blanks.discard(k)
                    derived.append(k)
                changed = True
    return derived
