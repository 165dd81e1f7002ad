"""Rules + model → the facts of one report.

The rules are exact where they can be (numbers, units, dates, contacts, the exclusions) and
always run. The model confirms agency names (its probability becomes the fact's confidence), gives the
metric phrase when the rules find none, and decides problem / measure / other for items whose
cue words are unclear. Where both speak, the fact says so (``method: rule+model``)."""
from __future__ import annotations

from ..report import Fact
from ..sections import Section, section_at
from ..textnorm import norm
from .items_model import ItemExample
from .enumerations import label_item
from .model import FactModel, Span

ITEM_OVERRIDE_PROBABILITY = 0.8  # the classifier overrides the cue-word label above this
NUMBER_TYPES = ("count", "amount", "percent")


def combine(text: str, sections: dict[str, Section], facts: list[Fact], model: FactModel,
            exclude: list[tuple[int, int]]) -> list[Fact]:
    from .rules import chrome_spans

    spans = model.spans(text, list(exclude) + chrome_spans(text))  # the model reads prose only
    out = [f for f in facts if f.type not in ("agency", "problem", "measure")]
    out += _agencies(text, [f for f in facts if f.type == "agency"], [s for s in spans if s.label == "AGENCY"])
    _metrics([f for f in out if f.type in NUMBER_TYPES], [s for s in spans if s.label == "METRIC"], text)
    out += _items(text, sections, model)
    return sorted(out, key=lambda f: (f.start, f.end))


def _agencies(text: str, rule_facts: list[Fact], spans: list[Span]) -> list[Fact]:
    """Rule agencies, marked rule+model with the model's probability where the model finds the
    same name. Names only the model finds are not added: on the held-out reports every such
    addition was wrong (a verb glued to a name, generic 政务服务中心), see the model card."""
    best: dict[str, float] = {}
    for s in spans:
        name = norm(text[s.start:s.end])
        best[name] = max(best.get(name, 0.0), s.probability)
    for f in rule_facts:
        prob = best.get(norm(f.text))
        if prob is not None:
            f.method, f.confidence = "rule+model", max(f.confidence, prob)
    return rule_facts


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
