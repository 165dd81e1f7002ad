"""Normalisation for matching labels and headings (never for the document text itself).

Labels are compared after full-width forms become half-width (NFKC), whitespace, quotes and
markup are dropped, and enumerator punctuation is unified ("1、" / "1．" → "1."), so that
"（ 一 ）予以公开", "(一)予以公开" and "**(一)予以 公开**" compare equal."""
from __future__ import annotations

import unicodedata

_DROP = set(" \t\n\r\f\v\u3000\xa0*#|>`“”\"'‘’「」『』")
_MAP = {"、": ".", "．": ".", "—": "-", "–": "-", "－": "-", "〔": "[", "〕": "]", "【": "[", "】": "]"}


_TABLE = str.maketrans({**{ch: None for ch in _DROP}, **_MAP})
_WHITESPACE = {chr(c): None for c in range(0x3000 + 1) if chr(c).isspace()}
_TABLE.update({ord(k): v for k, v in _WHITESPACE.items()})


def norm_char(ch: str) -> str:
    """The normalised form of one character ('' when it is dropped)."""
    return norm(ch)


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_TABLE)


def norm_with_offsets(text: str, base: int = 0) -> tuple[str, list[int]]:
    """Normalised text plus, for each of its characters, the offset of its source character."""
    out, offsets = [], []
    cache: dict[str, str] = {}
    for i, ch in enumerate(text):
        n = cache.get(ch)
        if n is None:
            n = cache[ch] = norm(ch)
        for c in n:
            out.append(c)
            offsets.append(base + i)
    return "".join(out), offsets


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
# Money units in 元: the facts' amounts, the table-1 fee and procurement units all read this.
MONEY_UNITS = {"元": 1, "千元": 1000, "万元": 10_000, "亿元": 100_000_000}


def cn_to_int(s: str) -> int | None:
    """Chinese numerals to int: 三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105, 3万 → 30000.
    Returns None when ``s`` is not a numeral."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    total, section, number = 0, 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            number = CN_DIGITS[ch]
        elif ch.isdigit():
            number = number * 10 + int(ch)
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= 10_000:
                section = (section + number) * unit
                total += section
                section = 0
            else:
                section += (number or 1) * unit
            number = 0
        else:
            return None
    return total + section + number


def cn_digits_to_int(s: str) -> int | None:
    """A numeral written digit by digit, as years are: 二〇二一 → 2021, 二零二零 → 2020.
    Returns None when a character is not a digit."""
    if not s:
        return None
    out = 0
    for ch in s:
        if ch in CN_DIGITS:
            out = out * 10 + CN_DIGITS[ch]
        elif ch.isdigit():
            out = out * 10 + int(ch)
        else:
            return None
    return out
