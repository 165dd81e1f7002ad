"""The store's schema, as the list of migrations that builds it.

``PRAGMA user_version`` is the number of migrations applied. Opening a store applies the missing
ones, each in its own transaction, so an old store is upgraded in place and a store written by a
newer ``ie`` is refused rather than misread. To change the schema, append a migration; never
edit one that has shipped. (The views and cell labels, which follow ``ie.schema``, are not
migrations: :mod:`ie.store.views` rewrites them whenever they differ from the code.)

Schema 1 (docs/store.md has the full description):

- ``reports``: one row per stored report. ``id`` is the content hash (the first 16 hex digits of
  the sha256 of the file's bytes, or of the text for reports added from memory); ``num`` is a
  compact integer the other tables join on. ``text`` is the normalised document text that every
  ``start``/``end`` indexes into (Python ``str`` offsets, i.e. SQLite ``substr`` characters).
- ``sections``, ``cells``, ``checks``, ``facts``: the parts of :class:`ie.Report`, one row each.
  JSON columns (``warnings``, ``flags``, ``cells``, ``fields``) hold lists and objects.
- ``passages``: what the search index holds, one row per sentence and one per fact;
  ``passages_search`` is its FTS5 index (rowid = ``passages.id``; terms from
  :mod:`ie.store.tokens`, prefixed with the report's ``shard``, plus the report as a token
  ``r<num>`` so that filters run inside FTS5).
- ``cell_labels`` and ``cell_labels_search``: the label of every table key, searchable.
"""
from __future__ import annotations

import sqlite3
from typing import Callable


class StoreError(Exception):
    """The store cannot be opened or used as asked; the message is one line for the user."""


SCHEMA_1 = """
CREATE TABLE reports (
    num         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL UNIQUE,
    format      TEXT NOT NULL,
    template    TEXT NOT NULL,
    issuer      TEXT,
    year        INTEGER,
    published   TEXT,
    shard       INTEGER NOT NULL,
    warnings    TEXT NOT NULL DEFAULT '[]',
    extractor   TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    text        TEXT NOT NULL  -- last: reading the other columns never walks its overflow pages
);
CREATE INDEX reports_by_issuer ON reports(issuer, year);
CREATE INDEX reports_by_year ON reports(year);

CREATE TABLE sections (
    report  INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    key     TEXT NOT NULL,
    heading TEXT NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    PRIMARY KEY (report, key)
) WITHOUT ROWID;

CREATE TABLE cells (
    report INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value,
    raw    TEXT,
    start  INTEGER,
    end    INTEGER,
    method TEXT,
    flags  TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (report, key)
) WITHOUT ROWID;

CREATE TABLE checks (
    report   INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    rule     TEXT NOT NULL,
    severity TEXT NOT NULL,
    status   TEXT NOT NULL,
    message  TEXT NOT NULL,
    cells    TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (report, seq)
) WITHOUT ROWID;

CREATE TABLE facts (
    id         INTEGER PRIMARY KEY,
    report     INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    text       TEXT NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    section    TEXT,
    method     TEXT NOT NULL,
    confidence REAL NOT NULL,
    fields     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX facts_by_report ON facts(report);

CREATE TABLE passages (
    id      INTEGER PRIMARY KEY,
    report  INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    fact    INTEGER REFERENCES facts(id) ON DELETE CASCADE,
    section TEXT,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL
);
CREATE INDEX passages_by_report ON passages(report);
CREATE VIRTUAL TABLE passages_search USING fts5(terms, report, content='', tokenize='ascii');

CREATE TABLE cell_labels (
    key   TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
CREATE VIRTUAL TABLE cell_labels_search USING fts5(terms, content='', tokenize='ascii');
"""

# MIGRATIONS[i] takes a store from user_version i to i + 1 (inside a transaction).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    lambda conn: _script(conn, SCHEMA_1),
]
SCHEMA_VERSION = len(MIGRATIONS)


def _script(conn: sqlite3.Connection, sql: str) -> None:
    # executescript() would commit the open transaction; statement by statement keeps it atomic.
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the missing migrations; returns the version the store had before."""
    before = schema_version(conn)
    if before > SCHEMA_VERSION:
        raise StoreError(f"the store has schema version {before}, newer than this ie understands "
                         f"({SCHEMA_VERSION}); upgrade ie")
    while schema_version(conn) < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)  # another process may have migrated while we waited
            if version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return before
