"""PDFs: pypdfium2 reads each page's characters and ruling lines (fast), pdfplumber finds the
table cells in them; pages pdfium cannot lay out faithfully are read by pdfplumber alone, and
pages without a text layer go to OCR (the optional ``[ocr]`` extra).

``Document.meta["pdf_pages"]`` says how each page was read, so a benchmark can count the
fallbacks."""
from __future__ import annotations

from ..document import Document, ReadError, TextBuilder
from .pdf_layout import layout_page
from .pdf_page import PageContent, PageUnreadable, read_page, with_midpoints


def read_pdf(path: str, data: bytes) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(f"{path}: not a readable PDF ({str(exc).rstrip('.') or type(exc).__name__})") from None
    builder = TextBuilder()
    grids: list = []
    methods: list[str] = []
    scanned: list[int] = []
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            try:
                content = read_page(page)
            except PageUnreadable:
                content = None
            if content is not None and not "".join(ch["text"] for ch in content.chars).strip():
                if content.images:
                    scanned.append(number)
                    methods.append("scan")
                continue
            if content is None:
                _plumber_page(path, data, number, builder, grids)
                methods.append("pdfplumber")
            else:
                layout_page(content, builder, grids)
                methods.append("pdfium")
            page.close()
    finally:
        pdf.close()
    if scanned:
        return _ocr_document(path, data, methods, builder, grids, scanned)
    text = builder.text()
    if not text.strip():
        raise ReadError(f"{path}: the PDF has no text")
    return Document(source=path, text=text, format="pdf", grids=grids, meta={"pdf_pages": ",".join(methods)})


def _plumber_page(path: str, data: bytes, number: int, builder: TextBuilder, grids: list) -> None:
    import io

    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data), pages=[number + 1]) as pdf:
            page = pdf.pages[0]
            content = PageContent(float(page.width), float(page.height), with_midpoints(page.chars), page.edges)
            layout_page(content, builder, grids)
    except Exception as exc:  # pdfminer raises many private exception types on corrupt files
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber")):
            raise ReadError(f"{path}: not a readable PDF ({type(exc).__name__})") from None
        raise


def _ocr_document(path, data, methods, builder, grids, scanned) -> Document:
    raise ReadError(f"{path}: scanned PDF without a text layer; install the OCR extra: pip install 'gidar-ie[ocr]'")
