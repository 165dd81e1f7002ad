"""OCR'd pages → document text, through the same layout code as born-digital PDFs, keeping an
:class:`~ie.document.OcrSpan` for every table cell so each value can say where it was read and
how sure the recogniser was. Long documents show a per-page progress bar on a terminal."""
from __future__ import annotations

from ..document import Grid, OcrSpan, TextBuilder
from .ocr import OcrPage, read_image
from .pdf_layout import layout_page


def add_ocr_page(page: OcrPage, builder: TextBuilder, grids: list[Grid], spans: list[OcrSpan]) -> None:
    """Append an OCR'd page to the document, recording the provenance of every table cell."""

    def on_cell(text: str, chars: list[dict], start: int, end: int) -> None:
        box = (min(c["x0"] for c in chars), min(c["top"] for c in chars),
               max(c["x1"] for c in chars), max(c["bottom"] for c in chars))
        digits = [c["score"] for c in chars if c["text"].isdigit()]
        spans.append(OcrSpan(start, end, page.number, tuple(round(v, 1) for v in box),
                             round(min(c["score"] for c in chars), 4), round(min(digits), 4) if digits else None))

    layout_page(page, builder, grids, on_cell)


class Progress:
    """A per-page progress bar on stderr, shown only on a terminal, only once OCR starts, and not
    in `ie ingest`'s worker processes (whose bars would overwrite the parent's per-file bar)."""

    def __init__(self, name: str, pages: int):
        self.name, self.pages, self.bar = name, pages, None

    def ocr(self, image, number: int, dpi: float) -> OcrPage:
        if self.bar is None:
            import multiprocessing

            from tqdm import tqdm

            worker = multiprocessing.current_process().name != "MainProcess"
            self.bar = tqdm(total=self.pages, desc=f"OCR {self.name}", unit="page", leave=False,
                            disable=True if worker else None)
        page = read_image(image, number, dpi)
        self.bar.update(1)
        return page

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
