"""The data behind ``ie serve``'s own pages: search hits and one report with its marked text.

Both read the store through Datasette's read-only connection, under a time limit. The search
is :func:`ie.store.store.search` — the code and ranking of ``ie search``, on the same index.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..store.labels import cell_labels, cell_section
from ..store.records import Hit
from ..store.store import search
from ..store.tokens import highlight
from .markup import Span, marked_html

_MARKS = ("\x02", "\x03")  # snippet marks, replaced by <mark> after escaping


def run_search(conn: sqlite3.Connection, issuers: list[str], args: dict[str, str], limit: int) -> list[Hit]:
    """``ie search`` with the page's fields (q, type, year, issuer, section; empty = any).
    ValueError for a bad type, year or section."""
    return search(conn, lambda: issuers, args.get("q", ""), type=args.get("type") or None,
                  year=args.get("year") or None, issuer=args.get("issuer") or None,
                  section=args.get("section") or None, limit=limit)


def store_issuers(conn: sqlite3.Connection) -> list[str]:
    return [name for (name,) in conn.execute(
        "SELECT DISTINCT issuer FROM reports WHERE issuer IS NOT NULL ORDER BY issuer")]


def snippet_html(hit: Hit, width: int = 120) -> Markup:
    """The hit's snippet (``Hit.snippet``) as HTML, the query's matches in ``<mark>``."""
    text = str(Markup.escape(hit.snippet(width, _MARKS)))
    return Markup(text.replace(_MARKS[0], '<mark class="q">').replace(_MARKS[1], "</mark>"))


@dataclass
class ReportPage:
    """A report with everything that was extracted from it, and its text marked at every span."""

    id: str
    source: str
    format: str
    template: str
    issuer: str | None
    year: int | None
    published: str | None
    warnings: list[str]
    text_html: Markup = Markup("")
    sections: list[dict] = field(default_factory=list)
    tables: dict[str, list[dict]] = field(default_factory=dict)  # section -> cells in template order
    facts: list[dict] = field(default_factory=list)
    failed_checks: list[dict] = field(default_factory=list)
    check_counts: dict[str, int] = field(default_factory=dict)


def load_report(conn: sqlite3.Connection, report_id: str, query: str = "",
                hit: tuple[int, int] | None = None) -> ReportPage | None:
    """The report page's data (None when no report has this id). ``query`` marks its matches
    in the text; ``hit`` (start, end) marks the span a search hit links to, ``id="hit"``."""
    row = conn.execute("SELECT num, id, source, format, template, issuer, year, published, warnings, text "
                       "FROM reports WHERE id = ?", (report_id,)).fetchone()
    if row is None:
        return None
    num, *meta, warnings, text = row
    page = ReportPage(*meta, warnings=json.loads(warnings))
    spans: list[Span] = []
    for key, heading, start, end in conn.execute(
            "SELECT key, heading, start, end FROM sections WHERE report = ? ORDER BY start", (num,)):
        page.sections.append({"key": key, "heading": heading, "anchor": f"section-{key}"})
        spans.append(Span(start, min(end, start + max(1, len(heading))), "section", id=f"section-{key}"))
    order = {key: i for i, key in enumerate(cell_labels())}
    cells = sorted(conn.execute(
        "SELECT k.key, k.label, c.value, c.raw, c.start, c.end, c.method, c.flags FROM cells c "
        "JOIN cell_keys k ON k.id = c.key_id WHERE c.report = ?", (num,)), key=lambda r: order.get(r[0], len(order)))
    values: dict[str, Any] = {}
    anchors: dict[str, str] = {}
    for key, label, value, raw, start, end, method, flags in cells:
        values[key] = value
        anchor = f"cell-{key}" if start is not None and end is not None and start < end else None
        page.tables.setdefault(cell_section(key), []).append(
            {"key": key, "label": label or key, "value": value, "raw": raw, "method": method,
             "flags": json.loads(flags), "anchor": anchor})
        if anchor:
            anchors[key] = anchor
            spans.append(Span(start, end, "cell", id=anchor, title=f"{label or key} = {_shown(value)}"))
    for fid, type_, ftext, start, end, section, method, confidence, fields in conn.execute(
            "SELECT id, type, text, start, end, section, method, confidence, fields FROM facts "
            "WHERE report = ? ORDER BY start, id", (num,)):
        fields = json.loads(fields)
        page.facts.append({"id": fid, "anchor": f"fact-{fid}", "type": type_, "section": section,
                           "text": text[start:end] if ftext is None else ftext, "value": fields.get("value"),
                           "unit": fields.get("unit"), "metric": fields.get("metric"), "method": method,
                           "confidence": confidence})
        spans.append(Span(start, end, f"fact fact-{type_}", id=f"fact-{fid}", title=f"{type_}: {fields.get('value', '')}"))
    for seq, rule, severity, status, message, names in conn.execute(
            "SELECT k.seq, k.rule, k.severity, k.status, k.message, l.cells FROM checks k "
            "JOIN cell_lists l ON l.id = k.cell_list WHERE k.report = ? ORDER BY k.seq", (num,)):
        page.check_counts[status] = page.check_counts.get(status, 0) + 1
        if status == "fail":
            named = json.loads(names)
            page.failed_checks.append({"rule": rule, "severity": severity, "message": message,
                                       "cells": [{"key": k, "value": values.get(k), "label": cell_labels().get(k, k),
                                                  "anchor": anchors.get(k)} for k in named]})
    if query:
        spans += [Span(a, b, "q") for a, b in highlight(text, query)]
    if hit:
        spans.append(Span(hit[0], hit[1], "hit", id="hit"))
    page.text_html = Markup(marked_html(text, spans))
    return page


def _shown(value) -> str:
    return "—" if value is None else str(value)


def parse_span(value: str | None) -> tuple[int, int] | None:
    """``"120-135"`` (a hit's span in the report text) as (120, 135); None when malformed."""
    start, _, end = (value or "").partition("-")
    if start.isdigit() and end.isdigit() and int(start) < int(end):
        return int(start), int(end)
    return None
