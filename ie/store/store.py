"""``FactStore``: extracted reports in one SQLite file, searchable, readable with plain SQL.

    store = ie.FactStore("facts.db")                   # created (or upgraded) on first use
    store.add(ie.extract("examples/seed_004_guigang_2021.txt"))            # 'added'
    [h.snippet() for h in store.search("复议", type="text", limit=2)]
    next(store.cells(key="applications.new_received.total")).value        # 287

Each report is written in one transaction: a reader (or a killed writer) sees a report whole or
not at all. The file is in WAL mode, so searches and ``sqlite3``/Datasette sessions read while an
ingest writes. ``FactStore.conn`` is the ``sqlite3`` connection, for SQL of your own.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from .. import __version__
from ..report import Cell, Check, Fact, Report, SectionSpan
from ..schema import FACT_TYPES, PREAMBLE, SECTION_KEYS, SIGNOFF
from . import search as search_mod
from . import views
from .filters import ReportFilter, as_list, match_issuers, years
from .labels import cell_labels
from .migrations import StoreError, migrate, schema_version
from .passages import Passage, report_passages
from .records import CellRecord, FactRecord, Hit, ReportRecord
from .tokens import index_terms, shard_of, sharded

SECTIONS = SECTION_KEYS + (PREAMBLE, SIGNOFF)
HIT_TYPES = ("text", "fact", "cell") + FACT_TYPES
ID_DIGITS = 16


def content_id(data: bytes | str) -> str:
    """A report's id: the first 16 hex digits of the sha256 of its file's bytes (or its text)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:ID_DIGITS]


