"""``ie ingest``, ``ie search`` and ``ie export``: the fact store from the command line."""
from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import json
import os
import shutil
import sys

INGEST_HELP = """\
Extract reports and store them — tables, checks, facts and section texts — in one SQLite file
that 'ie search', 'ie export', sqlite3 and Datasette read (docs/store.md has the schema).

examples:
  ie ingest reports/ --db facts.db             every report under reports/, recursively
  ie ingest a.pdf b.html c.docx --workers 4    files; four extraction processes
  ie ingest reports/ --db facts.db             again later: only new or changed files are extracted

Each report is written in one transaction and keyed by the hash of its file's content: a file
already stored is skipped, a changed file replaces its old rows, and a run that was killed is
resumed by running it again. A file that cannot be read is reported and the run goes on.
Exit status: 0 every file stored, 1 some files failed (the others are stored), 2 bad arguments
or an unusable store.
"""

SEARCH_HELP = """\
Find the sentences, facts and table cells that contain QUERY, best first (bm25).

examples:
  ie search 复议                                      sentences, facts and cells about 行政复议
  ie search 复 --type text --limit 5                  a single character is a query too
  ie search 依申请 公开 --year 2021                    several words: all must match
  ie search 复议 --issuer 淮安市政府 --section review_litigation
  ie search 培训 --type problem,measure --format json
  ie search 行政许可 --type cell --year 2019-2020      the matching cells of each report, with values

A query matches as a substring, ignoring punctuation, spaces and case (full-width letters and
digits match their ASCII forms); every word must match. OR, NOT and phrases in quotes are
refused with a hint, and so is a query with no letters or digits. --issuer names a body: 淮安市政府 finds 淮安市人民政府,
洪泽区人民政府 also 淮安市洪泽区人民政府, a division alone (沭阳县, 贵阳) every body in it, other
text (洪泽, 财政局) every issuer that contains it; a near spelling of a place (贵港 for 贵阳) is
another place. The bodies matched are printed on stderr. A query with very many matches ranks the
newest 500 of them (latest year first; more with a larger --limit).
Exit status: 0 (also when nothing matches), 2 bad arguments, a refused query, or no store.
"""

EXPORT_HELP = """\
Write the store's tables into the folder OUT, to share or to load elsewhere.

examples:
  ie export --db facts.db --format parquet out/     reports, tables, cells, facts, checks, sections
  ie export --db facts.db --format csv out/
  ie export --db facts.db --format csv --excel out/   csv that Excel opens with the Chinese intact
  ie export --db facts.db --format hf corpus/       then: datasets.load_from_disk("corpus")["facts"]

tables has one wide row per report (a column per table key), cells the same values as key/value
rows, facts one row per fact (type-specific fields as JSON in 'fields'). OUT appears only when
complete; an existing OUT is replaced only with --overwrite.
Exit status: 0 ok, 2 bad arguments, no store, or OUT exists.
"""

# Spelled out rather than imported so that 'ie --help' stays fast; tests/test_store_cli.py
# checks them against ie.schema and ie.store.export.
HIT_TYPES_HELP = ("a fact type (count amount percent date agency problem measure contact), fact (all of "
                  "them), text (sentences) or cell (table cells by label); repeat or separate with commas")
SECTIONS_HELP = ("overview proactive applications review_litigation problems_improvements other_matters "
                 "preamble signoff; repeat or separate with commas")
EXPORT_FORMATS = ("csv", "parquet", "jsonl", "hf")


