"""Word documents with python-docx: paragraphs and tables in body order.

Merged cells come back from python-docx once per grid column they cover; the repeats are
blanked so each printed value appears once and keeps its column position."""
from __future__ import annotations

import io
import zipfile

from ..document import Document, ReadError, TextBuilder


def read_docx(path: str, data: bytes) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if "word/document.xml" not in package.namelist():
                raise ReadError(f"{path}: not a Word .docx document (a spreadsheet or slides? only .docx is read)")
        document = docx.Document(io.BytesIO(data))
    except ReadError:
        raise
    except Exception:  # zip, lxml and opc errors on corrupt packages: their names mean nothing to a user
        raise ReadError(f"{path}: not a readable .docx file (damaged or cut short)") from None
    builder = TextBuilder()
    grids = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            if text.strip():
                builder.newline()
                builder.add(text + "\n")
        elif tag == "tbl":
            rows = _table_rows(Table(child, document))
            if rows:
                grids.append(builder.add_grid(rows))
    text = builder.text()
    if not text.strip():
        raise ReadError(f"{path}: the document has no text")
    return Document(source=path, text=text, format="docx", grids=grids)


def _table_rows(table) -> list[list[str]]:
    rows = []
    above: list = []
    for row in table.rows:
        cells = list(row.cells)
        out = []
        for i, cell in enumerate(cells):
            repeated = (i and cells[i - 1]._tc is cell._tc) or (i < len(above) and above[i] is cell._tc)
            out.append("" if repeated else cell.text.strip())
        above = [c._tc for c in cells]
        if any(out):
            rows.append(out)
    return rows
