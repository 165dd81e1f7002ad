"""Rule-based narrative facts (spec FACTS.md): counts, amounts, percents, dates, contacts,
agencies and the problem/measure items of section 五.

Every rule runs on the layout-free :class:`~.view.TextView` of the document and reports a span
of that view; :func:`rule_facts` maps the spans back, so every fact's ``start``/``end`` index
the original text and ``text == text[start:end]``. What is *not* a fact is decided in one place,
:mod:`.exclusions`.

Modules: ``view`` (the layout-free view), ``exclusions`` (where facts cannot be), ``dates``,
``contacts``, ``counts`` (numbers as facts; :func:`count_candidates`) with ``metrics`` (what a
number counts), ``agencies``, ``items`` (section 五/六 items; :func:`section_items`); ``spans``
and ``strings`` hold the small helpers they share."""
from __future__ import annotations

from itertools import chain
from typing import Iterable

from ...report import Fact
from ...sections import section_at
from .agencies import find_agencies
from .counts import count_candidates, number_facts
from .exclusions import chrome_spans, find_exclusions
from .items import item_facts, section_items
from .view import TextView, ViewFact

__all__ = ["rule_facts", "count_candidates", "section_items", "chrome_spans", "TextView"]


def rule_facts(text: str, sections: dict, year: int | None, exclude: Iterable = (),
               issuer: str | None = None) -> list[Fact]:
    """All rule-based narrative facts of one report, in text order.

    ``sections`` is :func:`ie.sections.segment`'s result for ``text``; ``year`` the year reported
    on (a month-day without a year in its phrase takes it); ``exclude`` the table regions, as
    (start, end) pairs or objects with ``start``/``end``; ``issuer`` the publishing body's name
    (its agency fact gets ``role: issuer``)."""
    view = TextView.of(text)
    exclusions, dates, contacts = find_exclusions(view, sections, exclude, year)
    found = chain(dates, contacts, number_facts(view, exclusions, sections),
                  find_agencies(view, exclusions.regions, issuer), item_facts(view, sections))
    facts = [_to_fact(view, sections, f) for f in found]
    facts.sort(key=lambda f: (f.start, f.end))
    return facts


def _to_fact(view: TextView, sections: dict, f: ViewFact) -> Fact:
    start, end = view.span(f.start, f.end)
    return Fact(f.type, view.original[start:end], start, end, section_at(sections, start), "rule",
                f.confidence, f.fields)