def register(sub) -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("ingest", help="extract reports into a searchable SQLite fact store",
                       description=INGEST_HELP, formatter_class=fmt)
    p.add_argument("inputs", nargs="+", metavar="PATH", help="report files (.txt .md .html .pdf .docx) or folders")
    _db_argument(p, "the store; created if missing")
    p.add_argument("--workers", "-j", type=_positive, metavar="N", help="extraction processes (default: one per core)")
    p.add_argument("--force", action="store_true", help="re-extract files that are already stored")
    p.add_argument("--progress", action="store_true", default=None, help="show a progress bar (default: on a terminal)")
    p.set_defaults(func=run_ingest)

    p = sub.add_parser("search", help="keyword search over stored sentences, facts and cells",
                       description=SEARCH_HELP, formatter_class=fmt)
    p.add_argument("query", nargs="+", metavar="QUERY", help="one or more words (put -- before a query that starts with -)")
    _db_argument(p, "the store to search")
    p.add_argument("--type", "-t", action="append", metavar="TYPE", help=HIT_TYPES_HELP)
    p.add_argument("--year", "-y", metavar="YEARS", help="2021, 2019-2021 or 2019,2021")
    p.add_argument("--issuer", "-i", metavar="NAME", help="the publishing body (see below)")
    p.add_argument("--section", "-s", action="append", metavar="SECTION", help=SECTIONS_HELP)
    p.add_argument("--limit", "-n", type=_positive, default=20, help="how many hits (default 20)")
    p.add_argument("--format", "-f", choices=("table", "json", "jsonl", "csv"), default="table",
                   help="an aligned table with the matches highlighted (default), json, jsonl or csv")
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout (written atomically)")
    p.set_defaults(func=run_search)

    p = sub.add_parser("export", help="export a fact store as csv, parquet, jsonl or a Hugging Face dataset",
                       description=EXPORT_HELP, formatter_class=fmt)
    p.add_argument("out", metavar="OUT", help="the folder to write")
    _db_argument(p, "the store to export")
    p.add_argument("--format", "-f", required=True, choices=EXPORT_FORMATS,
                   help="one file per table (csv, parquet, jsonl) or a datasets.DatasetDict (hf)")
    p.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    p.add_argument("--excel", action="store_true",
                   help="csv that Excel opens as UTF-8 (a byte-order mark at the start of each file)")
    p.set_defaults(func=run_export)


def _db_argument(parser, what: str) -> None:
    parser.add_argument("--db", default="facts.db", metavar="FILE", help=f"{what} (default: facts.db)")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
    return int(text)


@contextlib.contextmanager
def _store(path: str, create: bool):
    """The store, with its failures (not a store, locked, disk full...) as one-line errors.
    ``create=False``: an existing store, opened read-only (search and export never write)."""
    import sqlite3

    from ..commands.common import UsageError
    from . import FactStore, StoreError

    try:
        with FactStore(path, create=create, readonly=not create) as store:
            yield store
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    except sqlite3.Error as exc:
        raise UsageError(f"{path}: {exc}") from None


def run_ingest(args) -> int:
    from tqdm import tqdm

    from ..commands.common import UsageError, progress
    from ..readers import find_reports
    from .ingest import Summary, ingest

    files, problems = find_reports(args.inputs)
    if not files:
        raise UsageError("; ".join(problems) or "no report files (.txt .md .html .htm .pdf .docx) in "
                         + ", ".join(args.inputs))
    summary = Summary()
    with _store(args.db, create=True) as store:
        for problem in problems:  # a path that does not exist fails on its own; the run goes on
            print(f"ie: error: {problem}", file=sys.stderr)
            summary.failed += 1
        try:
            for outcome in progress(ingest(store, files, workers=args.workers, force=args.force), "ingest",
                                    args.progress, total=len(files)):
                summary.count(outcome)
                if outcome.status == "failed":
                    tqdm.write(f"ie: error: {outcome.message}", file=sys.stderr)
        except BaseException:
            print(f"ie: stopped; before that: {summary} -> {args.db}", file=sys.stderr)
            raise
        print(f"{summary} -> {args.db}")
    return 1 if summary.failed else 0


def run_search(args) -> int:
    from ..commands.common import UsageError, output
    from .records import Hit

    _refuse_unsupported(" ".join(args.query))
    with _store(args.db, create=False) as store:
        if args.issuer:
            from ..render import issuer_matches_text

            print("ie: " + issuer_matches_text(args.issuer, store.match_issuers(args.issuer)), file=sys.stderr)
        try:
            hits = store.search(" ".join(args.query), type=args.type and ",".join(args.type), year=args.year,
                                issuer=args.issuer, section=args.section, limit=args.limit)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    with output(args.output) as out:
        if args.format == "table":
            out.write(hits_table(hits, color=not args.output and _color(out)) + "\n")
        elif args.format == "csv":
            writer = csv.DictWriter(out, fieldnames=[f.name for f in dataclasses.fields(Hit)] + ["snippet"])
            writer.writeheader()
            writer.writerows({**row, "highlights": json.dumps(row["highlights"])} for row in map(_hit_row, hits))
        elif args.format == "json":
            out.write(json.dumps([_hit_row(h) for h in hits], ensure_ascii=False, indent=1) + "\n")
        else:
            out.writelines(json.dumps(_hit_row(h), ensure_ascii=False) + "\n" for h in hits)
    return 0


