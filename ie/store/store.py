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
from typing import Callable, Iterable, Iterator

from .. import __version__
from ..report import Cell, Check, Fact, Report, SectionSpan
from ..schema import FACT_TYPES, PREAMBLE, SECTION_KEYS, SIGNOFF
from . import index, views
from . import search as search_mod
from .filters import ReportFilter, as_list, match_issuers, years
from .labels import cell_labels
from .migrations import SCHEMA_VERSION, StoreError, migrate, schema_version
from .passages import Passage, report_passages
from .records import CellRecord, FactRecord, Hit, ReportRecord

SECTIONS = SECTION_KEYS + (PREAMBLE, SIGNOFF)
MIN_SAME_CELLS = 20  # numeric table cells two files must share to be one report (same_report)
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

    def __init__(self, path: str | os.PathLike = "facts.db", *, create: bool = True, readonly: bool = False,
                 timeout: float = 60.0):
        self.path = Path(path)
        self.readonly = readonly
        if (readonly or not create) and not self.path.is_file():
            raise StoreError(f"{self.path}: no such store (create one with: ie ingest PATH --db {self.path})")
        if readonly:
            self.conn = _open_readonly(self.path, timeout)
            self._check_readonly()
            return
        if not _writable(self.path):
            raise StoreError(f"{self.path}: read-only (cannot write the store here)")
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
        self._caches()

    def _check_readonly(self) -> None:
        """A read-only store must already have this ie's schema (upgrading it would write)."""
        try:
            version = schema_version(self.conn)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not an ie store ({exc})") from None
        if version != SCHEMA_VERSION:
            self.conn.close()
            raise StoreError(f"{self.path}: " + ("not an ie store" if version == 0 else
                             f"store schema {version}, this ie reads {SCHEMA_VERSION}; open it writable once "
                             "(ie ingest) to upgrade it"))
        self._caches()

    def _caches(self) -> None:
        self._issuers: tuple[tuple, list[str]] | None = None
        self._interned: dict[str, dict[str, int]] = {}

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
        if self.readonly and mode != "DEFERRED":
            raise StoreError(f"{self.path}: opened read-only")
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute(f"BEGIN {mode}")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._interned.clear()  # ids interned in the rolled-back transaction do not exist
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
        both write nothing unless ``replace``, which re-stores the content; ``moved`` when that
        other path is a file path that no longer exists and ``source`` is an existing file
        (the stored source becomes ``source``); ``same_report`` when another file of the same
        report is stored (:meth:`same_report`): the two are one report with two sources, stored
        from the file with more table cells read."""
        report_id = report_id or content_id(report.text)
        source = source or report.source
        if passages is None:
            passages = report_passages(report)
        with self.transaction():
            status = self._make_room(report_id, source, replace)
            if status in ("added", "replaced"):
                same = self.same_report(report)
                if same is None:
                    self._insert(report, report_id, source, passages)
                else:
                    self._add_source(report, report_id, source, passages, *same)
                    status = "same_report"
        return status

    def same_report(self, report: Report) -> tuple[int, int] | None:
        """The stored report that ``report`` is another file of — the same report published in
        another format (a PDF and its web page, a PDF and its pdftotext output): the same body
        (:func:`ie.body.same_body`), year and template, another format, at least 20 numeric
        table cells read in both and nine in ten of them in common, every common cell equal.
        Returns its ``num`` and how many cells it has read; None when there is none. (Two files
        of one format stay two reports: copies and re-crawls are told apart by their content.)"""
        from ..body import same_body

        mine = _numbers_read(report.tables.items())
        if report.year is None or not report.issuer or len(mine) < MIN_SAME_CELLS:
            return None
        rows = self.conn.execute("SELECT num, issuer FROM reports WHERE year = ? AND template = ? AND format != ?",
                                 (report.year, report.template, report.format)).fetchall()
        for num, issuer in rows:
            if not same_body(issuer, report.issuer):
                continue
            theirs = _numbers_read(self.conn.execute(
                "SELECT k.key, c.value FROM cells c JOIN cell_keys k ON k.id = c.key_id WHERE c.report = ?", (num,)))
            common = mine.keys() & theirs.keys()
            if len(common) >= max(MIN_SAME_CELLS, 0.9 * min(len(mine), len(theirs))) \
                    and all(abs(mine[k] - theirs[k]) < 1e-9 for k in common):
                return num, len(theirs)
        return None

    def _add_source(self, report: Report, report_id: str, source: str, passages: list[Passage],
                    num: int, cells_read: int) -> None:
        """Record ``source`` as another file of stored report ``num``; when this file has more
        cells read (a PDF beside a glued web text), it becomes the stored one instead and the
        files stored before become its other sources."""
        if len(_numbers_read(report.tables.items())) <= cells_read:
            self.conn.execute("INSERT INTO report_sources (id, report, source, format) VALUES (?, ?, ?, ?)",
                              (report_id, num, source, report.format))
            return
        files = self.conn.execute("SELECT id, source, format FROM reports WHERE num = ? UNION ALL "
                                  "SELECT id, source, format FROM report_sources WHERE report = ?", (num, num)).fetchall()
        self._delete(num)
        self._insert(report, report_id, source, passages)
        new = self.conn.execute("SELECT num FROM reports WHERE id = ?", (report_id,)).fetchone()[0]
        self.conn.executemany("INSERT INTO report_sources (id, report, source, format) VALUES (?, ?, ?, ?)",
                              [(fid, new, src, fmt) for fid, src, fmt in files])

    def sources(self, report_id: str) -> list[str]:
        """Every file a stored report was read from, the one it is stored from first."""
        row = self.conn.execute("SELECT num, source FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            raise KeyError(report_id)
        return [row[1]] + [s for (s,) in self.conn.execute(
            "SELECT source FROM report_sources WHERE report = ? ORDER BY rowid", (row[0],))]

    def already_stored(self, report_id: str, source: str) -> str | None:
        """``unchanged`` or ``duplicate`` (as :meth:`add` would say) when this content is stored,
        None when it is new: lets ``ie ingest`` skip a file before extracting it."""
        if report_id not in self:
            other = self.conn.execute("SELECT source FROM report_sources WHERE id = ?", (report_id,)).fetchone()
            return None if other is None else "unchanged" if other[0] == source else "duplicate"
        with self.transaction():
            status = self._make_room(report_id, source, replace=False)
        return status if status in ("unchanged", "duplicate", "moved") else None

    def _make_room(self, report_id: str, source: str, replace: bool) -> str:
        """Drop what ``source`` held before (other content) and, if ``replace``, this content's
        old rows; say what :meth:`add` does next."""
        current = self.conn.execute("SELECT num, source FROM reports WHERE id = ?", (report_id,)).fetchone()
        self.conn.execute("DELETE FROM report_sources WHERE source = ? AND id != ?", (source, report_id))
        stale = self.conn.execute("SELECT num FROM reports WHERE source = ? AND id != ?", (source, report_id)).fetchall()
        for (num,) in stale:
            self._delete(num)
        if current and not replace:
            if current[1] == source:
                return "unchanged"
            if _moved(current[1], source):  # the file was moved or renamed: follow it
                self.conn.execute("UPDATE reports SET source = ? WHERE num = ?", (source, current[0]))
                return "moved"
            return "duplicate"
        if current:
            self._delete(current[0])
        return "replaced" if stale or current else "added"

    def compact(self, full: bool = True, pages: int = 1000) -> None:
        """Merge the search index's segments. FTS5 writes a segment per transaction and merges
        them only in part; a search looks each term up in every segment, so a store written
        report by report searches several times slower until it is compacted. ``full`` merges
        the whole index into one segment (time proportional to its size: seconds per 10,000
        reports); otherwise about ``pages`` pages (4 KB) of merging are done. ``ie ingest``
        compacts at the end of a run: fully when the run added a twentieth of the store or more."""
        with self.transaction():
            if full:
                self.conn.execute("INSERT INTO passages_search(passages_search) VALUES ('optimize')")
            else:
                self.conn.execute("INSERT INTO passages_search(passages_search, rank) VALUES ('merge', ?)", (pages,))

    def remove(self, report_id: str) -> bool:
        """Delete a report and everything extracted from it; False when it is not stored."""
        with self.transaction():
            row = self.conn.execute("SELECT num FROM reports WHERE id = ?", (report_id,)).fetchone()
            if row:
                self._delete(row[0])
        return row is not None

    def _insert(self, report: Report, report_id: str, source: str, passages: list[Passage]) -> None:
        conn = self.conn
        first = index.first_id(conn, report.year, len(passages))
        num = conn.execute(
            "INSERT INTO reports (id, source, format, template, issuer, year, published, warnings, extractor, "
            "ingested_at, passage_first, passage_count, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (report_id, source, report.format, report.template, report.issuer, report.year, report.published,
             _json(report.warnings), __version__, datetime.now(timezone.utc).isoformat(timespec="seconds"),
             first, len(passages), report.text)).lastrowid
        conn.executemany("INSERT INTO sections (report, key, heading, start, end) VALUES (?, ?, ?, ?, ?)",
                         [(num, key, s.heading, s.start, s.end) for key, s in report.sections.items()])
        key_ids = self._ids("cell_keys", "key", report.tables)
        conn.executemany(
            "INSERT INTO cells (report, key_id, value, raw, start, end, method, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(num, key_ids[key], None, None, None, None, None, "[]") if c is None else
             (num, key_ids[key], c.value, c.raw, c.start, c.end, c.method, _json(c.flags))
             for key, c in report.tables.items()])
        if report.year is not None:
            conn.executemany("INSERT INTO key_years (key_id, year, reports) VALUES (?, ?, 1) ON CONFLICT "
                             "(key_id, year) DO UPDATE SET reports = reports + 1",
                             [(key_ids[key], report.year) for key in report.tables])
        lists = [_json(c.cells) for c in report.checks]
        list_ids = self._ids("cell_lists", "cells", lists)
        conn.executemany(
            "INSERT INTO checks (report, seq, rule, severity, status, message, cell_list) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(num, i, c.rule, c.severity, c.status, c.message, list_ids[cells])
             for i, (c, cells) in enumerate(zip(report.checks, lists))])
        # Ids are assigned here rather than read back row by row: the write lock makes max(id) ours.
        first_fact = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM facts").fetchone()[0]
        text = report.text
        conn.executemany(
            "INSERT INTO facts (id, report, type, text, start, end, section, method, confidence, fields) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first_fact + i, num, f.type, None if text[f.start:f.end] == f.text else f.text, f.start, f.end,
              f.section, f.method, f.confidence, _json(f.fields)) for i, f in enumerate(report.facts)])
        index.add(conn, num, report.year, report.issuer, first, passages,
                  kinds=["text" if p.fact is None else report.facts[p.fact].type for p in passages],
                  fact_ids=[None if p.fact is None else first_fact + p.fact for p in passages])

    def _ids(self, table: str, column: str, values) -> dict[str, int]:
        """{value: id} in a table that interns values (``cell_keys``, ``cell_lists``), adding
        the new ones. Ids are never reused, so they are cached for the life of the store."""
        cache = self._interned.setdefault(table, {})
        missing = [v for v in dict.fromkeys(values) if v not in cache]
        if missing:
            self.conn.executemany(f"INSERT OR IGNORE INTO {table} ({column}) VALUES (?)", [(v,) for v in missing])
            for i in range(0, len(missing), 500):
                chunk = missing[i:i + 500]
                cache.update(self.conn.execute(f"SELECT {column}, id FROM {table} WHERE {column} IN "
                                               f"({', '.join('?' * len(chunk))})", chunk))
        return cache

    def _delete(self, num: int) -> None:
        conn = self.conn
        year, issuer, first, count, text = conn.execute(
            "SELECT year, issuer, passage_first, passage_count, text FROM reports WHERE num = ?", (num,)).fetchone()
        rows = conn.execute("SELECT p.id, coalesce(f.type, 'text'), p.section, coalesce(f.text, substr(?, p.start + 1, "
                            "p.end - p.start)) FROM passages p LEFT JOIN facts f ON f.id = p.fact "
                            "WHERE p.id BETWEEN ? AND ?", (text, first, first + count - 1)).fetchall()
        index.remove(conn, year, issuer, first, count, rows)
        if year is not None:
            conn.execute("UPDATE key_years SET reports = reports - 1 WHERE year = ? AND key_id IN "
                         "(SELECT key_id FROM cells WHERE report = ?)", (year, num))
            conn.execute("DELETE FROM key_years WHERE year = ? AND reports <= 0", (year,))
        conn.execute("DELETE FROM reports WHERE num = ?", (num,))  # the rest cascades

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
                      q("SELECT k.key, c.value, c.raw, c.start, c.end, c.method, c.flags FROM cells c "
                        "JOIN cell_keys k ON k.id = c.key_id WHERE c.report = ? ORDER BY c.key_id", (num,))}
            checks = [Check(rule, severity, status, message, json.loads(cells)) for rule, severity, status, message, cells
                      in q("SELECT k.rule, k.severity, k.status, k.message, l.cells FROM checks k "
                           "JOIN cell_lists l ON l.id = k.cell_list WHERE k.report = ? ORDER BY k.seq", (num,))]
            facts = [Fact(type_, text[start:end] if ftext is None else ftext, start, end, section, method, confidence,
                          json.loads(fields))
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
        is matched by body (see :mod:`ie.body`)."""
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
        texts = _ReportTexts(self.conn)
        for num, *row, ftext, start, end, section, method, confidence, fields in self._rows(
                "SELECT r.num, r.id, r.issuer, r.year, f.type, f.text, f.start, f.end, f.section, f.method, "
                "f.confidence, f.fields FROM reports r CROSS JOIN facts f ON f.report = r.num "
                f"WHERE {condition} ORDER BY r.num, f.id", params, limit):
            text = texts.get(num)[start:end] if ftext is None else ftext
            yield FactRecord(*row, text, start, end, section, method, confidence, fields=json.loads(fields))

    def cells(self, *, key: str | None = None, year=None, issuer: str | None = None, report: str | None = None,
              limit: int | None = None) -> Iterator[CellRecord]:
        """Table cells of the stored reports. ``key`` is a key or a glob such as
        ``applications.new_received.*``."""
        condition, params = self._report_filter(year, issuer, report).sql()
        if key:
            condition += " AND c.key_id IN (SELECT id FROM cell_keys WHERE key GLOB ?)"
            params.append(key)
        for *row, flags in self._rows(
                "SELECT r.id, r.issuer, r.year, k.key, k.label, c.value, c.raw, c.start, c.end, c.method, c.flags "
                "FROM reports r CROSS JOIN cells c ON c.report = r.num JOIN cell_keys k ON k.id = c.key_id "
                f"WHERE {condition} ORDER BY r.num, k.key", params, limit):
            yield CellRecord(*row, flags=json.loads(flags))

    def search(self, query: str, *, type: str | Iterable[str] | None = None, year=None, issuer: str | None = None,
               section: str | Iterable[str] | None = None, limit: int = 20) -> list[Hit]:
        """The best ``limit`` hits for ``query`` (any string; see :mod:`ie.store.tokens`).

        ``type``: fact types (count, amount, percent, date, agency, problem, measure, contact),
        ``fact`` for all of them, ``text`` for sentences, ``cell`` for table cells by label;
        several as a list or separated by commas (default: all). ``year``, ``issuer`` (by body)
        and ``section`` filter as in :meth:`facts`. Matching is exact; ranking is bm25, over the
        newest matches only when a query has very many (:func:`ie.store.search.search`)."""
        with self.snapshot():
            return search(self.conn, self.issuers, query, type=type, year=year, issuer=issuer, section=section,
                          limit=limit)

    def check_counts(self) -> dict[str, dict[str, int]]:
        """{report id: {pass, fail, uncertain, uncertain_errors}}: how each report's checks came out."""
        return {rid: {"pass": p, "fail": f, "uncertain": u, "uncertain_errors": ue}
                for rid, p, f, u, ue in self.conn.execute(
                    "SELECT r.id, count(k.status = 'pass' OR NULL), count(k.status = 'fail' OR NULL), "
                    "count(k.status = 'uncertain' OR NULL), count(k.status = 'uncertain' AND k.severity = 'error' "
                    "OR NULL) FROM reports r LEFT JOIN checks k ON k.report = r.num GROUP BY r.num")}

    def issuers(self) -> list[str]:
        """The distinct issuers in the store (cached until the store changes)."""
        version = (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)
        if self._issuers is None or self._issuers[0] != version:
            names = [name for (name,) in self.conn.execute(
                "SELECT DISTINCT issuer FROM reports WHERE issuer IS NOT NULL ORDER BY issuer")]
            self._issuers = (version, names)
        return self._issuers[1]

    def match_issuers(self, name: str) -> list[str]:
        """The stored issuer names that name the body ``name`` denotes (see :mod:`ie.body`)."""
        return match_issuers(name, self.issuers())

    def _report_filter(self, year=None, issuer: str | None = None, report: str | None = None) -> ReportFilter:
        return ReportFilter(years=years(year),
                            issuers=None if not issuer else self.match_issuers(issuer),
                            report_ids=as_list(report))

    def _rows(self, sql: str, params: list, limit: int | None) -> Iterator[tuple]:
        if limit is not None:
            sql += " LIMIT ?"
            params = params + [limit]
        yield from self.conn.execute(sql, params)


