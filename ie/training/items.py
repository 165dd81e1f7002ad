"""Training data and fitting of the section-五 item classifier (``ie.facts.classifier``): each
item the rules cut gets the label of the annotated problem / measure it overlaps, else other."""
from __future__ import annotations

from rapidfuzz import fuzz

from ..facts.classifier import ItemClassifier, ItemExample


def gold_label(start: int, end: int, text: str, facts: list[dict]) -> str:
    """The annotated label of an item: the problem/measure fact it overlaps most (by span, or by
    text when spans differ slightly), else 'other'."""
    best, best_overlap = "other", 0
    for f in facts:
        if f["type"] not in ("problem", "measure"):
            continue
        overlap = min(end, f["end"]) - max(start, f["start"])
        if overlap > best_overlap and overlap >= 0.5 * min(end - start, f["end"] - f["start"]):
            best, best_overlap = f["type"], overlap
    if best == "other":
        for f in facts:
            if f["type"] in ("problem", "measure") and fuzz.partial_ratio(f["text"], text) >= 90:
                return f["type"]
    return best


def item_examples(records: list[dict]) -> list[ItemExample]:
    """The section-五 items of annotated reports with their annotated labels."""
    from ..sections import segment
    from ..facts.rules import section_items

    out = []
    for rec in records:
        text = rec["text"]
        for _, start, end, item in section_items(text, segment(text)):
            out.append(ItemExample(item.text, " / ".join(item.context),
                                   gold_label(start, end, text[start:end], rec["facts"])))
    return out


def train_items(train: list[dict], dev: list[dict], seed: int = 0) -> tuple[ItemClassifier, dict]:
    """Fit on the train reports' items; report accuracy on the dev reports' items."""
    train_x = item_examples(train)
    clf = ItemClassifier(seed=seed).fit(train_x)
    dev_x = item_examples(dev)
    scores = {"train_items": len(train_x), "dev_items": len(dev_x)}
    if dev_x:
        pred = clf.predict(dev_x)
        scores["accuracy"] = sum(p == x.label for p, x in zip(pred, dev_x)) / len(dev_x)
    return clf, scores
