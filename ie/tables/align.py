"""Records → template rows: a monotone alignment that trusts labels and fills gaps in order.

Template rows always appear in template order, so records are aligned to rows like two
sequences (dynamic programming): a record whose label names a row is pulled to that row; a
record without a usable label (PDF-to-markdown conversions lose wrapped labels) fills the gap
between its labelled neighbours; stray records (header fragments, converter artefacts) and
missing rows (truncated tables) are skipped at a cost. Width matters too: a record must be able
to fill the row's cells, as printed, glued, or with blanks."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..schema import RowSpec
from ..textnorm import norm
from .layout import Record

MATCH = 0.8  # label similarity that counts as naming a row
STRONG = 0.9
SKIP_ROW = -1.2


@dataclass
class Fit:
    kind: str  # exact | blanks | empty | glued | joined | partial
    score: float


def label_scores(rec: Record, rows: tuple[RowSpec, ...]) -> list[float]:
    if not rec.label:
        return [0.0] * len(rows)
    out = []
    for row in rows:
        best = 0.0
        for alias in row.aliases:
            a = norm(alias)
            if len(a) > len(rec.label) + 2 and len(rec.label) < 4:
                continue  # a tiny fragment says nothing
            best = max(best, fuzz.partial_ratio(a, rec.label) / 100)
        out.append(best)
    return out


def align(records: list[Record], rows: tuple[RowSpec, ...], fit) -> list[tuple[RowSpec, Record | None]]:
    """Assign records to rows. ``fit(record, width) -> Fit | None`` says whether and how well a
    record can fill a row of that width. Returns every row with its record (or None)."""
    n, m = len(records), len(rows)
    scores = [label_scores(r, rows) for r in records]
    neg = float("-inf")
    dp = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    dp[0][0] = 0.0
    for j in range(1, m + 1):
        dp[0][j] = dp[0][j - 1] + SKIP_ROW
        back[0][j] = ("row",)
    for i in range(1, n + 1):
        rec = records[i - 1]
        top = max(scores[i - 1])
        fits = {w: fit(rec, w) for w in {len(r.columns) for r in rows}}
        # skipping a record that names a row and could fill it is costly; skipping a stray is cheap
        usable = any(f is not None and f.kind != "partial" for f in fits.values())
        skip_rec = -0.3 - (2.0 * top if top >= MATCH and usable else 0.0)
        dp[i][0] = dp[i - 1][0] + skip_rec
        back[i][0] = ("rec",)
        for j in range(1, m + 1):
            row = rows[j - 1]
            w = len(row.columns)
            best, move = dp[i - 1][j] + skip_rec, ("rec",)
            cand = dp[i][j - 1] + SKIP_ROW
            if cand > best:
                best, move = cand, ("row",)
            f = fits[w]
            if f is not None and f.kind == "empty" and scores[i - 1][j - 1] < MATCH:
                f = None  # an all-blank row is placed by its label or not at all
            if f is not None and dp[i - 1][j - 1] > neg:
                s = scores[i - 1][j - 1]
                if s >= MATCH:
                    lab = 2 + 2 * s
                elif top >= STRONG:
                    lab = -3.0
                else:
                    lab = 0.0
                if f.kind == "partial":  # a row printing fewer cells than it has: trust its label less
                    lab *= 0.25
                cand = dp[i - 1][j - 1] + f.score + lab
                if cand > best:
                    best, move = cand, ("pair",)
            dp[i][j], back[i][j] = best, move
    # trace back from the best end (records after the table may be skipped for free)
    assigned: dict[int, Record] = {}
    i, j = n, m
    while i > 0 or j > 0:
        move = back[i][j]
        if move == ("pair",):
            assigned[j - 1] = records[i - 1]
            i, j = i - 1, j - 1
        elif move == ("rec",):
            i -= 1
        else:
            j -= 1
    return [(row, assigned.get(k)) for k, row in enumerate(rows)]


def assign_by_label(records: list[Record], rows: tuple[RowSpec, ...], fit) -> list[tuple[RowSpec, Record | None]]:
    """Table 1: each record belongs to the row whose label ends nearest to its numbers (its label
    text may also hold captions and headers). A record without any row label goes to the one
    unfilled row of the 第二十条 block it sits in (a value printed before its row label)."""
    from ..schema import T1_ITEMS

    by_row: dict[str, Record] = {}
    orphans: list[tuple[str | None, Record]] = []
    for rec in records:
        best, best_end = None, -1
        for row in rows:
            for alias in row.aliases:
                end = rec.label.rfind(norm(alias))
                if end >= 0 and end + len(norm(alias)) > best_end:
                    best, best_end = row, end + len(norm(alias))
        if best is None:
            if rec.numbers:  # an unlabelled row of blanks says nothing
                orphans.append((_last_item(rec.label), rec))
        elif best.key not in by_row and fit(rec, len(best.columns)) is not None:
            by_row[best.key] = rec
    for item, rec in orphans:
        open_rows = [r for r in rows if r.key not in by_row and T1_ITEMS.get(r.key) == item]
        if len(open_rows) == 1 and fit(rec, len(open_rows[0].columns)) is not None:
            by_row[open_rows[0].key] = rec
    return [(row, by_row.get(row.key)) for row in rows]


def _last_item(label: str) -> str | None:
    """The item numeral of the last 第二十条第(X)项 caption in a label."""
    import re

    found = re.findall(r"第二十条第\(([一二三四五六七八九十]+)\)项", label)
    return found[-1] if found else None
