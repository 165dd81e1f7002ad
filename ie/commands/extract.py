"""``ie extract``: tables, checks and facts of reports as JSON, JSON lines or aligned tables."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = """\
Extract the three standard tables (keyed as in the national templates), the consistency
checks and the narrative facts of one or more reports.

examples:
  ie extract examples/seed_004_guigang_2021.txt              one JSON object
  ie extract report.pdf --format table                       the tables for reading
  ie extract reports/ --format jsonl -o all.jsonl            a folder, one line per report
  ie extract report.html --no-facts                          tables and checks only

Every cell carries its span in the document text ("start"/"end"); cells that are not
printed, or that cannot be read without guessing, are null and a warning says why. Given
several years of one body, a cell that only the other year can settle (glued digits) is
filled with method "cross-year" where both reports are seen to keep the identity used.
Exit status: 0 ok, 2 unreadable input (one-line message, nothing written for that file).
"""


def register(sub) -> None:
    p = sub.add_parser("extract", help="extract tables, checks and facts from reports",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="PATH", help="report files (.txt .md .html .pdf .docx) or folders")
    p.add_argument("--format", "-f", choices=("json", "jsonl", "table"), default=None,
                   help="json (default for one named file; an array for several), jsonl (default for a "
                        "folder or several paths: one object per line), or table")
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout (written atomically)")
    p.add_argument("--no-facts", action="store_true", help="skip narrative facts (faster)")
    p.add_argument("--model", metavar="DIR", default=None,
                   help="narrative-fact model directory (default: the shipped models/facts), e.g. one `ie train` wrote")
    p.add_argument("--no-text", action="store_true", help="leave the document text out of the JSON")
    p.add_argument("--progress", action="store_true", default=None, help="show a progress bar (default: on a terminal)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..document import ReadError
    from ..pipeline import extract
    from ..render import report_text
    from ..tables.cross_year import settle_across_years
    from .common import UsageError, input_files, output, progress

    files = input_files(args.inputs)
    if args.model and not (Path(args.model) / "pipeline").is_dir():
        raise UsageError(f"{args.model}: no trained model here (a folder written by `ie train`)")
    one_file = len(args.inputs) == 1 and not Path(args.inputs[0]).is_dir()
    fmt = args.format or ("json" if one_file else "jsonl")
    failed = 0
    results = []
    for path in progress(files, "extract", args.progress if len(files) > 1 else False):
        try:
            results.append(extract(path, facts=not args.no_facts, model=args.model or "default"))
        except ReadError as exc:
            failed += 1
            print(f"ie: error: {exc}", file=sys.stderr)
    if failed and len(files) == 1:
        return 2
    settle_across_years(results)  # several years of one body settle each other's ambiguous cells
    with output(args.output) as out:
        if fmt == "table":
            out.writelines(report_text(report) + "\n" for report in results)
        elif fmt == "jsonl":
            out.writelines(json.dumps(_data(r, args.no_text), ensure_ascii=False) + "\n" for r in results)
        else:  # one object for one named file, else one array: always a single JSON document
            data = [_data(r, args.no_text) for r in results]
            out.write(json.dumps(data[0] if one_file and len(data) == 1 else data, ensure_ascii=False, indent=1)
                      + "\n")
    if failed:
        print(f"ie: {failed} of {len(files)} files could not be read", file=sys.stderr)
        return 2
    return 0


def _data(report, no_text: bool) -> dict:
    data = report.to_dict()
    if no_text:
        data.pop("text")
    return data
