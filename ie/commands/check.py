"""``ie check``: the consistency checks (勾稽关系 and more) of reports."""
from __future__ import annotations

import argparse
import json
import sys

HELP = """\
Run the template's consistency rules on reports and print the findings: the arithmetic of
table 2 (R-T2-BAL per column, R-T2-ROW per row, R-T2-RES) and table 3 (R-T3-SUM), non-negative
cells, the 2019 table-1 heuristics, figures quoted in the prose versus the tables (R-TXT),
template versus year (R-TPL) and the publication deadline (R-TIME). Given several years of
the same body, also the cross-year rules: carried over = last year's carried forward (R-T2-XY),
documents in force (R-T1-21-XY), 2019-2020 item counts (R-T1-19-XY). The same body is the
same administrative division and organ (洪泽区人民政府 = 淮安市洪泽区人民政府, 泉州 != 漳州);
each report says which file it was paired with, or that no previous year was given.

examples:
  ie check report.pdf                  failing checks only
  ie check report.pdf --all            every check with pass / fail / uncertain
  ie check reports/ --format json      one JSON line per report
  ie check pingtan_2024.txt pingtan_2025.txt    with the cross-year checks

Checks that cannot be decided (cells missing) are 'uncertain': the text output counts them
under "not checked", never as passed; a document without template tables says "no checks apply".

Exit status: 0 no error-level failure, 1 an error-level check failed, 2 unreadable input.
"""


def register(sub) -> None:
    p = sub.add_parser("check", help="consistency checks (勾稽关系) of reports",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="PATH", help="report files or folders")
    p.add_argument("--all", action="store_true", help="show passing and uncertain checks too")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..checks import cross_year, previous_years
    from ..document import ReadError
    from ..pipeline import extract
    from ..render import checks_text
    from ..tables.cross_year import settle_across_years
    from .common import input_files

    files = input_files(args.inputs)
    status = 0
    reports = []
    for path in files:
        try:
            reports.append(extract(path, facts=False))
        except ReadError as exc:
            print(f"ie: error: {exc}", file=sys.stderr)
            status = 2
    settle_across_years(reports)
    for later, check in cross_year(reports):
        later.checks.append(check)
    paired = {id(cur): prev for cur, prev in previous_years(reports)}
    for report in reports:
        if report.failed_checks("error") and status == 0:
            status = 1
        if args.format == "json":
            checks = report.checks if args.all else report.failed_checks()
            prev = paired.get(id(report))
            print(json.dumps({"source": report.source, "template": report.template,
                              "checks": [c.to_dict() for c in checks],
                              "summary": _summary(report.checks),
                              "previous_year": prev and prev.source}, ensure_ascii=False))
        else:
            print(f"{report.source}  (template {report.template})")
            print(checks_text(report.checks, failing_only=not args.all))
            if id(report) in paired:
                print(_pairing_line(report, paired[id(report)]))
            print()
    return status


def _pairing_line(report, prev) -> str:
    """Which file the cross-year rules compared this report with, or that none was given."""
    if prev is None:
        return (f"cross-year: no {report.year - 1} report of the same body given "
                f"({report.issuer or 'issuer unknown'}); cross-year rules not run")
    return f"cross-year: {report.year} paired with {prev.year} {prev.source} ({prev.issuer})"


def _summary(checks) -> dict[str, int]:
    """How many checks passed, failed, and could not be decided (and of those, error-level)."""
    count = {s: sum(c.status == s for c in checks) for s in ("pass", "fail", "uncertain")}
    count["uncertain_errors"] = sum(c.status == "uncertain" and c.severity == "error" for c in checks)
    return count
