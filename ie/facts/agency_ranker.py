"""Agency names the rules miss, proposed by a trained two-stage ranker.

The rules name an agency only where a place, a level word or a separator shows where the name
starts, so short forms (市档案馆, 国办公开办, 政府信息公开领导小组, 综合科) are missed, and which of
them annotators count as names differs by site. The ranker learns that from annotations:

* every place where an agency-like ending closes (局, 办公室, 领导小组, 档案馆, 科 …) is an *end*;
  the plausible *starts* before it (after a separator, a verb, a non-Chinese character, at a
  level word or a place) make candidate names;
* a start model scores the candidates of one end (which start makes the name), an end model
  scores whether a name ends there at all, given the best start's name;
* a *memory* of the names annotated in the training reports (how often a name was annotated
  where it occurs) lets a few annotated reports of a new site teach that site's names.

Both models are logistic regressions over string features, fitted with scikit-learn by
``ie train`` (:mod:`ie.training.agency_ranker`) and stored as weights in ``agencies.json``;
scoring them is a sum of dict look-ups, so ``ie extract`` imports neither scikit-learn nor spaCy."""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..body import is_division
from .rules.agencies import (_AGENCY_SUFFIX, _GENERIC, _NAME_STOP, _NAME_VERB, _NATIONAL, _PLACE_START,
                             _SEPARATORS, _in_regulation_title, _known_places)
from .rules.spans import overlaps
from .rules.strings import CJK, enclosing

# Endings beyond the rules': units and bodies the rules leave out (综合科, 政务公开科, 电子政务处,
# 县供电公司, 莆田电视台, 莆田一中).
_EXTRA_SUFFIX = (r"科(?![学技普研室])|处(?![理置分罚于在])|(?<![全内外局干])部(?![分门署长队位件署])|领导小组|工作小组|公司|电视台|一中|中学|小学|大学|银行|"
                 r"所(?![以有在得涉需属述谓要])|(?<!网)站(?![点在])")
_END = re.compile(r"(?=(" + _AGENCY_SUFFIX.pattern + "|" + _EXTRA_SUFFIX + "))")  # the longest ending first
MAX_NAME = 24
_LEVEL = set("省市区县镇乡")
_NEVER_FIRST = set("年月日度级")
_WHOLE_OR_EACH = set("全各该")
_LEVEL_LIST = re.compile(r"[（(][省市区县乡镇、]+[）)]$")  # 县（市、区）, 乡（镇）
_START_WORD = re.compile("(?:" + "|".join(sorted(
    {*_SEPARATORS, *_NAME_VERB.pattern.split("|"), "上报", "移交", "送交", "联合", "沟通", "参照", "举办"},
    key=len, reverse=True)) + ")$")


@dataclass(frozen=True)
class Candidate:
    """A possible name ``text[start:end]`` of the view, with what its ranker reads."""
    start: int
    end: int
    name: str
    features: tuple[str, ...]


def _char_class(ch: str) -> str:
    if ch == "\n":
        return "NL"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "A"
    return ch


def _length(n: int) -> str:
    return str(n) if n <= 4 else "5-6" if n <= 6 else "7-9" if n <= 9 else "10-13" if n <= 13 else "14+"


