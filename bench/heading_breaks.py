"""Stress case from gold: section headings broken the way web crawlers break them.

    python bench/heading_breaks.py ../shared/corpus [--kind numeral|title] [--annotations annotations]

Every gold report is re-printed with a line break inserted into each of its section headings
(``numeral``: after the numeral, "五、\\n存在的主要问题及改进情况"; ``title``: in the middle of
the title, "五、存在的主要问\\n题及改进情况"), and scored before and after:

- sections: ``segment()`` must find the same sections at the same (shifted) start, body start
  and end as on the original text (corpus reports with gold and the annotated texts);
- tables: the table extractor's cells against the gold tables (corpus reports with gold tables,
  each read with ie's reader and extracted from its text, before and after);
- facts: the rules' facts against the annotations, per type (the official scorer, which matches
  by content, not offsets), split into annotated texts the heading fix was written without
  (seeds, Pingtan pages, legacy Pingtan) and the wild ones (Putian, Sanming, Pingtan bureaus).

Only headings ``segment()`` finds on the original are broken, so the "before" side is what the
finder already reads."""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import ie  # noqa: E402
from heading_breaks import KINDS, break_points, expected_spans, insert_breaks, section_spans  # noqa: E402
from ie.facts.annotations import load  # noqa: E402
from ie.facts.rules import rule_facts  # noqa: E402
from ie.readers import read, supported  # noqa: E402
from ie.sections import segment  # noqa: E402


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("official_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def perturbed(text: str, kind: str) -> tuple[str, list[int], dict, dict]:
    """(perturbed text, break points, original sections, perturbed sections)."""
    before = segment(text)
    points = break_points(text, before, kind)
    new = insert_breaks(text, points)
    return new, points, before, segment(new)


def section_diffs(text: str, kind: str) -> list[str]:
    """How the perturbed text's sections differ from the original's, mapped (empty: none)."""
    new, points, before, after = perturbed(text, kind)
    want = expected_spans(section_spans(text, before), points)
    got = section_spans(new, after)
    out = [f"{k}: lost" for k in want if k not in got]
    out += [f"{k}: new at {got[k][0]}" for k in got if k not in want]
    out += [f"{k}: {want[k]} -> {got[k]}" for k in want if k in got and want[k] != got[k]]
    return out


def table_counts(report, gold: dict) -> Counter:
    c = Counter()
    for key, expected in gold["tables"].items():
        got = report.value(key)
        c["cells"] += 1
        if expected is None:
            c["correct" if got is None else "invented"] += 1
        elif got is None:
            c["missing"] += 1
        else:
            c["correct" if abs(float(got) - float(expected)) < 1e-6 else "wrong"] += 1
    return c


def _table_line(name: str, c: Counter) -> str:
    return (f"{name:8s} cells {c['cells']:5d}  correct {c['correct'] / max(c['cells'], 1):.4f}  "
            f"wrong {c['wrong']}  missing {c['missing']}  invented {c['invented']}")


def fact_counts(scorer, records: list[dict], kind: str | None) -> dict[str, Counter]:
    total: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        text = rec["text"] if kind is None else perturbed(rec["text"], kind)[0]
        meta = rec.get("meta") or {}
        facts = rule_facts(text, segment(text), meta.get("year"), (), issuer=meta.get("issuer"))
        by_type, _ = scorer.score_facts(rec["facts"], [f.to_dict() for f in facts])
        gold_types = {g["type"] for g in rec["facts"]}
        for t, c in by_type.items():
            if t in gold_types:
                total[t].update(c)
    return total


def print_facts(scorer, group: str, before: dict[str, Counter], after: dict[str, Counter]) -> None:
    print(f"\nfacts, {group}: F1 before -> after (tp/fp/fn)")
    micro_b, micro_a = Counter(), Counter()
    for t in sorted(set(before) | set(after)):
        b, a = before.get(t, Counter()), after.get(t, Counter())
        micro_b.update(b)
        micro_a.update(a)
        print(f"  {t:8s} {scorer.prf(b)[2]:.3f} -> {scorer.prf(a)[2]:.3f}   "
              f"{b['tp']}/{b['fp']}/{b['fn']} -> {a['tp']}/{a['fp']}/{a['fn']}")
    print(f"  {'micro':8s} {scorer.prf(micro_b)[2]:.3f} -> {scorer.prf(micro_a)[2]:.3f}   "
          f"{micro_b['tp']}/{micro_b['fp']}/{micro_b['fn']} -> {micro_a['tp']}/{micro_a['fp']}/{micro_a['fn']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="corpus folder (with reports/ and tables/)")
    ap.add_argument("--kind", choices=KINDS, default="numeral", help="where the heading is broken")
    ap.add_argument("--annotations", default=str(REPO / "annotations"))
    ap.add_argument("--scorer", help="score.py (default CORPUS/../bench/score.py)")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "reports").is_dir() or not (corpus / "tables").is_dir():
        print(f"error: {corpus} has no reports/ and tables/ folders", file=sys.stderr)
        return 2
    scorer_path = Path(args.scorer) if args.scorer else corpus.parent / "bench" / "score.py"
    if not scorer_path.is_file():
        print(f"error: scorer {scorer_path} not found", file=sys.stderr)
        return 2
    scorer = load_scorer(scorer_path)

    records = load(args.annotations)
    texts = {p.stem: read(p).text for p in sorted((corpus / "reports").iterdir()) if supported(p)}
    texts.update({f"annotations/{r['id']}": r["text"] for r in records})
    moved = 0
    print(f"sections ({args.kind} breaks): {len(texts)} texts")
    for name, text in texts.items():
        diffs = section_diffs(text, args.kind)
        moved += bool(diffs)
        for d in diffs:
            print(f"  {name}: {d}")
    print(f"  {len(texts) - moved}/{len(texts)} texts with the same sections")

    before, after = Counter(), Counter()
    for gold_file in sorted((corpus / "tables").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = texts.get(gold_file.stem)
        if text is None:
            continue
        before.update(table_counts(ie.extract(text, facts=False), gold))
        after.update(table_counts(ie.extract(perturbed(text, args.kind)[0], facts=False), gold))
    print(f"\ntables against gold ({before['cells']} cells, extracted from the reader's text)")
    print("  " + _table_line("before", before))
    print("  " + _table_line("after", after))

    held = [r for r in records if not r.get("text_ref")]
    wild = [r for r in records if r.get("text_ref")]
    for group, recs in ((f"{len(held)} seed/Pingtan annotations (not seen writing the fix)", held),
                        (f"{len(wild)} wild annotations", wild)):
        print_facts(scorer, group, fact_counts(scorer, recs, None), fact_counts(scorer, recs, args.kind))
    return 0


if __name__ == "__main__":
    sys.exit(main())
