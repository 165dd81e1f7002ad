"""Readers turn a file of any supported format into one :class:`~ie.document.Document`.

The format is chosen by the file's content first (magic bytes) and its suffix second, so a PDF
saved as ``.txt`` or an HTML page saved without a suffix still reads."""
from __future__ import annotations

import os
from pathlib import Path

from ..document import Document, ReadError
from .docx import read_docx
from .html import read_html
from .image import read_image_file
from .pdf import read_pdf
from .text import read_text

SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "txt", ".markdown": "txt", ".html": "html", ".htm": "html",
            ".xhtml": "html", ".pdf": "pdf", ".docx": "docx", ".png": "image", ".jpg": "image", ".jpeg": "image",
            ".tif": "image", ".tiff": "image"}
MAX_BYTES = {"txt": 20 << 20, "html": 20 << 20, "pdf": 200 << 20, "docx": 100 << 20, "image": 200 << 20}
_READERS = {"txt": read_text, "html": read_html, "pdf": read_pdf, "docx": read_docx, "image": read_image_file}
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff(path: str, head: bytes) -> str:
    """The reader for a file: magic bytes win over the suffix."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if b"<html" in head[:2048].lower() or b"<!doctype html" in head[:2048].lower():
        return "html"
    return SUFFIXES.get(Path(path).suffix.lower(), "txt")


def supported(path: str | os.PathLike) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


def read(path: str | os.PathLike) -> Document:
    """Read one report file. Raises :class:`ReadError` with a one-line message when it cannot."""
    path = str(path)
    if os.path.isdir(path):
        raise ReadError(f"{path}: is a folder, not a file")
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(4096)
            kind = sniff(path, head)
            if size > MAX_BYTES[kind]:
                raise ReadError(f"{path}: file too large ({size / 2**20:.0f} MiB; limit for {kind} is "
                                f"{MAX_BYTES[kind] >> 20} MiB)")
            data = head + fh.read()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReadError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise ReadError(f"{path}: permission denied") from None
    return _READERS[kind](path, data)


def find_reports(paths: list[str | os.PathLike]) -> tuple[list[Path], list[str]]:
    """Expand files and folders (recursively) into report files of a supported format.

    Returns (files, problems): a named path that does not exist is a problem; files of other
    formats inside folders are skipped silently, but a named file is always kept (its content
    decides how it is read)."""
    files: list[Path] = []
    problems: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and supported(f) and not f.name.startswith("."))
        elif p.exists():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return list(dict.fromkeys(files)), problems


def read_string(text: str, source: str = "<text>") -> Document:
    """Wrap text that is already in memory as a document (the ``ie.extract(text)`` path)."""
    from .text import normalise_newlines

    if not text.strip():
        raise ReadError(f"{source}: the text is empty")
    return Document(source=source, text=normalise_newlines(text), format="txt")


__all__ = ["Document", "ReadError", "find_reports", "read", "read_string", "sniff", "supported", "SUFFIXES"]
