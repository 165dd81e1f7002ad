"""Consistency checks against the gold files' ``check_failures``.

    python bench/checks_vs_gold.py ../shared/corpus

For every rule: in how many gold files the report itself breaks it (gold), in how many of those
`ie` reports a failure (found), and in how many other files `ie` reports one (beyond gold).
Error-level rules (R-T2-*, R-T3-*) must match exactly; warning-level findings are listed.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import ie


def main(argv=None) -> int:
    corpus = Path((argv or sys.argv[1:])[0])
    manifest = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    gold_by_rule: dict[str, set[str]] = defaultdict(set)
    ours_by_rule: dict[str, set[str]] = defaultdict(set)
    severity: dict[str, str] = {}
    for m in manifest:
        if not m.get("gold_tables"):
            continue
        stem = Path(m["file"]).stem
        gold = json.loads((corpus / "tables" / f"{stem}.json").read_text(encoding="utf-8"))
        for failure in gold["check_failures"]:
            gold_by_rule[failure.split(":")[0].strip()].add(stem)
        for check in ie.extract(corpus / "reports" / m["file"], facts=False).failed_checks():
            ours_by_rule[check.rule].add(stem)
            severity[check.rule] = check.severity
    exact = True
    print(f"{'rule':14s} {'severity':8s} {'gold':>5s} {'found':>6s} {'beyond gold':>12s}  files beyond gold")
    for rule in sorted(set(gold_by_rule) | set(ours_by_rule)):
        gold, ours = gold_by_rule[rule], ours_by_rule[rule]
        sev = severity.get(rule) or ie.schema.RULES[rule].severity
        beyond = sorted(ours - gold)
        print(f"{rule:14s} {sev:8s} {len(gold):5d} {len(gold & ours):6d} {len(beyond):12d}  {', '.join(beyond)}")
        if sev == "error" and gold != ours:
            exact = False
    print("error-level checks match the gold exactly" if exact else "ERROR-LEVEL MISMATCH")
    return 0 if exact else 1


if __name__ == "__main__":
    import ie.schema  # noqa: F401

    sys.exit(main())
