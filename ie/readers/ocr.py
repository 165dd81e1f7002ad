"""Optical character recognition for pages without a text layer (the optional ``[ocr]`` extra).

rapidocr-onnxruntime runs PaddleOCR's PP-OCRv4 detection and recognition models, which ship
inside its wheel (nothing is downloaded at run time). A page image is straightened first (scans
are rarely square to the page), its ruling lines are found with OpenCV, and every recognised
character becomes a pdfplumber-style char dict with its box and recognition score, so the same
table finder and layout code as for born-digital PDFs (:mod:`.pdf_layout`) rebuild rows and
cells from it. Boxes are in points (72 per inch) of the straightened page; ``OcrPage.dpi`` says
how they map to the image's pixels."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..document import ReadError

EXTRA_HINT = "pip install 'gidar-ie[ocr]' (or pip install -e '.[ocr]' in a checkout)"
MIN_SCORE = 0.3  # recognitions below this are dropped (the cell stays empty: missing, never wrong)
MAX_SKEW = 3.0  # degrees searched when straightening a page


@dataclass
class OcrPage:
    """What OCR read on one page: pdfplumber-style ``chars`` (each with ``score``) and ``edges``."""

    number: int  # 1-based page number
    width: float
    height: float
    dpi: float
    skew: float  # degrees the image was rotated to straighten it
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)


def available() -> bool:
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def require(path: str, what: str) -> None:
    """Raise the one-line 'install the extra' error when OCR is needed but not installed."""
    if not available():
        raise ReadError(f"{path}: {what} needs OCR, which is not installed; {EXTRA_HINT}")


@functools.lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    # One thread: `ie ingest` runs reports in parallel processes, and CI has two cores.
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False, text_score=MIN_SCORE,
                    max_side_len=2000)


def read_image(image, number: int, dpi: float) -> OcrPage:
    """OCR one page image (a PIL image or an RGB/grey numpy array) at ``dpi`` pixels per inch."""
    import time

    import numpy as np

    start = time.perf_counter()
    grey = np.asarray(image.convert("L") if hasattr(image, "convert") else image)
    if grey.ndim == 3:
        import cv2

        grey = cv2.cvtColor(grey, cv2.COLOR_RGB2GRAY)
    skew = estimate_skew(grey)
    if abs(skew) >= 0.05:
        grey = rotate(grey, skew)
    scale = 72.0 / dpi
    page = OcrPage(number, grey.shape[1] * scale, grey.shape[0] * scale, dpi, skew)
    page.edges, rules = ruling_edges(grey, scale)
    page.chars = recognise(grey, scale, number)
    without_rules = grey.copy()
    without_rules[rules > 0] = 255  # cell crops must not catch a piece of the table's own lines
    reread_cells(page, without_rules, scale)
    normalise_numeric_cells(page)
    page.seconds = time.perf_counter() - start
    return page


def recognise(grey, scale: float, number: int) -> list[dict]:
    """Characters with boxes (points) and scores from rapidocr's per-character word boxes."""
    import numpy as np

    rgb = np.ascontiguousarray(np.stack([grey] * 3, axis=-1))
    result, _ = _engine()(rgb, use_cls=False, return_word_box=True)
    chars = []
    for line in result or []:
        quad, text, score = line[0], line[1], float(line[2])
        if _is_rule(quad, text):
            continue
        boxes, glyphs, scores = (line[3], line[4], line[5]) if len(line) >= 6 else ([], [], [])
        if not glyphs or len(glyphs) != len(boxes) or "".join(glyphs) != text:
            # no usable character boxes: spread the line's text evenly over its box
            glyphs, scores = list(text), [score] * len(text)
            boxes = _split_box(quad, len(text))
        for glyph, box, glyph_score in zip(glyphs, boxes, scores):
            xs = [p[0] for p in box]
            ys = [p[1] for p in box]
            for ch in glyph:
                chars.append(_char(ch, min(xs) * scale, max(xs) * scale, min(ys) * scale, max(ys) * scale,
                                   float(glyph_score), number))
    return chars


