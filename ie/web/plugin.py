"""The Datasette plugin of ``ie serve``: the search and report pages, links, and the guard.

Hooks act only on a Datasette whose metadata has ``plugins: {ie: {database: NAME}}`` (what
:func:`ie.web.app.make_datasette` writes), and only on that database.

- ``/-/search`` (``.json`` for the hits as ``ie search --format json`` writes them): the
  keyword search of ``ie search``, run by :func:`ie.store.store.search` on Datasette's
  read-only connection, with every hit linking to its report page.
- ``/-/report/ID``: the report text with every cell and fact marked at its span.
- every ``report_id`` (and ``reports.id``) cell links to its report page.
- the store's connections refuse ATTACH and DETACH and are ``query_only``; queries run under
  Datasette's ``sql_time_limit_ms``, the search and report pages too.
"""
from __future__ import annotations

import sqlite3
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import sqlite_timelimit
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from .pages import load_report, parse_span, run_search, snippet_html, store_issuers

SEARCH_LIMIT = 20
MAX_LIMIT = 200
FIELDS = ("q", "type", "year", "issuer", "section")
_DENIED = {sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH}
_issuers: dict[tuple[int, str], list[str]] = {}  # per Datasette and file: immutable while served


def _store(datasette) -> str | None:
    config = datasette.plugin_config("ie")
    return config.get("database") if config else None


def report_path(datasette, report_id: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return datasette.urls.path(f"-/report/{report_id}") + (f"?{query}" if query else "")


def _authorizer(action, *_):
    return sqlite3.SQLITE_DENY if action in _DENIED else sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn, database, datasette):
    if database == _store(datasette):
        conn.execute("PRAGMA query_only = 1")
        conn.set_authorizer(_authorizer)


@hookimpl
def register_routes(datasette):
    if _store(datasette) is None:
        return []
    return [(r"^/-/search(?P<as_json>\.json)?$", search_view),
            (r"^/-/report/(?P<report_id>[0-9A-Za-z]+)$", report_view)]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database != _store(datasette) or not isinstance(value, str):
        return None
    if column == "report_id" or (table == "reports" and column == "id"):
        return Markup(f'<a href="{escape(report_path(datasette, value))}">{escape(value)}</a>')
    return None


@hookimpl
def menu_links(datasette, actor, request):
    if _store(datasette) is None:
        return []
    return [{"href": datasette.urls.path("-/search"), "label": "Search the reports"}]


async def _read(datasette, fn):
    """``fn(conn)`` on the store's read connection, plain tuples, under the SQL time limit."""
    db = datasette.get_database(_store(datasette))
    limit = datasette.setting("sql_time_limit_ms")

    def run(conn):
        factory, conn.row_factory = conn.row_factory, None
        try:
            with sqlite_timelimit(conn, limit):
                return fn(conn)
        finally:
            conn.row_factory = factory

    return await db.execute_fn(run)


async def search_view(request, datasette):
    args = {name: request.args.get(name, "").strip() for name in FIELDS}
    limit = request.args.get("limit", "")
    limit = min(int(limit), MAX_LIMIT) if limit.isdigit() and int(limit) > 0 else SEARCH_LIMIT
    key = (id(datasette), datasette.get_database(_store(datasette)).path)
    if key not in _issuers:
        _issuers[key] = await _read(datasette, store_issuers)
    hits, error = [], None
    if args["q"]:
        try:
            hits = await _read(datasette, lambda conn: run_search(conn, _issuers[key], args, limit))
        except ValueError as exc:
            error = str(exc)
        except sqlite3.OperationalError as exc:
            error = "the search took too long; add a filter" if "interrupt" in str(exc) else str(exc)
    status = 400 if error else 200
    links = [report_path(datasette, h.report_id, q=args["q"], span=_span(h)) + "#hit" for h in hits]
    if request.url_vars.get("as_json"):
        body = {"query": args, "error": error,
                "hits": [{**h.to_dict(), "snippet": h.snippet(), "report_url": url} for h, url in zip(hits, links)]}
        return Response.json(body, status=status)
    html = await datasette.render_template("ie_search.html", {
        "args": args, "limit": limit, "error": error, "database": _store(datasette),
        "hits": [{"hit": h, "snippet": snippet_html(h), "url": url} for h, url in zip(hits, links)],
        "json_url": datasette.urls.path("-/search.json") + "?" + urlencode({**args, "limit": limit}),
        "types": ("text", "fact", "cell", "count", "amount", "percent", "date", "agency", "problem", "measure",
                  "contact"),
        "sections": ("overview", "proactive", "applications", "review_litigation", "problems_improvements",
                     "other_matters", "preamble", "signoff"),
    }, request=request)
    return Response.html(html, status=status)


def _span(hit) -> str | None:
    return f"{hit.start}-{hit.end}" if hit.start is not None and hit.end is not None else None


async def report_view(request, datasette):
    report_id = request.url_vars["report_id"]
    query = request.args.get("q", "")
    hit = parse_span(request.args.get("span"))
    page = await _read(datasette, lambda conn: load_report(conn, report_id, query, hit))
    if page is None:
        html = await datasette.render_template("error.html", {"status": 404, "title": None,
                                                              "error": f"no report {report_id} in this store"},
                                               request=request)
        return Response.html(html, status=404)
    database = _store(datasette)
    exports = {name: datasette.urls.table(database, view) + f".{fmt}?" + urlencode({"report_id": report_id, "_size": "max"})
               for name, view, fmt in (("cells (CSV)", "report_cells", "csv"), ("facts (CSV)", "report_facts", "csv"),
                                       ("checks (CSV)", "report_checks", "csv"),
                                       ("facts (JSON)", "report_facts", "json"))}
    html = await datasette.render_template("ie_report.html", {
        "page": page, "query": query, "hit": hit, "database": database, "exports": exports,
        "search_url": datasette.urls.path("-/search"),
    }, request=request)
    return Response.html(html)
