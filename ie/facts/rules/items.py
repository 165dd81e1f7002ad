"""The problem/measure items of section 五, and of section 六 when it holds plans.

:func:`section_items` gives every item of those regions with its span in the document, for a
labeller (the rules' :func:`ie.facts.enumerations.label_item` or a trained model);
:func:`item_facts` labels them with the rules. Both read the same regions and items."""
from __future__ import annotations

import re
from typing import Iterator

from ...textnorm import cn_to_int
from .. import enumerations
from ..enumerations import Item
from .dates import DAY, MONTH, YEAR
from .view import TextView, ViewFact, body_start

PROBLEMS_KEY, OTHER_KEY = "problems_improvements", "other_matters"

_ATTACHMENT = re.compile(r"附件\s*\d*\s*[:：]|附件下载|附表\s*\d*\s*[:：]")
# the sign-off: a date standing right after a sentence end (and the issuer's name), not in a sentence
_SIGNOFF_DATE = re.compile(rf"(?<=[。\n])[^。，,\n]{{0,24}}?(?:{YEAR})年(?:{MONTH})月(?:{DAY})日"
                           r"(?![^。\n]{0,3}[，,起至到前后])")
_PROBLEMS_HEADING = re.compile(r"(?:^|(?<=[。\n]))[一二三四五六七八九十]{1,2}、[^。\n]{0,16}?问题(?:及|和|与)?(?:改进|整改)(?:情况|措施|方向)?")
_HEADING_NUMERAL = re.compile(r"([一二三四五六七八九十]+)")
_ANY_HEADING_NUMERAL = re.compile(r"(?:^|(?<=[。\n]))([一二三四五六七八九十]{1,2})、")


def section_items(text: str, sections: dict) -> list[tuple[str, int, int, Item]]:
    """(section key, start, end, item) for every item of the problem/measure regions, labelled
    or not: ``text[start:end]`` is the item as :func:`ie.facts.rules.rule_facts` reports it, and
    ``item.context`` the headings and lead-ins a labeller reads. (``item.start``/``item.end``
    index the section body in the layout-free view, not ``text``.)"""
    view = TextView.of(text)
    return [(key, *view.span(s, e), item) for key, s, e, item in items_in_view(view, sections)]


def item_facts(view: TextView, sections: dict) -> Iterator[ViewFact]:
    """problem and measure facts: the items the rules can label; in section 六 only measures."""
    for key, s, e, item in items_in_view(view, sections):
        label = enumerations.label_item(item)
        if label is None or (key == OTHER_KEY and label != "measure"):
            continue
        conf = 0.75 if item.kind in ("enumerated", "heading") else 0.55
        yield ViewFact(label, s, e, conf, {})


def items_in_view(view: TextView, sections: dict) -> Iterator[tuple[str, int, int, Item]]:
    """(section key, view start, view end, item) for the items of sections 五 and (plans) 六."""
    for key, a, b in _item_regions(view, sections):
        body = view.text[a:b]
        if key == OTHER_KEY and not enumerations.has_plans(body):
            continue
        for item in enumerations.split_items(body):
            yield key, a + item.start, a + item.end, item


def _item_regions(view: TextView, sections: dict) -> Iterator[tuple[str, int, int]]:
    """(section key, view start, view end) of the bodies whose items are problems/measures:
    section 五, else a heading that names problems and improvements (六、主要问题和改进措施)
    which the segmenter did not recognise; and section 六. A body stops at the next numbered
    heading (六、政府信息公开情况统计表 in old reports), an attachment or the sign-off."""
    t = view.text
    sec = sections.get(PROBLEMS_KEY)
    if sec is not None:
        a, b, heading = body_start(view, sec), view.to_view(sec.end), sec.heading
    else:
        m = _PROBLEMS_HEADING.search(t)
        a, b, heading = (m.end(), len(t), m.group()) if m else (None, None, "")
    if a is not None:
        yield PROBLEMS_KEY, a, _body_end(t, a, b, heading)
    sec = sections.get(OTHER_KEY)
    if sec is not None:
        a = body_start(view, sec)
        yield OTHER_KEY, a, _body_end(t, a, view.to_view(sec.end), sec.heading)


def _body_end(t: str, a: int, b: int, heading: str) -> int:
    """Where the body ``t[a:b]`` under ``heading`` really ends: at an attachment, the sign-off
    or the heading numbered next (五、 → 六、), whichever comes first."""
    body = t[a:b]
    cuts = [m.start() for m in (_ATTACHMENT.search(body), _SIGNOFF_DATE.search(body)) if m]
    numeral = _HEADING_NUMERAL.match(heading.strip())
    n = cn_to_int(numeral.group(1)) if numeral else None
    if n:
        nxt = next((m for m in _ANY_HEADING_NUMERAL.finditer(body) if cn_to_int(m.group(1)) == n + 1), None)
        if nxt:
            cuts.append(nxt.start())
    return a + min(cuts) if cuts else b
