"""Line breaks that a web crawler put inside a phrase, which the view reads as no break.

Some scrapes break the line at every inline element: before and after each number
(主动公开政府信息\\n99\\n条, \\n2021\\n年\\n1\\n月), inside phone numbers and emails
(0594-\\n2281671, ptsl2008\\n@163.com), after an opening bracket and before a comma. An author
never ends a line there, so such a break is joined whatever the rest of the document looks like;
so is the break after an enumerator alone on its line (一是\n信息公开的内容…). A break after a
sentence end (。；：), after a heading or before an enumerator stays a break.
A break after a comma is left alone too for now: joining it (no paragraph ends with ，or 、) finds
9 more problems and 2 more measures in annotations/, but then the item rules label 3 measures of
putian_mzj_2021 and putian_tyj_2020 as problems.

Each rule looks at the original text around the break at ``newline`` and at ``last``, the last
character the view kept before it."""
from __future__ import annotations

import re

from ...sections import SECTION_NUMERAL
from ..numbers import ARABIC, CN_NUMERAL_CHARS, COUNT_UNITS

_SENTENCE_END = "。！？!?；;：:"
_DASHES = "-—－–"
# A line that starts a new paragraph even in wrapped text: a heading or an enumerator.
PARAGRAPH_START = re.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[）)]"
                             r"|\d{1,2}[.、．](?![\dA-Za-z])|#|第[一二三四五六七八九十]{1,2}[，、])")  # not 63.com
_GAP = r"[^\S\n]*"
# What goes on with a number after a break: more digits, a unit, a date part, an approximation.
_UNIT = ("[年月日号%％万亿元余多]|(?:大|小)?(?:" + "|".join(sorted(COUNT_UNITS, key=len, reverse=True)) + ")"
         "|小时|天|周|岁|层|楼|室|栋|幢|单元|米|公里|亩|吨")  # 8大类, 24小时, 主楼14层
_NUMBER_GOES_ON = re.compile(rf"{_GAP}\n?{_GAP}(?:\d|{_UNIT})")
_UNIT_AHEAD = re.compile(rf"{_GAP}(?:{_UNIT})")
# A line holding nothing but a number (the crawler's \n99\n), and the break after it.
_BARE_NUMBER_LINE = re.compile(rf"{_GAP}(?:{ARABIC}|[{CN_NUMERAL_CHARS}]+){_GAP}\n"
                               rf"(?:{_GAP}[0-9][0-9,.]*{_GAP}\n){{0,3}}")  # and the digits cut from it: 2\n8\n条
_DASH_THEN_DIGIT = re.compile(rf"{_GAP}[{_DASHES}]{_GAP}\d")
_DIGIT_AHEAD = re.compile(rf"{_GAP}\d")
# A line cannot start with these: the break before them is inside a sentence.
_CONTINUES_LINE = re.compile(r"[^\S\n]*[，,、。；;：:）)》」』”’！？!?%％]")
_OPENING = "（(《〈“‘「『〔【["
# A line holding nothing but an enumerator (一是, 其二是, （一）, 1., 第一，, 首先，).
# Its own vocabulary, not enumerations._STYLES (the items'), because they differ on purpose:
# alone on its line 第一 / 首先 need no comma (in running text the comma tells 第一， from 第一次), and
# 一、 is left out: a section numeral alone on its line keeps its break (is_heading_line reads
# 一、\n总体情况; joining it changes the view of 8 Putian/Sanming reports).
_ENUMERATOR_LINE = re.compile(r"[ \t\u3000]*(?:其?[一二三四五六七八九十]{1,2}是|[（(][一二三四五六七八九十\d]{1,2}[）)]"
                              r"|\d{1,2}[.、．]|第[一二三四五六七八九十]{1,2}[，,、：:]?|(?:首先|其次|再次|最后)[，,]?)[ \t\u3000]*")
# Emails and web addresses cut over lines (s\nzfbdzzwk\n@126.com, …/zwgk/\nz\nfxxgk/).
_TOKEN_CHARS = "A-Za-z0-9@＠._/:~%+#=?&" + _DASHES
_TOKEN_RUN = re.compile(rf"[{_TOKEN_CHARS}]+")
_TOKEN_RUN_END = re.compile(rf"[{_TOKEN_CHARS}]+{_GAP}$")
_MAX_PIECES = 6
_ADDRESS_OF_CONTACT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*[@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
                                 r"|(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@$&*+=%]+", re.I)
_CONNECTORS = "@＠./_:" + _DASHES


def is_heading_line(text: str, newline: int) -> bool:
    """Whether the line ending at ``newline`` is a short numbered heading (四、政府信息公开申请情况),
    or the short title of a numeral that stands alone on the line before it (一、\n总体情况)."""
    start = text.rfind("\n", 0, newline) + 1
    line = text[start:newline]
    if len("".join(line.split())) > 24:
        return False
    if PARAGRAPH_START.match(line):
        return True
    before = text.rfind("\n", 0, max(start - 1, 0)) + 1
    return start > 0 and bool(SECTION_NUMERAL.fullmatch(text[before:start - 1].strip()))


