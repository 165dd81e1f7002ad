"""Section headings re-printed the way web crawlers break them, for stress cases built from gold
reports (bench/heading_breaks.py, tests/test_sections_breaks.py).

``numeral``: a line break right after the heading numeral ("五、\\n存在的主要问题及改进情况",
seen in Putian and Sanming pages). ``title``: the title itself broken in the middle
("五、存在的主要问\\n题及改进情况"). Each perturbation returns the new text and the offsets where
characters were inserted, so spans of the original text can be mapped onto it."""
from __future__ import annotations

import bisect
import re

from ie.schema import SECTION_KEYS
from ie.sections import Section

# the numeral of a heading as ie.sections prints it at Section.start: 五、 / 五. / 第五部分
_HEAD_NUMERAL = re.compile(r"[一二三四五六七八九十]{1,2}\s*[、.．]|第[一二三四五六七八九十]{1,2}部分")
_TITLE = re.compile(r"[^\s|#*]+")
KINDS = ("numeral", "title")


def break_points(text: str, sections: dict[str, Section], kind: str) -> list[int]:
    """Offsets in ``text`` where the ``kind`` break goes, one per numbered section heading."""
    points = []
    for key in SECTION_KEYS:
        s = sections.get(key)
        if s is None:
            continue
        m = _HEAD_NUMERAL.match(text, s.start)
        if m is None:
            raise ValueError(f"{key} heading {s.heading!r} does not start with a numeral")
        if kind == "numeral":
            points.append(m.end())
        else:
            # the title's first run of text (not the table pipes or body words a heading line may end with)
            title = _TITLE.search(text, m.end(), s.start + len(s.heading))
            points.append(title.start() + len(title.group()) // 2)
    return points


def insert_breaks(text: str, points: list[int], sep: str = "\n") -> str:
    out, last = [], 0
    for p in sorted(points):
        out += [text[last:p], sep]
        last = p
    return "".join(out) + text[last:]


def shifted(offset: int, points: list[int], sep: str = "\n", *, end: bool = False) -> int:
    """``offset`` of the original text in the text with ``sep`` inserted at ``points``: a start
    moves past an insertion at its own offset, an (exclusive) end does not."""
    n = (bisect.bisect_left if end else bisect.bisect_right)(sorted(points), offset)
    return offset + n * len(sep)


def section_spans(text: str, sections: dict[str, Section]) -> dict[str, tuple[int, int, int]]:
    """key -> (start, body start, end) of the numbered sections."""
    return {k: (s.start, s.start + len(s.heading), s.end) for k, s in sections.items() if k in SECTION_KEYS}


def expected_spans(spans: dict[str, tuple[int, int, int]], points: list[int], sep: str = "\n"
                   ) -> dict[str, tuple[int, int, int]]:
    """The original spans mapped onto the perturbed text."""
    return {k: (shifted(a, points, sep), shifted(b, points, sep, end=True), shifted(e, points, sep, end=True))
            for k, (a, b, e) in spans.items()}
