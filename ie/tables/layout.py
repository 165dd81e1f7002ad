"""Layout → records: the first step of table extraction.

A *record* is a run of numeric cells together with the label text that names it. Two layouts
produce records:

* **grid rows** — a line whose cells are separated by pipes or tabs (markdown tables, pipe
  exports, the pipe rows that the HTML/PDF/DOCX readers render). The record's label is the text
  cells of that same line, and empty cells keep their position as blanks.
* **streams** — everything else: one cell per line, pdftotext's space-aligned columns, and
  web-scrape text with no separators at all. Numbers accumulate into a record until text
  interrupts them; the text before a record is its label.

Page numbers (-3-, 第3页, 3/12), enumerators glued to the next label (``00000002.其他…`` is the
cells ``0000000`` then the enumerator ``2.``) and dash placeholders ("—", "/", "无") are
recognised here, so later steps only see cells."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..textnorm import is_cjk, norm

DASHES = frozenset({"-", "—", "–", "－", "/", "／", "无", "\\", "—-", "——", "－－", "--"})
MAX_GRID_CELLS = 40  # a table row never has more; a longer "row" is text flattened onto one line
_PAGE_NUMBER = re.compile(r"^[\s\f]*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
                          r"|\d{1,3}\s*/\s*\d{1,3})[\s\f]*$")
# A printed number: optional change word or sign (本年增/减 cells: "增加72", "-19", "−19"), digits
# with optional thousands separators and decimals, optional money unit.
_NUMBER = re.compile(r"(?:增加|减少)?[+\-－−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|元)?")
# A number directly followed by one of these is a year, date, percentage, document number or a
# count with its measure word in the prose around a table, never a cell (no row label starts
# with one of them, so glued cells are not affected).
_NOT_A_CELL_AFTER = frozenset("年月日号%％时件起条个项人次篇份家户场期批类宗例名位")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass
class Value:
    """One numeric cell as printed. ``text`` is None for a blank cell of a grid row."""

    text: str | None
    start: int
    end: int
    dash: bool = False
    gap_before: bool = False  # a blank line precedes this cell (column runs in scrambled text)
    starts_line: bool = False  # first token of its line (a crawler may break one number over two lines)

    @property
    def blank(self) -> bool:
        return self.text is None


@dataclass
class Record:
    label: str  # normalised label text (see textnorm.norm)
    values: list[Value]
    grid: bool
    start: int
    end: int
    label_start: int = -1
    extra: list[str] = field(default_factory=list)  # notes for warnings

    @property
    def numbers(self) -> list[Value]:
        return [v for v in self.values if not v.blank]


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))


def grid_cells(line: str) -> list[tuple[str, int, int]] | None:
    """Cells of a pipe- or tab-separated line with their offsets within the line, or None when
    the line is not a grid row (a lone cell; one filled cell counts in a bordered row with empty
    cells: a label whose cells are all blank)."""
    sep = "|" if "|" in line else ("\t" if "\t" in line.strip("\t ") else None)
    if sep is None:
        return None
    cells, pos = [], 0
    for part in line.split(sep):
        lead = len(part) - len(part.lstrip())
        cells.append((part.strip(), pos + lead, pos + lead + len(part.strip())))
        pos += len(part) + 1
    if sep == "|":  # a leading or trailing pipe delimits, it does not open an empty cell
        if cells and not cells[0][0] and line.lstrip().startswith("|"):
            cells = cells[1:]
        if cells and not cells[-1][0] and line.rstrip().endswith("|"):
            cells = cells[:-1]
    filled = sum(1 for c in cells if c[0])
    # one filled cell makes a row only in a table drawn with cell borders ("| label |  |  |"), not
    # in text whose lines end in stray pipes ("其他 | |||")
    bordered = line.lstrip().startswith("|") and line.rstrip().endswith("|") and len(cells) >= 2
    if filled > MAX_GRID_CELLS or filled == 0 or (filled == 1 and not bordered):
        return None  # one lone cell, or a whole page flattened onto one line (read as a stream)
    return cells


def parse_number_cell(text: str) -> bool:
    """Whether a whole grid cell is numeric (a number, a signed change, an amount or a dash)."""
    t = text.replace(",", "").replace("，", "").replace(" ", "")
    return bool(t) and (t in DASHES or bool(_NUMBER.fullmatch(t)))


def records(text: str, start: int, end: int) -> list[Record]:
    """All records in ``text[start:end]``, in document order."""
    out: list[Record] = []
    stream = _Stream(out)
    pos = start
    lines = text[start:end].split("\n")
    for n, line in enumerate(lines):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            stream.gap = True
            continue
        if is_page_number(line) or _MD_RULE.match(line):
            continue
        cells = grid_cells(line)
        if cells is not None:
            stream.flush()
            stream.pending_label = []
            rec = _grid_record(cells, line_start)
            if rec is not None:
                out.append(rec)
            continue
        _stream_line(line, line_start, stream, _next_char(lines, n + 1))
    stream.flush()
    return out


class _Stream:
    def __init__(self, out: list[Record]):
        self.out = out
        self.values: list[Value] = []
        self.pending_label: list[tuple[str, int]] = []  # (text, offset)
        self.label: list[tuple[str, int]] = []
        self.gap = False

    def text(self, s: str, offset: int) -> None:
        if not norm(s):
            return
        self.gap = False
        self.flush()
        self.pending_label.append((s, offset))

    def number(self, v: Value) -> None:
        v.gap_before, self.gap = self.gap, False
        if not self.values:
            self.label, self.pending_label = self.pending_label, []
        self.values.append(v)

    def flush(self) -> None:
        if self.values:
            label = norm("".join(s for s, _ in self.label))
            label_start = self.label[0][1] if self.label else self.values[0].start
            self.out.append(Record(label, self.values, False, label_start, self.values[-1].end, label_start))
        self.values = []


def _grid_record(cells: list[tuple[str, int, int]], base: int) -> Record | None:
    """A grid row as a record: text cells form the label; numeric and empty cells after the
    label are the values (empty ones as blanks, keeping their position: a blank first cell is a
    cell; blanks beyond the row's width are trimmed later)."""
    first_num = next((i for i, c in enumerate(cells) if parse_number_cell(c[0])), None)
    if first_num is None:
        return _blank_row(cells, base)
    label_cells = [c for c in cells[:first_num] if c[0]]
    after_label = max((i + 1 for i, c in enumerate(cells[:first_num]) if c[0]), default=0)
    values: list[Value] = []
    trailing_text = False
    for text, s, e in cells[after_label:]:
        if not text:
            values.append(Value(None, base + s, base + s))
        elif parse_number_cell(text):
            dash = text.replace(" ", "") in DASHES
            values.append(Value(text.replace(" ", ""), base + s, base + e, dash))
        else:
            trailing_text = True  # a label after numbers: this row mixes text and cells
            label_cells.append((text, s, e))
    label = norm("".join(c[0] for c in label_cells))
    rec = Record(label, values, True, base + cells[0][1], base + cells[-1][2],
                 base + label_cells[0][1] if label_cells else -1)
    if trailing_text:
        rec.extra.append("text after numbers in a grid row")
    return rec


def _next_char(lines: list[str], n: int) -> str:
    """The first visible character of the lines from ``n`` on: one-cell-per-line text splits an
    enumerator from its label ("1." on one line, "属于国家秘密" on the next)."""
    for line in lines[n:n + 3]:
        if line.strip():
            return line.strip()[:1]
    return ""


def _blank_row(cells: list[tuple[str, int, int]], base: int) -> Record | None:
    """A row whose label is printed and whose cells are all blank (a table that leaves zeros
    blank): adjacent label cells (after empty group-label columns), then only empty cells."""
    filled = [i for i, c in enumerate(cells) if c[0]]
    first, last = filled[0], filled[-1]
    if last - first + 1 != len(filled) or last == len(cells) - 1:
        return None  # text cells with gaps between them (a header row), or no blank cell after the label
    label = norm("".join(c[0] for c in cells[first:last + 1]))
    values = [Value(None, base + s, base + s) for _, s, _ in cells[last + 1:]]
    return Record(label, values, True, base + cells[first][1], base + cells[-1][2], base + cells[first][1])


def _stream_line(line: str, base: int, stream: _Stream, next_line_char: str = "") -> None:
    """Tokenise one non-grid line into text and numbers (see module docstring)."""
    clean = line.replace("|", " ")
    indent = len(clean) - len(clean.lstrip())
    for chunk in re.finditer(r"\S+", clean):
        word, w_start = chunk.group(), base + chunk.start()
        next_char = clean[chunk.end():].lstrip()[:1]
        if word in DASHES:
            stream.number(Value(word, w_start, w_start + len(word), dash=True))
            continue
        pos = 0
        for m in _NUMBER.finditer(word):
            if m.start() > pos:
                stream.text(word[pos:m.start()], w_start + pos)
            num, n_start, n_end = m.group(), w_start + m.start(), w_start + m.end()
            pos = m.end()
            after = (word[m.end():] + next_char)[:2]
            if _is_enumerator(num, (word[m.end():] + (next_char or next_line_char))[:2]):
                body = num[:-1]
                if body and body not in "+-－":
                    stream.number(Value(body, n_start, n_end - 1))
                stream.text(num[-1], n_end - 1)
                continue
            year = _glued_year(num, after)
            if year:  # "…0013240192024年，": cells glued to the year that opens the next sentence
                stream.number(Value(num[:-4], n_start, n_end - 4))
                stream.text(num[-4:], n_end - 4)
                continue
            if _inside_label(word, m.start(), m.end()) or after[:1] in _NOT_A_CELL_AFTER:
                stream.text(num, n_start)
                continue
            stream.number(Value(num, n_start, n_end, starts_line=chunk.start() + m.start() == indent))
        if pos < len(word):
            stream.text(word[pos:], w_start + pos)


def _glued_year(num: str, after: str) -> bool:
    """A digit run longer than a year, ending in 19xx/20xx and followed by 年: web scrapes glue the
    last table cells to the year that starts the prose after the table."""
    return after[:1] == "年" and len(num) > 4 and num.isdigit() and num[-4:-2] in ("19", "20")


def _is_enumerator(num: str, after: str) -> bool:
    """'2.其他…' / '3、其他': a digit followed by enumerator punctuation and a label character."""
    if "." in num or "元" in num or len(after) < 2 or after[0] not in ".、．":
        return False
    return is_cjk(after[1]) or after[1] in "(（"


def _inside_label(word: str, start: int, end: int) -> bool:
    """Digits that are part of a label, e.g. '数据1' headers or '第2页' inside words: a number
    sandwiched between letters (ASCII) is not a cell."""
    before = word[start - 1] if start else ""
    after = word[end] if end < len(word) else ""
    return before.isascii() and before.isalpha() or (after.isascii() and after.isalpha())
