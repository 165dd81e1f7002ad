"""How text becomes search terms, so that a query of any length matches as a substring.

Chinese has no spaces between words, so no word tokenizer fits. Every letter and digit is
normalised (NFKC, case-folded) and the text is indexed as overlapping character pairs:
行政复议 → 行政 政复 复议, plus its last character alone (议), so that every character starts
some term. A query of two or more characters is the phrase of its pairs — adjacent pairs, hence
exactly a substring — and a single character is a prefix query on the terms it starts. A
two-character query, the commonest in Chinese, is a single term: the cheapest thing FTS5 can
find and rank with bm25.

Punctuation and spaces are not indexed, so 复议、诉讼 matches 复议诉讼, and a word broken by a
PDF line wrap still matches. Words separated by spaces in a query must all match (AND).

FTS5's bm25 weighs a term by counting every row that contains it, in the whole table, on
every query; on a large store that count, not the filtered matches, is what a search costs.
So the passage index is split into ``SHARDS`` shards by issuer: each term carries its report's
shard number as a two-digit prefix (复议 of shard 7 is ``07复议``), a search filtered by issuer
asks only for its shards' terms, and the count covers one shard. bm25 then uses per-shard term
frequencies ("local IDF", as sharded search engines do); scores rank the same way within a
shard and nearly so across shards. The cell-label index is small and not sharded.

The FTS5 tables use the ``ascii`` tokenizer, which splits only at ASCII spaces and punctuation;
the terms made here contain neither, so SQLite indexes them exactly as written. Changing this
module changes what the index holds: ship it with a migration that rebuilds the index.
"""
from __future__ import annotations

import re
import unicodedata
import zlib
from typing import Iterable

SHARDS = 64
MAX_WORDS = 16
MAX_WORD_CHARS = 50
_NOT_INDEXED = re.compile(r"[\W_]+")  # everything but letters and digits (str.isalnum)


def _folded(text: str) -> str | None:
    """``text`` case-folded, when neither NFKC nor folding moves a character (the usual case)."""
    if unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()
        if len(folded) == len(text):
            return folded
    return None


def normalise(text: str) -> tuple[str, list[int]]:
    """The indexed characters of ``text`` and, for each one, its offset in ``text``."""
    folded = _folded(text)
    if folded is not None:
        offsets = [i for i, c in enumerate(folded) if c.isalnum()]
        return "".join([folded[i] for i in offsets]), offsets
    chars: list[str] = []
    offsets = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if c.isalnum():
                chars.append(c)
                offsets.append(i)
    return "".join(chars), offsets


def indexed_chars(text: str) -> str:
    """``normalise(text)[0]``, faster (no offsets)."""
    folded = _folded(text)
    return _NOT_INDEXED.sub("", folded) if folded is not None else normalise(text)[0]


def _pairs(chars: str) -> list[str]:
    return [a + b for a, b in zip(chars, chars[1:])]


def index_terms(text: str) -> str:
    """The terms of ``text``: its character pairs and its last character."""
    chars = indexed_chars(text)
    return " ".join(_pairs(chars) + [chars[-1]]) if chars else ""


def shard_of(issuer: str | None) -> int:
    """The index shard of a report: a stable hash of its issuer."""
    return zlib.crc32((issuer or "").encode("utf-8")) % SHARDS


def sharded(terms: str, shard: int) -> str:
    """``index_terms`` output as the passage index stores it, for a report of ``shard``."""
    prefix = f"{shard:02d}"
    return " ".join(prefix + term for term in terms.split())


def query_words(query: str) -> list[str]:
    """The normalised words of a user query; words with nothing indexable are dropped.

    A phrase costs FTS5 work per term, so a query is capped at ``MAX_WORDS`` words of
    ``MAX_WORD_CHARS`` characters (longer words are cut): no text makes a search slow."""
    return [w[:MAX_WORD_CHARS] for w in map(indexed_chars, query.split()) if w][:MAX_WORDS]


def match_expression(query: str, column: str | None = None, shards: Iterable[int] | None = None) -> str | None:
    """An FTS5 MATCH expression for any user string, or None when nothing in it is searchable.

    Only letters and digits survive normalisation and each word becomes quoted phrases (one per
    shard of ``shards``, for the sharded index), so quotes, ``*``, ``NEAR``, ``-`` or SQL in the
    query are plain text, never syntax."""
    prefixes = [""] if shards is None else [f"{s:02d}" for s in shards]
    words = []
    for word in query_words(query):
        phrases = [f'"{p}{word}" *' if len(word) == 1 else '"' + " ".join(p + pair for pair in _pairs(word)) + '"'
                   for p in prefixes]
        words.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    if not words or not prefixes:
        return None
    expression = " AND ".join(words)
    return f"{column} : ({expression})" if column else expression


def highlight(text: str, query: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that match the query's words, sorted and merged."""
    chars, offsets = normalise(text)
    spans = []
    for word in query_words(query):
        at = chars.find(word)
        while at >= 0:
            spans.append((offsets[at], offsets[at + len(word) - 1] + 1))
            at = chars.find(word, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
