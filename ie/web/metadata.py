"""What ``ie serve`` tells Datasette about the store: titles, descriptions, facets, canned queries.

The column descriptions follow docs/store.md; the internal tables (the search index, its
statistics, interned lists) are hidden, since they mean nothing without ``ie``'s code.
"""
from __future__ import annotations

from .queries import canned_queries

_REPORT_COLUMNS = {
    "report_id": "the report's id: the first 16 hex digits of the sha256 of its file (links to its report page)",
    "issuer": "the body that published the report",
    "year": "the year the report covers",
}
_SPAN = {"start": "where the value is printed: offset in the report text", "end": "end offset in the report text"}

_TABLES = {
    "reports": {
        "title": "Reports",
        "description": "One row per stored report; its text is what every start/end indexes.",
        "facets": ["year", "template", "format"],
        "columns": {"num": "integer key the other tables use", "id": _REPORT_COLUMNS["report_id"],
                    "source": "the file it was read from", "format": "txt, md, html, pdf or docx",
                    "template": "tpl2019, tpl2021, hybrid, legacy or unknown", "issuer": _REPORT_COLUMNS["issuer"],
                    "year": _REPORT_COLUMNS["year"], "published": "publication date, when printed",
                    "warnings": "what the extractor could not read, and why (JSON list)",
                    "extractor": "the ie version that extracted it", "ingested_at": "UTC time of ingest",
                    "text": "the normalised document text"},
    },
    "report_tables": {
        "title": "Tables, one row per report",
        "description": "The three template tables, a column per table key (NULL: not printed or not "
                       "readable without guessing; the report's warnings say which).",
        "facets": ["year", "template"],
        "columns": {**_REPORT_COLUMNS, "template": "tpl2019, tpl2021, hybrid, legacy or unknown"},
    },
    "report_cells": {
        "title": "Table cells",
        "description": "Every table cell with its label, value, and where it is printed.",
        "facets": ["year", "method"],
        "columns": {**_REPORT_COLUMNS, "key": "the template key (../shared/spec/TEMPLATES.md)",
                    "label": "row and column label as the template prints them", "value": "the number read",
                    "raw": "the characters printed", **_SPAN,
                    "method": "how it was read: table; derived = a blank forced by the arithmetic; "
                              "cross-year = settled by the same body's other year",
                    "flags": "e.g. was_dash, was_blank, run, joined_lines, other_year:2024 (JSON list)"},
    },
    "report_facts": {
        "title": "Narrative facts",
        "description": "Counts, amounts, percentages, dates, agencies, problems, measures and contacts "
                       "found in the prose, each with its span.",
        "facets": ["type", "section", "year", "method"],
        "columns": {**_REPORT_COLUMNS, "id": "fact id", "type": "fact type (../shared/spec/FACTS.md)",
                    "text": "the fact's text", **_SPAN, "section": "the report section it is in",
                    "method": "rule, model or rule+model", "confidence": "the model's probability (1 for rules)",
                    "fields": "type-specific fields: value, unit, metric, role, kind … (JSON)"},
    },
    "report_checks": {
        "title": "Consistency checks (勾稽关系)",
        "description": "Every rule of the template's arithmetic, per report: pass, fail, or uncertain "
                       "(cells missing); the message gives the amounts.",
        "facets": ["status", "rule", "severity", "year"],
        "columns": {**_REPORT_COLUMNS, "seq": "order within the report", "rule": "rule id (TEMPLATES.md §6)",
                    "severity": "error or warning", "status": "pass, fail or uncertain",
                    "message": "the rule with the amounts", "cells": "the table keys it reads (JSON list)"},
    },
    "section_texts": {
        "title": "Section texts",
        "description": "Each section of each report, with its heading and text.",
        "facets": ["section", "year"],
        "columns": {**_REPORT_COLUMNS, "section": "overview … other_matters, preamble, signoff",
                    "heading": "the heading as printed", "start": "offset of the section", "end": "its end",
                    "text": "the section's text"},
    },
    "sections": {"title": "Sections (by reference)", "facets": ["key"]},
    "cells": {"title": "Cells (by reference; report_cells spells them out)"},
    "facts": {"title": "Facts (by reference; report_facts spells them out)", "facets": ["type", "section"]},
    "checks": {"title": "Checks (by reference; report_checks spells them out)", "facets": ["status", "rule"]},
    "cell_keys": {"title": "Table keys and their labels"},
}
_HIDDEN = ("passages", "passages_search", "search_stats", "search_partitions", "cell_labels_search", "cell_lists",
           "key_years")


def metadata(database: str, search_path: str) -> dict:
    """Datasette metadata for the store served as ``database``."""
    tables = {name: dict(meta) for name, meta in _TABLES.items()}
    tables.update({name: {"hidden": True} for name in _HIDDEN})
    form = (f"<form action=\"{search_path}\" method=\"get\"><input type=\"search\" name=\"q\" "
            "placeholder=\"复议\" size=\"30\"> <input type=\"submit\" value=\"Search\"> "
            "the sentences, facts and table cells of every report</form>")
    return {
        "title": "政府信息公开工作年度报告 — gidar-ie",
        "description_html": (
            "<p>Government information-disclosure annual reports, extracted and checked by "
            "<code>ie</code>: browse the tables and views, or search them. Every report links to a page "
            f"that shows each extracted value in its text.</p>{form}"),
        "about": "gidar-ie",
        "databases": {
            database: {
                "title": "Information-disclosure reports",
                "description_html": form,
                "tables": tables,
                "queries": canned_queries(),
            }
        },
    }