def _start_kind(t: str, s: int, places: list[str]) -> str | None:
    """Why a name may start at ``s`` (None: it may not). A level word inside a word (实验|区管委会),
    a start after a generic word (全|区政府, 各|县局) and one right after a place (北厝镇|金井湾…)
    are kinds of their own, each with its own weight."""
    if t[s] in _NEVER_FIRST or (s and t[s - 1] in _WHOLE_OR_EACH) or _GENERIC.match(t[s:s + 4]):
        return None  # 2024年度|市审计局; 各|乡镇人民政府, 全|区政府 and 县级政府 are generic (FACTS.md), not names
    if s and t[s - 1] in "）)" and _LEVEL_LIST.search(t, 0, s):
        return None  # 各县（市、区）|人民政府: the name is the list's, and generic
    title = enclosing(t, s, "《", "》")
    if title and s > title[0] + 1:
        return None  # 《关于转发|国务院办公厅…》: a name inside a title counts only where it opens it
    if s == 0 or not CJK.match(t[s - 1]):
        return "edge"
    if any(t.startswith(p, s) for p in places):
        return "place"
    if t.startswith(_NATIONAL, s):
        return "national"
    after_word = bool(_START_WORD.search(t, max(0, s - 5), s))
    if t[s - 1] in "本我":
        return "after_generic"
    if t[s] in _LEVEL:
        return "level" if after_word or t[s - 1] in "委府局办厅" else "level_in_word"
    if after_word:
        return "word"
    if t[s - 1] in "委府局办年月日厅":
        return "after_name"
    if t[s - 1] in _LEVEL:
        return "after_place"  # 北厝镇|金井湾片区管委会
    return None


class Memory:
    """Names annotated in the training reports: in how many reports each was annotated, and in
    how many it occurs at all. ``leave_out`` is the report a training example comes from, whose
    own annotations must not tell the model the answer."""

    def __init__(self, annotated: dict[str, int], occurs: dict[str, int]):
        self.annotated, self.occurs = dict(annotated), dict(occurs)

    @classmethod
    def of(cls, reports: Iterable[tuple[str, set[str]]]) -> "Memory":
        """From (text, annotated names) pairs."""
        reports = list(reports)
        annotated: dict[str, int] = defaultdict(int)
        for _, names in reports:
            for n in names:
                annotated[n] += 1
        occurs = {n: sum(n in text for text, _ in reports) for n in annotated}
        return cls(annotated, occurs)

    def features(self, name: str, leave_out: tuple[str, set[str]] | None = None) -> list[str]:
        a, o = self.annotated.get(name, 0), self.occurs.get(name, 0)
        if leave_out is not None:
            a -= name in leave_out[1]
            o -= name in leave_out[0]
        if a <= 0:
            return ["mem=none"]
        ratio = a / o if o else 1.0
        return ["mem=seen", "mem_ratio=" + ("all" if ratio >= 0.99 else "most" if ratio >= 0.5 else "some"),
                "mem_reports=" + ("1" if a == 1 else "2" if a == 2 else "3+")]


def candidates(t: str, regions: list[tuple[int, int]], places: list[str]) -> dict[int, list[Candidate]]:
    """Candidate names by end, outside ``regions`` (tables, page chrome); ``t`` is the view text."""
    counts: dict[str, int] = defaultdict(int)
    spans: dict[int, list[tuple[int, str]]] = defaultdict(list)
    seen: set[int] = set()
    reach = 0  # the end of the furthest ending so far: an end before it is inside a word (管委|会)
    for m in _END.finditer(t):
        suffix_start = m.start()
        e = suffix_start + len(m.group(1))
        if e in seen or e < reach:
            continue  # a shorter ending of the same name (办公室 → 公室), or inside one (管委会 → 管委)
        seen.add(e)
        reach = max(reach, e)
        j = suffix_start
        while j > 0 and e - (j - 1) <= MAX_NAME and CJK.match(t[j - 1]) and t[j - 1] not in _NAME_STOP:
            j -= 1
        for s in range(j, min(suffix_start, e - 2) + 1):
            kind = _start_kind(t, s, places)
            if kind and not overlaps(regions, s, e):
                spans[e].append((s, kind))
                counts[t[s:e]] += 1
    return {e: [Candidate(s, e, t[s:e], _start_features(t, s, e, kind, places, counts[t[s:e]]))
                for s, kind in starts] for e, starts in spans.items() if starts}


