"""One PDF page in pdfplumber's vocabulary, read with pypdfium2.

pdfplumber parses every content stream in Python (pdfminer), which costs 50-80 ms a page; pdfium
does the same in C in 2-4 ms. This module reads the two things the layout needs — characters
with their boxes and the ruling lines — from pdfium and hands them over as pdfplumber-style
dicts, so pdfplumber's own table finder (edges → intersections → cells) and text clustering run
on them unchanged. Coordinates are pdfplumber's: points, origin top-left, ``top < bottom``.

``PageUnreadable`` is raised where the fast path cannot place text reliably (glyphs without a
Unicode mapping, rules drawn inside form XObjects, rotated text); the reader then falls back to
pdfplumber for that page."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_SKIP = {"\r", "\n", "\x02", "\x00", "\ufffe", "\uffff"}
_DESCENT = 0.15  # share of the font size below the baseline (typical of CJK fonts)
_THIN = 2.0  # points: a path this narrow is a drawn rule
_PATH, _FORM, _IMAGE = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_IMAGE


class PageUnreadable(Exception):
    """The fast path cannot lay out this page faithfully; read it another way."""


def with_midpoints(chars: list[dict]) -> list[dict]:
    """Chars from another source (pdfplumber, OCR) with the centre points the layout bins by."""
    return [{**ch, "mid_x": (ch["x0"] + ch["x1"]) / 2, "mid_y": (ch["top"] + ch["bottom"]) / 2} for ch in chars]


@dataclass
class PageContent:
    width: float
    height: float
    chars: list[dict]
    edges: list[dict] = field(default_factory=list)
    images: int = 0  # image objects on the page (a page of images and no text is a scan)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)


def read_page(page: pdfium.PdfPage) -> PageContent:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, height)
    finally:
        textpage.close()
    edges, images = _edges(page, height)
    return PageContent(width, height, chars, edges, images)


def _chars(textpage: pdfium.PdfTextPage, height: float) -> list[dict]:
    raw = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    font_sizes: dict[int | None, float] = {}
    chars = []
    c = pdfium_c
    count = c.FPDFText_CountChars(raw)
    # One call for all the text (UTF-16, one code unit per character index for the BMP); the
    # per-character calls below are the cost of this reader, so each one has to earn its place.
    page_text = textpage.get_text_range(0, count) if count else ""
    if len(page_text) != count:  # characters outside the BMP: index by index
        page_text = "".join(chr(c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    get_origin, get_object, get_box = c.FPDFText_GetCharOrigin, c.FPDFText_GetTextObject, c.FPDFText_GetLooseCharBox
    last_metrics, size = None, 0.0
    for i, text in enumerate(page_text):
        if text in _SKIP or (text == " " and c.FPDFText_IsGenerated(raw, i) == 1):
            continue
        # pdfminer's box: the advance width across, one font size tall from just below the
        # baseline. Deriving the height from the baseline (not from each font's ascent and
        # descent) keeps Latin digits and CJK characters of one line on one line.
        get_origin(raw, i, ox, oy)
        get_box(raw, i, rect)
        metrics = (rect.top - rect.bottom, oy.value - rect.bottom)  # the same for a run in one font and size
        if metrics != last_metrics:
            last_metrics = metrics
            obj = ctypes.cast(get_object(raw, i), ctypes.c_void_p).value
            size = font_sizes.get(obj)
            if size is None:  # once per text object (a run of text in one font), not per character
                if c.FPDFText_HasUnicodeMapError(raw, i) == 1:
                    raise PageUnreadable("a font has no Unicode mapping")
                c.FPDFText_GetMatrix(raw, i, matrix)
                if abs(matrix.b) > 1e-3 or abs(matrix.c) > 1e-3:
                    raise PageUnreadable("rotated or skewed text")
                size = font_sizes[obj] = c.FPDFText_GetFontSize(raw, i) * abs(matrix.d)  # 10 µs a call
        x0, x1 = rect.left, rect.right
        if not 0 < x1 - x0 < 2 * size:  # a broken font bbox: fall back to the glyph's own box
            c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
            x0, x1 = left.value, right.value
        y_bottom = height - oy.value + _DESCENT * size
        y_top = y_bottom - size
        chars.append({"text": text, "x0": x0, "x1": x1, "top": y_top, "bottom": y_bottom, "doctop": y_top,
                      "width": x1 - x0, "height": y_bottom - y_top, "upright": True, "object_type": "char",
                      "mid_x": (x0 + x1) / 2, "mid_y": (y_top + y_bottom) / 2})
    return chars


def _edges(page: pdfium.PdfPage, height: float) -> tuple[list[dict], int]:
    """Axis-parallel segments of every path on the page, as pdfplumber edge dicts.

    Walks the raw object list: pypdfium2's ``get_objects`` wraps every object in a Python class,
    which costs more than reading the page."""
    edges: list[dict] = []
    images = 0
    raw = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == _IMAGE:
            images += 1
        elif kind == _FORM:
            inner = [pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFFormObj_GetObject(obj, j))
                     for j in range(pdfium_c.FPDFFormObj_CountObjects(obj))]
            if _PATH in inner or _FORM in inner:
                raise PageUnreadable("rules drawn inside a form XObject")
            images += inner.count(_IMAGE)
        elif kind == _PATH:
            pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            if right.value - left.value < _THIN or top.value - bottom.value < _THIN:
                # A rule (a line or a hairline rectangle): one edge along its middle, which is
                # what pdfplumber's snapping makes of the rectangle's sides anyway.
                edges.append(_edge(left.value, right.value, height - top.value, height - bottom.value))
            elif _is_rectangle(obj):
                x0, x1, y0, y1 = left.value, right.value, height - top.value, height - bottom.value
                edges += [_edge(x0, x1, y0, y0), _edge(x0, x1, y1, y1), _edge(x0, x0, y0, y1), _edge(x1, x1, y0, y1)]
            else:
                edges += _path_edges(obj, height)
    return edges, images


def _is_rectangle(obj) -> bool:
    """A closed four-sided path whose first side is axis-parallel (cell backgrounds and frames):
    its bounds are its sides, read with two calls instead of walking every segment."""
    if pdfium_c.FPDFPath_CountSegments(obj) not in (4, 5):
        return False
    x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPathSegment_GetPoint(pdfium_c.FPDFPath_GetPathSegment(obj, 0), x0, y0)
    pdfium_c.FPDFPathSegment_GetPoint(pdfium_c.FPDFPath_GetPathSegment(obj, 1), x1, y1)
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    axis_matrix = abs(m.b) < 1e-6 and abs(m.c) < 1e-6
    return axis_matrix and (abs(x0.value - x1.value) < 0.01 or abs(y0.value - y1.value) < 0.01)


def _edge(x0: float, x1: float, top: float, bottom: float) -> dict:
    """A pdfplumber edge along a thin box (or a line given as one)."""
    if x1 - x0 < bottom - top:
        x0 = x1 = (x0 + x1) / 2
        orientation = "v"
    else:
        top = bottom = (top + bottom) / 2
        orientation = "h"
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
            "height": bottom - top, "orientation": orientation, "object_type": "line"}


def _path_edges(raw, height: float) -> list[dict]:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(raw, m)
    points: list[tuple[float, float]] = []
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    start = None
    for i in range(pdfium_c.FPDFPath_CountSegments(raw)):
        seg = pdfium_c.FPDFPath_GetPathSegment(raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        px = m.a * x.value + m.c * y.value + m.e
        py = height - (m.b * x.value + m.d * y.value + m.f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = (px, py)
        elif points:
            segments.append((points[-1], (px, py)))
        points.append((px, py))
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None and start != (px, py):
            segments.append(((px, py), start))
    out = []
    for (x0, y0), (x1, y1) in segments:
        if abs(x0 - x1) < 0.01:
            orientation = "v"
        elif abs(y0 - y1) < 0.01:
            orientation = "h"
        else:
            continue
        left, right, top, bottom = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        out.append({"x0": left, "x1": right, "top": top, "bottom": bottom, "doctop": top,
                    "width": right - left, "height": bottom - top, "orientation": orientation,
                    "object_type": "curve_edge"})
    return out
