"""Rules + model → the facts of one report.

The rules are exact where they can be (numbers, units, dates, contacts, the exclusions) and
always run. The model adds the agency names the rules miss (the agency ranker), confirms or
trims rule names (the sequence model; its probability becomes the fact's confidence), gives the
metric phrase when the rules find none, and decides problem / measure / other for items whose
cue words are unclear. Where both speak, the fact says so (``method: rule+model``)."""
from __future__ import annotations

from ..report import Fact
from ..sections import Section, section_at
from ..textnorm import norm
from .agency_ranker import AgencyRanker, places_of
from .items_model import ItemExample
from .enumerations import label_item
from .model import FactModel, Span, windows

NUMBER_TYPES = ("count", "amount", "percent")
METRIC_REACH = 12  # characters either side of a number where its metric may be


def combine(text: str, sections: dict[str, Section], facts: list[Fact], model: FactModel,
            exclude: list[tuple[int, int]], issuer: str | None = None) -> list[Fact]:
    """The sequence model reads only where its answer can change the facts: around agency-like
    words when it may trim rule names (``agency_trim_probability`` set), and around numbers the
    rules found no metric for. Otherwise spaCy is never loaded (about 2 s per process)."""
    from .rules import chrome_spans

    prose_exclude = list(exclude) + chrome_spans(text)  # the model reads prose only
    numbers = [f for f in facts if f.type in NUMBER_TYPES]
    pieces = windows(text, prose_exclude) if model.settings.get("agency_trim_probability") is not None else []
    pieces += [(max(0, f.start - METRIC_REACH), min(len(text), f.end + METRIC_REACH)) for f in numbers
               if not f.fields.get("metric")]
    spans = model.spans(text, sorted(set(pieces)))
    out = [f for f in facts if f.type not in ("agency", "problem", "measure")]
    agencies = _agencies(text, [f for f in facts if f.type == "agency"], [s for s in spans if s.label == "AGENCY"],
                         model.settings.get("agency_trim_probability"))
    add_above = model.settings.get("agency_add_probability")
    if add_above is not None and model.ranker is not None:
        agencies += _ranked(text, sections, agencies, model.ranker, add_above, exclude, issuer)
    out += agencies
    _metrics([f for f in out if f.type in NUMBER_TYPES], [s for s in spans if s.label == "METRIC"], text)
    out += _items(text, sections, model, model.settings.get("item_override_probability", 0.8))
    return sorted(out, key=lambda f: (f.start, f.end))


def _agencies(text: str, rule_facts: list[Fact], spans: list[Span], trim_above: float | None) -> list[Fact]:
    """Rule agencies, marked rule+model with the sequence model's probability where it reads the
    same name. With ``trim_above``, a rule name whose end the model reads as a shorter name
    (更新|市政府, 由|莆田市民宗局: the rules glued a word to it) becomes the model's name."""
    if trim_above is not None:
        rule_facts = _trimmed(text, rule_facts, spans, trim_above)
    best: dict[str, float] = {}
    for s in spans:
        name = norm(text[s.start:s.end])
        best[name] = max(best.get(name, 0.0), s.probability)
    for f in rule_facts:
        prob = best.get(norm(f.text))
        if prob is not None:
            f.method, f.confidence = "rule+model", max(f.confidence, prob)
    return rule_facts


def _ranked(text: str, sections, rule_facts: list[Fact], ranker: AgencyRanker, above: float,
            exclude: list[tuple[int, int]], issuer: str | None) -> list[Fact]:
    """Names the rules missed, from the agency ranker: one fact per distinct name whose
    probability reaches ``above``, at its first place, ``method: model``. A candidate that
    overlaps any mention of a rule name is not one (the rules' name stands there)."""
    from .rules.exclusions import closed_regions
    from .rules.spans import merge
    from .rules.strings import occurrences
    from .rules.view import TextView

    view = TextView.of(text)
    t = view.text
    rule_names = {"".join(f.text.split()) for f in rule_facts}
    taken = merge([(i, i + len(n)) for n in rule_names for i in occurrences(t, n)])
    regions = closed_regions(view, exclude)
    first: dict[str, tuple[int, int]] = {}
    prob: dict[str, float] = {}
    for c, p in ranker.propose(t, regions, places_of(text, issuer), taken):  # in text order
        if p >= above and c.name not in rule_names:
            first.setdefault(c.name, (c.start, c.end))
            prob[c.name] = max(p, prob.get(c.name, 0.0))
    out = []
    for name, (s, e) in first.items():
        start, end = view.span(s, e)
        p = prob[name]
        out.append(Fact("agency", text[start:end], start, end, section_at(sections, start), "model", round(p, 4),
                        {"role": "mentioned"}))
    return out


def _trimmed(text: str, rule_facts: list[Fact], spans: list[Span], above: float) -> list[Fact]:
    out: list[Fact] = []
    for f in rule_facts:
        if f.fields.get("role") != "issuer":
            inner = [s for s in spans if f.start < s.start and s.end == f.end and s.probability >= above]
            if inner:
                s = max(inner, key=lambda s: s.probability)
                f = Fact("agency", text[s.start:s.end], s.start, s.end, f.section, "rule+model", s.probability,
                         dict(f.fields))
        if all(norm(f.text) != norm(g.text) for g in out):  # one fact per distinct name
            out.append(f)
    return out


def _metrics(numbers: list[Fact], spans: list[Span], text: str) -> None:
    """A number without a rule metric takes the model's METRIC next to it (same clause)."""
    for f in numbers:
        if f.fields.get("metric"):
            continue
        near = [s for s in spans if f.start - METRIC_REACH <= s.start and s.end <= f.end + METRIC_REACH
                and not any(ch in text[min(s.end, f.start):max(s.start, f.end)] for ch in "，。；;")]
        if near:
            s = max(near, key=lambda s: s.probability)
            f.fields["metric"] = text[s.start:s.end]
            f.method, f.confidence = "rule+model", min(f.confidence, s.probability)


def _items(text: str, sections, model: FactModel, override_above: float) -> list[Fact]:
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
        elif rule is None or prob >= override_above:
            method, final, conf = "model", label, prob
        else:
            method, final, conf = "rule", rule, 1 - prob
        if final in ("problem", "measure"):
            out.append(Fact(final, text[start:end], start, end, section_at(sections, start), method, conf))
    return out
