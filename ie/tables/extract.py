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
from ..schema import T2_ROWS, T3_FLAT_ROW, Layout, RowSpec, t1_rows
from ..sections import Section
from . import regions as regions_mod
from .align import align, assign_by_label
from .cells import Part, alternatives, column_kind, fitter
from .layout import Record, Value, records
from .prepare import drop_subtotal_column, drop_subtotal_rows, merge_all, split_multirow, trim_blanks, unscramble
from .solve import Group, solve
from .units import procurement_unit

@dataclass
class TablesResult:
    layout: Layout | None
    cells: dict[str, Cell | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    regions: list[tuple[int, int]] = field(default_factory=list)
    table3_end: int | None = None  # where table 3 stops: section 五 starts there when its heading is lost
    open: list[OpenRow] = field(default_factory=list)  # readings the report's own arithmetic cannot choose


@dataclass
class OpenRow:
    """A printed row that several readings fit (glued digits, collapsed runs): each reading as a
    tuple of printed parts (None = blank). Another year of the same body may settle it."""

    keys: list[str]
    readings: list[tuple[Part | None, ...]]


def extract_tables(text: str, sections: dict[str, Section], narrative_hints: dict[str, set] | None = None
                   ) -> TablesResult:
    regs = regions_mod.locate(text, sections)
    t1 = regions_mod.table1_template(text, regs.proactive)
    t2 = regions_mod.table2_variant(text, regs.applications)
    if t1 is None and t2 is None:
        return TablesResult(None)
    layout = Layout(t1 or t2, t2 or t1)
    result = TablesResult(layout, table3_end=regs.review_litigation.end if regs.review_litigation else None)
    glued = _looks_glued(text, regs)
    # Table 1 blocks may be printed out of order (some conversions move a block), but their row
    # labels are unambiguous: assign by label. Table 2 rows are aligned in order (labels can be
    # lost). Table 3 is a single row of 15 cells.
    tables = [
        ("proactive", regs.proactive, t1_rows(layout.table1), [], assign_by_label, lambda r: (r, [])),
        ("applications", regs.applications, T2_ROWS[layout.table2], table2_equations(layout.table2), align,
         _prepare_applications),
        ("review_litigation", regs.review_litigation, (T3_FLAT_ROW,), table3_equations(), align,
         lambda r: (merge_all(r, len(T3_FLAT_ROW.columns)), [])),
    ]
    for prefix, region, rows, eqs, assign, prepare in tables:
        keys = [k for row in rows for k in row.cell_keys(prefix)]
        if region is None:
            result.cells.update({k: None for k in keys})
            result.warnings.append(f"table {prefix}: not found in the report; its cells are null")
            continue
        printed = records(text, region.start, region.end)
        result.regions.append((region.start, _end_of_rows(text, region, printed)))
        recs, notes = prepare(printed)
        result.warnings += [f"{prefix}: {n}" for n in notes]
        open_rows: list[OpenRow] = []
        cells, warnings = _extract_table(prefix, rows, recs, eqs, glued, narrative_hints or {}, assign, open_rows)
        if prefix == "applications":
            cells, warnings = _prefer_positional(rows, recs, eqs, glued, cells, warnings, open_rows)
        result.cells.update(cells)
        result.warnings += warnings
        result.open += open_rows
    if layout.table1 == "tpl2019":
        procurement_unit(result.cells, text)
    return result


def _prepare_applications(recs: list[Record]) -> tuple[list[Record], list[str]]:
    """Table 2: drop publishers' subtotal rows and column, put scrambled column runs back in
    row order, split records that hold several rows."""
    recs, row_notes = drop_subtotal_rows(recs)
    recs, col_notes = drop_subtotal_column(recs, 7)
    return split_multirow(unscramble(recs, 7), 7), row_notes + col_notes


def _end_of_rows(text: str, region, printed: list[Record]) -> int:
    """Where a table's rows end, for the facts: a region runs to the next table's anchor, and
    some reports write prose there (table 1, then "(二)主动公开政府信息的主要类别" and a paragraph
    of counts, then table 2). A tail after the last printed row that holds a sentence is prose."""
    last = max((rec.end for rec in printed), default=region.end)
    return last if "。" in text[last:region.end] else region.end


def _looks_glued(text: str, regs) -> bool:
    """Web-scrape text glues cells: some digit run in the tables then starts with a 0 and goes on
    ("0000000"), which no printed number does."""
    for r in regs.all():
        if re.search(r"(?<![\d.])0\d", text[r.start:r.end]):
            return True
    return False


def _extract_table(prefix: str, rows: tuple[RowSpec, ...], recs: list[Record], eqs: list[Equation],
                   glued: bool, hints: dict[str, set], assign, open_rows: list[OpenRow] | None = None
                   ) -> tuple[dict[str, Cell | None], list[str]]:
    warnings: list[str] = []
    fit = fitter(glued)
    pairs = assign(recs, rows, fit)
    groups: list[Group] = []
    parts_of: dict[tuple, tuple[Part | None, ...]] = {}
    cells: dict[str, Cell | None] = {}
    if not any(rec.numbers for rec in recs):
        return ({k: None for row in rows for k in row.cell_keys(prefix)},
                [f"table printed empty: {prefix} has no number in any cell; its cells are null"])
    zeros_printed = any(_is_zero(v) for rec in recs for v in rec.numbers)
    blank_at: dict[str, Value] = {}  # grid cells printed blank, by key
    for row, rec in pairs:
        keys = list(row.cell_keys(prefix))
        kinds = [column_kind(c) for c in row.columns]
        if rec is None:
            cells.update({k: None for k in keys})
            name = f"{prefix}.{row.key}" if row.key else prefix
            warnings.append(f"missing row: {name} is not printed (truncated or absent table)")
            continue
        how = fit(rec, len(keys))
        alts, note = alternatives(rec, kinds, how, eqs, keys, zeros_printed)
        if note:
            warnings.append(f"{prefix}.{row.key}: {note}" if row.key else f"{prefix}: {note}")
        if not alts:
            cells.update({k: None for k in keys})
            continue
        if rec.grid and how.kind in ("blanks", "empty"):
            blank_at.update((k, v) for k, v in zip(keys, trim_blanks(rec.values, len(keys))) if v.blank)
        values = []
        for alt in alts:
            v = tuple(None if p is None else p.value for p in alt)
            parts_of.setdefault((tuple(keys), v), alt)
            values.append(v)
        groups.append(Group(keys, values))

    sol = solve(groups, eqs, hints)
    warnings += [f"{prefix}: {n}" for n in sol.notes]
    if open_rows is not None:
        open_rows += [OpenRow(g.keys, [parts_of[(tuple(g.keys), alt)] for alt in g.alternatives]) for g in sol.open]
    for g in groups:
        alt = _matching_parts(g, sol.values, parts_of)
        for i, key in enumerate(g.keys):
            val = sol.values.get(key)
            part = alt[i] if alt is not None else None
            if val is None:
                cells[key] = None
            elif part is not None and part.value == val:
                flags = (["was_dash"] if part.dash else []) + ([f"unit:{part.unit}"] if part.unit else []) + list(part.flags)
                cells[key] = Cell(key, val, part.raw, part.start, part.end, "table", flags)
            else:
                cells[key] = Cell(key, val, "", -1, -1, "derived")
    if sol.ambiguous:
        warnings.append("ambiguous: the printed cells (glued digits, or numbers standing for runs of cells) can be "
                        "read more than one way that fits the arithmetic; left null: "
                        + ", ".join(sol.ambiguous))
    if sol.derived:
        warnings.append("derived from the template arithmetic (blank in the source): " + ", ".join(sol.derived))
    warnings += _blanks_are_zero(cells, blank_at, eqs, set(sol.ambiguous))
    blanks = [k for g in groups for k in g.keys if cells.get(k) is None and k not in sol.ambiguous]
    if blanks:
        warnings.append("blank cells not fixed by the arithmetic, left null: " + ", ".join(blanks))
    return cells, warnings


def _blanks_are_zero(cells: dict[str, Cell | None], blank_at: dict[str, Value], eqs: list[Equation],
                     ambiguous: set[str]) -> list[str]:
    """Spec §8: in a table with known cell structure that prints numbers, a blank cell is 0
    (flag ``was_blank``). Where a 0 would break a rule that the blank left open, the printed
    table says otherwise: those blanks stay null."""
    filled = {k for k, v in blank_at.items() if cells.get(k) is None and k not in ambiguous}
    for k in filled:
        v = blank_at[k]
        cells[k] = Cell(k, 0, "", v.start, v.end, "table", ["was_blank"])
    for c in cells.values():
        if c is not None and c.method == "derived" and c.key in blank_at:
            c.flags.append("was_blank")
    values = {k: (None if c is None else c.value) for k, c in cells.items()}
    conflicts = {k for eq in eqs if eq.holds(values) is False for k in eq.keys if k in filled}
    for k in conflicts:
        cells[k] = None
    if conflicts:
        return ["blank cells left null because 0 would break the arithmetic: " + ", ".join(sorted(conflicts))]
    return []


def _is_zero(v) -> bool:
    return not v.dash and v.text.strip("+-－") == "0"


def _failures(cells: dict[str, Cell | None], eqs: list[Equation]) -> int:
    values = {k: (None if c is None else c.value) for k, c in cells.items()}
    return sum(1 for eq in eqs if eq.holds(values) is False) + sum(1 for c in cells.values() if c is None)


def _prefer_positional(rows, recs: list[Record], eqs, glued: bool, cells, warnings, open_rows: list[OpenRow]):
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
        open_rows.clear()  # (read by position, no row is left open)
        return pos_cells, pos_warnings + ["applications: row labels do not line up with the numbers (scrambled "
                                          "layout); cells read in table order, which satisfies the arithmetic"]
    return cells, warnings


def _matching_parts(g: Group, values: dict, parts_of: dict) -> tuple | None:
    """The printed parts of the alternative that agrees with every solved value of the group."""
    for alt in g.alternatives:
        if all(values.get(k) is None or a is None or a == values[k] for k, a in zip(g.keys, alt)):
            return parts_of.get((tuple(g.keys), alt))
    return None


