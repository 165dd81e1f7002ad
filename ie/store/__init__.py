"""The fact store: extracted reports in one SQLite file, with keyword search that works for Chinese.

    store = ie.FactStore("facts.db")
    store.add(ie.extract("report.pdf"))                    # or: ie ingest reports/ --db facts.db
    store.search("复议", year=2021, issuer="淮安市政府")     # -> [Hit]
    store.facts(type="problem"), store.cells(key="applications.new_received.total")

Modules, one job each: ``migrations`` (the versioned schema), ``views`` (SQL views and cell
labels for sqlite3/Datasette), ``tokens`` (text → search terms), ``passages`` (what gets
indexed), ``index`` (writing the search index), ``filters`` (year/issuer filters), ``search``
(matching and bm25 ranking), ``store`` (``FactStore``), ``ingest``
(parallel batch ingest), ``export`` (csv/parquet/jsonl/Hugging Face), ``commands`` (the CLI).
docs/store.md describes the schema and the search semantics.
"""
from __future__ import annotations

from .migrations import SCHEMA_VERSION, StoreError
from .records import CellRecord, FactRecord, Hit, ReportRecord
from .store import FactStore, content_id, file_id

__all__ = ["FactStore", "StoreError", "Hit", "FactRecord", "CellRecord", "ReportRecord", "SCHEMA_VERSION",
           "content_id", "file_id"]