def _numbers_read(cells) -> dict[str, float]:
    """The numeric values of (key, Cell or value) pairs: what two files of one report share."""
    out = {}
    for key, cell in cells:
        value = getattr(cell, "value", cell)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = float(value)
    return out


def _moved(old: str, new: str) -> bool:
    """Whether a stored source is a file path that is gone while ``new`` is a file that exists
    (sources that are not paths, as the library allows, never move)."""
    return Path(old).is_absolute() and not Path(old).exists() and Path(new).is_file()


def _writable(path: Path) -> bool:
    """Whether a store can be written at ``path``: the file and its folder (SQLite's WAL files)."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _open_readonly(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that cannot write. In a folder where SQLite cannot create the WAL index,
    the file is opened as immutable (what it is, for anyone who cannot write there)."""
    uri = path.resolve().as_uri()
    for flags in ("?mode=ro", "?immutable=1"):
        conn = None
        try:
            conn = sqlite3.connect(uri + flags, uri=True, timeout=timeout, isolation_level=None)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if not isinstance(exc, sqlite3.OperationalError):
                raise StoreError(f"{path}: not an ie store ({exc})") from None
    raise StoreError(f"{path}: cannot open read-only")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json(value) -> str:
    return _ENCODER.encode(value)


def search(conn: sqlite3.Connection, issuers: Callable[[], list[str]], query: str, *,
           type: str | Iterable[str] | None = None, year=None, issuer: str | None = None,
           section: str | Iterable[str] | None = None, limit: int = 20) -> list[Hit]:
    """:meth:`FactStore.search` on any connection to a store (``issuers`` lists the store's
    issuers, for the fuzzy match): ``ie serve`` searches its read-only connection with it."""
    types = set(_checked(as_list(type), HIT_TYPES, "type") or HIT_TYPES)
    fact_types = frozenset(types & set(FACT_TYPES))
    kinds = search_mod.Kinds(text="text" in types, cells="cell" in types,
                             facts="fact" in types or bool(fact_types),
                             fact_types=None if "fact" in types else fact_types)
    sections = _checked(as_list(section), SECTIONS, "section")
    reports = ReportFilter(years=years(year), issuers=None if not issuer else match_issuers(issuer, issuers()))
    return search_mod.search(conn, query, kinds=kinds, reports=reports, sections=sections, limit=limit)


class _ReportTexts:
    """Report texts by ``num``, the last one kept: rows in report order read each text once."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.num, self.text = conn, None, ""

    def get(self, num: int) -> str:
        if num != self.num:
            self.num = num
            self.text = self.conn.execute("SELECT text FROM reports WHERE num = ?", (num,)).fetchone()[0]
        return self.text


def _checked(values: list[str] | None, allowed: Iterable[str], what: str) -> list[str] | None:
    allowed = tuple(allowed)
    unknown = [v for v in values or () if v not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {unknown[0]!r}; choose from {', '.join(allowed)}")
    return values
