"""Precision, recall and F1 of narrative facts, with the matching rules of spec FACTS.md
("Scoring"), which ../shared/bench/score.py also implements: a test checks that both agree.

A predicted fact matches a gold fact of the same type when
- count, amount, percent: equal value (and unit for count/amount), metrics similar
  (rapidfuzz partial_ratio >= 70);
- date: equal ISO value;
- agency, contact: equal normalised text (issuer must carry the role); contact kinds equal;
- problem, measure: partial_ratio >= 80 between the texts.
Each gold fact matches at most one prediction (greedy, in gold order)."""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from typing import Any, Iterable

from rapidfuzz import fuzz

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\u2500"})


def norm(s: Any) -> str:
    s = unicodedata.normalize("NFKC", str(s or "")).translate(_DASHES)
    return "".join(s.split())


def _same_number(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return False


def matches(gold: dict, pred: dict) -> bool:
    t = gold["type"]
    if t in ("count", "amount", "percent"):
        if not _same_number(gold.get("value"), pred.get("value")):
            return False
        if t in ("count", "amount") and norm(gold.get("unit")) != norm(pred.get("unit")):
            return False
        return fuzz.partial_ratio(norm(gold.get("metric")), norm(pred.get("metric"))) >= 70
    if t == "date":
        return norm(gold.get("value")) == norm(pred.get("value"))
    if t == "agency":
        if norm(gold.get("text")) != norm(pred.get("text")):
            return False
        return gold.get("role") != "issuer" or pred.get("role") == "issuer"
    if t == "contact":
        return norm(gold.get("kind")) == norm(pred.get("kind")) and norm(gold.get("value")) == norm(pred.get("value"))
    if t in ("problem", "measure"):
        return fuzz.partial_ratio(norm(gold.get("text")), norm(pred.get("text"))) >= 80
    return False


def score(gold: Iterable[dict], pred: Iterable[dict]) -> dict[str, Counter]:
    """tp/fp/fn per fact type for one report."""
    gold, pred = list(gold), list(pred)
    out: dict[str, Counter] = defaultdict(Counter)
    for t in {g["type"] for g in gold} | {p["type"] for p in pred}:
        gs = [g for g in gold if g["type"] == t]
        ps = [p for p in pred if p["type"] == t]
        used = [False] * len(ps)
        for g in gs:
            hit = next((i for i, p in enumerate(ps) if not used[i] and matches(g, p)), None)
            if hit is None:
                out[t]["fn"] += 1
            else:
                used[hit] = True
                out[t]["tp"] += 1
        out[t]["fp"] += used.count(False)
    return out


def prf(c: Counter) -> dict[str, float]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": tp + fn}


def summarise(per_report: Iterable[dict[str, Counter]]) -> dict[str, dict[str, float]]:
    """Per-type and micro P/R/F1 over reports. Like score.py, a type is counted only in reports
    whose gold has that type (so a report without amounts does not charge amount predictions)."""
    total: dict[str, Counter] = defaultdict(Counter)
    for counts in per_report:
        for t, c in counts.items():
            total[t].update(c)
    out = {t: prf(c) for t, c in sorted(total.items())}
    micro = Counter()
    for c in total.values():
        micro.update(c)
    out["micro"] = prf(micro)
    return out


def score_report(gold: list[dict], pred: list[dict]) -> dict[str, Counter]:
    """score() restricted to the types present in gold, as score.py counts them."""
    counts = score(gold, pred)
    gold_types = {g["type"] for g in gold}
    return {t: c for t, c in counts.items() if t in gold_types}
