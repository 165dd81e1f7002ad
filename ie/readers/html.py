"""HTML pages: find the report inside the site chrome, keep real <table> structure.

Government sites wrap the report in navigation, search boxes and link lists. The report body is
the smallest element that still holds most of the report's section headings; its tables are
rendered as pipe rows (one line per <tr>, empty cells kept, colspans expanded) so the table
extractor sees cell positions."""
from __future__ import annotations

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..document import Document, ReadError, TextBuilder
from ..schema import SECTIONS
from .text import decode

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "tr", "table", "blockquote", "pre", "header", "footer", "dd", "dt", "center"}
_SKIP = {"script", "style", "noscript", "head", "iframe", "svg", "button", "select", "input", "form", "nav"}
_MARKERS = tuple(s.phrases[0] for s in SECTIONS) + ("第二十条", "勾稽关系")


def read_html(path: str, data: bytes) -> Document:
    soup = BeautifulSoup(decode(data, path), "lxml")
    body = _report_root(soup)
    if body is None:
        raise ReadError(f"{path}: no text in this HTML page")
    meta = _page_meta(soup)
    builder = TextBuilder()
    grids = []
    body_text = _squash(body.get_text(""))
    title = meta.get("title", "")
    if title and _squash(title) not in body_text[:400]:
        builder.add(title + "\n")
    _render(body, builder, grids)
    text = builder.text()
    if not text.strip():
        raise ReadError(f"{path}: no text in this HTML page")
    return Document(source=path, text=text, format="html", meta=meta, grids=grids)


def _squash(s: str) -> str:
    return "".join(s.split())


def _report_root(soup: BeautifulSoup) -> Tag | None:
    """The smallest element containing the most report markers (section headings, table anchors)."""
    best, best_key = None, None
    for el in soup.find_all(["body", "div", "td", "article", "section", "main"]):
        text = _squash(el.get_text(""))
        if not text:
            continue
        hits = sum(1 for m in _MARKERS if m in text)
        key = (hits, -len(text))
        if best_key is None or key > best_key:
            best, best_key = el, key
    if best is not None and best_key[0] == 0:
        return soup.body or soup
    return best if best is not None else soup.body


def _page_meta(soup: BeautifulSoup) -> dict[str, str]:
    meta = {}
    names = {"articletitle": "title", "pubdate": "published", "contentsource": "publisher"}
    for tag in soup.find_all("meta"):
        name = (tag.get("name") or "").lower()
        if name in names and tag.get("content", "").strip():
            meta[names[name]] = tag["content"].strip()
    if "title" not in meta and soup.title and soup.title.string:
        meta["title"] = soup.title.string.split("_")[0].strip()
    return meta


def _render(node: Tag, out: TextBuilder, grids: list) -> None:
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            text = str(child).replace("\xa0", " ")
            if text.strip():
                out.add(" ".join(text.split()) if "\n" in text else text)
            continue
        if not isinstance(child, Tag) or child.name in _SKIP:
            continue
        if child.name == "table":
            rows = _table_rows(child)
            if rows:
                grids.append(out.add_grid(rows))
            continue
        if child.name == "br":
            out.add("\n")
            continue
        block = child.name in _BLOCK
        if block:
            out.newline()
        _render(child, out, grids)
        if block:
            out.newline()


def _table_rows(table: Tag) -> list[list[str]]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        row = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            row.append(" ".join(cell.get_text(" ").replace("\xa0", " ").split()))
            try:
                span = int(cell.get("colspan", 1))
            except ValueError:
                span = 1
            row.extend([""] * (min(span, 20) - 1))
        if any(c for c in row):
            rows.append(row)
    return rows
