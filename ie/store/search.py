"""Keyword search: sentences, facts and cell labels, matched as substrings, ranked with bm25.

Passages (sentences and facts) are found in ``passages_search`` with every filter inside the
FTS5 query (:mod:`ie.store.index`): the year is a rowid range, type and section are the
partitions whose terms are asked for, the issuer is a token. FTS5 returns the matches newest
first and stops after the ranking window, so a search reads about as many postings as it
ranks, however large the store.

Ranking is bm25 (k1 = 1.2, b = 0.75, FTS5's formula), computed here rather than by FTS5,
whose ``bm25()`` counts every row that contains a term on every query — millions on a large
store. Here the statistics are the store's: N and the mean length come from ``search_stats``,
a passage's term frequencies and length from its text, and a word's document frequency is
counted by FTS5 up to ``DF_SAMPLE`` passages and estimated beyond that (see :func:`search`).

Cells are found through their labels in ``cell_labels_search`` (a label hit lists that cell in
the newest reports that pass the filters).
"""
from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from dataclasses import dataclass

from .filters import ReportFilter
from .index import MAX_YEAR_CODE, rowid_year, year_code, year_rowids
from .labels import cell_section
from .records import Hit
from .tokens import (highlight, indexed_chars, issuer_tag, match_expression, occurrences, partition_kind,
                     partition_section, query_words, words_expression)

RANK_WINDOW = 500  # the newest this many matches are ranked (all of them, when there are no more)
DF_SAMPLE = 500  # a word's document frequency is counted up to this, estimated beyond
FTS_TERMS = 8  # terms per partition that one FTS5 query may name; longer queries are verified
TEXT_BUDGET = 150_000  # characters of candidate text read and normalised per search (beyond limit)
VERIFY_LIMIT = 5  # at most this many times the window of candidates is checked against the text
ISSUER_TAGS = 200  # issuer tokens per FTS5 query
K1, B = 1.2, 0.75
_ALL_ROWIDS = (year_rowids(MAX_YEAR_CODE)[0], year_rowids(0)[1])


@dataclass(frozen=True)
class Kinds:
    """Which hits a search returns: sentences, facts (``fact_types`` None = every type), cells."""

    text: bool = True
    facts: bool = True
    fact_types: frozenset[str] | None = None
    cells: bool = True


@dataclass
class _Passage:
    id: int
    report: int
    section: str | None
    start: int
    end: int
    type: str | None
    fields: str | None
    text: str
    score: float = 0.0

    def __post_init__(self):
        self.chars = indexed_chars(self.text)


def search(conn: sqlite3.Connection, query: str, *, kinds: Kinds, reports: ReportFilter,
           sections: list[str] | None, limit: int) -> list[Hit]:
    """The best ``limit`` hits for ``query``, best first.

    Matching is exact: a hit contains every word of the query (as a substring of its letters
    and digits, see :mod:`ie.store.tokens`) and passes every filter. Ranking is bm25 over the
    passages that match, with two approximations on a large store:

    - When more than ``max(limit, RANK_WINDOW)`` passages match, only that many are ranked:
      the newest — latest year first, then the most recently stored. Fewer matches are all
      ranked, so the order is exact whenever the candidate set is small.
    - A word's document frequency is counted up to ``DF_SAMPLE`` passages; for a commoner word
      it is estimated from the newest ``DF_SAMPLE`` passages that contain it (their share of the
      passages stored since). It scales the word's weight against the other words of the query,
      so it does not change the order of a one-word query.

    The index keeps no positions, so a word of three or more characters is looked up as all of
    its pairs, and the candidates' text is checked for the word itself (the text is read for
    ranking anyway). A query of more than ``FTS_TERMS`` pairs asks FTS5 for its longest words,
    cut to that many pairs, and leaves the rest to that check. The check reads at most
    ``VERIFY_LIMIT`` times the window of candidates: only a query whose FTS5 part matches
    thousands of passages newer than its first true match can miss older ones.

    Cells (by label) are listed after their label's bm25 in the small label index, newest
    reports first; passage and cell hits are merged by score."""
    words = query_words(query)
    if not words or limit <= 0:
        return []
    hits: list[Hit] = []
    if kinds.text or kinds.facts:
        hits += _passages(conn, words, kinds, reports, sections, limit)
    if kinds.cells:
        hits += _cells(conn, words, reports, sections, limit)
    hits.sort(key=lambda h: -h.score)  # stable: passages (newest first on ties) before cells
    hits = hits[:limit]
    for hit in hits:
        hit.highlights = highlight(hit.text, query)
    return hits


# -- passages ---------------------------------------------------------------------------------

