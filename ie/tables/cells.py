"""Printed cells → candidate values: a row's cells as printed, with blanks, or every split of
glued digits that can be cells (glue.py), each value carrying the span it was printed at."""
from __future__ import annotations

from dataclasses import dataclass

from ..equations import Equation
from ..schema import AMOUNT_COLUMNS, SIGNED_COLUMNS
from .align import Fit
from .glue import AMOUNT, INT, SIGNED, TooManySplits, splits
from .layout import Record, Value
from .prepare import trim_blanks


@dataclass(frozen=True)
class Part:
    """A cell value as printed, with its span."""

    value: float | int
    raw: str
    start: int
    end: int
    dash: bool = False
    unit: str = ""
    flags: tuple[str, ...] = ()  # how the value was read when not plainly printed (placements.py)


def column_kind(column: str) -> str:
    return SIGNED if column in SIGNED_COLUMNS else AMOUNT if column in AMOUNT_COLUMNS else INT


def fitter(glued: bool):
    """How a record can fill a row of ``width`` cells: exactly, with blanks in place, all blank,
    as glued digits to split (in glued text, or a lone digit run), with numbers broken over lines
    to join, or only partly (fewer numbers than cells: runs or dropped blanks, a weak match)."""
    def fit(rec: Record, width: int) -> Fit | None:
        vals = trim_blanks(rec.values, width) if rec.grid else rec.numbers
        nums = [v for v in vals if not v.blank]
        if not nums:  # a printed row with every cell blank: only its label can place it
            return Fit("empty", 0.5) if len(vals) == width else None
        if len(vals) == width:
            return Fit("exact", 1.0) if len(nums) == width else Fit("blanks", 0.8)
        if len(vals) > width and not rec.grid and _joinable(nums, len(vals) - width):
            return Fit("joined", 0.7)
        if len(vals) > width:
            return None
        digits = sum(len(v.text.strip("+-－")) for v in nums if not v.dash)
        if digits >= width and (glued or len(nums) == 1) and not rec.grid:
            return Fit("glued", 0.9)
        return Fit("partial", -0.5)

    return fit


def _joinable(nums: list[Value], extra: int) -> bool:
    from .placements import MAX_JOINS

    return extra <= MAX_JOINS and sum(1 for v in nums[1:] if v.starts_line) >= extra


def alternatives(rec: Record, kinds: list[str], fit: Fit | None, eqs: list[Equation], keys: list[str],
                 zeros_printed: bool = True) -> tuple[list[tuple[Part | None, ...]], str]:
    """The possible value tuples of one row (None = a blank cell), and a note for the warnings.
    ``zeros_printed``: the table prints 0 somewhere, so flat rows did not drop blank cells."""
    width = len(kinds)
    if fit is None:
        return [], f"printed cells do not fit the row ({len(rec.numbers)} numbers for {width} cells)"
    if fit.kind in ("exact", "blanks", "empty"):
        vals = trim_blanks(rec.values, width) if rec.grid else rec.numbers
        alt = tuple(None if v.blank else part_of(v, kinds[i]) for i, v in enumerate(vals))
        if any(p is False for p in alt):
            return [], "a cell is not a valid number for its column"
        return [alt], ""
    if fit.kind == "glued":
        return _glued(rec, kinds, eqs, keys)
    from .placements import TooManyPlacements, expand_runs, join_broken  # (placements builds on Part)

    nums = rec.numbers
    if fit.kind == "joined":
        found = join_broken(nums, kinds, eqs, keys)
        if not found:
            return [], f"{len(nums)} numbers for {width} cells, and no number broken over lines fits the arithmetic"
        return found, ""
    # partial: a flat row that prints fewer numbers than cells (dropped blanks, collapsed runs)
    try:
        found = expand_runs(nums, kinds, eqs, keys, dropped_blanks=not zeros_printed)
    except TooManyPlacements:
        return [], f"{len(nums)} of {width} cells printed; too many possible placements, not placed"
    if not found:
        return [], f"{len(nums)} of {width} cells printed, and no placement fits the arithmetic"
    return found, ""


