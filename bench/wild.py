"""Complete-and-consistent share on the wild corpus (reports without gold, issue 9).

    python bench/wild.py ../shared/corpus [--silent] [--reports reports]

A report is *complete and consistent* when every cell of its table layout has a value and no
error-level rule fails or is uncertain. Without gold this is the measure that matters: per
report it prints "complete, consistent" or the reason (null cells by row, error rules failing or
uncertain), then the share overall and the cells filled overall. A failing rule may be the
report's own arithmetic: confirm by reading before calling it a bug. ``--silent`` also lists
null cells that no warning names (see :func:`unnamed_nulls` for what "named" means).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import ie
from ie.readers import supported
from ie.schema import Layout, layout_keys

KEY_TOKEN = re.compile(r"[a-z_]+(?:\.[a-z_]+)+|[a-z_]+")


def report_layout(report) -> Layout | None:
    """The per-table templates behind ``report.tables`` (None when no template table was found)."""
    if not report.tables:
        return None
    t1 = "tpl2021" if "proactive.rules.issued" in report.tables else "tpl2019"
    t2 = "tpl2021" if "applications.results.other.misc.total" in report.tables else "tpl2019"
    return Layout(t1, t2)


def null_cells(report) -> list[str]:
    """Layout cells left without a value, in table order."""
    layout = report_layout(report)
    return [] if layout is None else [k for k in layout_keys(layout) if report.value(k) is None]


def row_of(key: str) -> str:
    """The row (or, for table 3, the group) a cell belongs to: the key without its column."""
    return key.rsplit(".", 1)[0]


def unnamed_nulls(report) -> list[str]:
    """Null layout cells that no warning names.

    A warning names cell ``k`` when it contains, as a whole dotted token, ``k`` itself or a
    dotted prefix of ``k`` longer than the table name (its row, e.g.
    ``applications.new_received``, or a block of rows, e.g. ``applications.results.withheld``).
    The bare table name (``proactive``, ``applications``, ``review_litigation``) names the whole
    table only in "table <name>: ..." warnings, and names table 3's cells in any warning that
    starts with ``review_litigation:`` (table 3 is read as one row keyed by the table name). A
    bare "applications: ..." note (subtotals left out, scrambled labels) names no cell."""
    named: set[str] = set()
    for w in report.warnings:
        named.update(KEY_TOKEN.findall(w))
        m = re.match(r"(?:table )?([a-z_]+):", w)
        if m and (w.startswith("table ") or m.group(1) == "review_litigation"):
            named.add(m.group(1) + ".")  # the whole table
    out = []
    for key in null_cells(report):
        parts = key.split(".")
        prefixes = {".".join(parts[:i]) for i in range(2, len(parts) + 1)}
        if not (prefixes & named or parts[0] + "." in named):
            out.append(key)
    return out


def _rows_summary(keys: list[str]) -> str:
    counts = Counter(row_of(k) for k in keys)
    return ", ".join(f"{row} ({n})" for row, n in counts.items())


def _rules_summary(checks) -> str:
    counts = Counter((c.rule, c.status) for c in checks)
    return ", ".join(f"{rule} {status}" + (f" x{n}" if n > 1 else "") for (rule, status), n in counts.items())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="corpus folder (with wild/reports/)")
    ap.add_argument("--reports", default="wild/reports", help="reports folder inside the corpus (default wild/reports)")
    ap.add_argument("--silent", action="store_true", help="list null cells that no warning names")
    args = ap.parse_args(argv)
    folder = Path(args.corpus) / args.reports
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    files = sorted(p for p in folder.iterdir() if supported(p))
    good = filled = cells = silent_total = tableless = 0
    for path in files:
        try:
            report = ie.extract(path, facts=False)
        except ie.ReadError as exc:
            print(f"{path.stem:26s} unreadable: {exc}")
            continue
        layout = report_layout(report)
        if layout is None:
            print(f"{path.stem:26s} {report.template:8s} no template tables found (not counted)")
            tableless += 1
            continue
        keys = layout_keys(layout)
        nulls = null_cells(report)
        errors = [c for c in report.checks if c.severity == "error" and c.status != "pass"]
        cells += len(keys)
        filled += len(keys) - len(nulls)
        reasons = []
        if nulls:
            reasons.append(f"{len(nulls)} null: {_rows_summary(nulls)}")
        if errors:
            reasons.append(f"error rules: {_rules_summary(errors)}")
        good += not reasons
        print(f"{path.stem:26s} {report.template:8s} {len(keys) - len(nulls):4d}/{len(keys):<4d} "
              + ("complete, consistent" if not reasons else "; ".join(reasons)))
        if args.silent:
            silent = unnamed_nulls(report)
            silent_total += len(silent)
            if silent:
                print(f"{'':26s} silent nulls ({len(silent)}): {', '.join(silent)}")
    n = len(files) - tableless
    print(f"complete and consistent: {good}/{n} reports ({good / max(n, 1):.1%}); "
          f"cells filled {filled}/{cells} ({filled / max(cells, 1):.1%})"
          + (f"; silent nulls {silent_total}" if args.silent else "")
          + (f"; {tableless} without template tables not counted" if tableless else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
