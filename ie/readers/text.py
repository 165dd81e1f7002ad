"""Plain text and markdown: detect the encoding, never crash on it."""
from __future__ import annotations

import codecs

from ..document import Document, ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, name: str = "input", warnings: list[str] | None = None) -> str:
    """Bytes to str: BOM first, then strict UTF-8, UTF-8 with a few broken sequences (a page
    cut mid-character: replaced, and counted in ``warnings``), UTF-16 without BOM, GB18030, and
    finally charset-normalizer's best guess. Raises ReadError for binary data."""
    if not data.strip():
        raise ReadError(f"{name}: the file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom):].decode(enc, errors="replace"), name)
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    broken = _broken_utf8(data)
    if broken:
        if warnings is not None:
            warnings.append(f"{name}: {broken} invalid UTF-8 byte sequence{'s' if broken > 1 else ''} replaced "
                            "with U+FFFD")
        return _checked(data.decode("utf-8", errors="replace"), name)
    utf16 = _guess_utf16(data)
    if utf16:
        return _checked(data.decode(utf16, errors="replace"), name)
    if b"\x00" in data:
        raise ReadError(f"{name}: binary data, not a text report")
    try:
        return _checked(data.decode("gb18030"), name)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(f"{name}: unknown text encoding or binary data")
    return _checked(str(best), name)


def _broken_utf8(data: bytes) -> int:
    """The number of invalid sequences when ``data`` is UTF-8 with a few of them (at least 50
    valid multi-byte characters per invalid sequence, which GB18030 text never reaches), else 0."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return bad if 0 < bad and multibyte >= 50 * bad else 0


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: one byte of every pair is mostly NUL for ASCII, and CJK text decodes
    to mostly CJK characters."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > len(odd) * 0.3:
        enc = "utf-16-le"
    elif even.count(0) > len(even) * 0.3:
        enc = "utf-16-be"
    else:
        return next((enc for enc in ("utf-16-le", "utf-16-be") if _plausible(data, enc, 0.5)), None)
    return enc if _plausible(data, enc, 0.5) else None


def _plausible(data: bytes, encoding: str, share: float) -> bool:
    """Whether bytes decode to mostly CJK, ASCII and common punctuation (a report, not noise)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    sample = text[:20000]
    good = sum(1 for ch in sample if ch.isascii() or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return bool(sample) and good >= len(sample) * share


def _checked(text: str, name: str) -> str:
    """Reject decoded text that is mostly control characters or replacement marks (binary)."""
    sample = text[:20000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f\v"))
    if sample and bad > len(sample) * 0.05:
        raise ReadError(f"{name}: binary data, not a text report")
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """The only normalisation of text inputs: one newline convention and no BOM. Everything else
    stays as published, so offsets can be checked against the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def read_text(path: str, data: bytes) -> Document:
    fmt = "md" if path.lower().endswith((".md", ".markdown")) else "txt"
    warnings: list[str] = []
    text = decode(data, path, warnings)
    return Document(source=path, text=text, format=fmt, warnings=warnings)