def number_text(raw: str) -> tuple[str, str]:
    """A printed number as plain digits with an ASCII sign, and its money unit:
    "减少19" → ("-19", ""), "3,119" → ("3119", ""), "374780元" → ("374780", "元")."""
    t = raw.replace(",", "").replace("，", "").replace(" ", "")
    unit = next((u for u in ("万元", "元") if t.endswith(u)), "")
    t = t[: len(t) - len(unit)] if unit else t
    if t.startswith(("增加", "减少")):
        t = ("-" if t.startswith("减少") else "") + t[2:].lstrip("+-")
    return t.replace("－", "-").replace("−", "-"), unit


def part_of(v: Value, kind: str) -> Part | bool:
    """The cell's value, or False when the printed text cannot be a value of this column."""
    if v.dash:
        return Part(0, v.text, v.start, v.end, dash=True)
    t, unit = number_text(v.text)
    try:
        num = _num(t)
    except ValueError:
        return False
    if (num < 0 and kind != SIGNED) or ("." in t and kind != AMOUNT) or (unit and kind != AMOUNT):
        return False
    return Part(num, v.text, v.start, v.end, unit=unit)


def _num(s: str):
    return float(s) if "." in s else int(s)


def _glued(rec: Record, kinds: list[str], eqs: list[Equation], keys: list[str]
           ) -> tuple[list[tuple[Part, ...]], str]:
    tokens, units = [], []
    for v in rec.numbers:
        t, unit = number_text(v.text)
        if len(t) != len(v.text) - len(unit):
            return [], "glued digits mixed with words or separators; left null"
        tokens.append(t)
        units.append(unit)
    try:
        found = splits(tokens, kinds, _pruner(tokens, eqs, keys)) or splits(tokens, kinds)
    except TooManySplits:
        return [], "glued digits with too many possible splits; left null"
    # (when the row's own arithmetic fails for every split, every valid split is kept and the
    # other rows decide)
    return [_locate(rec.numbers, tokens, units, parts) for parts in found], ""


def _pruner(tokens: list[str], eqs: list[Equation], keys: list[str]):
    """Prune a growing split: an equation whose cells are all placed must hold, and the cells
    placed so far must not already exceed what the still unplaced total can hold."""
    inside = [eq for eq in eqs if set(eq.keys) <= set(keys)]
    index = {k: i for i, k in enumerate(keys)}
    shapes = [(index[eq.lhs[0]], [index[k] for k in eq.rhs]) for eq in inside if len(eq.lhs) == 1]
    total_chars = sum(len(t.lstrip("+-")) for t in tokens)
    width = len(keys)

    def ok(parts: list[str]) -> bool:
        n = len(parts)
        for eq in inside:
            if max(index[k] for k in eq.keys) == n - 1 and not eq.holds({k: _num(parts[index[k]]) for k in eq.keys}):
                return False
        used = sum(len(p.lstrip("+-")) for p in parts)
        for lhs, rhs in shapes:
            if lhs >= n:
                placed = sum(_num(parts[i]) for i in rhs if i < n)
                if placed >= 10 ** (total_chars - used - (width - n - 1)):
                    return False
        return True

    return ok


def _locate(values: list[Value], tokens: list[str], units: list[str], parts: list[str]) -> tuple[Part, ...]:
    """Spans of each split part inside its token (parts are consecutive substrings)."""
    out = []
    ti, pos = 0, 0
    for p in parts:
        while pos >= len(tokens[ti]):
            ti, pos = ti + 1, 0
        start = values[ti].start + pos
        pos += len(p)
        unit = units[ti] if pos >= len(tokens[ti]) else ""
        out.append(Part(_num(p), p + unit, start, start + len(p) + len(unit), unit=unit))
    return tuple(out)
