"""Rules + model → the facts of one report.

The rules are exact where they can be (numbers, units, dates, contacts, the exclusions) and
always run. The model adds what rules cannot do well: agency names the suffix rules miss, the
metric phrase when the rules find none, and the problem / measure / other decision for items
whose cue words are unclear. Where both speak, the fact says so (``method: rule+model``)."""
from __future__ import annotations

from dataclasses import replace

from ..report import Fact
from ..sections import Section, section_at
from ..textnorm import norm
from .classifier import ItemExample
from .enumerations import label_item
from .model import FactModel, Span

AGENCY_MIN_PROBABILITY = 0.8  # a model-only agency needs at least this
ITEM_OVERRIDE_PROBABILITY = 0.8  # the classifier overrides the cue-word label above this
NUMBER_TYPES = ("count", "amount", "percent")


def combine(text: str, sections: dict[str, Section], facts: list[Fact], model: FactModel,
            exclude: list[tuple[int, int]], issuer: str | None) -> list[Fact]:
    spans = model.spans(text, exclude)
    out = [f for f in facts if f.type not in ("agency", "problem", "measure")]
    out += _agencies(text, sections, [f for f in facts if f.type == "agency"],
                     [s for s in spans if s.label == "AGENCY"], issuer)
    _metrics([f for f in out if f.type in NUMBER_TYPES], [s for s in spans if s.label == "METRIC"], text)
    out += _items(text, sections, model)
    return sorted(out, key=lambda f: (f.start, f.end))


def _agencies(text: str, sections, rule_facts: list[Fact], spans: list[Span], issuer: str | None) -> list[Fact]:
    by_name = {norm(f.text): f for f in rule_facts}
    taken = [(f.start, f.end) for f in rule_facts]
    first: dict[str, Span] = {}  # each distinct name at its first mention, with its best probability
    for s in sorted(spans, key=lambda s: s.start):
        name = norm(text[s.start:s.end])
        if name in first:
            first[name] = replace(first[name], probability=max(first[name].probability, s.probability))
        else:
            first[name] = s
    out = list(rule_facts)
    for name, s in first.items():
        if name in by_name:
            f = by_name[name]
            f.method, f.confidence = "rule+model", max(f.confidence, s.probability)
        elif s.probability >= AGENCY_MIN_PROBABILITY and not any(a <= s.start and s.end <= b for a, b in taken):
            role = "issuer" if issuer and name == norm(issuer) else "mentioned"
            out.append(Fact("agency", text[s.start:s.end], s.start, s.end, section_at(sections, s.start), "model",
                            s.probability, {"role": role}))
    return out


def _metrics(numbers: list[Fact], spans: list[Span], text: str) -> None:
    """A number without a rule metric takes the model's METRIC next to it (same clause)."""
    for f in numbers:
        if f.fields.get("metric"):
            continue
        near = [s for s in spans if f.start - 12 <= s.start and s.end <= f.end + 12
                and not any(ch in text[min(s.end, f.start):max(s.start, f.end)] for ch in "，。；;")]
        if near:
            s = max(near, key=lambda s: s.probability)
            f.fields["metric"] = text[s.start:s.end]
            f.method, f.confidence = "rule+model", min(f.confidence, s.probability)


def _items(text: str, sections, model: FactModel) -> list[Fact]:
    from .rules import section_items

    found = section_items(text, sections)
    labels = model.label_items([ItemExample(item.text, " / ".join(item.context)) for _, _, _, item in found])
    out = []
    for (key, start, end, item), (label, prob) in zip(found, labels):
        rule = label_item(item)
        if key == "other_matters" and rule != "measure" and label != "measure":
            continue
        if label == rule:
            method, final, conf = "rule+model", label, prob
        elif rule is None or prob >= ITEM_OVERRIDE_PROBABILITY:
            method, final, conf = "model", label, prob
        else:
            method, final, conf = "rule", rule, 1 - prob
        if final in ("problem", "measure"):
            out.append(Fact(final, text[start:end], start, end, section_at(sections, start), method, conf))
    return out