def _passages(conn, words: list[str], kinds: Kinds, reports: ReportFilter, sections: list[str] | None,
              limit: int) -> list[Hit]:
    everywhere = [code for (code,) in conn.execute("SELECT code FROM search_partitions")]
    codes = [code for code in everywhere if _wanted(code, kinds, sections)]
    ranges = _year_ranges(reports.years)
    groups = _issuer_groups(reports.issuers)
    if not codes or not ranges or not groups:
        return []
    fts_words, exact = _fts_words(words)
    expression = words_expression(fts_words, codes)
    candidates = _candidates(conn, expression, groups, ranges, words, exact, limit)
    if not candidates:
        return []
    n, terms = conn.execute("SELECT sum(passages), sum(terms) FROM search_stats").fetchone()
    n, mean = max(n or 0, 1), max((terms or 0) / max(n or 0, 1), 1.0)
    weights = [(word, _idf(conn, word, everywhere, n)) for word in words]
    for p in candidates:
        norm = K1 * (1 - B + B * len(p.chars) / mean)
        for word, idf in weights:
            tf = occurrences(p.chars, word)
            p.score += idf * tf * (K1 + 1) / (tf + norm)
    best = sorted(candidates, key=lambda p: (-p.score, p.id))[:limit]  # ties: newest first
    meta = {num: row for num, *row in conn.execute(
        "SELECT num, id, source, issuer, year FROM reports WHERE num IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted({p.report for p in best})),))}
    return [Hit("fact" if p.type else "text", *meta[p.report], p.section, p.text, p.start, p.end, round(p.score, 4),
                type=p.type, value=json.loads(p.fields).get("value") if p.fields else None)
            for p in best]


def _wanted(code: str, kinds: Kinds, sections: list[str] | None) -> bool:
    kind = partition_kind(code)
    if kind == "text":
        ok = kinds.text
    else:
        ok = kinds.facts and (kinds.fact_types is None or kind in kinds.fact_types)
    return ok and (sections is None or partition_section(code) in sections)


def _year_ranges(years: list[int] | None) -> list[tuple[int, int]]:
    """Rowid ranges of the years, newest (lowest rowids) first; consecutive years are one."""
    if years is None:
        return [_ALL_ROWIDS]
    ranges: list[tuple[int, int]] = []
    for code in sorted({y for y in years if year_code(y) == y}, reverse=True):
        lo, hi = year_rowids(code)
        if ranges and ranges[-1][1] + 1 == lo:
            ranges[-1] = (ranges[-1][0], hi)
        else:
            ranges.append((lo, hi))
    return ranges


def _issuer_groups(issuers: list[str] | None) -> list[list[str] | None]:
    if issuers is None:
        return [None]
    tags = [issuer_tag(name) for name in issuers]
    return [tags[i:i + ISSUER_TAGS] for i in range(0, len(tags), ISSUER_TAGS)]


def _fts_words(words: list[str]) -> tuple[list[str], bool]:
    """The words FTS5 is asked for, longest first, within ``FTS_TERMS`` terms (a word's terms
    are its pairs, or one prefix), and whether FTS5's matches are exactly the query's: not when
    a word was cut or left out, nor when a word has three or more characters (the index has no
    positions, so FTS5 finds the passages that have all of its pairs)."""
    budget, out, exact = FTS_TERMS, [], True
    for word in sorted(words, key=len, reverse=True):
        if budget <= 0:
            exact = False
            break
        if len(word) - 1 > budget:
            word = word[:budget + 1]
        exact = exact and len(word) <= 2 and word in words
        out.append(word)
        budget -= max(1, len(word) - 1)
    return out, exact


def _newest(conn, expression: str, groups, ranges, want: int, after: int | None = None) -> list[int]:
    """Rowids of the newest ``want`` matches (older than rowid ``after``), newest first."""
    found: list[int] = []
    for lo, hi in ranges:
        lo = lo if after is None else max(lo, after + 1)
        if hi < lo:
            continue
        rows: list[int] = []
        for group in groups:
            match = expression if group is None else f"{expression} AND (" + " OR ".join(f'"{t}"' for t in group) + ")"
            rows += [rowid for (rowid,) in conn.execute(
                "SELECT rowid FROM passages_search WHERE passages_search MATCH ? AND rowid BETWEEN ? AND ? "
                "ORDER BY rowid LIMIT ?", (match, lo, hi, want - len(found)))]
        if len(groups) > 1:
            rows.sort()
        found += rows[:want - len(found)]
        if len(found) >= want:
            break
    return found


def _candidates(conn, expression: str, groups, ranges, words: list[str], exact: bool, limit: int) -> list[_Passage]:
    """The ranking window: the newest matches, ``max(limit, RANK_WINDOW)`` at most and, beyond
    the first ``limit``, no more than ``TEXT_BUDGET`` characters of text (reading and normalising
    the text is what ranking costs). When FTS5's matches are a superset of the query's
    (``exact`` False), each candidate's text is checked, ``VERIFY_LIMIT`` windows at most."""
    window = max(limit, RANK_WINDOW)
    kept: list[_Passage] = []
    after, checked, size = None, 0, 0
    while len(kept) < window:
        want = window - len(kept) if exact else (window - len(kept)) * 11 // 10 + 16  # some fail
        ids = _newest(conn, expression, groups, ranges, want, after)
        rows = _rows(conn, ids)
        taken = []
        for row in rows:
            length = row[4] - row[3] if row[7] is None else len(row[7])
            if size + length > TEXT_BUDGET and len(kept) + len(taken) >= limit:
                break
            taken.append(row)
            size += length
        passages = _with_text(conn, taken)
        kept += passages if exact else [p for p in passages if all(word in p.chars for word in words)]
        checked += len(ids)
        if len(taken) < len(rows) or len(ids) < want or checked >= VERIFY_LIMIT * window:
            break
        after = ids[-1]
    return kept[:window]


def _rows(conn, ids: list[int]) -> list[tuple]:
    """(id, report, section, start, end, fact type, fields, fact text) of passages, in order."""
    rows = {row[0]: row for row in conn.execute(
        "SELECT p.id, p.report, p.section, p.start, p.end, f.type, f.fields, f.text FROM passages p "
        "LEFT JOIN facts f ON f.id = p.fact WHERE p.id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))}
    return [rows[i] for i in ids if i in rows]


def _with_text(conn, rows: list[tuple]) -> list[_Passage]:
    """The passages of ``rows`` (from ``_rows``) with their text: a report's text is read once
    for all its passages, or only the passage's part (``substr``) when it has one."""
    per_report = Counter(row[1] for row in rows if row[7] is None)
    texts = dict(conn.execute("SELECT num, text FROM reports WHERE num IN (SELECT value FROM json_each(?))",
                              (json.dumps(sorted(num for num, n in per_report.items() if n > 1)),)))
    alone = [row[0] for row in rows if row[7] is None and row[1] not in texts]
    parts = dict(conn.execute(
        "SELECT p.id, substr(r.text, p.start + 1, p.end - p.start) FROM passages p JOIN reports r ON r.num = p.report "
        "WHERE p.id IN (SELECT value FROM json_each(?))", (json.dumps(alone),))) if alone else {}
    return [_Passage(*row[:7], row[7] if row[7] is not None else
                     texts[row[1]][row[3]:row[4]] if row[1] in texts else parts[row[0]]) for row in rows]


def _idf(conn, word: str, codes: list[str], n: int) -> float:
    """FTS5's idf of a word: ln((N - df + 0.5) / (df + 0.5)), at least 1e-6."""
    fts_word = _fts_words([word])[0][0]
    count, oldest = conn.execute(
        "SELECT count(*), max(rowid) FROM (SELECT rowid FROM passages_search WHERE passages_search MATCH ? "
        "ORDER BY rowid LIMIT ?)", (words_expression([fts_word], codes), DF_SAMPLE)).fetchone()
    df = count
    if count >= DF_SAMPLE:  # the sample's share of the passages stored since its oldest
        year = rowid_year(oldest)
        newer = sum(n for code, n in conn.execute("SELECT year, passages FROM search_stats")
                    if year_rowids(code)[0] < year_rowids(year)[0])
        lo, hi = year_rowids(year)
        newest = conn.execute("SELECT min(id) FROM passages WHERE id BETWEEN ? AND ?", (lo, hi)).fetchone()[0]
        span = newer + oldest - (newest if newest is not None else oldest) + 1
        df = count * n / max(span, count)
    idf = math.log((n - df + 0.5) / (df + 0.5))
    return idf if idf > 0 else 1e-6


# -- cells ------------------------------------------------------------------------------------

def _cells(conn, words: list[str], reports: ReportFilter, sections: list[str] | None, limit: int) -> list[Hit]:
    """Cells whose label matches, best label first, newest reports first within a label."""
    labels = conn.execute(
        "SELECT k.id, k.key, k.label, bm25(cell_labels_search) AS rank FROM cell_labels_search "
        "JOIN cell_keys k ON k.id = cell_labels_search.rowid WHERE cell_labels_search MATCH ? ORDER BY rank",
        (match_expression(" ".join(words), column="terms"),)).fetchall()
    present = None
    if reports.years is not None:  # keys that some report of these years has
        present = {key_id for (key_id,) in conn.execute(
            "SELECT DISTINCT key_id FROM key_years WHERE year IN (SELECT value FROM json_each(?))",
            (json.dumps(reports.years),))}
    condition, params = reports.sql()
    if reports.issuers is not None:  # a few reports: look each up
        sql = ("SELECT r.id, r.source, r.issuer, r.year, c.value, c.start, c.end FROM reports r CROSS JOIN cells c "
               f"ON c.report = r.num AND c.key_id = ? WHERE {condition} ORDER BY r.num DESC LIMIT ?")
    else:  # the key's cells, newest first, until enough pass
        sql = ("SELECT r.id, r.source, r.issuer, r.year, c.value, c.start, c.end FROM cells c INDEXED BY cells_by_key "
               f"CROSS JOIN reports r ON r.num = c.report WHERE c.key_id = ? AND {condition} "
               "ORDER BY c.report DESC LIMIT ?")
    out: list[Hit] = []
    for key_id, key, label, rank in labels:
        if len(out) >= limit:
            break
        section = cell_section(key)
        if (sections and section not in sections) or (present is not None and key_id not in present):
            continue
        out += [Hit("cell", report_id, source, issuer, year, section, label, start, end, round(-rank, 4), key=key,
                    value=value)
                for report_id, source, issuer, year, value, start, end in
                conn.execute(sql, [key_id] + params + [limit - len(out)])]
    return out