def splits_a_phrase(text: str, newline: int, last: str) -> bool:
    """Whether the line break at ``newline`` is a crawler's break inside a phrase."""
    after = newline + 1
    if _CONTINUES_LINE.match(text, after):
        return True  # …4号楼\n，电话 / 传真\n:0594-…
    if last in _OPENING:
        return True  # （\n一\n）
    if _ENUMERATOR_LINE.fullmatch(text, text.rfind("\n", 0, newline) + 1, newline):
        return True  # 一是\n信息公开的内容…: the enumerator alone on its line opens the next one
    if PARAGRAPH_START.match(text, after):
        return False
    return (_splits_a_number(text, newline, last) or _before_a_bare_number(text, newline, last)
            or _inside_an_email_or_url(text, newline))


def _splits_a_number(text: str, newline: int, last: str) -> bool:
    """The break cuts a number from its digits, its unit or its date parts (2021\\n年\\n9\\n月,
    1000\\n余篇), or a phone number at its dash (0594-\\n2281671, 0598\\n-\\n8231086)."""
    after = newline + 1
    if last.isdigit() or _ends_a_bare_numeral(text, newline, last):
        return bool(_NUMBER_GOES_ON.match(text, after) or _DASH_THEN_DIGIT.match(text, after))
    if last in "年月":
        return bool(_DIGIT_AHEAD.match(text, after)) or _bare_number_with_unit(text, after)
    if last in _DASHES:
        line_start = text.rfind("\n", 0, newline) + 1
        before = text[line_start:newline].rstrip()
        return len(before) >= 2 and before[-2].isdigit() and bool(_DIGIT_AHEAD.match(text, after))
    return False


def _ends_a_bare_numeral(text: str, newline: int, last: str) -> bool:
    """``last`` is a Chinese numeral standing alone on its line (共\\n六\\n个部分)."""
    if last not in CN_NUMERAL_CHARS:
        return False
    line = text[text.rfind("\n", 0, newline) + 1:newline].strip()
    return bool(line) and all(c in CN_NUMERAL_CHARS for c in line)


def _before_a_bare_number(text: str, newline: int, last: str) -> bool:
    """The next line is only a number whose unit starts the line after it (…政府信息\\n99\\n条):
    the break before the number is the crawler's too, unless a sentence or a heading ends here."""
    if last in _SENTENCE_END or (last.isascii() and (last.isalnum() or last in "./_@-")) \
            or is_heading_line(text, newline):
        return False  # after www.x.gov.cn a number would be glued to the address
    return _bare_number_with_unit(text, newline + 1)


def _bare_number_with_unit(text: str, line_start: int) -> bool:
    """The line at ``line_start`` holds only a number (maybe cut over a few lines itself), and
    its unit starts the line after it."""
    m = _BARE_NUMBER_LINE.match(text, line_start)
    return bool(m) and bool(_UNIT_AHEAD.match(text, m.end()))


def _inside_an_email_or_url(text: str, newline: int) -> bool:
    """The break cuts an email or a web address (ptsl2008\\n@163.com, s\\nzfbdzzwk\\n@126.com):
    the pieces on the lines around it, joined, are one, and the break is next to a connector
    (@ . / - _ :) or has a piece of the address on both sides beyond its neighbours."""
    j = newline - 1
    while j >= 0 and text[j] in " \t\u3000":
        j -= 1
    if j < 0 or not _TOKEN_RUN.match(text, j, j + 1) or not _TOKEN_RUN.match(text, newline + 1 + _gap(text, newline + 1)):
        return False  # the common case, settled without looking at the lines around
    pieces = _pieces_around(text, newline)
    if pieces is None:
        return False
    runs, k = pieces  # the break is between runs[k] and runs[k + 1]
    if runs[k][-1] not in _CONNECTORS and runs[k + 1][0] not in _CONNECTORS and len(runs) < 3:
        return False
    joined = "".join(runs)
    cut = sum(len(r) for r in runs[:k + 1])
    bounds = [sum(len(r) for r in runs[:j]) for j in range(len(runs) + 1)]
    for m in _ADDRESS_OF_CONTACT.finditer(joined):
        if not m.start() < cut < m.end():
            continue
        first = max(j for j in range(len(runs)) if bounds[j] <= m.start())
        last = min(j for j in range(len(runs)) if bounds[j + 1] >= m.end())
        if runs[k][-1] in _CONNECTORS or runs[k + 1][0] in _CONNECTORS or first < k or k + 1 < last:
            return True
    return False


def _pieces_around(text: str, newline: int) -> tuple[list[str], int] | None:
    """The runs of address characters around the break: the run ending the line before it and
    the run starting the line after it, extended over the lines that hold nothing else; with
    the index of the run just before the break."""
    before: list[str] = []
    end = newline
    while len(before) < _MAX_PIECES:
        line_start = text.rfind("\n", 0, end) + 1
        run = _TOKEN_RUN_END.search(text, max(line_start, end - 200), end)
        if not run:
            break
        before.insert(0, run.group().strip())
        if run.start() != line_start + _gap(text, line_start) or line_start == 0:
            break  # something else stands before the run on its line
        end = line_start - 1
    after: list[str] = []
    pos = newline
    while len(after) < _MAX_PIECES:
        run = _TOKEN_RUN.match(text, pos + 1 + _gap(text, pos + 1))
        if not run:
            break
        after.append(run.group())
        pos = run.end() + _gap(text, run.end())
        if pos >= len(text) or text[pos] != "\n":
            break  # something else follows the run on its line
    if not before or not after:
        return None
    return before + after, len(before) - 1


def _gap(text: str, i: int) -> int:
    """The number of spaces at ``i``."""
    j = i
    while j < len(text) and text[j] in " \t\u3000":
        j += 1
    return j - i
