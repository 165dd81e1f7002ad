"""Numeric expressions in report prose: numbers with their measure word, money and rates.

This module only reads numbers; whether a mention is a *fact* (not an article number, not a
table cell, not a name) is decided by :mod:`ie.facts.rules`. It understands

* Arabic numbers with thousands separators and decimals, full-width digits (１２ → 12);
* Chinese numerals (三 → 3, 十二 → 12, 两 → 2, 二〇二一 → 2021 as a digit string);
* 万/亿 multipliers (10.2万 → 102000);
* approximation markers before (约, 近, 超过 …) or after (余, 多, 以上, 左右) the number.

Patterns are compiled once at import time."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..textnorm import MONEY_UNITS, cn_digits_to_int, cn_to_int

# ---- number grammar --------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_DIGIT = "0-9０-９"
ARABIC = rf"[{_DIGIT}]+(?:,[{_DIGIT}]{{3}}(?![{_DIGIT}]))*(?:[.．][{_DIGIT}]+)?"
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
CHINESE = rf"[{CN_NUMERAL_CHARS}]+"
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "千万": 10_000_000, "百万": 1_000_000, "万亿": 10**12}
_MULT = r"(?:千万|百万|万亿|万|亿)"
_PLAIN_DECIMAL = re.compile(r"\d+(?:\.\d+)?")

APPROX_PREFIXES = ("大约", "将近", "接近", "超过", "多达", "约", "近", "逾", "超")
APPROX_SUFFIXES = ("余", "多")  # between the number and the unit: 583188余条, 十余个, 1万余条
APPROX_AFTER_UNIT = ("以上", "左右", "有余")

# Measure words of counts, longest first so that 人次 wins over 人. A measure word followed by
# one of its "not a unit" continuations is part of another word (条例, 人民, 部门, 台账 …).
COUNT_UNITS = ("人次", "场次", "件次", "批次", "户次", "架次", "栏目",
               "条", "件", "篇", "项", "次", "个", "场", "期", "人", "份", "家", "户", "批", "类", "轮",
               "起", "名", "位", "部", "套", "台", "处", "所", "张", "幅", "册", "块", "座", "例", "宗", "笔", "通")
_NOT_A_UNIT_AFTER = {
    "条": ("例", "款", "件", "线", "目", "理"),
    "件": ("数", "事"),
    "项": ("目",),
    "次": ("日", "数", "年", "月"),
    "个": ("月", "百分点", "工作日", "小时", "人", "别", "体", "性", "案", "季度", "年度", "星期"),
    "场": ("所", "景", "地", "合"),
    "期": ("间", "限", "满", "待", "望"),
    "人": ("民", "员", "大", "口", "才", "力", "社", "事", "身", "们", "群", "数"),
    "份": ("额", "子"),
    "家": ("庭", "属", "长", "乡", "门", "园"),
    "户": ("籍", "外", "口", "型"),
    "批": ("复", "准", "示", "评"),
    "类": ("别", "型", "似"),
    "起": ("草", "止", "至", "算", "来", "点", "步", "诉状"),
    "名": ("单", "称", "义", "额", "录", "片", "牌"),
    "位": ("置", "于", "列"),
    "部": ("门", "分", "署", "位", "长", "委", "队"),
    "台": ("账", "帐", "湾", "州", "河", "阶", "风"),
    "处": ("理", "室", "罚", "置", "分", "长", "于", "级"),
    "所": ("属", "有", "在", "得", "以", "需", "长", "谓"),
    "张": ("贴", "挂"),
    "块": ("钱",),
    "座": ("谈",),
    "例": ("如", "会", "行"),
    "笔": ("记", "录"),
    "通": ("过", "知", "报", "办", "道", "畅", "用", "信", "讯", "行", "告", "关", "车", "航", "电", "达", "俗", "盘", "联",
          "顺", "常", "则", "融", "晓", "畅"),
}
_MONEY_NOT_AFTER = ("旦", "素", "首", "宵", "老", "年", "月", "帅", "件")

_MULT_WORDS = sorted(MULTIPLIERS, key=len, reverse=True)
# Chinese numerals that alone are words, not numbers: 一个 (an article), 千家万户, 百姓.
_NOT_NUMBERS = frozenset({"一", "百", "千", "万", "亿", "万亿", "千万", "百万"})

_UNIT_ALT = "|".join(re.escape(u) for u in COUNT_UNITS)
_NUMBER = rf"(?P<num>{ARABIC}{_MULT}?|{CHINESE})"
_PREFIX = "(?P<pre>" + "|".join(APPROX_PREFIXES) + ")?"
_SUFFIX = rf"(?P<suf>{'|'.join(APPROX_SUFFIXES)})?(?P<mult2>{_MULT})?"

# 8大类, 539小项: the size word is not part of the unit
COUNT_RE = re.compile(_PREFIX + _NUMBER + _SUFFIX + rf"(?:大|小)?(?P<unit>{_UNIT_ALT})")
MONEY_RE = re.compile(_PREFIX + _NUMBER + _SUFFIX + r"(?P<unit>万元|亿元|千元|元)")
PERCENT_RE = re.compile(_PREFIX + rf"(?:(?P<num>{ARABIC})(?P<sign>[%％])|百分之(?P<cnum>{ARABIC}|{CHINESE}))")
_AFTER_UNIT_RE = re.compile("(?:" + "|".join(APPROX_AFTER_UNIT) + ")")


@dataclass
class Quantity:
    """A number with its unit as found in a text: offsets are into that text.

    ``start``/``end`` cover the approximation prefix, the number, the unit and a trailing
    以上/左右; ``num_start``/``num_end`` the number itself; ``unit`` is the unit as written
    (万/亿 folded into the value, except for money where 万元 is the unit)."""

    kind: str  # count | amount | percent
    start: int
    end: int
    num_start: int
    num_end: int
    raw: str
    value: int | float
    unit: str
    approx: bool
    chinese: bool
    multiplier: int = 1


def to_number(x: float) -> int | float:
    """An int when ``x`` is integral (after rounding away float noise), else a float."""
    r = round(x, 6)
    return int(r) if r == int(r) else r


def parse_number(raw: str) -> int | float | None:
    """The value of one numeric expression: ``"1,234"`` → 1234, ``"10.2万"`` → 102000,
    ``"十二"`` → 12, ``"１２"`` → 12, ``"3.5亿"`` → 350000000. None when ``raw`` is not a number."""
    if not raw:
        return None
    s = raw.translate(_FULLWIDTH).replace(",", "")
    mult = 1
    for word in _MULT_WORDS:
        if s.endswith(word) and s[: -len(word)] and s[-len(word) - 1].isdigit():
            s, mult = s[: -len(word)], MULTIPLIERS[word]
            break
    if _PLAIN_DECIMAL.fullmatch(s):
        return to_number(float(s) * mult) if "." in s else int(s) * mult
    if all(c in CN_NUMERAL_CHARS for c in s):
        if len(s) >= 2 and all(c in "零〇一二三四五六七八九" for c in s):
            # a digit string such as 二〇二一 (a year); 十/百 never appear in these
            return cn_digits_to_int(s)
        return cn_to_int(s)
    return None


def _quantity(kind: str, m: re.Match, text: str, base_unit: str | None = None) -> Quantity | None:
    raw = m.group("num")
    value = parse_number(raw)
    if value is None:
        return None
    mult2 = m.group("mult2") or ""
    if mult2:
        value = to_number(value * MULTIPLIERS[mult2])
    end = m.end()
    approx = bool(m.group("pre") or m.group("suf"))
    after = _AFTER_UNIT_RE.match(text, end)
    if after:
        approx, end = True, after.end()
    return Quantity(kind=kind, start=m.start(), end=end, num_start=m.start("num"), num_end=m.end("num"),
                    raw=raw, value=value, unit=base_unit or m.group("unit"), approx=approx,
                    chinese=raw[0] in CN_NUMERAL_CHARS)


def find_counts(text: str) -> Iterator[Quantity]:
    """Every number followed by a count measure word (条, 件, 个 …), with 万/亿 expanded.

    Lone 一 (一个, 一次: an article, not a tally) and measure words that start another word
    (条例, 部门) are skipped; context rules (ordinals, names, tables) are the caller's job."""
    for m in COUNT_RE.finditer(text):
        unit = m.group("unit")
        follow = text[m.end(): m.end() + 3]
        if any(follow.startswith(x) for x in _NOT_A_UNIT_AFTER.get(unit, ())):
            continue
        raw = m.group("num")
        if raw in _NOT_NUMBERS and not (raw != "一" and m.group("suf")):
            continue
        q = _quantity("count", m, text)
        if q is not None:
            yield q


