"""Narrative facts for a report: rules, then the trained model where it is installed."""
from __future__ import annotations

from ..report import Fact, Report


def extract_facts(report: Report, exclude: list[tuple[int, int]] = ()) -> list[Fact]:
    try:
        from .rules import rule_facts
    except ImportError:  # the rules module is being built
        return []
    from ..sections import Section

    sections = {k: Section(k, s.start, s.end, s.heading) for k, s in report.sections.items()}
    return rule_facts(report.text, sections, report.year, list(exclude))