def _refuse_unsupported(query: str) -> None:
    """Queries that cannot mean what they say are errors with a hint, not a silent 'no matches'."""
    from ..commands.common import UsageError
    from .tokens import indexed_chars

    words = query.split()
    for op in ("OR", "NOT", "AND"):
        if op in words:
            raise UsageError(f"{op} is not supported: every word must match" + (
                "; run one search per alternative" if op == "OR" else
                "; leave the word out" if op == "NOT" else "; AND is what a space means already"))
    if any(q in query for q in ('"', "“", "”")) and any(indexed_chars(w) for w in words):
        raise UsageError("phrases in quotes are not supported: every word must match anywhere in the passage; "
                         "write the phrase without spaces (行政复议) to match it as printed")
    if not any(indexed_chars(w) for w in words):
        raise UsageError("the query has nothing to search for (no letters or digits)")


def _hit_row(hit) -> dict:
    return {**hit.to_dict(), "snippet": hit.snippet()}


def _color(out) -> bool:
    return out.isatty() and "NO_COLOR" not in os.environ


def hits_table(hits, color: bool = False, width: int | None = None) -> str:
    """Hits as aligned columns that fit the terminal (``width`` display columns), each with the
    file and offset it comes from (``source`` = name:start of the span). The issuer is cut,
    then the section and source columns dropped, before the snippet (the last column, matches
    marked) gets less than a minimum."""
    from ..render import fit, pad, width as display_width

    if not hits:
        return "no matches"
    total = width or shutil.get_terminal_size((160, 24)).columns
    header = ["score", "issuer", "year", "type", "section", "source", "hit"]
    rows = [[f"{h.score:.1f}", fit(h.issuer or "?", max(8, total // 5)), str(h.year or "?"), h.type or h.kind,
             h.section or "", fit(os.path.basename(h.source or "?"), 24) + ("" if h.start is None else f":{h.start}")]
            for h in hits]
    widths = [max(display_width(r[i]) for r in [header] + rows) for i in range(len(header) - 1)]
    for optional in ("section", "source"):  # too narrow: drop these, in this order
        if total - sum(widths) - 2 * len(widths) >= 24:
            break
        i = header.index(optional)
        header, widths = header[:i] + header[i + 1:], widths[:i] + widths[i + 1:]
        rows = [r[:i] + r[i + 1:] for r in rows]
    room = max(12, total - sum(widths) - 2 * len(widths))
    marks = ("\x1b[1;31m", "\x1b[0m") if color else ("«", "»")
    for row, hit in zip(rows, hits):
        value = "" if hit.kind != "cell" else " = " + ("·" if hit.value is None else str(hit.value))
        room_text = max(6, room - display_width(value))
        # at most room_text characters, then cut to room_text columns; colour codes take none,
        # so they go in after the cut (as zero-width placeholders before it)
        snippet = fit(hit.snippet(room_text, ("\x01", "\x02") if color else marks), room_text)
        row.append(snippet.replace("\x01", marks[0]).replace("\x02", marks[1]) + value)
    lines = []
    for i, row in enumerate([header] + rows):
        cells = [pad(c, w, right=(j == 0)) for j, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells + [row[-1]]))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths + [3]))
    return "\n".join(lines)


def run_export(args) -> int:
    from ..commands.common import UsageError
    from .export import export

    with _store(args.db, create=False) as store:
        try:
            counts = export(store, args.out, args.format, overwrite=args.overwrite, excel=args.excel)
        except (FileExistsError, ValueError) as exc:
            raise UsageError(str(exc)) from None
    print(", ".join(f"{n} {table}" for table, n in counts.items()) + f" -> {args.out} ({args.format})")
    return 0
