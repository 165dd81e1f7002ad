"""HTML for a text with spans marked: the report page's text, the search page's snippets.

Spans may nest (a count inside a problem sentence) or cross (a search hit that starts inside a
fact); HTML elements may only nest. A span that a closing span would cut is closed and opened
again after it, so every span is one or more ``<mark>`` pieces and only the first piece carries
the span's ``id``: a link to ``#id`` lands where the span starts.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` is marked ``<mark class=...>``; ``id`` and ``title`` go on its first piece."""

    start: int
    end: int
    css: str
    id: str | None = None
    title: str | None = None


def _open(span: Span, first: bool) -> str:
    attrs = f' class="{escape(span.css)}"'
    if first and span.id:
        attrs += f' id="{escape(span.id)}"'
    if span.title:
        attrs += f' title="{escape(span.title)}"'
    return f"<mark{attrs}>"


def marked_html(text: str, spans: list[Span]) -> str:
    """``text`` HTML-escaped, with each span of ``spans`` (inside the text, not empty) marked."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    starts: dict[int, list[Span]] = {}
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):  # outer (longer) spans open first
        starts.setdefault(s.start, []).append(s)
    ends = {s.end for s in spans}
    out: list[str] = []
    stack: list[Span] = []
    pos = 0
    for at in sorted(set(starts) | ends):
        out.append(escape(text[pos:at]))
        pos = at
        if any(s.end == at for s in stack):
            reopen = []
            while any(s.end == at for s in stack):
                top = stack.pop()
                out.append("</mark>")
                if top.end != at:
                    reopen.append(top)
            for s in reversed(reopen):  # continue the cut spans, outermost first
                out.append(_open(s, first=False))
                stack.append(s)
        for s in starts.get(at, ()):
            out.append(_open(s, first=True))
            stack.append(s)
    out.append(escape(text[pos:]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)
