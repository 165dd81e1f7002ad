"""Born-digital PDFs with pdfplumber: running text plus ruled tables as cell grids.

Many reports draw a frame around every page, which pdfplumber also reports as a table; a
"table" whose rows never hold more than one filled cell is text in a frame and is read as text.
Tables that continue on the next page simply follow each other in the document text, where the
table extractor joins them by their row labels."""
from __future__ import annotations

from ..document import Document, ReadError, TextBuilder


_NOT_A_PDF = "{path}: not a readable PDF (damaged, cut short or not a PDF)"


def read_pdf(path: str, data: bytes) -> Document:
    import io

    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    builder = TextBuilder()
    grids = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                _read_page(page, builder, grids)
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise ReadError(_NOT_A_PDF.format(path=path)) from None
    except Exception as exc:  # pdfminer raises many private exception types on corrupt files
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            raise ReadError(_NOT_A_PDF.format(path=path)) from None
        raise
    text = builder.text()
    if not text.strip():
        raise ReadError(f"{path}: the PDF has no text layer (scanned images need OCR first)")
    return Document(source=path, text=text, format="pdf", grids=grids)


def _read_page(page, builder: TextBuilder, grids: list) -> None:
    tables = [t for t in page.find_tables() if _is_real_table(t)]
    tables.sort(key=lambda t: t.bbox[1])
    top = 0.0
    for table in tables:
        _add_text(page, top, table.bbox[1], builder)
        rows = [[(cell or "").strip() for cell in row] for row in table.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            grids.append(builder.add_grid(rows))
        top = table.bbox[3]
    _add_text(page, top, page.height, builder)


def _is_real_table(table) -> bool:
    return any(sum(1 for c in row if c and c.strip()) >= 2 for row in table.extract())


def _add_text(page, top: float, bottom: float, builder: TextBuilder) -> None:
    if bottom - top < 1:
        return
    region = page.within_bbox((0, max(0, top), page.width, min(page.height, bottom)))
    text = region.extract_text() or ""
    if text.strip():
        builder.newline()
        builder.add(text.strip("\n") + "\n")
