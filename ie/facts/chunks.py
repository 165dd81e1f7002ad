"""Reports cut into sentence-sized pieces of prose: what the sequence model reads, at training
and at run time alike (short pieces keep it fast and give it only the local context it needs)."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

_SENTENCE = re.compile(r"[^。！？!?\n；;]*[。！？!?\n；;]?")
MAX_CHUNK = 400


def chunks(text: str, skip: Iterable[tuple[int, int]] = (), size: int = MAX_CHUNK // 2) -> Iterator[tuple[int, int]]:
    """Pieces of ``text`` of whole sentences (joined until ``size`` characters) outside ``skip``
    (table regions and chrome: not narrative)."""
    skip = sorted(skip)
    start = None
    end = 0
    for m in _SENTENCE.finditer(text):
        if m.start() == m.end():
            continue
        if any(a <= m.start() < b for a, b in skip):
            if start is not None:
                yield start, end
                start = None
            continue
        if start is None:
            start = m.start()
        end = m.end()
        if end - start >= size:
            yield start, end
            start = None
    if start is not None:
        yield start, end
