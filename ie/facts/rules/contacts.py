"""Contacts: addresses, postcodes, phone and fax numbers, emails and URLs. They are found
before any count, so that their digits are never read as numbers."""
from __future__ import annotations

import bisect
import re
from typing import Iterator

from .dates import DATE_RE
from .spans import Span, overlaps
from .strings import clause_start
from .view import TextView, ViewFact

_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*[@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@$&*+=%]+", re.I)
_DOMAIN = re.compile(r"(?<![A-Za-z0-9@./:_-])(?:[A-Za-z0-9-]+\.)+"
                     r"(?:gov\.cn|com\.cn|org\.cn|net\.cn|edu\.cn|gov|cn|com|org|net)"
                     r"(?:/[A-Za-z0-9\-._~/?#=&%]*)?(?![A-Za-z0-9@_-])", re.I)
_PHONE = re.compile(r"(?<![\dA-Za-z])(?:(?:[（(]0\d{2,3}[)）]|0\d{2,3})[-—－–‐]?[2-9]\d{6,7}(?:[-—－–转]\d{1,5})?"
                    r"|1[3-9]\d{9}|[2-9]\d{6,7})(?![\d.])")
_POSTCODE = re.compile(r"(?:邮编|邮政编码)[:：]?\n?(\d{6})(?!\d)")  # 邮编：\n351100: a crawler's break
_ADDRESS = re.compile(r"(?:通讯|联系|办公|通信|单位|办公室)?地址[:：]")
_CONTACT_LABEL = re.compile(r"电话|传真|Tel|TEL|Fax|FAX|邮编|邮政编码|邮箱|信箱|E-?mail|EMAIL|电子邮件|地址|网址")
_PHONE_LABEL = re.compile(r"电话|传真|Tel|TEL|Fax|FAX|热线|手机")
_PHONE_LABEL_PAIR = re.compile(r"(电话|传真|Tel|TEL|Fax|FAX)[/／、及和与（(]{1,2}$")
_CLAUSE_BREAK = "，,；;。\n"
_ADDRESS_PART_END = set("号楼室层座栋幢院厦道路街区#0123456789")


def find_contacts(view: TextView, regions: list[Span]) -> Iterator[ViewFact]:
    """Contacts outside ``regions`` (tables, chrome); a span taken by one kind is not read again
    as another."""
    t = view.text
    for s, e, kind, confidence in _contact_spans(t, _Claimed(regions)):
        yield ViewFact("contact", s, e, confidence, {"kind": kind, "value": t[s:e].replace("\n", "")})


def _contact_spans(t: str, claimed: _Claimed) -> Iterator[tuple[int, int, str, float]]:
    """(start, end, kind, confidence): emails first, then URLs, postcodes, phones and addresses."""
    for m in _EMAIL.finditer(t):
        s, e = m.start(), _rstrip(t, m.start(), m.end(), ".-")
        if claimed.claim(s, e):
            yield s, e, "email", 1.0
    for rx in (_URL, _DOMAIN):
        for m in rx.finditer(t):
            s, e = m.start(), _rstrip(t, m.start(), m.end(), ".,:;?")
            if t.startswith("](", e) and s > 0 and t[s - 1] == "[":
                continue  # the label of a markdown link repeats its target
            if claimed.claim(s, e):
                yield s, e, "url", 1.0 if rx is _URL else 0.85
    for m in _POSTCODE.finditer(t):
        if claimed.claim(m.start(1), m.end(1)):
            yield m.start(1), m.end(1), "postcode", 1.0
    yield from _phones(t, claimed)
    for m in _ADDRESS.finditer(t):
        s = m.end() + t.startswith("\n", m.end())  # 地址：\n…: the value on the next line
        e = _address_end(t, s)
        if e - s >= 4 and claimed.claim(s, e):
            yield s, e, "address", 0.9


class _Claimed:
    """The spans already taken by a contact, and the regions closed to all of them."""

    def __init__(self, regions: list[Span]):
        self.regions = regions
        self.spans: list[Span] = []

    def free(self, s: int, e: int) -> bool:
        return not overlaps(self.spans, s, e) and not overlaps(self.regions, s, e)

    def add(self, s: int, e: int) -> None:
        bisect.insort(self.spans, (s, e))

    def claim(self, s: int, e: int) -> bool:
        """Take ``[s, e)`` when it is free; whether it was."""
        if not self.free(s, e):
            return False
        self.add(s, e)
        return True


