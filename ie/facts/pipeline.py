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
    facts = facts_by_rules(report, exclude)
    if model is None:
        return facts
    from .model import load

    trained = load(None if model == "default" else model)
    return facts if trained is None else with_model(report, facts, trained, exclude)


def facts_by_rules(report: Report, exclude: list[tuple[int, int]] = ()) -> list[Fact]:
    return rule_facts(report.text, _sections(report), report.year, list(exclude), issuer=report.issuer)


def with_model(report: Report, facts: list[Fact], trained, exclude: list[tuple[int, int]] = ()) -> list[Fact]:
    """The hybrid's facts from the rules' ``facts`` (which it changes in place) and a loaded model."""
    from .hybrid import combine

    return combine(report.text, _sections(report), facts, trained, list(exclude), issuer=report.issuer)


def _sections(report: Report) -> dict[str, Section]:
    return {k: Section(k, s.start, s.end, s.heading) for k, s in report.sections.items()}