def _start_features(t: str, s: int, e: int, kind: str, places: list[str], count: int) -> tuple[str, ...]:
    name = t[s:e]
    before = _char_class(t[s - 1]) if s else "^"
    f = ["start=" + kind, "suf1=" + name[-1], "suf2=" + name[-2:], "suf3=" + name[-3:], "pre1=" + name[0],
         "pre2=" + name[:2], "len=" + _length(len(name)), "b1=" + before, "b2=" + t[max(0, s - 2):s],
         "b1suf1=" + before + "|" + name[-1], "occ=" + ("1" if count <= 1 else "2" if count == 2 else "3+")]
    f += ["bg=" + name[i:i + 2] for i in range(len(name) - 1)]
    place = _PLACE_START.match(name)
    for flag, on in (("level_start", name[0] in _LEVEL), ("known_place", any(name.startswith(p) for p in places)),
                     ("division_start", bool(place) and is_division(place.group())),
                     ("national", name.startswith(_NATIONAL)),
                     ("verb_inside", bool(_NAME_VERB.search(name))), ("in_regulation", _in_regulation_title(t, s)),
                     ("in_title", enclosing(t, s, "《", "》") is not None)):
        if on:
            f.append(flag)
    return tuple(f)


def end_features(t: str, e: int, best: Candidate) -> list[str]:
    """What the end model reads: the characters at and after the end, and the best start's name."""
    f = ["a1=" + _char_class(t[e]) if e < len(t) else "a1=$", "a2=" + t[e:e + 2],
         "s1=" + t[e - 1], "s2=" + t[e - 2:e], "s3=" + t[max(0, e - 3):e], "w4=" + t[max(0, e - 5):e - 3]]
    f += ["c=" + ch for ch in t[max(0, e - 7):e - 1]]
    f += ["best_" + x for x in best.features if x.startswith(("start=", "len=", "pre1=", "level_start",
                                                                 "division_start", "national", "in_"))]
    return f


def _score(weights: dict[str, float], bias: float, features: Iterable[str]) -> float:
    z = bias + sum(weights.get(x, 0.0) for x in features)
    return 1 / (1 + math.exp(-z)) if z > -30 else 0.0


class AgencyRanker:
    """The fitted start and end models and the name memory (``agencies.json``)."""

    def __init__(self, start: dict, end: dict, memory: Memory):
        self.start_weights, self.start_bias = start["weights"], start["bias"]
        self.end_weights, self.end_bias = end["weights"], end["bias"]
        self.memory = memory

    def start_features(self, c: Candidate, leave_out=None) -> list[str]:
        return list(c.features) + self.memory.features(c.name, leave_out)

    def end_features(self, t: str, e: int, best: Candidate, leave_out=None) -> list[str]:
        return end_features(t, e, best) + ["end_" + x for x in self.memory.features(best.name, leave_out)]

    def best(self, cands: list[Candidate], leave_out=None) -> Candidate:
        """The start model's choice among the candidates of one end (the longer name on a tie)."""
        return max(cands, key=lambda c: (_score(self.start_weights, self.start_bias,
                                                self.start_features(c, leave_out)), -c.start))

    def propose(self, t: str, regions: list[tuple[int, int]], places: list[str],
                taken: list[tuple[int, int]]) -> list[tuple[Candidate, float]]:
        """(best candidate, probability that it is a name) for every end whose best candidate
        overlaps no span of ``taken`` (sorted, merged: the rules' names)."""
        out = []
        for e, cands in sorted(candidates(t, regions, places).items()):
            best = self.best(cands)
            if overlaps(taken, best.start, best.end):
                continue
            out.append((best, _score(self.end_weights, self.end_bias, self.end_features(t, e, best))))
        return out

    def to_json(self, path: str | Path) -> None:
        data = {"start": {"weights": self.start_weights, "bias": self.start_bias},
                "end": {"weights": self.end_weights, "bias": self.end_bias},
                "memory": {"annotated": self.memory.annotated, "occurs": self.memory.occurs}}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "AgencyRanker":
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(d["start"], d["end"], Memory(d["memory"]["annotated"], d["memory"]["occurs"]))


def places_of(text: str, issuer: str | None) -> list[str]:
    """The place names a name may start with (from the issuer and the title line)."""
    return _known_places(text, issuer)
