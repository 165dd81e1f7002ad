"""Scanned pages saved as images (PNG, JPEG, TIFF; every frame of a multi-page TIFF is a page),
read by OCR (the optional ``[ocr]`` extra)."""
from __future__ import annotations

import io
from pathlib import Path

from ..document import Document, ReadError, TextBuilder
from . import ocr
from .ocr_layout import Progress, add_ocr_page

A4_WIDTH_INCHES = 8.27  # resolution of an image that does not state one: assume an A4 page


def read_image_file(path: str, data: bytes) -> Document:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    ocr.require(path, "an image")
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReadError(f"{path}: not a readable image (damaged, cut short or not an image)") from None
    builder = TextBuilder()
    grids, spans, pages = [], [], []
    progress = Progress(Path(path).name, len(frames))
    try:
        for number, frame in enumerate(frames, 1):
            dpi = _dpi(image, frame)
            page = progress.ocr(frame, number, dpi)
            add_ocr_page(page, builder, grids, spans)
            pages.append(page)
    finally:
        progress.close()
    text = builder.text()
    if not text.strip():
        raise ReadError(f"{path}: OCR found no text in the image")
    return Document(source=path, text=text, format="image", grids=grids, ocr=spans, meta=ocr_meta(pages))


def _dpi(image, frame) -> float:
    dpi = image.info.get("dpi") or frame.info.get("dpi")
    if dpi and float(dpi[0]) >= 50:
        return float(dpi[0])
    return frame.width / A4_WIDTH_INCHES


def ocr_meta(pages: list) -> dict[str, str]:
    """What a report should say about its OCR: pages, resolution, straightening and time."""
    return {"ocr_pages": ",".join(str(p.number) for p in pages),
            "ocr_dpi": ",".join(f"{p.dpi:.0f}" for p in pages),
            "ocr_skew": ",".join(f"{p.skew:g}" for p in pages),
            "ocr_seconds": ",".join(f"{p.seconds:.1f}" for p in pages)}
