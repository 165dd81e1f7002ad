"""The store's schema, as the list of migrations that builds it.

``PRAGMA user_version`` is the number of migrations applied. Opening a store applies the missing
ones, each in its own transaction, so an old store is upgraded in place and a store written by a
newer ``ie`` is refused rather than misread. To change the schema, append a migration; never
edit one that has shipped. (The views and cell labels, which follow ``ie.schema``, are not
migrations: :mod:`ie.store.views` rewrites them whenever they differ from the code.)

docs/store.md describes schema 2 in full; schema 3 adds one table (below).

Schema 1:

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

Schema 2 (migration ``_to_2``) makes the search fast on a large store and the file smaller:

- the passage index is rebuilt (:mod:`ie.store.index`): passage ids carry the report's year,
  terms carry the passage's partition code (kind and section) instead of an issuer shard, the
  issuer is a token, the table has a prefix index and no per-row sizes (ranking is computed by
  :mod:`ie.store.search`); ``search_stats`` and ``search_partitions`` describe it. ``passages``
  has no foreign keys or index: a report's passages are the id range ``reports.passage_first``
  … ``+ passage_count - 1``.
- table keys are interned: ``cell_keys`` (id, key, label; it replaces ``cell_labels``) and
  ``cells.key_id``; ``cells_by_key`` and ``key_years`` find a key's cells without a scan.
- the cell lists of checks are interned: ``cell_lists`` and ``checks.cell_list``.
- ``facts.text`` is NULL when it is the report text at ``start``…``end`` (always, for facts
  this ie extracts); JSON columns are written without spaces.
- ``reports.shard`` is gone.

Schema 3 adds ``report_sources``: the other files a stored report was also read from (a PDF and
its web page are one report, not two). ``id`` is that file's content hash, ``report`` the report
it is a source of; the file's text is not stored again.
"""
from __future__ import annotations

import json
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

SCHEMA_2_TABLES = """
CREATE TABLE reports_v2 (
    num           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    source        TEXT NOT NULL UNIQUE,
    format        TEXT NOT NULL,
    template      TEXT NOT NULL,
    issuer        TEXT,
    year          INTEGER,
    published     TEXT,
    warnings      TEXT NOT NULL DEFAULT '[]',
    extractor     TEXT NOT NULL,
    ingested_at   TEXT NOT NULL,
    passage_first INTEGER NOT NULL DEFAULT 0,
    passage_count INTEGER NOT NULL DEFAULT 0,
    text          TEXT NOT NULL  -- last: reading the other columns never walks its overflow pages
);

CREATE TABLE cell_keys (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    label TEXT
);

CREATE TABLE cells_v2 (
    report INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    key_id INTEGER NOT NULL REFERENCES cell_keys(id),
    value,
    raw    TEXT,
    start  INTEGER,
    end    INTEGER,
    method TEXT,
    flags  TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (report, key_id)
) WITHOUT ROWID;

CREATE TABLE key_years (
    key_id  INTEGER NOT NULL,
    year    INTEGER NOT NULL,
    reports INTEGER NOT NULL,
    PRIMARY KEY (key_id, year)
) WITHOUT ROWID;

CREATE TABLE cell_lists (
    id    INTEGER PRIMARY KEY,
    cells TEXT NOT NULL UNIQUE
);

CREATE TABLE checks_v2 (
    report    INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    rule      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    status    TEXT NOT NULL,
    message   TEXT NOT NULL,
    cell_list INTEGER NOT NULL REFERENCES cell_lists(id),
    PRIMARY KEY (report, seq)
) WITHOUT ROWID;

CREATE TABLE facts_v2 (
    id         INTEGER PRIMARY KEY,
    report     INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    text       TEXT,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    section    TEXT,
    method     TEXT NOT NULL,
    confidence REAL NOT NULL,
    fields     TEXT NOT NULL DEFAULT '{}'
)
"""

