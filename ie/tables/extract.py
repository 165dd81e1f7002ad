"""Tables → cells keyed as in spec Appendix A.

For each table: records (layout.py) are aligned to the template rows (align.py), each row's
printed cells become one group of alternative values (several when digits are glued, see
glue.py), and the template arithmetic chooses among them (solve.py). A cell is only ever given
a value that is printed in the report (or, for a blank, forced by the arithmetic); anything
else is None with a warning that says why."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..equations import Equation, table2_equations, table3_equations
from ..report import Cell
from ..schema import (AMOUNT_COLUMNS, PROCUREMENT_UNIT_KEY, PROCUREMENT_WAN_KEY, SIGNED_COLUMNS, T2_ROWS,
                      T3_FLAT_ROW, Layout, RowSpec, t1_rows)
from ..sections import Section
from . import regions as regions_mod
from .align import Fit, align, assign_by_label
from .glue import AMOUNT, INT, SIGNED, TooManySplits, splits
from .layout import Record, Value, records
from .solve import Group, solve


@dataclass(frozen=True)
class Part:
    """A cell value as printed, with its span."""

    value: float | int
    raw: str
    start: int
    end: int
    dash: bool = False
    unit: str = ""


@dataclass
class TablesResult:
    layout: Layout | None
    cells: dict[str, Cell | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    regions: list[tuple[int, int]] = field(default_factory=list)


def extract_tables(text: str, sections: dict[str, Section], narrative_hints: dict[str, set] | None = None
                   ) -> TablesResult:
    regs = regions_mod.locate(text, sections)
    t1 = regions_mod.table1_template(text, regs.proactive)
    t2 = regions_mod.table2_variant(text, regs.applications)
    if t1 is None and t2 is None:
        return TablesResult(None)
    layout = Layout(t1 or t2, t2 or t1)
    result = TablesResult(layout, regions=[(r.start, r.end) for r in regs.all()])
    glued = _looks_glued(text, regs)
    # Table 1 blocks may be printed out of order (some conversions move a block), but their row
    # labels are unambiguous: assign by label. Table 2 rows are aligned in order (labels can be
    # lost). Table 3 is a single row of 15 cells.
    tables = [
        ("proactive", regs.proactive, t1_rows(layout.table1), [], assign_by_label, lambda r: r),
        ("applications", regs.applications, T2_ROWS[layout.table2], table2_equations(layout.table2), align,
         lambda r: _split_multirow(_unscramble(r, 7), 7)),
        ("review_litigation", regs.review_litigation, (T3_FLAT_ROW,), table3_equations(), align, _merge_all),
    ]
    for prefix, region, rows, eqs, assign, prepare in tables:
        keys = [k for row in rows for k in row.cell_keys(prefix)]
        if region is None:
            result.cells.update({k: None for k in keys})
            result.warnings.append(f"table {prefix}: not found in the report; its cells are null")
            continue
        recs = prepare(records(text, region.start, region.end))
        cells, warnings = _extract_table(prefix, rows, recs, eqs, glued, narrative_hints or {}, assign)
        if prefix == "applications":
            cells, warnings = _prefer_positional(rows, recs, eqs, glued, cells, warnings)
        result.cells.update(cells)
        result.warnings += warnings
    if layout.table1 == "tpl2019":
        _procurement_unit(result.cells, text)
    return result


def _looks_glued(text: str, regs) -> bool:
    """Web-scrape text glues cells: some digit run in the tables then starts with a 0 and goes on
    ("0000000"), which no printed number does."""
    for r in regs.all():
        if re.search(r"(?<![\d.])0\d", text[r.start:r.end]):
            return True
    return False


def column_kind(column: str) -> str:
    return SIGNED if column in SIGNED_COLUMNS else AMOUNT if column in AMOUNT_COLUMNS else INT


def _extract_table(prefix: str, rows: tuple[RowSpec, ...], recs: list[Record], eqs: list[Equation],
                   glued: bool, hints: dict[str, set], assign) -> tuple[dict[str, Cell | None], list[str]]:
    warnings: list[str] = []

    def fit(rec: Record, width: int) -> Fit | None:
        vals = _trim_blanks(rec.values, width) if rec.grid else rec.numbers
        nums = [v for v in vals if not v.blank]
        if len(vals) == width:
            return Fit("exact", 1.0) if len(nums) == width else Fit("blanks", 0.8)
        if len(vals) > width or not nums:
            return None
        digits = sum(len(v.text.strip("+-－")) for v in nums if not v.dash)
        if digits >= width and (glued or len(nums) == 1) and not rec.grid:
            return Fit("glued", 0.9)
        return Fit("partial", -0.5)

    pairs = assign(recs, rows, fit)
    groups: list[Group] = []
    parts_of: dict[tuple, tuple[Part, ...]] = {}
    cells: dict[str, Cell | None] = {}
    for row, rec in pairs:
        keys = list(row.cell_keys(prefix))
        kinds = [column_kind(c) for c in row.columns]
        if rec is None:
            cells.update({k: None for k in keys})
            name = f"{prefix}.{row.key}" if row.key else prefix
            warnings.append(f"missing row: {name} is not printed (truncated or absent table)")
            continue
        alternatives, note = _alternatives(rec, kinds, fit(rec, len(keys)), eqs, keys)
        if note:
            warnings.append(f"{prefix}.{row.key}: {note}" if row.key else f"{prefix}: {note}")
        if not alternatives:
            cells.update({k: None for k in keys})
            continue
        values = []
        for alt in alternatives:
            v = tuple(None if p is None else p.value for p in alt)
            parts_of.setdefault((tuple(keys), v), alt)
            values.append(v)
        groups.append(Group(keys, values))

    sol = solve(groups, eqs, hints)
    warnings += [f"{prefix}: {n}" for n in sol.notes]
    for g in groups:
        alt = _matching_parts(g, sol.values, parts_of)
        for i, key in enumerate(g.keys):
            val = sol.values.get(key)
            part = alt[i] if alt is not None else None
            if val is None:
                cells[key] = None
            elif part is not None and part.value == val:
                flags = (["was_dash"] if part.dash else []) + ([f"unit:{part.unit}"] if part.unit else [])
                cells[key] = Cell(key, val, part.raw, part.start, part.end, "table", flags)
            else:
                cells[key] = Cell(key, val, "", -1, -1, "derived")
    if sol.ambiguous:
        warnings.append("ambiguous: glued digits split more than one way that fits the arithmetic; left null: "
                        + ", ".join(sol.ambiguous))
    if sol.derived:
        warnings.append("derived from the template arithmetic (blank in the source): " + ", ".join(sol.derived))
    blanks = [k for g in groups for k in g.keys if cells.get(k) is None and k not in sol.ambiguous]
    if blanks:
        warnings.append("blank cells not fixed by the arithmetic, left null: " + ", ".join(blanks))
    return cells, warnings


def _failures(cells: dict[str, Cell | None], eqs: list[Equation]) -> int:
    values = {k: (None if c is None else c.value) for k, c in cells.items()}
    return sum(1 for eq in eqs if eq.holds(values) is False) + sum(1 for c in cells.values() if c is None)


def _prefer_positional(rows, recs: list[Record], eqs, glued: bool, cells, warnings):
    """Text whose labels were scrambled away from their numbers (plain pdftotext output) still
    holds the cells in table order. When the region holds exactly rows x 7 values, reading them
    by position is a second candidate; it is taken only when it breaks fewer rules (and leaves
    fewer cells empty) than the label alignment."""
    values = [v for r in recs for v in r.values]
    width = len(rows[0].columns)
    if len(values) != len(rows) * width or any(v.blank for v in values):
        return cells, warnings
    by_position = [Record("", values[i:i + width], False, values[i].start, values[i + width - 1].end)
                   for i in range(0, len(values), width)]
    pairs = list(zip(rows, by_position))
    pos_cells, pos_warnings = _extract_table("applications", rows, by_position, eqs, glued, {},
                                             lambda recs_, rows_, fit: pairs)
    if _failures(pos_cells, eqs) < _failures(cells, eqs):
        return pos_cells, pos_warnings + ["applications: row labels do not line up with the numbers (scrambled "
                                          "layout); cells read in table order, which satisfies the arithmetic"]
    return cells, warnings


def _unscramble(recs: list[Record], width: int) -> list[Record]:
    """Plain pdftotext output can emit a block of rows column by column: ``width`` runs of equal
    length m (separated by blank lines), each run one column. Such blocks are put back in row
    order; runs of length 1 are already in row order. (m == width is left alone: it cannot be
    told from rows separated by blank lines.)"""
    out = []
    for r in recs:
        if r.grid:
            out.append(r)
            continue
        groups: list[list[Value]] = []
        for v in r.values:
            if v.gap_before or not groups:
                groups.append([])
            groups[-1].append(v)
        values, i = [], 0
        while i < len(groups):
            run = groups[i:i + width]
            m = len(groups[i])
            if 2 <= m != width and len(run) == width and all(len(g) == m for g in run):
                values += [run[c][k] for k in range(m) for c in range(width)]
                i += width
            else:
                values += groups[i]
                i += 1
        out.append(Record(r.label, values, False, r.start, r.end, r.label_start) if values != r.values else r)
    return out


def _matching_parts(g: Group, values: dict, parts_of: dict) -> tuple | None:
    """The printed parts of the alternative that agrees with every solved value of the group."""
    for alt in g.alternatives:
        if all(values.get(k) is None or a is None or a == values[k] for k, a in zip(g.keys, alt)):
            return parts_of.get((tuple(g.keys), alt))
    return None


def _split_multirow(recs: list[Record], width: int) -> list[Record]:
    """A record holding k rows' worth of cells (k*width numbers, no label in between) becomes k
    records; only the first keeps the label."""
    out = []
    for r in recs:
        vals = r.values
        if len(vals) > width and len(vals) % width == 0 and not any(v.blank for v in vals):
            for k in range(0, len(vals), width):
                chunk = vals[k:k + width]
                out.append(Record(r.label if k == 0 else "", chunk, False, chunk[0].start, chunk[-1].end))
        else:
            out.append(r)
    return out


def _merge_all(recs: list[Record]) -> list[Record]:
    """Table 3: its 15 values as one record (the cells may be drawn as one row, as three rows
    of five, or split by header fragments). The first run of consecutive records holding exactly
    15 values is taken, so a stray number before or after the table is left out; without such a
    run (glued digits, a truncated table) all values are taken."""
    recs = [r for r in recs if r.values]
    width = len(T3_FLAT_ROW.columns)
    chosen = recs
    for i in range(len(recs)):
        total = 0
        for j in range(i, len(recs)):
            total += len(recs[j].values)
            if total == width:
                chosen = recs[i:j + 1]
                break
            if total > width:
                break
        else:
            continue
        if chosen is not recs:
            break
    if not chosen:
        return []
    values = [v for r in chosen for v in r.values]
    return [Record(chosen[0].label, values, all(r.grid for r in chosen), chosen[0].start, chosen[-1].end,
                   chosen[0].label_start)]


def _trim_blanks(values: list[Value], width: int) -> list[Value]:
    vals = list(values)
    while len(vals) > width and vals and vals[0].blank:
        vals.pop(0)
    while len(vals) > width and vals and vals[-1].blank:
        vals.pop()
    return vals


def _alternatives(rec: Record, kinds: list[str], fit: Fit | None, eqs: list[Equation], keys: list[str]
                  ) -> tuple[list[tuple], str]:
    width = len(kinds)
    if fit is None:
        return [], f"printed cells do not fit the row ({len(rec.numbers)} numbers for {width} cells)"
    if fit.kind in ("exact", "blanks"):
        vals = _trim_blanks(rec.values, width) if rec.grid else rec.numbers
        alt = tuple(None if v.blank else _part(v, kinds[i]) for i, v in enumerate(vals))
        if any(p is False for p in alt):
            return [], "a cell is not a valid number for its column"
        return [alt], ""
    if fit.kind == "glued":
        return _glued_alternatives(rec, kinds, eqs, keys)
    # partial: a flat row that prints fewer numbers than cells (blank cells in flat text)
    nums = rec.numbers
    if width == 7 and len(nums) == 2 and nums[0].text == nums[1].text:
        first, last = _part(nums[0], kinds[0]), _part(nums[1], kinds[-1])
        return [(first,) + (None,) * 5 + (last,)], "2 of 7 cells printed (equal): read as 自然人 and 总计"
    return [], f"{len(nums)} of {width} cells printed without positions; not placed"


def number_text(raw: str) -> tuple[str, str]:
    """A printed number as plain digits with an ASCII sign, and its money unit:
    "减少19" → ("-19", ""), "3,119" → ("3119", ""), "374780元" → ("374780", "元")."""
    t = raw.replace(",", "").replace("，", "").replace(" ", "")
    unit = next((u for u in ("万元", "元") if t.endswith(u)), "")
    t = t[: len(t) - len(unit)] if unit else t
    if t.startswith(("增加", "减少")):
        t = ("-" if t.startswith("减少") else "") + t[2:].lstrip("+-")
    return t.replace("－", "-").replace("−", "-"), unit


def _part(v: Value, kind: str) -> Part | bool:
    raw = v.text
    if v.dash:
        return Part(0, raw, v.start, v.end, dash=True)
    t, unit = number_text(raw)
    try:
        num = float(t) if "." in t else int(t)
    except ValueError:
        return False
    if (num < 0 and kind != SIGNED) or ("." in t and kind != AMOUNT) or (unit and kind != AMOUNT):
        return False
    return Part(num, raw, v.start, v.end, unit=unit)


def _glued_alternatives(rec: Record, kinds: list[str], eqs: list[Equation], keys: list[str]
                        ) -> tuple[list[tuple], str]:
    tokens, units = [], []
    for v in rec.numbers:
        t, unit = number_text(v.text)
        if len(t) != len(v.text) - len(unit):
            return [], "glued digits mixed with words or separators; left null"
        tokens.append(t)
        units.append(unit)
    inside = [eq for eq in eqs if set(eq.keys) <= set(keys)]
    index = {k: i for i, k in enumerate(keys)}
    shapes = [(index[eq.lhs[0]], [index[k] for k in eq.rhs]) for eq in inside if len(eq.lhs) == 1]
    total_chars = sum(len(t.lstrip("+-－")) for t in tokens)
    width = len(kinds)

    def ok(parts: list[str]) -> bool:
        """Prune a growing split: an equation whose cells are all placed must hold, and the cells
        placed so far must not already exceed what the still unplaced total can hold."""
        n = len(parts)
        for eq in inside:
            idx = [index[k] for k in eq.keys]
            if max(idx) == n - 1 and not eq.holds({k: _num(parts[index[k]]) for k in eq.keys}):
                return False
        used = sum(len(p.lstrip("+-－")) for p in parts)
        for lhs, rhs in shapes:
            if lhs >= n:
                placed = sum(_num(parts[i]) for i in rhs if i < n)
                max_digits = total_chars - used - (width - n - 1)
                if placed >= 10 ** max_digits:
                    return False
        return True

    try:
        raw_splits = splits(tokens, kinds, ok)
    except TooManySplits:
        return [], "glued digits with too many possible splits; left null"
    if not raw_splits:
        # the row's own arithmetic fails for every split: keep every valid split, let the rest decide
        try:
            raw_splits = splits(tokens, kinds)
        except TooManySplits:
            return [], "glued digits with too many possible splits; left null"
    alternatives = []
    for parts in raw_splits:
        alternatives.append(_locate_parts(rec.numbers, tokens, units, parts))
    return alternatives, ""


def _num(s: str):
    return float(s) if "." in s else int(s)


def _locate_parts(values: list[Value], tokens: list[str], units: list[str], parts: list[str]) -> tuple[Part, ...]:
    """Spans of each split part inside its token (parts are consecutive substrings)."""
    out = []
    ti, pos = 0, 0
    for p in parts:
        while pos >= len(tokens[ti]):
            ti, pos = ti + 1, 0
        start = values[ti].start + pos
        end = start + len(p)
        pos += len(p)
        last_of_token = pos >= len(tokens[ti])
        unit = units[ti] if last_of_token else ""
        raw = p + unit
        out.append(Part(_num(p), raw, start, end + len(unit), unit=unit))
    return tuple(out)


_NARRATIVE_AMOUNT = re.compile(r"采购(?:总)?(?:金额|资金|总额)[^，。；\d]{0,6}?(\d+(?:\.\d+)?)\s*(万元|元)")


def _procurement_unit(cells: dict[str, Cell | None], text: str) -> None:
    """The 2019 procurement amount has no unit in the template: take the unit printed in the
    cell (元 or 万元), else the one under which the narrative quotes the same amount (seed 000:
    cell 354730, prose 35.473万元 → 元), else 'unknown'; plus the amount in 万元 when known."""
    cell = cells.get("proactive.central_procurement.amount")
    if cell is None:
        return
    unit = next((f.split(":", 1)[1] for f in cell.flags if f.startswith("unit:")), "")
    if not unit:
        for m in _NARRATIVE_AMOUNT.finditer(text):
            yuan = float(m.group(1)) * (10_000 if m.group(2) == "万元" else 1)
            if abs(yuan - cell.value) < 0.5:
                unit = "元"
            elif abs(yuan - cell.value * 10_000) < 0.5:
                unit = "万元"
            if unit:
                break
    code = {"元": "yuan", "万元": "wan_yuan"}.get(unit, "unknown")
    cells[PROCUREMENT_UNIT_KEY] = Cell(PROCUREMENT_UNIT_KEY, code, cell.raw, cell.start, cell.end, "derived")
    if code != "unknown":
        wan = cell.value / 10_000 if code == "yuan" else cell.value
        cells[PROCUREMENT_WAN_KEY] = Cell(PROCUREMENT_WAN_KEY, round(wan, 6), cell.raw, cell.start, cell.end,
                                          "derived")
