"""Views for reading the store with ``sqlite3`` or Datasette, and the searchable cell labels.

Both follow :mod:`ie.schema` (the keys and their labels), not the stored data, so they are
not migrations: :func:`sync` rewrites them (and the labels in ``cell_keys``) whenever they
differ from what the code defines, and leaves the store untouched otherwise.

- ``report_tables``: one wide row per report, a column per table key (NULL when not printed).
- ``report_cells``, ``report_facts``, ``report_checks``: the long tables with the report's id,
  issuer and year on each row, and what the tables store by reference spelt out: the cell's
  key and label, the fact's text, the check's list of cells.
- ``section_texts``: each section's heading and text.
"""
from __future__ import annotations

import sqlite3

from .labels import cell_labels
from .tokens import index_terms

_REPORT = "r.id AS report_id, r.issuer, r.year"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def view_definitions() -> dict[str, str]:
    wide = ",\n  ".join(f"(SELECT value FROM cells WHERE report = r.num AND key_id = "
                        f"(SELECT id FROM cell_keys WHERE key = '{key}')) AS {_quote(key)}"
                        for key in cell_labels())  # keys are [a-z0-9_.] (ie.schema)
    return {
        "report_tables": f"CREATE VIEW report_tables AS SELECT {_REPORT}, r.template,\n  {wide}\nFROM reports r",
        "report_cells": f"CREATE VIEW report_cells AS SELECT {_REPORT}, k.key, k.label, c.value, c.raw, c.start, "
                        "c.end, c.method, c.flags FROM cells c JOIN reports r ON r.num = c.report "
                        "JOIN cell_keys k ON k.id = c.key_id",
        "report_facts": f"CREATE VIEW report_facts AS SELECT f.id, {_REPORT}, f.type, "
                        "coalesce(f.text, substr(r.text, f.start + 1, f.end - f.start)) AS text, f.start, f.end, "
                        "f.section, f.method, f.confidence, f.fields FROM facts f JOIN reports r ON r.num = f.report",
        "report_checks": f"CREATE VIEW report_checks AS SELECT {_REPORT}, k.seq, k.rule, k.severity, k.status, "
                         "k.message, l.cells FROM checks k JOIN reports r ON r.num = k.report "
                         "JOIN cell_lists l ON l.id = k.cell_list",
        "section_texts": f"CREATE VIEW section_texts AS SELECT {_REPORT}, s.key AS section, s.heading, s.start, "
                         "s.end, substr(r.text, s.start + 1, s.end - s.start) AS text "
                         "FROM sections s JOIN reports r ON r.num = s.report",
    }


def sync(conn: sqlite3.Connection) -> bool:
    """Bring the views and cell labels in line with the code; True when anything changed."""
    if _in_step(conn):
        return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        changed = not _in_step(conn)  # another process may have done it while we waited
        if changed:
            for name in _stored_views(conn):
                conn.execute(f"DROP VIEW {_quote(name)}")
            labels = cell_labels()
            # Keys keep their ids forever (cells refer to them); a key this ie does not know keeps
            # no label and is not searched by label.
            conn.executemany("INSERT OR IGNORE INTO cell_keys (key) VALUES (?)", [(key,) for key in labels])
            conn.execute("UPDATE cell_keys SET label = NULL")
            conn.executemany("UPDATE cell_keys SET label = ? WHERE key = ?", [(v, k) for k, v in labels.items()])
            for sql in view_definitions().values():
                conn.execute(sql)
            conn.execute("INSERT INTO cell_labels_search(cell_labels_search) VALUES ('delete-all')")
            conn.executemany("INSERT INTO cell_labels_search(rowid, terms) VALUES (?, ?)",
                             [(rowid, index_terms(label)) for rowid, label in
                              conn.execute("SELECT id, label FROM cell_keys WHERE label IS NOT NULL").fetchall()])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return changed


def _stored_views(conn: sqlite3.Connection) -> dict[str, str]:
    ours = view_definitions()  # views that users add to the file are theirs
    return {name: sql for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'")
            if name in ours}


def _in_step(conn: sqlite3.Connection) -> bool:
    return (_stored_views(conn) == view_definitions()
            and dict(conn.execute("SELECT key, label FROM cell_keys WHERE label IS NOT NULL")) == cell_labels())
