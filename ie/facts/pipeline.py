"""Narrative facts for a report: the exact rules, combined with the trained model when one is
installed (the shipped ``models/facts`` by default)."""
from __future__ import annotations

from pathlib import Path

from ..report import Fact, Report
from ..sections import Section
from .rules import rule_facts


def extract_facts(report: Report, exclude: list[tuple[int, int]] = (), model: str | Path | None = "default"
                  ) -> list[Fact]:
    """``model``: "default" for the shipped model, a model directory, or None for rules alone."""
    sections = {k: Section(k, s.start, s.end, s.heading) for k, s in report.sections.items()}
    facts = rule_facts(report.text, sections, report.year, list(exclude), issuer=report.issuer)
    if model is None:
        return facts
    from .model import load

    trained = load(None if model == "default" else model)
    if trained is None:
        return facts
    from .hybrid import combine

    return combine(report.text, sections, facts, trained, list(exclude), issuer=report.issuer)
