"""The rows of the passage search index: ids, tags and the statistics that ranking needs.

``passages_search`` (FTS5, contentless) holds one row per sentence or fact, whose rowid is the
``passages.id``. Everything a search filters on is in the index itself, so that FTS5 reads only
postings that pass the filters:

- **year** is in the rowid, which counts *down*: ``id = (MAX_YEAR_CODE - year) << 40 | n``, and
  each report takes the ids just below those of the year's previous report (a report without
  a year counts as year 0). A year filter is a rowid range, and rowid order is newest year
  first, most recently stored first within a year — the order of the ranking window, which
  FTS5 reads forwards, its fast direction.
- **type and section** are in the terms: every term carries its passage's partition code
  (:func:`ie.store.tokens.partition`), and ``search_partitions`` lists the codes in use.
- **issuer** is a token in the ``tags`` column (:func:`ie.store.tokens.issuer_tag`).

``search_stats`` keeps, per year, the number of passages and of terms: the document count and
average length of bm25.

Writing the index is this module's job (for ``FactStore`` and for the migration that rebuilds
it); reading it is :mod:`ie.store.search`'s.
"""
from __future__ import annotations

import sqlite3
from typing import Iterable, Sequence

from .passages import Passage
from .tokens import index_terms, issuer_tag, partition

YEAR_SHIFT = 40
SEQ_MASK = (1 << YEAR_SHIFT) - 1
MAX_YEAR_CODE = (1 << 22) - 1


def year_code(year: int | None) -> int:
    """The rowid block of a year (0: unknown, or not a plausible year)."""
    return year if year is not None and 0 < year <= MAX_YEAR_CODE else 0


def year_rowids(code: int) -> tuple[int, int]:
    """The first and last rowid of a year's passages (a later year has lower rowids)."""
    key = MAX_YEAR_CODE - code
    return key << YEAR_SHIFT, (key << YEAR_SHIFT) | SEQ_MASK


def rowid_year(rowid: int) -> int:
    """The year code of a rowid."""
    return MAX_YEAR_CODE - (rowid >> YEAR_SHIFT)


def tags(issuer: str | None) -> str:
    return issuer_tag(issuer) if issuer else ""


def first_id(conn: sqlite3.Connection, year: int | None, count: int) -> int:
    """The first of the ``count`` ids that the next report of ``year`` gets: those just below
    the year's lowest (the write lock makes them ours)."""
    lo, hi = year_rowids(year_code(year))
    lowest = conn.execute("SELECT min(id) FROM passages WHERE id BETWEEN ? AND ?", (lo, hi)).fetchone()[0]
    return (hi + 1 if lowest is None else lowest) - count


def add(conn: sqlite3.Connection, num: int, year: int | None, issuer: str | None, first: int,
        passages: Sequence[Passage], kinds: Sequence[str], fact_ids: Sequence[int | None]) -> None:
    """Index a report's passages under ids ``first``, ``first + 1`` ... (``kinds[i]`` is
    ``text`` or the fact type of passage i, ``fact_ids[i]`` its ``facts.id``)."""
    conn.executemany("INSERT INTO passages (id, report, fact, section, start, end) VALUES (?, ?, ?, ?, ?, ?)",
                     [(first + i, num, fact_ids[i], p.section, p.start, p.end) for i, p in enumerate(passages)])
    tag = tags(issuer)
    conn.executemany("INSERT INTO passages_search (rowid, terms, tags) VALUES (?, ?, ?)",
                     [(first + i, p.terms, tag) for i, p in enumerate(passages)])
    _count(conn, year, len(passages), sum(p.length for p in passages))
    conn.executemany("INSERT OR IGNORE INTO search_partitions (code) VALUES (?)",
                     [(code,) for code in {partition(kind, p.section) for kind, p in zip(kinds, passages)}])


def remove(conn: sqlite3.Connection, year: int | None, issuer: str | None, first: int, count: int,
           rows: Iterable[tuple[int, str, str | None, str]]) -> None:
    """Take passages ``first`` … ``first + count - 1`` out of the index. The index is
    contentless, so each row's terms are restated: ``rows`` are (id, kind, section, text)."""
    tag = tags(issuer)
    deleted, terms = 0, 0
    batch = []
    for pid, kind, section, text in rows:
        row_terms = index_terms(text, partition(kind, section))
        deleted += 1
        terms += row_terms.count(" ") + 1 if row_terms else 0
        batch.append((pid, row_terms, tag))
    conn.executemany("INSERT INTO passages_search (passages_search, rowid, terms, tags) VALUES ('delete', ?, ?, ?)",
                     batch)
    conn.execute("DELETE FROM passages WHERE id BETWEEN ? AND ?", (first, first + count - 1))
    _count(conn, year, -deleted, -terms)


def _count(conn: sqlite3.Connection, year: int | None, passages: int, terms: int) -> None:
    conn.execute("INSERT INTO search_stats (year, passages, terms) VALUES (?, ?, ?) ON CONFLICT (year) DO UPDATE "
                 "SET passages = passages + excluded.passages, terms = terms + excluded.terms",
                 (year_code(year), passages, terms))
