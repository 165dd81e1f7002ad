"""HTML pages: find the report inside the site chrome, keep real <table> structure.

Government sites wrap the report in navigation, search boxes and link lists. The report body is
the smallest element that still holds the most report markers (section headings, table
anchors); its tables are rendered as pipe rows (one line per <tr>, empty cells kept, colspans
expanded) so the table extractor sees cell positions. Parsing uses lxml, which is fast and
forgiving with the broken markup of real pages."""
from __future__ import annotations

import lxml.html
from lxml import etree

from ..document import Document, ReadError, TextBuilder
from ..schema import SECTIONS
from .text import decode

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "tr", "table", "blockquote", "pre", "header", "footer", "dd", "dt", "center"}
_SKIP = {"script", "style", "noscript", "head", "iframe", "svg", "button", "select", "input", "form", "nav",
         "template"}
_MARKERS = tuple(s.phrases[0] for s in SECTIONS) + ("第二十条", "勾稽关系")
_CANDIDATES = {"body", "div", "td", "article", "section", "main"}


def read_html(path: str, data: bytes) -> Document:
    warnings: list[str] = []
    text = decode(data, path, warnings)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        raise ReadError(f"{path}: not a readable HTML page") from None
    meta = _page_meta(root)
    body = _report_root(root)
    builder = TextBuilder()
    grids: list = []
    title = meta.get("title", "")
    if title and _squash(title) not in _squash(body.text_content())[:400]:
        builder.add(title + "\n")
    _render(body, builder, grids)
    out = builder.text()
    if not out.strip():
        raise ReadError(f"{path}: no text in this HTML page")
    return Document(source=path, text=out, format="html", meta=meta, grids=grids, warnings=warnings)


def _squash(s: str) -> str:
    return "".join(s.split())


def _report_root(root):
    """The smallest element containing the most report markers."""
    best, best_key = root, (0, 0)
    for el in root.iter(*_CANDIDATES):
        content = _squash(el.text_content())
        if not content:
            continue
        hits = sum(1 for m in _MARKERS if m in content)
        key = (hits, -len(content))
        if hits and key > best_key:
            best, best_key = el, key
    if best_key[0] == 0:
        body = root.find("body")
        return body if body is not None else root
    return best


def _page_meta(root) -> dict[str, str]:
    meta = {}
    names = {"articletitle": "title", "pubdate": "published", "contentsource": "publisher"}
    for tag in root.iter("meta"):
        name = (tag.get("name") or "").lower()
        content = (tag.get("content") or "").strip()
        if name in names and content:
            meta[names[name]] = content
    if "title" not in meta:
        t = root.find(".//title")
        if t is not None and t.text_content().strip():
            meta["title"] = t.text_content().split("_")[0].strip()
    return meta


def _text(s: str | None) -> str:
    if not s:
        return ""
    s = s.replace("\xa0", " ")
    return " ".join(s.split()) if "\n" in s else s


def _render(node, out: TextBuilder, grids: list) -> None:
    """Depth-first text with line breaks at block elements and tables as pipe rows."""
    if node.text and node.text.strip():
        out.add(_text(node.text))
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag.lower() not in _SKIP:
            tag = tag.lower()
            if tag == "table":
                rows = _table_rows(child)
                if rows:
                    grids.append(out.add_grid(rows))
            elif tag == "br":
                out.add("\n")
            else:
                block = tag in _BLOCK
                if block:
                    out.newline()
                _render(child, out, grids)
                if block:
                    out.newline()
        if child.tail and child.tail.strip():
            out.add(_text(child.tail))


def _table_rows(table) -> list[list[str]]:
    rows = []
    for tr in table.iter("tr"):
        if next(tr.iterancestors("table")) is not table:
            continue  # a row of a nested table
        row = []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            row.append(" ".join(cell.text_content().replace("\xa0", " ").split()))
            try:
                span = int(cell.get("colspan", 1))
            except ValueError:
                span = 1
            row.extend([""] * (min(span, 20) - 1))
        if any(row):
            rows.append(row)
    return rows
