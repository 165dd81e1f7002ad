"""PDFs: pypdfium2 reads each page's characters and ruling lines (fast), pdfplumber finds the
table cells in them; pages pdfium cannot lay out faithfully are read by pdfplumber alone, and
pages with images but no text layer are rendered and read by OCR (the optional ``[ocr]`` extra).

``Document.meta["pdf_pages"]`` says how each page was read (pdfium, pdfplumber, ocr), so a
benchmark can count the fallbacks."""
from __future__ import annotations

from pathlib import Path

from ..document import Document, ReadError, TextBuilder
from .pdf_layout import layout_page
from .pdf_page import PageContent, PageUnreadable, read_page, with_midpoints

OCR_DPI = 300  # scanned pages are rendered at this resolution for OCR
_NOT_A_PDF = "{path}: not a readable PDF (damaged, cut short or not a PDF)"


def read_pdf(path: str, data: bytes) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(_NOT_A_PDF.format(path=path)) from None
    builder = TextBuilder()
    grids: list = []
    spans: list = []
    methods: list[str] = []
    ocr_pages: list = []
    progress = None
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            try:
                content = read_page(page)
            except PageUnreadable:
                content = None
            if content is not None and not any(ch["text"].strip() for ch in content.chars):
                if content.images:  # a scanned page
                    from . import ocr
                    from .ocr_layout import Progress, add_ocr_page

                    ocr.require(path, "a scanned PDF (pages without a text layer)")
                    progress = progress or Progress(Path(path).name, len(pdf))
                    image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
                    scanned = progress.ocr(image, number + 1, OCR_DPI)
                    add_ocr_page(scanned, builder, grids, spans)
                    ocr_pages.append(scanned)
                    methods.append("ocr")
                else:
                    methods.append("empty")
            elif content is None:
                _plumber_page(path, data, number, builder, grids)
                methods.append("pdfplumber")
            else:
                layout_page(content, builder, grids)
                methods.append("pdfium")
            page.close()
    finally:
        if progress is not None:
            progress.close()
        pdf.close()
    text = builder.text()
    if not text.strip():
        raise ReadError(f"{path}: the PDF has no text")
    meta = {"pdf_pages": ",".join(methods)}
    if ocr_pages:
        from .image import ocr_meta

        meta.update(ocr_meta(ocr_pages))
    return Document(source=path, text=text, format="pdf", grids=grids, ocr=spans, meta=meta)


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
            raise ReadError(_NOT_A_PDF.format(path=path)) from None
        raise
