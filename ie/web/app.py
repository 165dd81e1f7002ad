"""The Datasette that ``ie serve`` runs, and the checks made before it starts.

The store is opened ``immutable``: Datasette reads it without locks and never writes, so the
file must not change while it is served (``ie serve`` warns when an ingest may be writing).
"""
from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

from ..store.migrations import SCHEMA_VERSION, StoreError

TEMPLATES = Path(__file__).parent / "templates"
SETTINGS = {
    "sql_time_limit_ms": 1000,  # every query, the search and report pages too
    "facet_time_limit_ms": 200,  # a facet of a big view over a large store times out unless filtered
    "suggest_facets": False,  # a facet suggestion scans the table: slow on a large store
    "allow_download": False,  # the whole file is gigabytes at scale
    "truncate_cells_html": 300,  # report texts in table views
    "default_page_size": 50,
}
COUNT_BUDGET_S = 0.2  # per table, at startup; a table that takes longer is counted per page, with the time limit


def check_store(path: str | Path) -> None:
    """Raise :class:`StoreError` (one line) unless ``path`` is an ie store of this version."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such store (create one with: ie ingest PATH --db {path})")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            has_reports = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'reports'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not an ie store ({exc})") from None
    if not version or not has_reports:
        raise StoreError(f"{path}: an SQLite database that is not an ie store")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: the store has schema version {version}, newer than this ie understands "
                         f"({SCHEMA_VERSION}); upgrade ie")
    if version < SCHEMA_VERSION:
        raise StoreError(f"{path}: schema version {version}; upgrade it first (any ie command that opens it "
                         f"does, e.g. ie search 复议 --db {path})")


def make_datasette(path: str | Path):
    """A Datasette serving the store at ``path`` read-only, with ``ie``'s pages and metadata."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from . import plugin
    from .metadata import metadata

    if not pm.is_registered(plugin):
        pm.register(plugin, name="ie")
    name = Path(path).stem
    meta = metadata(name, "/-/search")
    meta["plugins"] = {"ie": {"database": name}}
    ds = Datasette(immutables=[str(path)], metadata=meta, settings=SETTINGS, template_dir=str(TEMPLATES),
                   inspect_data={name: inspect(path)})
    if name not in ds.databases:  # Datasette names a file by its stem; say so if that ever changes
        raise StoreError(f"{path}: Datasette did not serve it as {name!r}")
    return ds


def inspect(path: str | Path) -> dict:
    """What Datasette would otherwise learn about an immutable file by reading all of it: a
    hash (Datasette's is the sha256 of every byte, seconds per GiB on the first page view; this
    one names the file's path, size and modification time) and the tables' row counts (those
    that take longer than ``COUNT_BUDGET_S`` are None: Datasette counts them per page, under
    its time limit; the search index's virtual tables cannot be counted)."""
    path = Path(path).resolve()
    stat = path.stat()
    conn = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    counts: dict[str, dict] = {}
    try:
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            deadline = time.perf_counter() + COUNT_BUDGET_S
            conn.set_progress_handler(lambda: time.perf_counter() > deadline, 10_000)
            try:
                count = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            except sqlite3.DatabaseError:  # interrupted, or a contentless FTS5 table
                count = None
            counts[table] = {"count": count}
    finally:
        conn.close()
    tag = f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
    return {"hash": hashlib.sha256(tag.encode()).hexdigest(), "size": stat.st_size, "file": str(path), "tables": counts}


def wal_pending(path: str | Path) -> bool:
    """True when the store has a write-ahead log with content: a writer has the file open (an
    immutable reader sees the last checkpoint, and may fail if one runs while it reads)."""
    wal = Path(f"{path}-wal")
    return wal.is_file() and wal.stat().st_size > 0