def file_id(path: str | os.PathLike) -> str:
    """:func:`content_id` of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:ID_DIGITS]


class FactStore:
    """A store of extracted reports in the SQLite file ``path`` (created unless ``create=False``).

    Raises :class:`StoreError` (one-line message) when the file is not a usable store."""

    def __init__(self, path: str | os.PathLike = "facts.db", *, create: bool = True, timeout: float = 60.0):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise StoreError(f"{self.path}: no such store (create one with: ie ingest PATH --db {self.path})")
        try:
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open ({exc})") from None
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a crash loses no committed report
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.conn.execute("PRAGMA journal_mode = WAL")
            if schema_version(self.conn) == 0 and self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise StoreError(f"{self.path}: an SQLite database that is not an ie store")
            migrate(self.conn)
            views.sync(self.conn)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not an ie store ({exc})") from None
        except BaseException:
            self.conn.close()
            raise
        self._issuers: tuple[tuple, list[str]] | None = None

    # -- housekeeping -------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "FactStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __len__(self) -> int:
        return self.conn.execute("SELECT count(*) FROM reports").fetchone()[0]

    def __contains__(self, report_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM reports WHERE id = ?", (report_id,)).fetchone() is not None

    @contextlib.contextmanager
    def transaction(self, mode: str = "IMMEDIATE") -> Iterator[None]:
        """A context whose writes commit together or not at all. Each :meth:`add` is its own
        transaction; wrapping many in one makes a bulk load faster. Nested: joins the outer one."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute(f"BEGIN {mode}")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def snapshot(self):
        """A context in which every read sees one state of the store, whatever other processes
        commit meanwhile (a read transaction)."""
        return self.transaction("DEFERRED")

    # -- writing ------------------------------------------------------------------------------

    def add(self, report: Report, *, report_id: str | None = None, source: str | None = None,
            passages: list[Passage] | None = None, replace: bool = False) -> str:
        """Store a report in one transaction and say what happened.

        ``report_id`` defaults to the hash of the report's text and ``source`` to
        ``report.source``; ``passages`` (what the search index holds) are computed when not given
        (``ie ingest`` computes them in its worker processes). Returns ``added``; ``replaced``
        when ``source`` held other content (its rows are replaced); ``unchanged`` when this
        content is already stored from ``source`` and ``duplicate`` when from another path —
        both write nothing unless ``replace``, which re-stores the content."""
        report_id = report_id or content_id(report.text)
        source = source or report.source
        if passages is None:
            passages = report_passages(report)
        with self.transaction():
            status = self._make_room(report_id, source, replace)
            if status in ("added", "replaced"):
                self._insert(report, report_id, source, passages)
        return status

    def already_stored(self, report_id: str, source: str) -> str | None:
        """``unchanged`` or ``duplicate`` (as :meth:`add` would say) when this content is stored,
        None when it is new: lets ``ie ingest`` skip a file before extracting it."""
        if report_id not in self:
            return None
        with self.transaction():
            status = self._make_room(report_id, source, replace=False)
        return status if status in ("unchanged", "duplicate") else None

    def _make_room(self, report_id: str, source: str, replace: bool) -> str:
        """Drop what ``source`` held before (other content) and, if ``replace``, this content's
        old rows; say what :meth:`add` does next."""
        current = self.conn.execute("SELECT num, source FROM reports WHERE id = ?", (report_id,)).fetchone()
        stale = self.conn.execute("SELECT num FROM reports WHERE source = ? AND id != ?", (source, report_id)).fetchall()
        for (num,) in stale:
            self._delete(num)
        if current and not replace:
            return "unchanged" if current[1] == source else "duplicate"
        if current:
            self._delete(current[0])
        return "replaced" if stale or current else "added"

    def remove(self, report_id: str) -> bool:
        """Delete a report and everything extracted from it; False when it is not stored."""
        with self.transaction():
            row = self.conn.execute("SELECT num FROM reports WHERE id = ?", (report_id,)).fetchone()
            if row:
                self._delete(row[0])
        return row is not None

    def _insert(self, report: Report, report_id: str, source: str, passages: list[Passage]) -> None:
        conn = self.conn
        shard = shard_of(report.issuer)
        num = conn.execute(
            "INSERT INTO reports (id, source, format, template, issuer, year, published, shard, warnings, extractor, "
            "ingested_at, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (report_id, source, report.format, report.template, report.issuer, report.year, report.published,
             shard, _json(report.warnings), __version__, datetime.now(timezone.utc).isoformat(timespec="seconds"),
             report.text)).lastrowid
        conn.executemany("INSERT INTO sections (report, key, heading, start, end) VALUES (?, ?, ?, ?, ?)",
                         [(num, key, s.heading, s.start, s.end) for key, s in report.sections.items()])
        conn.executemany(
            "INSERT INTO cells (report, key, value, raw, start, end, method, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(num, key, None, None, None, None, None, "[]") if c is None else
             (num, key, c.value, c.raw, c.start, c.end, c.method, _json(c.flags)) for key, c in report.tables.items()])
        conn.executemany(
            "INSERT INTO checks (report, seq, rule, severity, status, message, cells) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(num, i, c.rule, c.severity, c.status, c.message, _json(c.cells)) for i, c in enumerate(report.checks)])
        # Ids are assigned here rather than read back row by row: the write lock makes max(id) ours.
        first_fact = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM facts").fetchone()[0]
        conn.executemany(
            "INSERT INTO facts (id, report, type, text, start, end, section, method, confidence, fields) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first_fact + i, num, f.type, f.text, f.start, f.end, f.section, f.method, f.confidence, _json(f.fields))
             for i, f in enumerate(report.facts)])
        first_passage = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM passages").fetchone()[0]
        conn.executemany(
            "INSERT INTO passages (id, report, fact, section, start, end) VALUES (?, ?, ?, ?, ?, ?)",
            [(first_passage + i, num, None if p.fact is None else first_fact + p.fact, p.section, p.start, p.end)
             for i, p in enumerate(passages)])
        conn.executemany("INSERT INTO passages_search (rowid, terms, report) VALUES (?, ?, ?)",
                         [(first_passage + i, sharded(p.terms, shard), f"r{num}") for i, p in enumerate(passages)])

    def _delete(self, num: int) -> None:
        # The search index is contentless: removing a row means restating the terms it was given.
        text, shard = self.conn.execute("SELECT text, shard FROM reports WHERE num = ?", (num,)).fetchone()
        rows = self.conn.execute("SELECT p.id, f.text, p.start, p.end FROM passages p "
                                 "LEFT JOIN facts f ON f.id = p.fact WHERE p.report = ?", (num,)).fetchall()
        self.conn.executemany(
            "INSERT INTO passages_search (passages_search, rowid, terms, report) VALUES ('delete', ?, ?, ?)",
            [(pid, sharded(index_terms(text[start:end] if fact_text is None else fact_text), shard), f"r{num}")
             for pid, fact_text, start, end in rows])
        self.conn.execute("DELETE FROM reports WHERE num = ?", (num,))  # the rest cascades

    # -- reading ------------------------------------------------------------------------------

    def report(self, report_id: str) -> Report:
        """The stored report as :func:`ie.extract` returned it. KeyError when not stored."""
        with self.snapshot():
            row = self.conn.execute("SELECT num, source, format, template, issuer, year, published, text, warnings "
                                    "FROM reports WHERE id = ?", (report_id,)).fetchone()
            if row is None:
                raise KeyError(report_id)
            num, source, fmt, template, issuer, year, published, text, warnings = row
            q = self.conn.execute
            sections = {key: SectionSpan(start, end, heading) for key, heading, start, end in
                        q("SELECT key, heading, start, end FROM sections WHERE report = ? ORDER BY start", (num,))}
            tables = {key: None if raw is None and value is None else
                      Cell(key, value, raw, start, end, method, json.loads(flags))
                      for key, value, raw, start, end, method, flags in
                      q("SELECT key, value, raw, start, end, method, flags FROM cells WHERE report = ?", (num,))}
            checks = [Check(rule, severity, status, message, json.loads(cells)) for rule, severity, status, message, cells
                      in q("SELECT rule, severity, status, message, cells FROM checks WHERE report = ? ORDER BY seq",
                           (num,))]
            facts = [Fact(type_, ftext, start, end, section, method, confidence, json.loads(fields))
                     for type_, ftext, start, end, section, method, confidence, fields in
                     q("SELECT type, text, start, end, section, method, confidence, fields FROM facts "
                       "WHERE report = ? ORDER BY id", (num,))]
        order = {key: i for i, key in enumerate(cell_labels())}  # the templates' order
        tables = dict(sorted(tables.items(), key=lambda kv: order.get(kv[0], len(order))))
        return Report(source, template, issuer, year, published, text, sections, tables, checks,
                      json.loads(warnings), facts, fmt)

    def reports(self, *, year=None, issuer: str | None = None, template: str | None = None,
                limit: int | None = None) -> Iterator[ReportRecord]:
        """Stored reports, oldest ingest first. ``year``: 2021, "2019-2021" or a list; ``issuer``
        is matched fuzzily (see :mod:`ie.store.filters`)."""
        condition, params = self._report_filter(year, issuer).sql()
        if template:
            condition += " AND r.template = ?"
            params.append(template)
        for row in self._rows(f"SELECT id, source, format, template, issuer, year, published, extractor, ingested_at, "
                              f"warnings FROM reports r WHERE {condition} ORDER BY num", params, limit):
            yield ReportRecord(*row[:-1], warnings=json.loads(row[-1]))

    def facts(self, *, type: str | Iterable[str] | None = None, year=None, issuer: str | None = None,
              section: str | Iterable[str] | None = None, report: str | None = None,
              limit: int | None = None) -> Iterator[FactRecord]:
        """Facts of the stored reports, in report order. ``type`` and ``section`` take one value,
        several separated by commas, or a list."""
        condition, params = self._report_filter(year, issuer, report).sql()
        for column, values in (("type", _checked(as_list(type), FACT_TYPES, "fact type")),
                               ("section", _checked(as_list(section), SECTIONS, "section"))):
            if values is not None:
                condition += f" AND f.{column} IN ({', '.join('?' * len(values))})"
                params += values
        for *row, fields in self._rows(
                "SELECT r.id, r.issuer, r.year, f.type, f.text, f.start, f.end, f.section, f.method, f.confidence, "
                f"f.fields FROM reports r CROSS JOIN facts f ON f.report = r.num WHERE {condition} ORDER BY r.num, f.id",
                params, limit):
            yield FactRecord(*row, fields=json.loads(fields))

    def cells(self, *, key: str | None = None, year=None, issuer: str | None = None, report: str | None = None,
              limit: int | None = None) -> Iterator[CellRecord]:
        """Table cells of the stored reports. ``key`` is a key or a glob such as
        ``applications.new_received.*``."""
        condition, params = self._report_filter(year, issuer, report).sql()
        if key:
            condition += " AND c.key GLOB ?"
            params.append(key)
        for *row, flags in self._rows(
                "SELECT r.id, r.issuer, r.year, c.key, l.label, c.value, c.raw, c.start, c.end, c.method, c.flags "
                "FROM reports r CROSS JOIN cells c ON c.report = r.num LEFT JOIN cell_labels l ON l.key = c.key "
                f"WHERE {condition} ORDER BY r.num, c.key", params, limit):
            yield CellRecord(*row, flags=json.loads(flags))

    def search(self, query: str, *, type: str | Iterable[str] | None = None, year=None, issuer: str | None = None,
               section: str | Iterable[str] | None = None, limit: int = 20) -> list[Hit]:
        """The best ``limit`` hits for ``query`` (any string; see :mod:`ie.store.tokens`).

        ``type``: fact types (count, amount, percent, date, agency, problem, measure, contact),
        ``fact`` for all of them, ``text`` for sentences, ``cell`` for table cells by label;
        several as a list or separated by commas (default: all). ``year``, ``issuer`` (fuzzy)
        and ``section`` filter as in :meth:`facts`."""
        types = set(_checked(as_list(type), HIT_TYPES, "type") or HIT_TYPES)
        fact_types = frozenset(types & set(FACT_TYPES))
        kinds = search_mod.Kinds(text="text" in types, cells="cell" in types,
                                 facts="fact" in types or bool(fact_types),
                                 fact_types=None if "fact" in types else fact_types)
        sections = _checked(as_list(section), SECTIONS, "section")
        with self.snapshot():
            return search_mod.search(self.conn, query, kinds=kinds, reports=self._report_filter(year, issuer),
                                     sections=sections, limit=limit)

    def issuers(self) -> list[str]:
        """The distinct issuers in the store (cached until the store changes)."""
        version = (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)
        if self._issuers is None or self._issuers[0] != version:
            names = [name for (name,) in self.conn.execute(
                "SELECT DISTINCT issuer FROM reports WHERE issuer IS NOT NULL ORDER BY issuer")]
            self._issuers = (version, names)
        return self._issuers[1]

    def _report_filter(self, year=None, issuer: str | None = None, report: str | None = None) -> ReportFilter:
        return ReportFilter(years=years(year),
                            issuers=None if not issuer else match_issuers(issuer, self.issuers()),
                            report_ids=as_list(report))

    def _rows(self, sql: str, params: list, limit: int | None) -> Iterator[tuple]:
        if limit is not None:
            sql += " LIMIT ?"
            params = params + [limit]
        yield from self.conn.execute(sql, params)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _checked(values: list[str] | None, allowed: Iterable[str], what: str) -> list[str] | None:
    allowed = tuple(allowed)
    unknown = [v for v in values or () if v not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {unknown[0]!r}; choose from {', '.join(allowed)}")
    return values
