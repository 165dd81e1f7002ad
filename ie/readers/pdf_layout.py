"""A page's characters and ruling lines → running text plus pipe-row tables.

The input is pdfplumber-shaped (``chars`` and ``edges`` dicts on an object with ``bbox``), from
pypdfium2 (:mod:`.pdf_page`), pdfplumber (the fallback) or OCR (:mod:`.ocr`). pdfplumber's table finder turns
the edges into cells; a "table" whose rows never hold more than one filled cell is text in a
frame (many reports draw a border round every page) and is read as text. Tables that continue on
the next page simply follow each other in the document text, where the table extractor joins
them by their row labels."""
from __future__ import annotations

import bisect
from typing import Callable

from pdfplumber.utils import extract_text

from ..document import Grid, TextBuilder
from .pdf_cells import find_tables

# Called with each filled table cell's text, the chars that made it and its offsets in the
# document text (OCR uses this to remember each value's page, box and confidence).
CellHook = Callable[[str, list[dict], int, int], None]


def layout_page(page, builder: TextBuilder, grids: list[Grid], on_cell: CellHook | None = None) -> None:
    """Append one page (an object with ``chars``, ``edges`` and ``bbox``) to ``builder``.

    ``on_cell(text, chars, start, end)`` is called for every non-empty table cell with its offsets
    in the document text."""
    tables = [(bbox, rows) for bbox, rows in (_table_rows(page, t) for t in find_tables(page)) if rows]
    tables.sort(key=lambda t: t[0][1])
    top = page.bbox[1]
    for bbox, rows in tables:
        _add_text(page.chars, top, bbox[1], builder)
        texts = [[text for text, _ in row] for row in rows]
        grid = builder.add_grid(texts)
        grids.append(grid)
        if on_cell:
            by_pos = {(c.row, c.col): c for c in grid.cells}
            for r, row in enumerate(rows):
                for c, (text, chars) in enumerate(row):
                    if text:
                        cell = by_pos[r, c]
                        on_cell(cell.text, chars, cell.start, cell.end)
        top = bbox[3]
    _add_text(page.chars, top, page.bbox[3], builder)


def _table_rows(page, table) -> tuple[tuple, list[list[tuple[str, list[dict]]]]]:
    """The table's bbox and its non-empty rows of (text, chars); rows are [] for a frame around text."""
    x0, top, x1, bottom = table.bbox
    in_table = [ch for ch in page.chars if top <= ch["mid_y"] < bottom and x0 <= ch["mid_x"] < x1]
    rows = []
    real = False
    for row in table.rows:
        _, row_top, _, row_bottom = row.bbox
        in_row = [ch for ch in in_table if row_top <= ch["mid_y"] < row_bottom]
        placed: list[list[dict]] = [[] for _ in row.cells]
        starts = [(cell[0], i) for i, cell in enumerate(row.cells) if cell is not None]
        lefts = [x for x, _ in starts]
        for ch in in_row:
            k = bisect.bisect_right(lefts, ch["mid_x"]) - 1
            # cells of one row never overlap, so only the nearest cell starting left of the char can hold it
            if k >= 0 and _inside(ch, row.cells[starts[k][1]]):
                placed[starts[k][1]].append(ch)
        out = [(cell_text(chars), chars) for chars in placed]
        filled = sum(1 for text, _ in out if text)
        real = real or filled >= 2
        if filled:
            rows.append(out)
    return table.bbox, rows if real else []


def cell_text(chars: list[dict]) -> str:
    """pdfplumber's ``extract_text`` (x and y tolerance 3), with a shortcut for the common cell: one
    line of characters with no gap between them."""
    if not chars:
        return ""
    first = chars[0]
    simple = all(abs(ch["top"] - first["top"]) <= 1 and ch["text"] != " " for ch in chars)
    if simple:
        ordered = sorted(chars, key=lambda ch: ch["x0"])
        if all(b["x0"] - a["x1"] <= 3 for a, b in zip(ordered, ordered[1:])):
            return "".join(ch["text"] for ch in ordered)
    return extract_text(chars).strip()


def _inside(ch: dict, bbox) -> bool:
    return bbox[0] <= ch["mid_x"] < bbox[2] and bbox[1] <= ch["mid_y"] < bbox[3]


def _add_text(chars: list[dict], top: float, bottom: float, builder: TextBuilder) -> None:
    if bottom - top < 1:
        return
    band = [ch for ch in chars if top <= ch["mid_y"] < bottom]
    text = extract_text(band) if band else ""
    if text.strip():
        builder.newline()
        builder.add(text.strip("\n") + "\n")