def _cells(page: OcrPage):
    from .pdf_cells import find_tables

    for table in find_tables(page):
        for cell in table.cells:
            inside = [ch for ch in page.chars if cell[0] <= ch["mid_x"] < cell[2] and cell[1] <= ch["mid_y"] < cell[3]]
            yield cell, inside


def reread_cells(page: OcrPage, grey, scale: float) -> None:
    """Table cells read again one by one from their own crop: cells that hold ink but no
    recognised text, and number cells whose reading is not a clean number ("—o", "1 2").

    The detector misses lone short strings (a "0" alone in a cell is the usual case) and
    sometimes runs a cell's number into a neighbouring rule; the recogniser reads them well once
    it is given just the cell. A re-read replaces a garbled reading only when it is a clean
    number, and its score is capped at ``REREAD_SCORE`` so the cell stays flagged for review."""
    import numpy as np

    crops, targets = [], []
    for cell, inside in _cells(page):
        text = "".join(ch["text"] for ch in inside)
        if inside and not _garbled_number(text):
            continue
        crop = _cell_crop(grey, cell, scale)
        if crop is not None:
            crops.append(np.ascontiguousarray(np.stack([crop[0]] * 3, axis=-1)))
            targets.append((crop[1], inside))
    if not crops:
        return
    results, _ = _engine().text_rec(crops)
    for (box, inside), result in zip(targets, results):
        text, score = "".join(result[0].split()), float(result[1])
        if not text or score < MIN_SCORE or set(text) <= _LINE_LIKE:
            continue
        if not _CLEAN_NUMBER.fullmatch(text) and (inside or not _plausible_cell(text)):
            continue
        if inside:
            score = min(score, REREAD_SCORE)
            ids = {id(ch) for ch in inside}
            page.chars = [ch for ch in page.chars if id(ch) not in ids]
        for ch_box, ch in zip(_split_box(box, len(text)), text):
            xs = [p[0] for p in ch_box]
            ys = [p[1] for p in ch_box]
            page.chars.append(_char(ch, min(xs) * scale, max(xs) * scale, min(ys) * scale, max(ys) * scale, score,
                                    page.number))


REREAD_SCORE = 0.85
_CLEAN_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _plausible_cell(text: str) -> bool:
    """A re-read of an empty cell worth keeping when it is not a number: a placeholder or words,
    never one odd mark (the recogniser's guess at a faint glyph: "』", "口", "U")."""
    return text in ("/", "／", "无") or (len(text) >= 2 and any(is_cjk_char(ch) for ch in text))


def _garbled_number(text: str) -> bool:
    """Digits (or look-alikes) mixed with marks that a number cell does not hold; never a label."""
    if not text or any(is_cjk_char(ch) for ch in text) or _CLEAN_NUMBER.fullmatch(text):
        return False
    return any(ch.isdigit() or ch in _DIGIT_LOOKALIKES for ch in text)


