"""Provenance and doubt for table cells read by OCR.

Every cell whose text came from OCR gets the page, box and recognition confidence it was read
with. A cell whose weakest digit scored below ``LOW_CONFIDENCE`` is flagged ``ocr_low_confidence``
and named in a warning, and every failed check that involves OCR'd cells names them too: a
misread digit usually breaks the template arithmetic, and the report must say which cells to
look at rather than trust them silently."""
from __future__ import annotations

import bisect

from .document import OcrSpan
from .report import Report

LOW_CONFIDENCE = 0.9  # weakest digit score below which an OCR'd cell is flagged


def attach(report: Report, spans: list[OcrSpan]) -> None:
    spans = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in spans]
    low = []
    for key, cell in report.tables.items():
        if cell is None or cell.start < 0:
            continue
        i = bisect.bisect_right(starts, cell.start) - 1
        if i < 0 or not (spans[i].start <= cell.start and cell.end <= spans[i].end):
            continue
        span = spans[i]
        cell.ocr = {"page": span.page, "box": list(span.box), "confidence": span.confidence}
        if span.digit_confidence is not None:
            cell.ocr["digit_confidence"] = span.digit_confidence
            if span.digit_confidence < LOW_CONFIDENCE:
                cell.flags.append("ocr_low_confidence")
                low.append(f"{key}={cell.raw} (page {span.page}, {span.digit_confidence:.2f})")
    if low:
        report.warnings.append(f"OCR: {len(low)} cells read with low confidence, check them against the "
                               f"page: " + "; ".join(low))
    for check in report.checks:
        if check.status != "fail":
            continue
        read = [k for k in check.cells if report.tables.get(k) is not None and report.tables[k].ocr]
        if read:
            cells = "; ".join(f"{k}={report.tables[k].raw} (page {report.tables[k].ocr['page']}, "
                              f"{report.tables[k].ocr.get('digit_confidence', report.tables[k].ocr['confidence']):.2f})"
                              for k in read)
            report.warnings.append(f"OCR: {check.rule} fails on cells read by OCR, one may be misread: {cells}")