SCHEMA_2_INDEX = """
CREATE INDEX reports_by_issuer ON reports(issuer, year);
CREATE INDEX reports_by_year ON reports(year);
CREATE INDEX cells_by_key ON cells(key_id, report);
CREATE INDEX facts_by_report ON facts(report);

CREATE TABLE passages (
    id      INTEGER NOT NULL,  -- a report takes the ids below the last one's: stored in that order
    report  INTEGER NOT NULL,
    fact    INTEGER,
    section TEXT,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    PRIMARY KEY (id DESC)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE passages_search USING fts5(terms, tags, content='', tokenize='ascii', prefix='3', columnsize=0, detail=none);
CREATE TABLE search_stats (
    year     INTEGER PRIMARY KEY,
    passages INTEGER NOT NULL,
    terms    INTEGER NOT NULL
);
CREATE TABLE search_partitions (
    code TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE VIRTUAL TABLE cell_labels_search USING fts5(terms, content='', tokenize='ascii')
"""

_V1_VIEWS = ("report_tables", "report_cells", "report_facts", "report_checks", "section_texts")


def _to_2(conn: sqlite3.Connection) -> None:
    from . import index
    from .labels import cell_labels
    from .passages import Passage
    from .tokens import index_terms, partition

    for view in _V1_VIEWS:  # they name v1 columns; views.sync writes them anew
        conn.execute(f"DROP VIEW IF EXISTS {view}")
    _script(conn, SCHEMA_2_TABLES)
    conn.executemany("INSERT INTO cell_keys (key) VALUES (?)", [(key,) for key in cell_labels()])
    conn.execute("INSERT OR IGNORE INTO cell_keys (key) SELECT DISTINCT key FROM cells ORDER BY key")
    conn.execute("INSERT INTO reports_v2 (num, id, source, format, template, issuer, year, published, warnings, "
                 "extractor, ingested_at, text) SELECT num, id, source, format, template, issuer, year, published, "
                 "json(warnings), extractor, ingested_at, text FROM reports")
    conn.execute("INSERT INTO cells_v2 (report, key_id, value, raw, start, end, method, flags) SELECT c.report, k.id, "
                 "c.value, c.raw, c.start, c.end, c.method, json(c.flags) FROM cells c JOIN cell_keys k ON k.key = c.key")
    lists = {old: json.dumps(json.loads(old), ensure_ascii=False, separators=(",", ":"))
             for (old,) in conn.execute("SELECT DISTINCT cells FROM checks")}
    conn.executemany("INSERT OR IGNORE INTO cell_lists (cells) VALUES (?)", [(new,) for new in lists.values()])
    conn.execute("CREATE TEMP TABLE v1_lists (old TEXT PRIMARY KEY, new TEXT NOT NULL)")
    conn.executemany("INSERT INTO v1_lists (old, new) VALUES (?, ?)", lists.items())
    conn.execute("INSERT INTO checks_v2 (report, seq, rule, severity, status, message, cell_list) SELECT k.report, "
                 "k.seq, k.rule, k.severity, k.status, k.message, l.id FROM checks k JOIN temp.v1_lists m "
                 "ON m.old = k.cells JOIN cell_lists l ON l.cells = m.new")
    conn.execute("DROP TABLE temp.v1_lists")
    conn.execute("INSERT INTO facts_v2 (id, report, type, text, start, end, section, method, confidence, fields) "
                 "SELECT f.id, f.report, f.type, CASE WHEN f.text = substr(r.text, f.start + 1, f.end - f.start) "
                 "THEN NULL ELSE f.text END, f.start, f.end, f.section, f.method, f.confidence, json(f.fields) "
                 "FROM facts f JOIN reports r ON r.num = f.report")
    conn.execute("ALTER TABLE passages RENAME TO passages_v1")
    for table in ("passages_search", "cell_labels_search", "cell_labels", "cells", "checks", "facts", "reports"):
        conn.execute(f"DROP TABLE {table}")
    for table in ("reports", "cells", "checks", "facts"):
        conn.execute(f"ALTER TABLE {table}_v2 RENAME TO {table}")
    _script(conn, SCHEMA_2_INDEX)
    conn.execute("INSERT INTO key_years (key_id, year, reports) SELECT c.key_id, r.year, count(*) FROM cells c "
                 "JOIN reports r ON r.num = c.report WHERE r.year IS NOT NULL GROUP BY c.key_id, r.year")
    # The passage index, rebuilt from the v1 passages: ids given in the order the reports were
    # stored (index.first_id's), rows written in rowid order (FTS5's fast way).
    counts = dict(conn.execute("SELECT report, count(*) FROM passages_v1 GROUP BY report"))
    reports = conn.execute("SELECT num, year, issuer FROM reports ORDER BY num").fetchall()
    first, top = {}, {}
    for num, year, _ in reports:
        code = index.year_code(year)
        first[num] = top[code] = top.get(code, index.year_rowids(code)[1] + 1) - counts.get(num, 0)
    for num, year, issuer in sorted(reports, key=lambda r: first[r[0]]):
        text = conn.execute("SELECT text FROM reports WHERE num = ?", (num,)).fetchone()[0]
        rows = conn.execute("SELECT p.fact, p.section, p.start, p.end, f.type, f.text FROM passages_v1 p "
                            "LEFT JOIN facts f ON f.id = p.fact WHERE p.report = ? ORDER BY p.id", (num,)).fetchall()
        passages, kinds = [], []
        for fact, section, start, end, kind, ftext in rows:
            kind = "text" if fact is None else kind
            body = text[start:end] if ftext is None else ftext
            passages.append(Passage(section, start, end, index_terms(body, partition(kind, section)), fact))
            kinds.append(kind)
        index.add(conn, num, year, issuer, first[num], passages, kinds, [row[0] for row in rows])
        conn.execute("UPDATE reports SET passage_first = ?, passage_count = ? WHERE num = ?",
                     (first[num], len(rows), num))
    conn.execute("DROP TABLE passages_v1")
    conn.execute("INSERT INTO passages_search(passages_search) VALUES ('optimize')")


