"""``ie compare``: one body's reports of several years, table cells side by side with the
changes, and the cross-year checks with the files they compared."""
from __future__ import annotations

import argparse
import json
import sys

HELP = """\
Extract the given reports, group them by body (the same division and organ: 洪泽区人民政府 and
淮安市洪泽区人民政府 are one body, 泉州 and 漳州 are not) and show each body's years side by
side: every table cell that either year prints, with the change, then the cross-year checks
and the files they compared.

examples:
  ie compare hongze_2023.pdf hongze_2024.pdf
  ie compare reports/ --changed          only the cells whose value changed
  ie compare a.txt b.txt --format json

Exit status: 0 ok (also when no body has two years: it says so), 2 unreadable input.
"""


def register(sub) -> None:
    p = sub.add_parser("compare", help="one body across years: cells side by side, cross-year checks",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="PATH", help="report files or folders")
    p.add_argument("--changed", action="store_true", help="only cells whose value changed")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..body import body_key
    from ..checks import cross_year, previous_years
    from ..document import ReadError
    from ..pipeline import extract
    from .common import input_files

    status = 0
    reports = []
    for path in input_files(args.inputs):
        try:
            reports.append(extract(path, facts=False))
        except ReadError as exc:
            print(f"ie: error: {exc}", file=sys.stderr)
            status = 2
    bodies: dict[str, list] = {}
    for r in sorted((r for r in reports if r.year), key=lambda r: r.year):
        bodies.setdefault(body_key(r.issuer) or "?", []).append(r)
    checks = cross_year(reports)
    pairs = {id(cur): prev for cur, prev in previous_years(reports)}
    out = []
    for body, years in bodies.items():
        if len({r.year for r in years}) < 2:
            continue
        out.append({"body": body, "reports": [{"year": r.year, "source": r.source, "issuer": r.issuer} for r in years],
                    "cells": _cells(years, args.changed),
                    "pairs": [{"year": r.year, "previous": pairs[id(r)].source if pairs.get(id(r)) else None}
                              for r in years if id(r) in pairs],
                    "checks": [c.to_dict() | {"year": cur.year} for cur, c in checks if cur in years]})
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False, indent=1))
    elif not out:
        print("no body with reports of two or more years among the inputs")
    else:
        print("\n\n".join(_text(b) for b in out))
    return status


def _cells(years: list, changed_only: bool) -> list[dict]:
    """Every key either year holds, in the templates' order, with each year's value."""
    from ..store.labels import cell_labels

    labels = cell_labels()
    keys = [k for k in labels if any(k in r.tables for r in years)]
    rows = []
    for key in keys:
        values = [r.value(key) for r in years]
        if changed_only and len(set(values)) < 2:
            continue
        rows.append({"key": key, "label": labels[key], "values": values})
    return rows


def _text(body: dict) -> str:
    from ..render import fit, grid, width

    years = [str(r["year"]) for r in body["reports"]]
    head = [f"{body['body']}: " + ", ".join(f"{r['year']} {r['source']}" for r in body["reports"])]
    rows = []
    for c in body["cells"]:
        values = c["values"]
        change = _change(values[-2], values[-1])
        row_label, _, column = c["label"].rpartition(" ")
        rows.append([fit(row_label, 30 - width(column)) + " " + column] + [_fmt(v) for v in values] + [change])
    head.append(grid(["cell"] + years + ["change"], rows) if rows else "(no table cells)")
    for p in body["pairs"]:
        head.append(f"cross-year: {p['year']} " + (f"paired with {p['previous']}" if p["previous"] else
                                                   "has no previous year among the inputs"))
    head += [f"{c['status'].upper():9s} {c['message']}" for c in body["checks"]]
    return "\n".join(head)


def _fmt(v) -> str:
    if v is None:
        return "·"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:.10g}"
    return str(v)


def _change(a, b) -> str:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        d = round(b - a, 6)  # amounts are decimals: 7545 - 7730.28 is -185.28, not -185.27999
        return "" if d == 0 else f"{'+' if d > 0 else ''}{_fmt(d)}"
    return "" if a == b else "changed"
