"""The items of section 五 (problems and improvement measures) and of plans in section 六.

Two separate jobs, so that a trained classifier can replace the second:

* :func:`split_items` cuts a section body into items (spec FACTS.md): one per enumerated item
  (一是…, （一）…, 1. …, 第一，…, 首先…), without its enumerator, ending at its sentence end or
  at the next enumerator. A heading such as （一）完善考评体系，实现规范管理 followed by 一是…二是…
  yields the sub-items, not the heading; a heading followed by prose is itself the item when it
  ends in 。, else its sentences are. Unenumerated prose yields one item per sentence, or per
  clause when a sentence lists several problems (…仍需进一步完善，…有待进一步提高，…).
* :func:`label_item` says ``problem`` or ``measure`` from cue words: the nearest heading or
  lead-in first (存在问题： / 改进措施： / 对上年度问题的改进情况), then the item's own words.

Both work on a plain string and return offsets into it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_CN = "一二三四五六七八九十"
_AFTER_BREAK = r"(?:^|(?<=[。；;：:，,、\n）)!?！？]))"

# Enumerator styles, highest level first. "block" styles can hold sub-items; "leaf" styles cannot.
_STYLES = (
    ("paren_cn", re.compile(rf"[（(][{_CN}]{{1,3}}[）)]"), "block"),
    ("cn_dun", re.compile(rf"(?:^|(?<=[。\n]))[{_CN}]{{1,2}}、"), "block"),
    ("arabic", re.compile(r"(?:^|(?<=[。；;：:\n]))\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[）)]"), "block"),
    ("shi", re.compile(rf"{_AFTER_BREAK}(?:其)?[{_CN}]{{1,2}}是"), "leaf"),
    ("ordinal", re.compile(rf"{_AFTER_BREAK}(?:第[{_CN}]{{1,2}}[，,、：:]|(?:首先|其次|再次|最后|另一方面|一方面)[，,])"), "leaf"),
)
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_TRIM = "，,；;、。.：:！？!? \n\t"

# ---- cue words -------------------------------------------------------------------------------

PROBLEM_CONTEXT = re.compile(r"存在的?(?:主要)?(?:问题|不足)|(?:问题|不足)(?:主要)?(?:是|有|表现|如下|包括)|主要表现|表现在|"
                             r"还存在|仍存在|差距|短板|薄弱环节|不足之处|主要问题")
MEASURE_CONTEXT = re.compile(r"改进|措施|整改|下一步|今后|针对(?:上述|以上|这些|存在的?)?问题|(?:19|20)\d{2}年.{0,8}将|"
                             r"将(?:从|采取|重点|继续|进一步|着力|在|以|切实|抓好)|"
                             r"努力方向|工作(?:计划|打算|安排|思路|重点)|计划")
PLAN_CUES = re.compile(r"下一步|工作(?:计划|打算|安排|思路)|明年|(?:19|20)\d{2}年.{0,10}(?:将|计划)|今后")
STRONG_PROBLEM = re.compile(r"不够|不足|有待|仍需|尚需|还需|需要进一步|亟需|亟待|欠缺|缺乏|不高|不强|不到位|不完善|不平衡|"
                            r"不充分|不快|不深|不全|不细|不及时|不规范|不统一|不丰富|较少|较弱|较低|偏少|偏低|滞后|单一|薄弱|"
                            r"仍待|尚未|还未|未能|存在|差距|短板|不一|参差不齐|不畅|不顺畅|较大|不便|不同源|有所欠缺|仍有|"
                            r"待(?:进一步)?(?:提升|提高|加强|完善|改进|拓展)")
MEASURE_CUES = re.compile(r"加强|进一步|将|推进|完善|提升|提高|强化|深化|健全|优化|规范|做好|抓好|狠抓|继续|持续|加大|确保|"
                          r"落实|建立|拓展|拓宽|丰富|注重|坚持|严格|扎实|全面|积极|切实|着力|推动|督促|引入|按照|围绕")
_INTRO = re.compile(r"(?:以下|如下|几个方面|几方面)|[：:]$|取得了?一定|(?:还|仍)?存在(?:一些|一定|以下|如下|不少)|主要表现")
# "仍存在一些不足" announces problems without stating one
_GENERIC_PROBLEM = re.compile(r"^(?:[但而却也可]|在|虽然)[^，,；;]{0,6}?(?:存在|仍在|仍有|还有)[^，,；;]{0,6}"
                              r"(?:问题|不足|差距|短板|薄弱环节)(?:和(?:不足|问题|差距))?$")
_ACHIEVEMENT = re.compile(r"取得|成效|成绩")  # "取得一定成效，但…": the lead-in, not a problem
_CLAUSE_SPLIT = re.compile(r"[，,；;]")
_NOT_A_CLAUSE_START = ("上述", "以上", "这些", "针对", "虽然", "对照", "由于")
_CLAUSE_LEAD = ("但还存在", "但仍存在", "但存在", "还存在", "仍存在", "主要是", "主要有", "主要表现为", "主要表现在", "表现为",
                "如", "一方面", "另一方面", "同时", "但")
_CLAUSE_TAIL = ("等方面的问题", "等问题", "等不足", "的问题", "等")
_MEASURE_LEAD = re.compile(r"^[^。]{0,12}?(?:下一步|今后|(?:19|20)\d{2}年度?|明年|新的一年)[^。，,]{0,3}[，,]?[^，,。]{0,8}?将")
# a turn to the measures that opens the measure sentence itself: 对此，我局组织学习… / 为改进上述问题我局切实…
_TURN_LEAD = re.compile(r"^\s*(?:对此|为此|针对(?:此|上述|以上|这些|存在的?)?(?:问题|不足)|"
                        r"为(?:改进|解决|整改)(?:上述|以上|这些|存在的?)?(?:问题|不足))[，,：:]?\s*"
                        r"(?:我(?:局|办|委|们|单位|区|县|市)|本(?:局|办|委|单位))?")
_PURPOSE = re.compile(r"(?:推动|促进|努力|力争|确保).{0,14}(?:水平|台阶|发展)")


@dataclass
class Item:
    """One problem or measure: ``text`` is ``source[start:end]`` without its enumerator.

    ``context`` holds the headings and lead-ins that govern the item, outermost first; the
    labeller reads it (存在问题： → problem)."""

    start: int
    end: int
    text: str
    enumerator: str | None
    kind: str  # enumerated | heading | sentence | clause
    context: list[str] = field(default_factory=list)


@dataclass
class _Marker:
    start: int
    end: int
    style: str
    level: str


_ARABIC_DUN = re.compile(r"(?:^|(?<=[。；;：:\n]))(\d{1,2})、")
_GLUED_ARABIC = re.compile(r"(?<=[\u4e00-\u9fff])(\d{1,2})、(?=[\u4e00-\u9fff])")


def _glued_arabic(text: str) -> list[_Marker]:
    """``1、`` right after a word (web scrapes lose the line break) counts as an enumerator only
    in a run 1、 2、 3、 …, so that stray numbers stay text."""
    glued = [(m.start(), m.end(), int(m.group(1))) for m in _GLUED_ARABIC.finditer(text)]
    if not glued:
        return []
    others = [(m.start(), m.end(), int(m.group(1))) for m in _ARABIC_DUN.finditer(text)]
    cands = sorted(glued + others)
    out = []
    for i, (s, e, n) in enumerate(cands):
        if (s, e, n) not in glued:
            continue
        before = [c[2] for c in cands[:i] if s - c[0] < 600]
        after = [c[2] for c in cands[i + 1:] if c[0] - s < 600]
        if (n == 1 or n - 1 in before) and (n + 1 in after or n - 1 in before):
            out.append(_Marker(s, e, "arabic", "block"))
    return out


def _markers(text: str) -> list[_Marker]:
    out: list[_Marker] = _glued_arabic(text)
    taken: list[tuple[int, int]] = [(m.start, m.end) for m in out]
    for style, rx, level in _STYLES:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            out.append(_Marker(m.start(), m.end(), style, level))
            taken.append((m.start(), m.end()))
    return sorted(out, key=lambda m: m.start)


def split_items(text: str) -> list[Item]:
    """Items of a section body (the text after the section heading)."""
    return _split(text, 0, len(text), _markers(text), [])


def _split(text: str, a: int, b: int, markers: list[_Marker], context: list[str]) -> list[Item]:
    ms = [m for m in markers if a <= m.start < b]
    if not ms:
        return _prose_items(text, a, b, context)
    order = [s for s, _, _ in _STYLES]
    top_style = min((m.style for m in ms), key=order.index)
    tops = [m for m in ms if m.style == top_style]
    items: list[Item] = []
    intro_end = tops[0].start
    if text[a:intro_end].strip():
        items += _split(text, a, intro_end, [m for m in ms if m.start < intro_end], context)
        context = context + [text[a:intro_end]]
    local = context
    for i, m in enumerate(tops):
        end = tops[i + 1].start if i + 1 < len(tops) else b
        inner = [x for x in ms if m.end <= x.start < end and x.style != top_style]
        if m.level == "leaf":
            items.append(_leaf(text, m, end, local))
            gap_start = items[-1].end if items[-1].end > m.end else m.end
            gap = text[gap_start:end]
            para = gap.find("\n")
            if i + 1 == len(tops) and 0 <= para and gap[para:].strip():
                # a new paragraph after the last item is prose of its own (下一步，我市将…)
                items += _prose_items(text, gap_start + para + 1, end, local)
                continue
            if _context_label(_lead_in(gap)):
                local = local + [_lead_in(gap)]
            continue
        head_end = _heading_end(text, m.end, inner[0].start if inner else end)
        heading = text[m.end:head_end]
        if inner:
            items += _split(text, head_end, end, inner, local + [heading])
        elif head_end < end and text[head_end] == "。" or head_end >= end:
            items.append(_make(text, m.end, head_end, text[m.start:m.end], "heading", local))
            lead_in = _lead_in(text[head_end:end])
            if _context_label(lead_in):  # …3、公开内容不够全面。下一步，我局将…改进。 1、…: a new list
                local = local + [lead_in]
        else:
            items += _prose_items(text, head_end, end, local + [heading], under_heading=True)
    return [it for it in items if it.text]


def _lead_in(gap: str) -> str:
    """The lead-in of the next list in the text between two items: the unfinished sentence
    right before the next enumerator, else the last sentence when it opens a paragraph or
    announces a list (…以下几个方面：); elaboration of the previous item is not a lead-in."""
    tail = _SENTENCE_END.split(gap)[-1]
    if tail.strip(_TRIM):
        return tail
    body = gap.rstrip(_TRIM)
    cut = max(body.rfind(c) for c in "。！？!?\n")
    last = body[cut + 1:]
    if _INTRO.search(last) or (cut >= 0 and body[cut] == "\n"):
        return last
    return ""


def _heading_end(text: str, start: int, limit: int) -> int:
    m = _SENTENCE_END.search(text, start, limit)
    return m.start() if m else limit


def _leaf(text: str, m: _Marker, limit: int, context: list[str]) -> Item:
    end = _heading_end(text, m.end, limit)
    return _make(text, m.end, end, text[m.start:m.end], "enumerated", context)


def _make(text: str, start: int, end: int, enumerator: str | None, kind: str, context: list[str],
          lead: tuple[str, ...] = ()) -> Item:
    while start < end and text[start] in _TRIM:
        start += 1
    for w in lead:
        if text.startswith(w, start) and end - start > len(w) + 2:
            start += len(w)
            break
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if kind == "clause":
        for tail in _CLAUSE_TAIL:
            if text[start:end].endswith(tail) and end - start > len(tail) + 3:
                end -= len(tail)
                break
    return Item(start, end, text[start:end], enumerator, kind, list(context))


def _prose_items(text: str, a: int, b: int, context: list[str], under_heading: bool = False) -> list[Item]:
    """Items of prose without enumerators: problem clauses (…不够丰富，…有待提高), measure
    clauses after a plan lead-in (下一步，我区将加强队伍建设，提升业务素质…), and, under a
    title heading or in a measure context, whole sentences."""
    out: list[Item] = []
    local = list(context)
    pos = a
    led = False  # a measure lead-in sentence was read in this prose
    for m in list(_SENTENCE_END.finditer(text, a, b)) + [None]:
        end = m.start() if m else b
        s_start, s_end = pos, end
        pos = end + 1 if m else b
        sentence = text[s_start:s_end].strip()
        if len(sentence) < 4:
            continue
        # a lead-in ("主要表现在：") governs what follows it in the same sentence
        colon = max(sentence.rfind("："), sentence.rfind(":"))
        body_start = s_start
        if colon >= 0:
            head = sentence[: colon + 1]
            head_start = s_start + text[s_start:s_end].find(sentence)
            if _context_label(head) == "measure":  # 存在A、B等问题，今后我们将做好以下工作：
                out += _problems_before_measures(text, head_start, head_start + len(head), local)
            if _context_label(head):
                local = local + [head]
            body_start = head_start + colon + 1
        body = text[body_start:s_end]
        if not body.strip(_TRIM):
            continue
        turn = _TURN_LEAD.match(body)
        if turn and turn.end() < len(body.rstrip(_TRIM)):
            local = local + ["改进措施：" + body[: turn.end()]]  # the lead says measure without a cue word
            led = True
            out += _measure_clauses(text, body_start + turn.end(), s_end, local)
            continue
        clauses = _problem_clauses(text, body_start, s_end, local)
        if clauses:
            out += clauses
            if _context_label(body):
                local = local + [body]
            continue
        if _INTRO.search(sentence):
            local = local + [sentence]
            continue
        lead = _MEASURE_LEAD.match(body)
        if lead:
            local = local + [body[: lead.end()]]
            led = True
            out += _measure_clauses(text, body_start + lead.end(), s_end, local)
            continue
        label = _context_label(local[-1]) if local else None
        # after a measure lead in this prose, a long sentence with a measure cue is a measure even
        # when it names a cue of its own (…举一反三抓好有关问题整改), not a new lead-in
        go_on = led and label == "measure" and len(body.strip(_TRIM)) >= 15 and bool(MEASURE_CUES.search(body))
        if not under_heading and not go_on and _context_label(sentence):
            local = local + [sentence]
            continue
        if under_heading or go_on:
            out.append(_make(text, body_start, s_end, None, "sentence", local))
    return out


_SEMICOLON = re.compile(r"[；;]")


def _problems_before_measures(text: str, a: int, b: int, context: list[str]) -> list[Item]:
    """The problems a measure lead-in states before it turns to the measures, in one sentence
    (…存在公开渠道比较单一、移动新媒体应用较少等问题，在今后的工作中，我们将…：): the clauses
    before the first one with a measure cue."""
    for s, e in _spans(text, a, b, _CLAUSE_SPLIT):
        if MEASURE_CONTEXT.search(text, s, e):
            prefix = text[a:s]
            if s > a and STRONG_PROBLEM.search(prefix) and not _INTRO.search(prefix):  # 存在一些不足: they follow
                listed = a + prefix.find("存在") + 2 if "存在" in prefix else a  # 工作存在|A、B等问题
                return _problem_clauses(text, listed, s, context + [prefix])
            return []
    return []


def _spans(text: str, a: int, b: int, sep: re.Pattern) -> list[tuple[int, int]]:
    """``text[a:b]`` cut at ``sep``, as (start, end) pairs."""
    out, pos = [], a
    for m in sep.finditer(text, a, b):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, b))
    return out


def _measure_clauses(text: str, a: int, b: int, context: list[str]) -> list[Item]:
    """After 下一步，我区将…: one item per short clause that starts with a measure verb, or the
    whole rest of the sentence when its clauses are steps of one measure."""
    pieces = _spans(text, a, b, _CLAUSE_SPLIT)
    short = [(s, e) for s, e in pieces if e - s <= 16 and MEASURE_CUES.search(text[s:min(e, s + 6)])]
    if len(pieces) >= 2 and len(short) >= len(pieces) - 1:
        return [_make(text, s, e, None, "clause", context) for s, e in short if not _PURPOSE.match(text[s:e])]
    semis = [(s, e) for s, e in _spans(text, a, b, _SEMICOLON) if MEASURE_CUES.search(text[s:e])]
    if len(semis) >= 2:
        return [_make(text, s, e, None, "clause", context) for s, e in semis]
    if MEASURE_CUES.search(text[a:b]):
        return [_make(text, a, b, None, "sentence", context)]
    return []


def _problem_clauses(text: str, a: int, b: int, context: list[str]) -> list[Item]:
    """Clauses that each state a problem (…仍需进一步完善，…有待进一步提高), when a sentence
    lists at least one; a clause listing several with 、 is split further."""
    sentence = text[a:b]
    if context and _context_label(context[-1]) == "measure":
        return []
    pieces = []
    pos = 0
    for m in list(_CLAUSE_SPLIT.finditer(sentence)) + [None]:
        end = m.start() if m else len(sentence)
        pieces.append((pos, end))
        pos = m.end() if m else len(sentence)
    announced = bool(context) and bool(_INTRO.search(context[-1]))  # 但还存在一些不足：|如A；B；C
    listed = _problem_list(sentence, pieces, announced)
    if listed:  # the announcement governs the parts: 但还存在一些不足 → problem
        if not announced:
            context = list(context) + [sentence[: listed[0][0]]]
        return [_make(text, a + ps, a + pe, None, "clause", context, lead=_CLAUSE_LEAD) for ps, pe in listed]
    out = []
    for ps, pe in pieces:
        clause = sentence[ps:pe].strip()
        if not STRONG_PROBLEM.search(clause) or clause.startswith(_NOT_A_CLAUSE_START):
            continue
        if _INTRO.search(clause) or _GENERIC_PROBLEM.search(clause) or _ACHIEVEMENT.search(clause):
            continue
        subs = _split_dun(sentence, ps, pe)
        for ss, se in subs:
            out.append(_make(text, a + ss, a + se, None, "clause", context, lead=_CLAUSE_LEAD))
    return out


def _problem_list(sentence: str, pieces: list[tuple[int, int]], announced: bool = False) -> list[tuple[int, int]]:
    """After an announcement (但还存在一些不足，如…, in the sentence or in its lead-in), a list of
    problems separated by ；: each part is one, with or without a cue word of its own
    (未明确公开属性), when one of them has one."""
    intro = -1 if announced else next((pe for ps, pe in pieces if _INTRO.search(sentence[ps:pe])), None)
    if intro is None or not _SEMICOLON.search(sentence, intro):
        return []
    parts = [(ps, pe) for ps, pe in _spans(sentence, intro + 1, len(sentence), _SEMICOLON)
             if len(sentence[ps:pe].strip(_TRIM)) >= 6]
    cued = sum(bool(STRONG_PROBLEM.search(sentence[ps:pe])) for ps, pe in parts)
    return parts if len(parts) >= 2 and cued else []


def _split_dun(sentence: str, ps: int, pe: int) -> list[tuple[int, int]]:
    parts = []
    pos = ps
    for i in range(ps, pe):
        if sentence[i] == "、":
            parts.append((pos, i))
            pos = i + 1
    parts.append((pos, pe))
    if len(parts) >= 2 and all(STRONG_PROBLEM.search(sentence[s:e]) and e - s >= 8 for s, e in parts):
        return parts
    return [(ps, pe)]


def _context_label(context: str) -> str | None:
    """problem / measure from the cue that ends last in a heading or lead-in."""
    p = [m.end() for m in PROBLEM_CONTEXT.finditer(context)]
    q = [m.end() for m in MEASURE_CONTEXT.finditer(context)]
    if not p and not q:
        return None
    return "problem" if (max(p) if p else -1) > (max(q) if q else -1) else "measure"


def label_item(item: Item) -> str | None:
    """``problem`` or ``measure`` for one item (None when nothing says which).

    The nearest heading or lead-in decides when it has a cue; else the item's own words
    (不够/有待/仍需 … → problem; 加强/推进/完善 … → measure); else an outer context."""
    if item.context:
        nearest = _context_label(item.context[-1])
        if nearest:
            return nearest
    if STRONG_PROBLEM.search(item.text):
        return "problem"
    if MEASURE_CUES.search(item.text):
        return "measure"
    for ctx in reversed(item.context[:-1]):
        lab = _context_label(ctx)
        if lab:
            return lab
    return None


def has_plans(text: str) -> bool:
    """Whether a section-六 body announces plans (下一步, 工作计划, 2022年将…)."""
    return bool(PLAN_CUES.search(text))
