"""``ie reports``: what a fact store holds — each report's body, year, template, checks, source."""
from __future__ import annotations

import argparse
import json
import sys

HELP = """\
List the reports a store holds, one body's years together (the body is the division and
organ, so 洪泽区人民政府 and 淮安市洪泽区人民政府 group as one), with the template, how the
consistency checks came out and the file each was read from.

examples:
  ie reports --db facts.db
  ie reports --db facts.db --issuer 洪泽区 --year 2019-2024
  ie reports --db facts.db --format jsonl        one JSON object per report

Exit status: 0 ok, 2 bad arguments or no store.
"""


def register(sub) -> None:
    p = sub.add_parser("reports", help="list the reports a fact store holds", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default="facts.db", metavar="FILE", help="the store (default: facts.db)")
    p.add_argument("--issuer", "-i", metavar="NAME", help="one body (as for ie search --issuer)")
    p.add_argument("--year", "-y", metavar="YEARS", help="2021, 2019-2021 or 2019,2021")
    p.add_argument("--format", "-f", choices=("table", "jsonl"), default="table")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..body import body_key
    from ..render import grid, issuer_matches_text
    from ..store.commands import _store
    from .common import UsageError

    with _store(args.db, create=False) as store:
        if args.issuer:
            print("ie: " + issuer_matches_text(args.issuer, store.match_issuers(args.issuer)), file=sys.stderr)
        try:
            records = list(store.reports(year=args.year, issuer=args.issuer))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        counts = store.check_counts()
        sources = {r.id: store.sources(r.id) for r in records}
    rows = [{"body": body_key(r.issuer), "issuer": r.issuer, "year": r.year, "template": r.template,
             "checks": counts.get(r.id, {}), "source": r.source, "sources": sources[r.id], "report_id": r.id}
            for r in records]
    rows.sort(key=lambda r: (r["body"] or "", r["year"] or 0, r["source"]))
    if args.format == "jsonl":
        sys.stdout.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    elif rows:
        print(grid(["year", "issuer", "template", "checks", "source"],
                   [[str(r["year"] or "?"), r["issuer"] or "?", r["template"], _checks(r["checks"]),
                     r["source"] + (f" (+{len(r['sources']) - 1} more files)" if len(r["sources"]) > 1 else "")]
                    for r in rows], left=5))
    else:
        print("no reports")
    return 0


def _checks(c: dict) -> str:
    """'ok', '2 failed', '30 errors unchecked' ... in a few words."""
    parts = []
    if c.get("fail"):
        parts.append(f"{c['fail']} failed")
    if c.get("uncertain_errors"):
        parts.append(f"{c['uncertain_errors']} errors unchecked")
    return ", ".join(parts) or ("ok" if c.get("pass") else "none apply")