def find_money(text: str) -> Iterator[Quantity]:
    """Amounts of money, value as written: ``35.473万元`` → 35.473 / 万元 (multiplier 10000)."""
    for m in MONEY_RE.finditer(text):
        if text[m.end(): m.end() + 1] and text[m.end()] in _MONEY_NOT_AFTER:
            continue
        raw = m.group("num")
        if raw in _NOT_NUMBERS:
            continue
        # the multiplier of 35.473万元 is part of the written unit, not of the value
        num_text, mult_word = raw, ""
        if raw[0] not in CN_NUMERAL_CHARS:
            for word in _MULT_WORDS:
                if raw.endswith(word):
                    num_text, mult_word = raw[: -len(word)], word
                    break
        mult_word += m.group("mult2") or ""
        value = parse_number(num_text)
        if value is None:
            continue
        unit = mult_word + m.group("unit")
        if unit not in MONEY_UNITS:  # 千万元 and the like: fold into the value
            value = to_number(value * MULTIPLIERS[mult_word])
            unit = m.group("unit")
        end = m.end()
        approx = bool(m.group("pre") or m.group("suf"))
        after = _AFTER_UNIT_RE.match(text, end)
        if after:
            approx, end = True, after.end()
        yield Quantity(kind="amount", start=m.start(), end=end, num_start=m.start("num"),
                       num_end=m.start("num") + len(num_text), raw=num_text, value=value, unit=unit,
                       approx=approx, chinese=raw[0] in CN_NUMERAL_CHARS, multiplier=MONEY_UNITS[unit])


def find_percents(text: str) -> Iterator[Quantity]:
    """Rates written with % / ％ or 百分之…: ``100%`` → 100, ``百分之九十五`` → 95."""
    for m in PERCENT_RE.finditer(text):
        if m.group("num") is not None:
            raw, ns, ne = m.group("num"), m.start("num"), m.end("num")
        else:
            raw, ns, ne = m.group("cnum"), m.start("cnum"), m.end("cnum")
        value = parse_number(raw)
        if value is None:
            continue
        end = m.end()
        approx = bool(m.group("pre"))
        after = _AFTER_UNIT_RE.match(text, end)
        if after:
            approx, end = True, after.end()
        yield Quantity(kind="percent", start=m.start(), end=end, num_start=ns, num_end=ne, raw=raw, value=value,
                       unit="%", approx=approx, chinese=raw[0] in CN_NUMERAL_CHARS)


def yuan(value: int | float, unit: str) -> int | float:
    """``value`` in ``unit`` (元/千元/万元/亿元) converted to 元."""
    return to_number(value * MONEY_UNITS[unit])
