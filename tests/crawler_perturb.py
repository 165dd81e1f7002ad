"""Crawler damage applied to gold-annotated reports that do not show it, with the gold spans
moved along, so that the fact rules can be checked for invariance: the same facts, at the
moved spans, must come out of the damaged text.

Two kinds of damage seen in web scrapes (Putian, Sanming):

* :func:`line_breaks`: a line break before and after every Arabic number of the prose
  (主动公开政府信息\\n99\\n条, \\n2021\\n年\\n1\\n月), and inside every phone/fax number,
  email and address (0594-\\n2281671, ptsl2008\\n@163.com, 2169号\\n莆田市政府);
* :func:`crawler_header`: the scraper's metadata header (标题/发布时间/文号/发布机构/栏目/
  原始链接/正文) in front of the text, in place of any header the text already has;
* :func:`enumerator_breaks`: a line break after every enumerator of the prose, which leaves
  the enumerator alone on its line (一是\n信息公开的内容…, （一）\n存在的主要问题).

Both only insert or replace text; :class:`Edits` maps every original offset to the damaged
text, so a fact's span, text and metric span move exactly."""
from __future__ import annotations

import bisect
import re

# An Arabic number of the prose: not part of an ASCII token (URLs, ids, emails).
_NUMBER = re.compile(r"(?<![0-9A-Za-z_./:@#%&=?+-])\d+(?:,\d{3})*(?:\.\d+)?(?![0-9A-Za-z_@])")
_ENUMERATOR_AFTER = re.compile(r"[.、．](?!\d)")
# An enumerator that opens a line or follows a sentence end: 一是 / 其二是, （一）/（1）, 1. / 1、
_ENUMERATOR = re.compile(r"(?:^|(?<=[。；;：:]))[ \t\u3000]*(?:其?[一二三四五六七八九十]{1,2}是|[（(][一二三四五六七八九十\d]{1,2}[）)]"
                         r"|\d{1,2}[.、．](?![\d.]))(?=[\u4e00-\u9fff“《])", re.M)
# The header a scraper's own text may already carry (Pingtan: ==== 正文 ==== line).
_OLD_HEADER_END = re.compile(r"^(?:=+ ?正文 ?=+|正文[:：])[ \t]*\n", re.M)


class Edits:
    """Non-overlapping replacements ``(start, end, new)`` of one text, and the offset map."""

    def __init__(self, text: str, edits: list[tuple[int, int, str]]):
        self.text = text
        self.edits = sorted(edits)
        for (s1, e1, _), (s2, _, _) in zip(self.edits, self.edits[1:]):
            assert e1 <= s2, "overlapping edits"
        self._starts = [s for s, _, _ in self.edits]
        shift, self._shift_after = 0, []
        for s, e, new in self.edits:
            shift += len(new) - (e - s)
            self._shift_after.append(shift)

    def apply(self) -> str:
        out, i = [], 0
        for s, e, new in self.edits:
            out += [self.text[i:s], new]
            i = e
        out.append(self.text[i:])
        return "".join(out)

    def _map(self, offset: int, inclusive: bool) -> int:
        """New offset of ``offset``; an insertion exactly at ``offset`` is counted before it when
        ``inclusive`` (a fact's start), after it otherwise (a fact's end)."""
        k = (bisect.bisect_right if inclusive else bisect.bisect_left)(self._starts, offset)
        if k and self.edits[k - 1][0] < offset < self.edits[k - 1][1]:
            raise ValueError(f"offset {offset} inside a replaced stretch")
        return offset + (self._shift_after[k - 1] if k else 0)

    def start(self, offset: int) -> int:
        return self._map(offset, True)

    def end(self, offset: int) -> int:
        return self._map(offset, False)

    def fact(self, fact: dict, new_text: str) -> dict:
        """``fact`` (annotation or prediction dict) with its spans and text moved."""
        f = dict(fact)
        f["start"], f["end"] = self.start(fact["start"]), self.end(fact["end"])
        f["text"] = new_text[f["start"]:f["end"]]
        if fact.get("metric_start") is not None and fact.get("metric_end") is not None:
            f["metric_start"], f["metric_end"] = self.start(fact["metric_start"]), self.end(fact["metric_end"])
        return f


def perturb(record: dict, edits: list[tuple[int, int, str]]) -> dict:
    """The annotation record with ``edits`` applied to its text and its gold facts moved."""
    e = Edits(record["text"], edits)
    text = e.apply()
    return {**record, "text": text, "facts": [e.fact(f, text) for f in record["facts"]], "edits": e}