def _phones(t: str, claimed: _Claimed) -> Iterator[tuple[int, int, str, float]]:
    """Phone and fax numbers: labelled ones, and unlabelled ones with an area code that are not
    dates. One number may be both (电话/传真)."""
    previous: list[str] = []
    last_end = -10
    for m in _PHONE.finditer(t):
        s, e = m.start(), m.end()
        if not claimed.free(s, e):
            continue
        inherited = previous if s - last_end <= 2 else []
        kinds = _phone_kinds(t, s, inherited)
        has_area_code = m.group()[0] in "0(（"
        if not kinds:
            if not has_area_code or DATE_RE.match(t, s):
                continue
            kinds = ["phone"]
        claimed.add(s, e)
        previous, last_end = kinds, e
        for kind in kinds:
            yield s, e, kind, 1.0 if has_area_code else 0.85


def _phone_kinds(t: str, start: int, previous: list[str]) -> list[str]:
    """Kinds for the number at ``start``: from the label in its clause (电话 → phone, 传真 → fax,
    电话/传真 → both); a number listed after another (、或) inherits that one's kinds."""
    label_end = start
    if t.startswith("\n", start - 1) and t[start - 2:start - 1] in (":", "："):
        label_end = start - 1  # 电话：\n0594-2281671: the value on the next line
    s = clause_start(t, label_end, _CLAUSE_BREAK)
    window = t[max(s, label_end - 16):label_end]
    labels = list(_PHONE_LABEL.finditer(window))
    if not labels:
        if previous and (start == 0 or t[start - 1] in "、或和/／"):
            return previous
        return []
    last = labels[-1]
    kinds = [_label_kind(last.group())]
    # 电话/传真, 电话（传真）, 传真、电话: one number for both
    pair = _PHONE_LABEL_PAIR.search(window[: last.start()])
    if pair:
        other = _label_kind(pair.group(1))
        if other not in kinds:
            kinds.insert(0, other)
    return kinds


def _label_kind(label: str) -> str:
    return "fax" if label.lower() in ("传真", "fax") else "phone"


def _address_end(t: str, start: int) -> int:
    """End of the address starting at ``start``: the clause end outside brackets, or the next
    contact label (…路1号电话：…), without trailing punctuation; at most 80 characters. A line
    break ends it too, unless the next line only goes on with the address (…2169号\n莆田市政府
    4号楼，电话…: a crawler's break)."""
    depth, i = 0, start
    while i < len(t) and i - start < 80:
        ch = t[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch == "\n" and i > start and _address_goes_on(t, i):
            pass
        elif depth == 0 and ch in _CLAUSE_BREAK + "。":
            break
        elif depth == 0 and _CONTACT_LABEL.match(t, i) and i > start:
            break
        i += 1
    return _rstrip(t, start, i, "，,；;、。\n")


def _address_goes_on(t: str, newline: int) -> bool:
    """Whether the line after ``newline`` is a piece of the address before it (…2169号\n莆田市政府
    4号楼，电话…): the address so far ends in an address word (号, 楼, 室, 路, a number …) and
    the piece, a few characters without punctuation, either ends in one too, or is the last
    before the next contact (…8号\n钦州市行政审批局，邮编：…)."""
    if t[newline - 1] not in _ADDRESS_PART_END:
        return False
    j = k = newline + 1
    while k < len(t) and k - j <= 24 and t[k] not in _CLAUSE_BREAK + "。（(）)" and not (
            k > j and _CONTACT_LABEL.match(t, k)):
        k += 1
    if k == j or (k < len(t) and t[k] in "（("):
        return False
    ends_piece = k == len(t) or t[k] in _CLAUSE_BREAK + "。）)" or bool(_CONTACT_LABEL.match(t, k))
    before_contact = k < len(t) and (t[k] in "）)" or bool(_CONTACT_LABEL.match(t, k + (t[k] in "，,；;"))))
    return ends_piece and (t[k - 1] in _ADDRESS_PART_END or before_contact)


def _rstrip(t: str, start: int, end: int, chars: str) -> int:
    """``end`` moved back over trailing ``chars``, not before ``start``."""
    while end > start and t[end - 1] in chars:
        end -= 1
    return end
