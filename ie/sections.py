"""Split a report into its six sections (spec §2), plus the preamble and sign-off.

A heading is a Chinese numeral with 、 (一、 二、 …) at the start of a line or after a sentence
end, followed within a few characters by one of the section's heading phrases (fuzzy, so
typos such as 行政法复议 still match). Table-2 row labels also start with 一、二、三、四、 but their
text is not a heading phrase, so they never qualify. Of all candidates the best sequence in
section order wins, which tolerates renumbered or missing sections.

Web crawlers often break a heading over two lines. A numeral that ends its line ("五、", then
"存在的主要问题及改进情况") is matched against the next non-empty line; a title line with no
sentence end may continue on the next ("五、存在的主要问题", then "及改进情况") when a phrase
reaches across the break. Both use the same phrases and threshold as one-line headings, and
the heading span then covers both lines (bench/heading_breaks.py is the stress case)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .schema import PREAMBLE, SECTIONS, SIGNOFF
from .textnorm import norm

# 一、总体情况 (also 一. / 一．) or 第一部分 总体情况
SECTION_NUMERAL = re.compile(r"(?<!第)([一二三四五六七八九十]{1,2})\s*[、.．]|第([一二三四五六七八九十]{1,2})部分[\s:：、]*")
_BLANK = re.compile(r"[\s#*>|\u3000]*")
_SENTENCE_END = re.compile(r"[。，,；;：:！!？?]")
_NEXT_TEXT = re.compile(r"[^\s#*>|\u3000]")  # first character of the next non-empty line
_NEXT_HEADING = re.compile(r"[一二三四五六七八九十][.、]")
_MIN_SCORE = 85
_MAX_LEAD = 18  # characters allowed between the numeral and the phrase ("2020年度政府信息公开工作的基本情况")
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*"
                        r"[\d一二三四五六七八九十]{1,3}\s*日\s*$")


@dataclass
class Section:
    key: str
    start: int
    end: int
    heading: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "heading": self.heading}


@dataclass
class _Candidate:
    section: int
    start: int
    heading_end: int
    score: float


def segment(text: str) -> dict[str, Section]:
    """Sections found in ``text``, keyed by section key, in document order. ``preamble`` is the
    text before the first heading; ``signoff`` the closing issuer/date lines, when present."""
    chosen = _best_sequence(_candidates(text))
    out: dict[str, Section] = {}
    if not chosen:
        return out
    first = chosen[0].start
    if text[:first].strip():
        out[PREAMBLE] = Section(PREAMBLE, 0, first, "")
    signoff = _signoff_start(text, chosen[-1].heading_end)
    for i, cand in enumerate(chosen):
        end = chosen[i + 1].start if i + 1 < len(chosen) else signoff
        spec = SECTIONS[cand.section]
        out[spec.key] = Section(spec.key, cand.start, end, text[cand.start:cand.heading_end].strip())
    if signoff < len(text):
        out[SIGNOFF] = Section(SIGNOFF, signoff, len(text), "")
    return out


def restore_problems_section(text: str, sections: dict[str, Section], table3_end: int | None
                             ) -> dict[str, Section]:
    """Spec §8: when heading 五 is lost, the text between the end of table 3 and the next section
    (六, the sign-off or the end) is section 五. Returned unchanged when there is no such text."""
    four = sections.get("review_litigation")
    if "problems_improvements" in sections or four is None or table3_end is None:
        return sections
    if not four.start < table3_end < four.end or not text[table3_end:four.end].strip():
        return sections
    key = "problems_improvements"
    out = {}
    for k, s in sections.items():
        out[k] = Section(k, s.start, table3_end, s.heading) if k == "review_litigation" else s
        if k == "review_litigation":
            out[key] = Section(key, table3_end, four.end, "")
    return out


def section_at(sections: dict[str, Section], offset: int) -> str | None:
    for s in sections.values():
        if s.start <= offset < s.end:
            return s.key
    return None


def _candidates(text: str) -> list[_Candidate]:
    out = []
    for m in SECTION_NUMERAL.finditer(text):
        title_start = _title_start(text, m)
        window_end, window, whole_line = _title_window(text, title_start)
        # a title line with no sentence end may hold a title broken over two lines
        follow = None
        if whole_line and not _SENTENCE_END.search(window):
            nxt = _NEXT_TEXT.search(text, window_end)
            follow = (nxt.start(), *_title_window(text, nxt.start(), own_numeral=False)[:2]) if nxt else None
        numeral = m.group(1) or m.group(2)
        for idx, spec in enumerate(SECTIONS):
            best, phrase_end, cut = _phrase_match(spec.phrases, window)
            end = _orig_end(text, title_start, phrase_end, window_end) if best else 0
            if follow is not None:
                next_start, next_end, next_window = follow
                joined, joined_end, _ = _phrase_match(spec.phrases, window + next_window, straddle=len(window))
                # a phrase cut by the line end scores high on its first half alone: the joined lines decide
                if joined >= _MIN_SCORE and (joined >= best or cut):
                    best, end = joined, _orig_end(text, next_start, joined_end - len(window), next_end)
            if best >= _MIN_SCORE:
                score = best + (10 if numeral == spec.numeral else 0)
                score += 5 * _own_line(text, m.start(), end)
                out.append(_Candidate(idx, m.start(), end, score))
    return out


def _title_window(text: str, start: int, own_numeral: bool = True) -> tuple[int, str, bool]:
    """(end, normalised text, whether it is the whole rest of the line) of the title looked for
    from ``start``: the rest of the line, at most 48 characters, never reaching into the next
    numbered heading (``own_numeral=False``: not even one right at ``start``, for the second
    line of a broken title)."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    end = min(line_end, start + 48)
    window = norm(text[start:end])
    nxt = _NEXT_HEADING.search(window, 1 if own_numeral else 0)
    return end, window[: nxt.start()] if nxt else window, end == line_end and nxt is None


