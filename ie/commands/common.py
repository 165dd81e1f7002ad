"""Helpers shared by the commands: input expansion, atomic output, progress."""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterator, TextIO

from ..files import as_if_created
from ..readers import find_reports


class UsageError(Exception):
    """Bad arguments or unusable input found by a command: one-line message, exit status 2."""


def input_files(paths: list[str]) -> list[Path]:
    files, problems = find_reports(paths)
    if problems:
        raise UsageError("; ".join(problems))
    if not files:
        raise UsageError("no report files (.txt .md .html .htm .pdf .docx) in " + ", ".join(paths))
    return files


@contextlib.contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    """stdout, or a file that appears only once it is completely written (never half an output)."""
    if not path or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        as_if_created(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def progress(items, desc: str, enabled: bool | None = None, **kw):
    """A tqdm progress bar on stderr (shown when stderr is a terminal, unless forced)."""
    from tqdm import tqdm

    show = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(items, desc=desc, disable=not show, file=sys.stderr, unit="report", **kw)
