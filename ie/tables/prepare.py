"""Per-table preparation of records before they are aligned to template rows."""
from __future__ import annotations

from .layout import Record, Value


def trim_blanks(values: list[Value], width: int) -> list[Value]:
    """A grid row's values without the empty cells that pad it beyond the row's width (merged
    label cells, trailing pipes): blanks inside the row keep their place."""
    vals = list(values)
    while len(vals) > width and vals[0].blank:
        vals.pop(0)
    while len(vals) > width and vals[-1].blank:
        vals.pop()
    return vals


def split_multirow(recs: list[Record], width: int) -> list[Record]:
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


def unscramble(recs: list[Record], width: int) -> list[Record]:
    """Plain pdftotext output can emit a block of rows column by column: ``width`` runs of equal
    length m (separated by blank lines), each run one column. Such blocks are put back in row
    order; runs of length 1 are already in row order. (m == width is left alone: it cannot be
    told from rows separated by blank lines.)"""
    out = []
    for r in recs:
        if r.grid:
            out.append(r)
            continue
        runs: list[list[Value]] = []
        for v in r.values:
            if v.gap_before or not runs:
                runs.append([])
            runs[-1].append(v)
        values, i = [], 0
        while i < len(runs):
            block = runs[i:i + width]
            m = len(runs[i])
            if 2 <= m != width and len(block) == width and all(len(g) == m for g in block):
                values += [block[c][k] for k in range(m) for c in range(width)]
                i += width
            else:
                values += runs[i]
                i += 1
        out.append(Record(r.label, values, False, r.start, r.end, r.label_start) if values != r.values else r)
    return out


def merge_all(recs: list[Record], width: int) -> list[Record]:
    """Table 3: its cells as one record (drawn as one row, as three rows of five, or split by
    header fragments). The first run of consecutive records holding exactly ``width`` values is
    taken, so a stray number before or after the table is left out; without such a run (glued
    digits, a truncated table) all values are taken."""
    recs = [r for r in recs if r.values]
    chosen = _first_run(recs, width) or recs
    if not chosen:
        return []
    values = [v for r in chosen for v in r.values]
    return [Record(chosen[0].label, values, all(r.grid for r in chosen), chosen[0].start, chosen[-1].end,
                   chosen[0].label_start)]


def _first_run(recs: list[Record], width: int) -> list[Record] | None:
    for i in range(len(recs)):
        total = 0
        for j in range(i, len(recs)):
            total += len(recs[j].values)
            if total >= width:
                if total == width:
                    return recs[i:j + 1]
                break
    return None


def drop_subtotal_rows(recs: list[Record]) -> tuple[list[Record], list[str]]:
    """Some publishers add 小计 rows under （三）（四）（五）: they are sums, not template rows."""
    kept = [r for r in recs if "小计" not in r.label[-8:]]
    dropped = len(recs) - len(kept)
    return kept, [f"{dropped} 小计 (subtotal) rows left out (sums of template rows)"] if dropped else []


def drop_subtotal_column(recs: list[Record], width: int) -> tuple[list[Record], list[str]]:
    """Some publishers add a 法人或其他组织 小计 column (rows of width+1 cells). It is found by its
    arithmetic — in every such row it equals the sum of the five organisation columns next to
    it — and removed; without that proof nothing is changed."""
    values = {id(r): trim_blanks(r.values, width + 1) for r in recs}
    wide = [r for r in recs if len(values[id(r)]) == width + 1
            and not any(v.blank or v.dash for v in values[id(r)])]
    if not wide or len(wide) < sum(1 for r in recs if r.values) / 2:
        return recs, []
    rows = [[_as_number(v.text) for v in values[id(r)]] for r in wide]
    if any(None in row for row in rows):
        return recs, []
    for p in (1, 6):  # after 自然人 (before the organisations) or after the organisations
        orgs = slice(p + 1, p + 6) if p == 1 else slice(1, 6)
        if all(row[p] == sum(row[orgs]) for row in rows):
            wide_ids = {id(r) for r in wide}
            out = [Record(r.label, values[id(r)][:p] + values[id(r)][p + 1:], r.grid, r.start, r.end, r.label_start)
                   if id(r) in wide_ids else r for r in recs]
            return out, ["a 法人或其他组织 subtotal column was left out (it equals the sum of the organisation "
                         "columns in every row)"]
    return recs, []


def _as_number(text: str | None) -> float | None:
    from .cells import number_text

    try:
        return float(number_text(text or "")[0])
    except ValueError:
        return None
