"""How text becomes search terms, so that a query of any length matches as a substring.

Chinese has no spaces between words, so no word tokenizer fits. Every letter and digit is
normalised (NFKC, case-folded) and the text is indexed as overlapping character pairs:
行政复议 → 行政 政复 复议, plus its last character alone (议), so that every character starts
some term. A query of two or more characters is the phrase of its pairs — adjacent pairs, hence
exactly a substring — and a single character is a prefix query on the terms it starts. A
two-character query, the commonest in Chinese, is a single term.

Punctuation and spaces are not indexed, so 复议、诉讼 matches 复议诉讼, and a word broken by a
PDF line wrap still matches. Words separated by spaces in a query must all match (AND).

The passage index (:mod:`ie.store.search`) is partitioned by what a passage is: every term
carries a two-letter **partition code**, the passage's kind (``t`` a sentence, or the fact
type) and its section (``o`` overview …), so 复议 in a sentence of the overview is ``to复议``.
A ``--type`` or ``--section`` filter then only names the partitions it wants, and FTS5 reads
exactly the postings that pass the filter; a query without filters names every partition the
store has (a few dozen). The passage index keeps no positions (``detail=none``, a third of
the size), so a word of three or more characters is asked for as all of its pairs, and the
search checks the candidates' text for the word itself. It has a prefix index of three
characters (code + one character), so that a one-character query is one lookup per partition,
not a merge of every term it starts. The cell-label index is small, keeps positions and is not
partitioned.

The FTS5 tables use the ``ascii`` tokenizer, which splits only at ASCII spaces and punctuation;
the terms made here contain neither, so SQLite indexes them exactly as written. Changing this
module changes what the index holds: ship it with a migration that rebuilds the index.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable

MAX_WORDS = 16
MAX_WORD_CHARS = 50
_NOT_INDEXED = re.compile(r"[\W_]+")  # everything but letters and digits (str.isalnum)

# Partition codes: first letter the kind of passage, second its section. Part of the stored
# index: never change a letter (add new ones).
KIND_CODES = {"text": "t", "count": "c", "amount": "a", "percent": "p", "date": "d", "agency": "g",
              "problem": "r", "measure": "m", "contact": "n"}
OTHER_FACT = "f"  # a fact type this version does not know
SECTION_CODES = {"overview": "o", "proactive": "p", "applications": "a", "review_litigation": "r",
                 "problems_improvements": "i", "other_matters": "m", "preamble": "b", "signoff": "s"}
NO_SECTION, OTHER_SECTION = "x", "z"


class _CharMap(dict):
    """ord(character) → its indexed characters (NFKC, case-folded, letters and digits only),
    computed once per distinct character: ``str.translate`` then normalises at C speed."""

    def __missing__(self, key: int) -> str:
        value = "".join(c for c in unicodedata.normalize("NFKC", chr(key)).casefold() if c.isalnum())
        self[key] = value
        return value


_CHARS = _CharMap()
# Punctuation, symbols and spaces that index to nothing, removed before anything else (which
# changes nothing, and leaves most Chinese text NFKC-normalised: the fast path below).
_BLOCKS = ((0x20, 0x7F), (0xA0, 0xC0), (0x2000, 0x2070), (0x2190, 0x2200), (0x2500, 0x2600),
           (0x3000, 0x3040), (0xFE30, 0xFE70), (0xFF00, 0xFFF0))
_SILENT = re.compile("[" + "".join(re.escape(chr(c)) for lo, hi in _BLOCKS for c in range(lo, hi)
                                   if not _CHARS[c]) + r"\s]+")


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
        mapped = _CHARS[ord(ch)]
        if mapped:
            chars.append(mapped)
            offsets += [i] * len(mapped)
    return "".join(chars), offsets


def indexed_chars(text: str) -> str:
    """``normalise(text)[0]``, faster (no offsets)."""
    text = _SILENT.sub("", text)
    folded = _folded(text)
    return _NOT_INDEXED.sub("", folded) if folded is not None else text.translate(_CHARS)


def _pairs(chars: str) -> list[str]:
    return [a + b for a, b in zip(chars, chars[1:])]


def index_terms(text: str, partition: str = "") -> str:
    """The terms of ``text``: its character pairs and its last character, each prefixed with
    ``partition`` (a partition code, or nothing for the unpartitioned cell-label index)."""
    chars = indexed_chars(text)
    if not chars:
        return ""
    return " ".join(partition + term for term in _pairs(chars) + [chars[-1]])


def partition(kind: str, section: str | None) -> str:
    """The partition code of a passage: ``kind`` is ``text`` or a fact type."""
    return (KIND_CODES.get(kind, OTHER_FACT)
            + (NO_SECTION if section is None else SECTION_CODES.get(section, OTHER_SECTION)))


def partition_kind(code: str) -> str | None:
    """The kind a partition code stands for (None: a fact type this version does not know)."""
    return next((kind for kind, c in KIND_CODES.items() if c == code[0]), None)


def partition_section(code: str) -> str | None:
    return next((section for section, c in SECTION_CODES.items() if c == code[1]), None)


def issuer_tag(issuer: str) -> str:
    """The index token of an issuer (64 bits of its name's hash, so any name is one token)."""
    return "i" + hashlib.blake2b(issuer.encode("utf-8"), digest_size=8).hexdigest()


def query_words(query: str) -> list[str]:
    """The normalised words of a user query; words with nothing indexable are dropped, and a
    word given twice counts once.

    A phrase costs FTS5 work per term, so a query is capped at ``MAX_WORDS`` words of
    ``MAX_WORD_CHARS`` characters (longer words are cut): no text makes a search slow."""
    words = [w[:MAX_WORD_CHARS] for w in map(indexed_chars, query.split()) if w][:MAX_WORDS]
    return list(dict.fromkeys(words))


def word_expression(word: str, partition: str | None = None) -> str:
    """One word as FTS5 syntax. Without ``partition`` (the cell-label index, which keeps
    positions): the phrase of its pairs, or a prefix query. With one (the passage index, which
    keeps no positions): all of its pairs in that partition — a superset of the passages that
    contain the word, which the search checks against their text — or the prefix query."""
    if partition is None:
        return f'"{word}" *' if len(word) == 1 else '"' + " ".join(_pairs(word)) + '"'
    pairs = list(dict.fromkeys(_pairs(word)))
    if not pairs:
        return f'"{partition}{word}" *'
    return " AND ".join(f'"{partition}{pair}"' for pair in pairs)


def words_expression(words: list[str], partitions: Iterable[str] | None = None) -> str:
    """All of ``words`` as FTS5 syntax, in any of ``partitions`` (for the passage index).

    A passage is in one partition, so the words are ANDed within each partition and the
    partitions ORed: ``(to复议 AND to诉讼) OR (ri复议 AND ri诉讼)``. FTS5 evaluates this about
    twice as fast as ``(to复议 OR ri复议) AND (to诉讼 OR ri诉讼)`` when the words are common."""
    if partitions is None:
        return " AND ".join(word_expression(w) for w in words)
    parts = ["(" + " AND ".join(word_expression(w, p) for w in words) + ")" for p in partitions]
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def match_expression(query: str, column: str | None = None, partitions: Iterable[str] | None = None) -> str | None:
    """An FTS5 MATCH expression for any user string, or None when nothing in it is searchable.

    Only letters and digits survive normalisation and each word becomes quoted terms (per
    partition of ``partitions``, for the passage index), so quotes, ``*``, ``NEAR``, ``-`` or
    SQL in the query are plain text, never syntax."""
    codes = None if partitions is None else list(partitions)
    words = query_words(query)
    if not words or codes == []:
        return None
    expression = words_expression(words, codes)
    return f"{column} : ({expression})" if column else expression


def occurrences(chars: str, word: str) -> int:
    """How many times ``word`` occurs in ``chars``, overlaps included (as FTS5 counts phrase
    instances, and a prefix query counts every term the character starts)."""
    if len(word) == 1:
        return chars.count(word)
    n, at = 0, chars.find(word)
    while at >= 0:
        n += 1
        at = chars.find(word, at + 1)
    return n


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