def _breaks_around(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    out = []
    if s > 0 and text[s - 1] != "\n":
        out.append((s, s, "\n"))
    if e < len(text) and text[e] != "\n":
        out.append((e, e, "\n"))
    return out


def _contact_breaks(text: str, fact: dict) -> list[tuple[int, int, str]]:
    """Breaks inside a phone/fax number (after its area code's dash, or after the area code, and
    in the middle of the local number), an address (after each 号) or an email (before @ and in
    the local part)."""
    s, e, value = fact["start"], fact["end"], text[fact["start"]:fact["end"]]
    if "\n" in value:
        return []
    cuts: set[int] = set()
    if fact["kind"] in ("phone", "fax"):
        m = re.match(r"[（(]?0\d{2,3}[)）]?[-—－–]?", value)
        local = m.end() if m else 0
        if local:
            cuts.add(local)
        if len(value) - local >= 4:
            cuts.add(local + (len(value) - local) // 2)
    elif fact["kind"] == "address":  # 荔城中大道2169号\n莆田市政府4号楼
        cuts.update(m.end() for m in re.finditer("号", value))
    elif fact["kind"] == "email":
        at = re.search(r"[@＠]", value)
        if at and at.start() > 0:
            cuts.add(at.start())
            if at.start() >= 4:
                cuts.add(at.start() // 2)
    return [(s + c, s + c, "\n") for c in sorted(cuts) if 0 < c < e - s]


def line_breaks(record: dict, regions: list[tuple[int, int]], inside_numbers: bool = False
                ) -> list[tuple[int, int, str]]:
    """Insertions of a line break around every number of the prose (not in ``regions``, the
    table regions; not in an enumerator 1. / （1）; not in a phone, fax, email or URL) and
    inside every gold phone, fax, email and address; with ``inside_numbers``, also after the
    first digit of every number of two digits or more (Sanming: 20\\n20\\n年, 2\\n4份)."""
    text = record["text"]
    contacts = [f for f in record["facts"] if f["type"] == "contact"]
    closed = sorted([(a, b) for a, b in regions]
                    + [(f["start"], f["end"]) for f in contacts if f["kind"] in ("phone", "fax", "email", "url")])
    positions: set[int] = set()
    for m in _NUMBER.finditer(text):
        s, e = m.span()
        if any(a < e and s < b for a, b in closed):
            continue
        if _ENUMERATOR_AFTER.match(text, e) or (s and text[s - 1] in "（(" and text[e:e + 1] in "）)"):
            continue
        positions.update(p for p, _, _ in _breaks_around(text, s, e))
        if inside_numbers and text[s + 1:s + 2].isdigit():
            positions.add(s + 1)
    for f in contacts:
        if f["kind"] in ("phone", "fax", "email", "address"):
            positions.update(p for p, _, _ in _contact_breaks(text, f))
    return [(p, p, "\n") for p in sorted(positions)]


def crawler_header(record: dict, full_width: bool = False) -> list[tuple[int, int, str]]:
    """The replacement of the text's own scraper header (if any) by a Putian-style header
    (``标题: …`` with half-width colons) or, ``full_width``, a Sanming-style one (``标题：…``
    with 索引号, 来源, 本地目录 and a blank line before 正文)."""
    text = record["text"]
    meta = record.get("meta") or {}
    issuer, year = meta.get("issuer") or "某市人民政府", meta.get("year") or 2020
    old = _OLD_HEADER_END.search(text)
    old_end = old.end() if old and old.start() < 600 else 0
    c = "：" if full_width else ": "
    lines = [f"标题{c}{issuer}{year}年度政府信息公开工作年度报告",
             f"发布时间{c}{year + 1}-01-15 17:43", f"文号{c}".rstrip(), f"发布机构{c}{issuer}"]
    if full_width:
        lines += [f"索引号{c}FJ0{year}-0301-2021-00015", f"来源{c}政务公开办"]
    lines += [f"栏目{c}政府信息公开年报",
              f"原始链接{c}https://www.example.gov.cn/zfxxgk/zfxxgknb/{year + 1}01/t{year + 1}0115_1440015.htm"]
    if full_width:
        lines += [f"本地目录{c}zfxxgk/zfxxgknb/{year + 1}01/1440015", ""]
    lines.append(f"正文{c}".rstrip())
    return [(0, old_end, "\n".join(lines) + "\n")]


def enumerator_breaks(record: dict, regions: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Every enumerator of the prose (not in ``regions``, the table regions) put alone on its
    line, as crawlers print them: …。\n一是\n信息公开的内容…"""
    text = record["text"]
    edits = []
    for m in _ENUMERATOR.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in regions):
            continue
        if m.start() > 0 and text[m.start() - 1] != "\n":
            edits.append((m.start(), m.start(), "\n"))
        edits.append((m.end(), m.end(), "\n"))
    return edits
