"""The one document every reader produces: normalised text plus, where the format has them,
table cells with character offsets into that text."""
from __future__ import annotations

from dataclasses import dataclass, field


class ReadError(Exception):
    """The input cannot be read as a report (empty, binary, corrupt, too large...).

    The message is one line meant for the user; the CLI prints it and exits with status 2.
    """


@dataclass
class GridCell:
    text: str
    start: int
    end: int
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """A table as the source format structured it (HTML/PDF/DOCX), with offsets into the text."""

    cells: list[GridCell]
    start: int
    end: int

    def rows(self) -> list[list[GridCell]]:
        out: dict[int, list[GridCell]] = {}
        for c in self.cells:
            out.setdefault(c.row, []).append(c)
        return [sorted(out[r], key=lambda c: c.col) for r in sorted(out)]


@dataclass
class OcrSpan:
    """Text the reader recognised in an image: where it sits in the document text, on which page
    and where on the page (``box`` = x0, top, x1, bottom in points of the straightened page), and
    how sure the recogniser was (``confidence`` its lowest character score, ``digit_confidence``
    its lowest score over digits, None without digits)."""

    start: int
    end: int
    page: int
    box: tuple[float, float, float, float]
    confidence: float
    digit_confidence: float | None = None


@dataclass
class Document:
    """A report as text.

    ``text`` is the normalised document text every offset refers to. ``meta`` holds what the
    container says about the report (page title, publication time from a web page's metadata);
    it never overrides what the report itself prints.
    """

    source: str
    text: str
    format: str
    meta: dict[str, str] = field(default_factory=dict)
    grids: list[Grid] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what reading repaired (bytes replaced ...)
    ocr: list[OcrSpan] = field(default_factory=list)  # table cells read by OCR, with their provenance


@dataclass
class TextBuilder:
    """Accumulates text pieces and remembers where each piece went, for readers that render
    structured sources (HTML, PDF, DOCX) into one text."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def newline(self) -> None:
        if self.length and not "".join(self.parts[-1:]).endswith("\n"):
            self.add("\n")

    def add_grid(self, rows: list[list[str]]) -> Grid:
        """Render rows of cell texts as pipe rows ("| a | b |"), one line per row, and return the
        grid with the offsets of every cell. Empty cells keep their place, so positions survive."""
        self.newline()
        grid_start = self.length
        cells: list[GridCell] = []
        for r, row in enumerate(rows):
            self.add("|")
            for c, text in enumerate(row):
                text = " ".join(text.replace("|", "｜").split())
                self.add(" ")
                start, end = self.add(text)
                cells.append(GridCell(text, start, end, r, c))
                self.add(" |")
            self.add("\n")
        return Grid(cells, grid_start, self.length)

    def text(self) -> str:
        return "".join(self.parts)