SCHEMA_3 = """
CREATE TABLE report_sources (
    id TEXT PRIMARY KEY,
    report INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    source TEXT NOT NULL,
    format TEXT NOT NULL
);
CREATE INDEX report_sources_by_report ON report_sources (report)
"""


# MIGRATIONS[i] takes a store from user_version i to i + 1 (inside a transaction, with foreign
# keys off: a migration rebuilds tables the SQLite way, and checks the keys before it commits).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    lambda conn: _script(conn, SCHEMA_1),
    _to_2,
    lambda conn: _script(conn, SCHEMA_3),
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
    if before == SCHEMA_VERSION:
        return before
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")  # no effect inside a transaction: set it before
    conn.execute("PRAGMA legacy_alter_table = ON")  # renaming a table rewrites nothing else
    try:
        while (version := schema_version(conn)) < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = schema_version(conn)  # another process may have migrated while we waited
                if version < SCHEMA_VERSION:
                    MIGRATIONS[version](conn)
                    broken = conn.execute("PRAGMA foreign_key_check").fetchone()
                    if broken:
                        raise StoreError(f"migration to schema {version + 1} left a dangling reference in "
                                         f"{broken[0]}; the store is unchanged")
                    conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
            except BaseException as exc:
                conn.execute("ROLLBACK")
                if isinstance(exc, Exception) and not isinstance(exc, StoreError):
                    raise StoreError(f"cannot upgrade the store from schema {version} to {version + 1} "
                                     f"({type(exc).__name__}: {' '.join(str(exc).split())}); it is unchanged") from exc
                raise
    finally:
        conn.execute("PRAGMA legacy_alter_table = OFF")
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    return before
