"""Flat-text rows that print more or fewer numbers than the row has cells (spec §8).

Crawlers that write one cell per line do two things to a row:

* **fewer numbers** — blank cells are dropped and runs of equal neighbours are printed once
  ("2 / 0 / 2" for 2|0|0|0|0|0|2; a lone "0" for an all-zero row). The printed numbers are the
  cells in order, each standing for a run of one or more cells, with dropped blanks (0) anywhere.
* **more numbers** — one number is broken over two lines ("1" / "62" for 162).

Both give every reading the printed text allows, with the arithmetic that lies inside the row
checked as soon as its cells are placed; the solver then keeps only what is the same in every
reading that fits the whole table. A reading never invents a digit: every value is a printed
number, or the 0 of a dropped blank."""
from __future__ import annotations

import itertools

from ..equations import Equation
from .cells import Part, part_of
from .layout import Value

MAX_STEPS = 200_000  # placements explored per row before giving up (null + warning)
MAX_JOINS = 2  # numbers broken over lines in one row


class TooManyPlacements(Exception):
    pass


def row_checks(eqs: list[Equation], keys: list[str]):
    """The row's own equations, each with the index of its last cell: ``check(i, values)`` says
    whether every equation completed by cell ``i`` holds."""
    index = {k: i for i, k in enumerate(keys)}
    inside = [eq for eq in eqs if set(eq.keys) <= set(keys)]
    by_last: dict[int, list[Equation]] = {}
    for eq in inside:
        by_last.setdefault(max(index[k] for k in eq.keys), []).append(eq)

    def check(i: int, values: list) -> bool:
        return all(eq.holds({k: values[index[k]] for k in eq.keys}) for eq in by_last.get(i, ()))

    return check, bool(inside)


def expand_runs(nums: list[Value], kinds: list[str], eqs: list[Equation], keys: list[str],
                dropped_blanks: bool) -> list[tuple[Part, ...]]:
    """Readings of k printed numbers as a row of len(kinds) > k cells: number j covers a run of
    one or more cells (flag ``run`` when it covers several) and, when ``dropped_blanks``, blank
    cells (0, flag ``was_blank``) may sit anywhere. A table that prints its zeros ("0") did not
    drop blanks, so the caller passes False there: its missing cells can only be runs."""
    width, k = len(kinds), len(nums)
    check, _ = row_checks(eqs, keys)
    out: dict[tuple, tuple[Part, ...]] = {}
    steps = [0]

    def blank_at(acc: list[Part]) -> Part:
        pos = acc[-1].end if acc else nums[0].start
        return Part(0, "", pos, pos, flags=("was_blank",))

    def rec(c: int, j: int, acc: list[Part]) -> None:
        steps[0] += 1
        if steps[0] > MAX_STEPS:
            raise TooManyPlacements
        if c == width:
            if j == k - 1:
                out.setdefault(tuple(p.value for p in acc), _mark_runs(acc))
            return
        if k - 1 - j > width - c:
            return
        # a printed number where one can stand (the next one first: printed beats blank)
        options = [(nj, part_of(nums[nj], kinds[c])) for nj in (j + 1, j) if 0 <= nj < k]
        if dropped_blanks:
            options.append((j, blank_at(acc)))
        for nj, part in options:
            if part is False:
                continue
            acc.append(part)
            if check(c, [p.value for p in acc] + [None] * (width - c - 1)):
                rec(c + 1, nj, acc)
            acc.pop()

    rec(0, -1, [])
    return list(out.values())


def _mark_runs(parts: list[Part]) -> tuple[Part, ...]:
    """Flag the cells whose printed number also stands for a neighbour."""
    shared = {}
    for p in parts:
        if not p.flags:
            shared[(p.start, p.end)] = shared.get((p.start, p.end), 0) + 1
    return tuple(Part(p.value, p.raw, p.start, p.end, p.dash, p.unit, ("run",))
                 if not p.flags and shared[(p.start, p.end)] > 1 else p for p in parts)


def join_broken(nums: list[Value], kinds: list[str], eqs: list[Equation], keys: list[str]
                ) -> list[tuple[Part, ...]]:
    """Readings of len(kinds) + m printed numbers (m <= MAX_JOINS) in which m numbers that start
    a line are the continuation of the number before them. A join is kept when the row's own
    equations hold; in a row without any, only when it is the one valid reading."""
    width, extra = len(kinds), len(nums) - len(kinds)
    check, has_checks = row_checks(eqs, keys)
    if not 0 < extra <= MAX_JOINS:
        return []
    joinable = [i for i in range(1, len(nums)) if nums[i].starts_line and not nums[i].dash and not nums[i - 1].dash]
    out = []
    for cut in itertools.combinations(joinable, extra):
        groups, current = [], [nums[0]]
        for i in range(1, len(nums)):
            if i in cut:
                current.append(nums[i])
            else:
                groups.append(current)
                current = [nums[i]]
        groups.append(current)
        parts = [_joined(g, kinds[c]) for c, g in enumerate(groups)]
        if any(p is False for p in parts):
            continue
        values = [p.value for p in parts]
        if all(check(c, values) for c in range(width)):
            out.append(tuple(parts))
    # without arithmetic in the row, only a join that is the one valid reading ("5" / "01")
    return out if has_checks or len(out) == 1 else []


def _joined(group: list[Value], kind: str) -> Part | bool:
    if len(group) == 1:
        text = group[0].text
        if len(text) > 1 and text[0] == "0" and text[1] != ".":
            return False  # "01" is the tail of a broken number, never a cell
        return part_of(group[0], kind)
    text = "".join(v.text for v in group)
    if text.lstrip("+-").startswith("0") or text.count(".") > 1 or any(
            not v.text.replace(".", "").isdigit() for v in group[1:]):
        return False  # a broken number: its tail is digits; the column decides whether a sign may lead
    part = part_of(Value(text, group[0].start, group[-1].end), kind)
    if part is False:
        return False
    return Part(part.value, text, part.start, part.end, flags=("joined_lines",))