def is_cjk_char(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _cell_crop(grey, cell, scale: float):
    """The ink of a cell (clear of its rules) with a white margin, and its box in pixels."""
    import cv2
    import numpy as np

    x0, top, x1, bottom = (int(round(v / scale)) for v in cell)
    pad = 6  # pixels: stay clear of the ruling lines
    region = grey[top + pad:bottom - pad, x0 + pad:x1 - pad]
    if region.size == 0:
        return None
    region = region.copy()
    ink = (region < 128).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    specks = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] <= 4]  # scanner dust, not ink
    if specks:
        dust = np.isin(labels, specks)
        region[dust] = 255
        ink[dust] = 0
    if ink.sum() < 12:
        return None
    ys, xs = np.nonzero(ink)
    y0, y1, xa, xb = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    margin = max(4, (y1 - y0) // 3)
    glyphs = cv2.copyMakeBorder(region[y0:y1, xa:xb], margin, margin, margin * 2, margin * 2,
                                cv2.BORDER_CONSTANT, value=255)
    box = [[x0 + pad + xa, top + pad + y0], [x0 + pad + xb, top + pad + y0],
           [x0 + pad + xb, top + pad + y1], [x0 + pad + xa, top + pad + y1]]
    return glyphs, box


_DIGIT_LOOKALIKES = {"O": "0", "o": "0", "〇": "0", "D": "0", "l": "1", "I": "1", "|": "1"}


def normalise_numeric_cells(page: OcrPage) -> None:
    """Tidy number cells: look-alikes read as digits ("O" for 0, "l" for 1) and a stray mark at
    either end dropped ("11." or ".0": a speck of dirt read as a point; a number never ends in
    one). Every character of a cell so changed has its score capped at 0.5, so the cell is
    flagged for review."""
    dropped: set[int] = set()
    for _, inside in _cells(page):
        ordered = sorted(inside, key=lambda ch: ch["x0"])
        text = "".join(ch["text"] for ch in ordered)
        if not any(ch.isdigit() or ch in _DIGIT_LOOKALIKES for ch in text):
            continue
        if not all(ch.isdigit() or ch in _DIGIT_LOOKALIKES or ch in _STRAY for ch in text):
            continue
        changed = False
        while ordered and ordered[-1]["text"] in _STRAY:
            dropped.add(id(ordered.pop()))
            changed = True
        while ordered and ordered[0]["text"] in _STRAY:
            dropped.add(id(ordered.pop(0)))
            changed = True
        for ch in ordered:
            if ch["text"] in _DIGIT_LOOKALIKES:
                ch["text"] = _DIGIT_LOOKALIKES[ch["text"]]
                changed = True
        if changed:
            for ch in ordered:
                ch["score"] = min(ch["score"], 0.5)
    if dropped:
        page.chars = [ch for ch in page.chars if id(ch) not in dropped]


_STRAY = set(",.·、'`")


_LINE_LIKE = set("—-_一|｜－–~")


def _is_rule(quad, text: str) -> bool:
    """A ruling line the detector took for text: only line-like marks, in a box far taller than
    wide (text on a straightened page runs across)."""
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    return set(text) <= _LINE_LIKE and (max(ys) - min(ys)) > 3 * max(1.0, max(xs) - min(xs))


def _split_box(quad, n: int) -> list[list[list[float]]]:
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    step = (x1 - x0) / max(1, n)
    return [[[x0 + i * step, y0], [x0 + (i + 1) * step, y0], [x0 + (i + 1) * step, y1], [x0 + i * step, y1]]
            for i in range(n)]


def _char(text: str, x0: float, x1: float, top: float, bottom: float, score: float, page: int) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
            "height": bottom - top, "upright": True, "object_type": "char", "mid_x": (x0 + x1) / 2,
            "mid_y": (top + bottom) / 2, "score": score, "page": page}


def estimate_skew(grey) -> float:
    """The rotation (degrees) that makes text lines horizontal: the angle whose row profile of
    dark pixels is most peaked, searched on a reduced image."""
    import cv2
    import numpy as np

    h, w = grey.shape
    factor = 1000.0 / max(h, w)
    small = cv2.resize(grey, (max(1, int(w * factor)), max(1, int(h * factor))), interpolation=cv2.INTER_AREA)
    ink = (small < 128).astype(np.float32)
    if ink.sum() < 50:
        return 0.0

    def peakedness(angle: float) -> float:
        rows = rotate(ink, angle, border=0.0).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=peakedness)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=peakedness)
    return round(float(fine), 2)


def rotate(image, angle: float, border: float = 255.0):
    import cv2

    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def ruling_edges(grey, scale: float):
    """Table rules as pdfplumber edges, and a mask of their pixels: long thin runs of dark
    pixels, found by morphological opening with a horizontal (then vertical) line-shaped kernel."""
    import cv2
    import numpy as np

    h, w = grey.shape
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    edges = []
    mask = np.zeros_like(binary)
    for orientation, kernel in (("h", (max(10, w // 40), 1)), ("v", (1, max(10, h // 60)))):
        lines = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
        mask |= lines
        count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for x, y, bw, bh, _area in stats[1:count]:
            x0, x1, top, bottom = x * scale, (x + bw) * scale, y * scale, (y + bh) * scale
            if orientation == "h":
                top = bottom = (top + bottom) / 2
            else:
                x0 = x1 = (x0 + x1) / 2
            edges.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
                          "height": bottom - top, "orientation": orientation, "object_type": "line"})
    return edges, mask
