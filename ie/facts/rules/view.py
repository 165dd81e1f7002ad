"""The layout-free view of a document that every rule runs on.

Spaces are removed and, in hard-wrapped text (pdftotext output), line breaks inside a paragraph
are joined, so that ``主动公开政府信息 1136\\n条`` reads like ``主动公开政府信息1136条``; in any
text, a crawler's break inside a phrase (:mod:`.breaks`) is joined too. The view
keeps the original offset of every character it keeps, so that rules work on clean text and
facts still index the original."""
from __future__ import annotations

import bisect
import functools
import re
from typing import NamedTuple

from .breaks import PARAGRAPH_START, is_heading_line, splits_a_phrase
from .strings import CJK

# Tokens of the view: runs of kept characters (markdown marks ** # ` and spaces dropped; a # after
# a digit is a room number, 2501#), line breaks, and runs of spaces (kept as a break before an
# enumerator in one-line scrapes).
_TOKEN = re.compile(r"(?:[^\s*#`\u200b\ufeff]|(?<=\d)#)+|\n|[^\S\n]+")
_SENTENCE_END = "。！？!?；;：:"
_PAGE_NUMBER_LINE = re.compile(r"^[ \t\u3000]*(?:[-－—–]\s*\d{1,3}\s*[-－—–]"
                               r"|第\s*\d{1,3}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,3}\s*页)?)[ \t\u3000]*$", re.M)
# In one-line web scrapes a space is the only paragraph break: before an enumerator it is kept as one.
_ENUMERATOR_AFTER_SPACE = re.compile(r"[ \t\u3000\xa0]+(?:[一二三四五六七八九十]{1,2}[、.．是]|[（(][一二三四五六七八九十\d]{1,2}[）)]"
                                     r"|\d{1,2}[、．](?!\d)|\d{1,2}\.(?=[\u4e00-\u9fff]))")
_WHITESPACE = re.compile(r"\s+")


def _is_hard_wrapped(text: str) -> bool:
    """True for text whose lines are cut at a fixed width (pdftotext), not at paragraph ends:
    most long prose lines then end in the middle of a sentence."""
    long_lines = cut = 0
    for line in text.split("\n"):
        s = _WHITESPACE.sub("", line)
        if len(s) < 15 or "|" in s or len(CJK.findall(s)) < 0.6 * len(s):
            continue
        long_lines += 1
        cut += s[-1] not in _SENTENCE_END + "”）)"
    return long_lines >= 5 and cut >= 0.5 * long_lines


class TextView:
    """``text`` without spaces (and, in wrapped text, without in-paragraph line breaks), with the
    original offset of every kept character. Build it with :meth:`of`, which reuses the view of
    the same text (the rules, the item splitter and the model's hybrid all read one report)."""

    @classmethod
    @functools.lru_cache(maxsize=4)
    def of(cls, text: str) -> "TextView":
        return cls(text)

    def __init__(self, text: str):
        self.original = text
        dropped = [(m.start(), m.end()) for m in _PAGE_NUMBER_LINE.finditer(text)]
        breaks = {m.start() for m in _ENUMERATOR_AFTER_SPACE.finditer(text)
                  if m.start() > 0 and text[m.start() - 1] not in "\n \t"}
        wrapped = _is_hard_wrapped(text)
        parts: list[str] = []
        offsets: list[int] = []
        last = "\n"  # the last kept character ("\n" at the start: no leading break)
        d = 0
        for m in _TOKEN.finditer(text):
            i, tok = m.start(), m.group()
            while d < len(dropped) and dropped[d][1] <= i:
                d += 1
            if d < len(dropped) and dropped[d][0] <= i:
                continue  # a page-number line
            if tok == "\n" or (i in breaks and tok[0] not in "\n"):
                if last == "\n":
                    continue
                if tok == "\n" and wrapped and last not in _SENTENCE_END \
                        and not PARAGRAPH_START.match(text, i + 1) and not is_heading_line(text, i):
                    continue  # a line wrapped inside a paragraph
                if tok == "\n" and splits_a_phrase(text, i, last):
                    continue  # a crawler's break inside a phrase ("政府信息" / "99" / "条", "0594-" / "2281671")
                parts.append("\n")
                offsets.append(i)
                last = "\n"
            elif not tok[0].isspace():
                parts.append(tok)
                offsets.extend(range(i, m.end()))
                last = tok[-1]
        self.text = "".join(parts)
        self.offsets = offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of view characters ``[start, end)``."""
        if end <= start:
            o = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    def to_view(self, offset: int) -> int:
        """View index of the first kept character at or after original ``offset``."""
        return bisect.bisect_left(self.offsets, offset)


def body_start(view: TextView, section) -> int:
    """View index of the first character of a section's body, right after its heading."""
    return view.to_view(section.start + len(section.heading))


class ViewFact(NamedTuple):
    """A fact as a finder sees it: a span of the view, not yet mapped back to the document."""

    type: str
    start: int
    end: int
    confidence: float
    fields: dict
