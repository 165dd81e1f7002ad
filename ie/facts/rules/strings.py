"""Small string helpers shared by the finders, so that each rule reads as what it decides."""
from __future__ import annotations

import re
from typing import Iterable

CJK = re.compile(r"[\u4e00-\u9fff]")


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` longest first, so that a prefix test or an alternation takes the longest word
    (共计 before 共)."""
    return tuple(sorted(words, key=len, reverse=True))


def any_word(words: Iterable[str]) -> re.Pattern:
    """A pattern matching any of ``words`` literally, the longest where several match."""
    return re.compile("|".join(longest_first(map(re.escape, words))))


def clause_start(t: str, i: int, breaks: str) -> int:
    """Index just after the last of ``breaks`` before ``i`` (0 when there is none)."""
    return max(t.rfind(c, 0, i) for c in breaks) + 1


def enclosing(t: str, i: int, open_: str, close: str, reach: int = 40) -> tuple[int, int] | None:
    """(open, close) indices of the ``open_``…``close`` pair around index ``i``, its opening at
    most ``reach`` characters back; None when ``i`` is not inside such a pair."""
    o = t.rfind(open_, max(0, i - reach), i)
    if o < 0 or t.rfind(close, o, i) >= 0:
        return None
    c = t.find(close, i)
    return (o, c) if c >= 0 else None


def occurrences(t: str, word: str) -> list[int]:
    """Start of every occurrence of ``word`` in ``t``, overlapping ones included."""
    out = []
    i = t.find(word)
    while i >= 0:
        out.append(i)
        i = t.find(word, i + 1)
    return out