def _phrase_match(phrases: tuple[str, ...], window: str, straddle: int | None = None
                  ) -> tuple[float, int, bool]:
    """(score, end in ``window``, whether the window ends inside the phrase) of the phrase that
    matches best within ``_MAX_LEAD`` characters of the start; (0, 0, False) when none does. With
    ``straddle`` (a title broken over two lines, the lines joined at that index), only matches
    that reach past the break count."""
    best, phrase_end, cut = 0.0, 0, False
    for phrase in phrases:
        p = norm(phrase)
        al = fuzz.partial_ratio_alignment(p, window[: _MAX_LEAD + len(p) + 2])
        if straddle is not None and al.dest_end <= straddle:
            continue
        if al.score > best and al.dest_start <= _MAX_LEAD:
            best, phrase_end = al.score, al.dest_end
            cut = al.dest_end == len(window) and al.src_end < len(p)
    return best, phrase_end, cut


def _title_start(text: str, m: re.Match) -> int:
    """Where the title after numeral ``m`` starts: right after it, or, when the numeral ends its
    line ("五、" then "存在的主要问题及改进情况" on the next line), at the next non-empty line.
    What may stand before the numeral is what may stand before it in an unbroken heading."""
    line_end = text.find("\n", m.end())
    if line_end < 0 or not _BLANK.fullmatch(text, m.end(), line_end):
        return m.end()
    nxt = _NEXT_TEXT.search(text, line_end)
    if nxt is None or SECTION_NUMERAL.match(text, nxt.start()):  # "五、" then "六、其他…": 六's title, not 五's
        return m.end()
    return nxt.start()


def _own_line(text: str, start: int, end: int) -> int:
    """How many ends of the heading touch a line break (headings usually stand on their own line)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = _BLANK.fullmatch(text, line_start, start) is not None
    line_end = text.find("\n", end)
    after = _BLANK.fullmatch(text, end, len(text) if line_end < 0 else line_end) is not None
    return int(before) + int(after)


def _orig_end(text: str, start: int, norm_len: int, limit: int) -> int:
    """Offset in ``text`` where ``norm_len`` normalised characters after ``start`` end, extended
    to the end of the heading line when the line is short (a heading on its own line)."""
    seen, i = 0, start
    while i < limit and seen < norm_len:
        if norm(text[i]):
            seen += 1
        i += 1
    rest = text[i:limit]
    if len(rest.strip()) <= 12 and not re.search(r"\d", rest):
        i = limit
    return i


def _best_sequence(cands: list[_Candidate]) -> list[_Candidate]:
    """Highest-scoring choice of at most one candidate per section, in section and text order."""
    cands = sorted(cands, key=lambda c: (c.start, c.section))
    # best[i] = (total score, chain) ending with candidate i
    best: list[tuple[float, list[_Candidate]]] = []
    for i, c in enumerate(cands):
        top = (c.score, [c])
        for j in range(i):
            prev_score, chain = best[j]
            last = chain[-1]
            if last.section >= c.section or last.heading_end > c.start:
                continue
            # a "section" of a few characters is a list of section names (in a preamble), not a section
            total = prev_score + c.score - (40 if c.start - last.heading_end < 20 else 0)
            if total > top[0]:
                top = (total, chain + [c])
        best.append(top)
    return max(best, key=lambda b: b[0])[1] if best else []


def _signoff_start(text: str, after: int) -> int:
    """Start of the closing lines (issuer name and a date on short lines at the very end)."""
    lines = text[after:].split("\n")
    pos = len(text)
    tail = []
    offset = len(text)
    for line in reversed(lines):
        offset -= len(line) + 1
        if not line.strip():
            continue
        if len(line.strip()) > 30 or len(tail) >= 3:
            break
        tail.append((max(offset + 1, after), line))
    if any(_DATE_LINE.match(line) for _, line in tail):
        pos = min(start for start, _ in tail)
    return pos
