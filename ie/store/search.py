"""Keyword search: sentences, facts and cell labels, matched as substrings, ranked with bm25.

A query is a MATCH on ``passages_search`` (sentences and facts) and on ``cell_labels_search``
(a label hit lists that cell in every report that passes the filters). The work is in FTS5, so
the report filters (issuer, year) go into the MATCH when they leave at most
``REPORT_TOKENS_MAX`` reports: only those reports' index shards are asked for (see
:mod:`ie.store.tokens`), and their ``r<num>`` tokens are intersected with the terms before
anything is ranked. A wider report filter, and the type and section filters, apply to the
ranked rows.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from .filters import ReportFilter
from .labels import cell_section
from .records import Hit
from .tokens import SHARDS, highlight, match_expression

REPORT_TOKENS_MAX = 1000


@dataclass(frozen=True)
class Kinds:
    """Which hits a search returns: sentences, facts (``fact_types`` None = every type), cells."""

    text: bool = True
    facts: bool = True
    fact_types: frozenset[str] | None = None
    cells: bool = True


@dataclass
class Scope:
    """Where a search looks: for each index shard, the reports to match there, or None for all
    of the shard's reports (then ``after`` filters the ranked rows)."""

    shards: dict[int, list[int] | None]
    after: ReportFilter

    @property
    def nums(self) -> list[int] | None:
        if any(nums is None for nums in self.shards.values()):
            return None
        return [num for nums in self.shards.values() for num in nums]


def scope(conn: sqlite3.Connection, reports: ReportFilter) -> Scope | None:
    """The scope of a report filter; None when no report passes it."""
    everything = Scope(dict.fromkeys(range(SHARDS)), reports)
    if reports.empty:
        return everything
    condition, params = reports.sql()
    candidates = conn.execute(f"SELECT num, shard FROM reports r WHERE {condition} LIMIT ?",
                              params + [REPORT_TOKENS_MAX + 1]).fetchall()
    if not candidates:
        return None
    if len(candidates) > REPORT_TOKENS_MAX:  # too many to name in a MATCH
        return everything
    shards: dict[int, list[int] | None] = {}
    for num, shard in candidates:
        shards.setdefault(shard, []).append(num)
    return Scope(shards, ReportFilter())


def search(conn: sqlite3.Connection, query: str, *, kinds: Kinds, reports: ReportFilter,
           sections: list[str] | None, limit: int) -> list[Hit]:
    labels_match = match_expression(query, column="terms")
    where = scope(conn, reports)
    if labels_match is None or where is None or limit <= 0:
        return []
    ranked: list[tuple[float, str, object]] = []
    if kinds.text or kinds.facts:
        ranked += [(rank, "passage", pid) for pid, rank in _passages(conn, query, kinds, where, sections, limit)]
    if kinds.cells:
        ranked += [(rank, "cell", hit) for hit, rank in _cells(conn, labels_match, where, sections, limit)]
    ranked = sorted(ranked, key=lambda r: r[0])[:limit]
    passages = _passage_hits(conn, [ref for _, what, ref in ranked if what == "passage"])
    hits = [passages[ref] if what == "passage" else ref for _, what, ref in ranked]
    for (rank, _, _), hit in zip(ranked, hits):
        hit.score = round(-rank, 4)
        hit.highlights = highlight(hit.text, query)
    return hits


def _passages(conn, query: str, kinds: Kinds, where: Scope, sections: list[str] | None,
              limit: int) -> list[tuple[int, float]]:
    """(passage id, bm25) of the best matches, one query per shard: each ranks its own matches
    with the scores one query over all of them would give, and FTS5 never has to merge 64
    posting lists row by row."""
    conditions, params, join_reports = [], [], ""
    if not where.after.empty:
        join_reports = "CROSS JOIN reports r ON r.num = p.report"
        condition, params = where.after.sql()
        conditions.append(condition)
    wanted = []
    if kinds.text:
        wanted.append("p.fact IS NULL")
    if kinds.facts:
        types = sorted(kinds.fact_types or ())
        wanted.append(f"f.type IN ({', '.join('?' * len(types))})" if types else "p.fact IS NOT NULL")
        params += types
    conditions.append("(" + " OR ".join(wanted) + ")")
    if sections:
        conditions.append(f"p.section IN ({', '.join('?' * len(sections))})")
        params += sections
    # CROSS JOIN fixes the loop order: the full-text match drives the query, never a table scan.
    sql = (f"SELECT p.id, bm25(passages_search, 1.0, 0.0) AS rank FROM passages_search "
           f"CROSS JOIN passages p ON p.id = passages_search.rowid {join_reports} "
           f"LEFT JOIN facts f ON f.id = p.fact WHERE passages_search MATCH ? AND {' AND '.join(conditions)} "
           "ORDER BY rank LIMIT ?")
    ranked = []
    for shard, nums in where.shards.items():
        match = match_expression(query, column="terms", shards=[shard])
        if nums is not None:
            match += " AND report : (" + " OR ".join(f"r{n}" for n in nums) + ")"
        ranked += conn.execute(sql, [match] + params + [limit]).fetchall()
    return sorted(ranked, key=lambda r: r[1])[:limit]


def _cells(conn, match: str, where: Scope, sections: list[str] | None, limit: int) -> list[tuple[Hit, float]]:
    """Cells whose label matches, best label first, newest reports first within a label."""
    labels = conn.execute("SELECT l.key, l.label, bm25(cell_labels_search) AS rank FROM cell_labels_search "
                          "JOIN cell_labels l ON l.rowid = cell_labels_search.rowid "
                          "WHERE cell_labels_search MATCH ? ORDER BY rank", (match,)).fetchall()
    nums = where.nums
    if nums is not None:
        condition, params = f"r.num IN ({', '.join('?' * len(nums))})", list(nums)
    else:
        condition, params = where.after.sql()
    out: list[tuple[Hit, float]] = []
    for key, label, rank in labels:
        if len(out) >= limit:
            break
        section = cell_section(key)
        if sections and section not in sections:
            continue
        rows = conn.execute(
            "SELECT r.id, r.source, r.issuer, r.year, c.value, c.start, c.end FROM reports r "
            f"CROSS JOIN cells c ON c.report = r.num AND c.key = ? WHERE {condition} ORDER BY r.num DESC LIMIT ?",
            [key] + params + [limit - len(out)])
        out += [(Hit("cell", report_id, source, issuer, year, section, label, start, end, 0.0, key=key,
                     value=value), rank)
                for report_id, source, issuer, year, value, start, end in rows]
    return out


def _passage_hits(conn, ids: list[int]) -> dict[int, Hit]:
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT p.id, r.id, r.source, r.issuer, r.year, p.section, "
        "coalesce(f.text, substr(r.text, p.start + 1, p.end - p.start)), p.start, p.end, f.type, f.fields "
        "FROM passages p JOIN reports r ON r.num = p.report LEFT JOIN facts f ON f.id = p.fact "
        f"WHERE p.id IN ({', '.join('?' * len(ids))})", ids)
    hits = {}
    for pid, report_id, source, issuer, year, section, text, start, end, fact_type, fields in rows:
        value = json.loads(fields).get("value") if fields else None
        hits[pid] = Hit("fact" if fact_type else "text", report_id, source, issuer, year, section, text, start,
                        end, 0.0, type=fact_type, value=value)
    return hits
