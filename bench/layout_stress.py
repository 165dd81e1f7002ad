"""Robustness of the table extractor across layouts: every gold table of the corpus, re-printed
in each layout real reports use, must come back with no wrong and no invented cell.

    python bench/layout_stress.py ../shared/corpus [--only classic|wild]

Classic layouts: one cell per line, pipe rows, "|\\n cell |", markdown tables, tab rows,
fixed-width columns with wrapped labels (pdftotext -layout), glued web text, HTML tables with
colspans, and Word tables. Glued text may leave cells null (ambiguous), never wrong.

Wild layouts (issue 9, tests/wild_layouts.py): zero cells printed blank (pipes, HTML, Word: expect
0), row labels split over lines, runs of equal cells collapsed (Putian), numbers split over lines
(Sanming), section 五 heading reworded or dropped. Where a lossy print does not fix a cell (every
placement the arithmetic allows, tests/placements.py, does not agree) the cell is counted
"undetermined" and must stay null; filling it is a "guess". ``correct`` is the share of the
determinable cells.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import ie  # noqa: E402
import wild_layouts as wild  # noqa: E402
from layouts import docx_document, html_page, table_rows  # noqa: E402
from placements import UNDETERMINED  # noqa: E402

HEADINGS = {"proactive": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
            "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}
PROSE = {"一、总体情况": ["本机关认真贯彻落实《条例》，扎实推进政务公开工作。"],
         "五、存在的主要问题及改进情况": ["一是公开内容不够丰富。二是将进一步加强培训。"],
         "六、其他需要报告的事项": ["本年度未收取信息处理费。"]}


def _doc(title: str, tables: dict[str, list[list[str]]], render) -> str:
    parts = [title, "一、总体情况", PROSE["一、总体情况"][0]]
    for key, heading in HEADINGS.items():
        parts.append(heading)
        parts.append(render(tables[key]))
    for heading in ("五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        parts += [heading, PROSE[heading][0]]
    return "\n".join(parts) + "\n"


def one_cell_per_line(rows):
    return "\n\n".join("\n".join("\t" + c for c in r if c) for r in rows)


def pipe_rows(rows):
    return "\n".join(" | ".join(c for c in r if c) + " | |" for r in rows)


def pipe_per_line(rows):
    return "\n".join("|\n" + "\n".join(f"{c} |" for c in r if c) for r in rows)


def markdown(rows):
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
    return "\n".join(lines[:1] + ["|" + "---|" * width] + lines[1:])


def tabs(rows):
    return "\n".join("\t".join(r) for r in rows)


def fixed_width(rows, rng=random.Random(0)):
    """pdftotext -layout: space-aligned columns, long labels wrapped onto a second line."""
    out = []
    for r in rows:
        label = "".join(c for c in r if c and not _is_number(c))
        nums = [c for c in r if _is_number(c)]
        if len(label) > 14 and nums and rng.random() < 0.5:
            out.append("   " + label[:12])
            out.append("   " + label[12:].ljust(20) + "   ".join(n.rjust(5) for n in nums))
        else:
            out.append("   " + label.ljust(24) + "   ".join(n.rjust(5) for n in nums))
    return "\n".join(out)


def glued(rows):
    return "".join("".join(c for c in r if c) for r in rows)


def with_subtotals(rows):
    """Table 2 with a 法人或其他组织 小计 column after 自然人, and a 小计 row closing the groups
    （三）不予公开, （四）无法提供 and （五）不予处理."""
    closers = {"8.属于行政查询事项": "（三）不予公开 小计", "3.补正后申请内容仍不明确": "（四）无法提供 小计",
               "5.要求行政机关确认或重新出具已获取信息": "（五）不予处理 小计"}
    openers = ("1.属于国家秘密", "1.本机关不掌握相关政府信息", "1.信访举报投诉类申请")
    out, group = [], []
    for r in rows:
        nums = [c for c in r if _is_number(c)]
        label = "".join(c for c in r if c and not _is_number(c))
        if len(nums) != 7:
            out.append(r)
            continue
        if label in openers:
            group = []
        group.append([int(float(x)) for x in nums])
        out.append([label, nums[0], str(sum(int(float(x)) for x in nums[1:6]))] + nums[1:])
        if label in closers:
            tot = [sum(g[i] for g in group) for i in range(7)]
            out.append([closers[label], str(tot[0]), str(sum(tot[1:6]))] + [str(x) for x in tot[1:]])
    return out


def _is_number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


TEXT_LAYOUTS = {"one_cell_per_line": one_cell_per_line, "pipe_rows": pipe_rows, "pipe_per_line": pipe_per_line,
                "markdown": markdown, "tabs": tabs, "fixed_width": fixed_width, "glued": glued}


def check(report, gold: dict, blanks_are_zeros: bool = False) -> Counter:
    """Cells compared with ``gold``; a gold value of UNDETERMINED (a lossy print that does not
    fix the cell) is correct when left null ("undetermined") and a guess when filled. With
    ``blanks_are_zeros`` (every 0 printed as an empty cell) a 0 read without the ``was_blank``
    flag is also counted as "unflagged"."""
    c = Counter()
    for key, expected in gold.items():
        got = report.value(key)
        if expected is UNDETERMINED:
            c["guessed" if got is not None else "undetermined"] += 1
        elif expected is None:
            c["invented" if got is not None else "correct"] += 1
        elif got is None:
            c["missing"] += 1
        elif abs(float(got) - float(expected)) > 1e-9:
            c["wrong"] += 1
        else:
            c["correct"] += 1
            if blanks_are_zeros and expected == 0 and "was_blank" not in report.tables[key].flags:
                c["unflagged"] += 1
    return c


def classic_layouts(title: str, values: dict, template: str, tmp: Path) -> dict:
    """The ten lossless layouts: every gold cell is expected back."""
    rows = table_rows(values, template)
    docs = {name: _doc(title, rows, render) for name, render in TEXT_LAYOUTS.items()}
    docs["subtotals (pipes)"] = _doc(title, {**rows, "applications": with_subtotals(rows["applications"])}, pipe_rows)
    html_path = tmp / "r.html"
    html_path.write_text(html_page(title, {h: [] for h in HEADINGS.values()}, rows), encoding="utf-8")
    docx_path = tmp / "r.docx"
    docx_document(docx_path, title, {h: [] for h in HEADINGS.values()}, rows)
    return {name: (source, values) for name, source in list(docs.items()) + [("html", html_path), ("docx", docx_path)]}


def wild_layout_docs(values: dict, template: str, tmp: Path, seed: int) -> dict:
    """The issue-9 failure classes (tests/wild_layouts.py), with the values each print determines."""
    out = {"blank cells (pipes)": wild.blank_pipe_rows(values, template)}
    out.update(wild.blank_cell_files(values, template, tmp))
    out["split labels"] = wild.split_labels_layout(values, template)
    out["split labels (fine)"] = wild.split_labels_layout(values, template, fine=True)
    out["collapsed runs"] = wild.collapsed_layout(values, template)
    out["split numbers"] = wild.split_numbers_layout(values, template, seed=seed)
    for name, heading in wild.FIVE_VARIANTS.items():
        out[name] = wild.five_heading_layout(values, template, heading)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="corpus folder (with tables/)")
    ap.add_argument("--only", choices=("classic", "wild"), help="run only the ten classic layouts or only the "
                    "issue-9 wild layouts")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    totals: dict[str, Counter] = {}
    seen = set()
    for gold_file in sorted((corpus / "tables").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        key = (gold["report"], gold["template"])
        if key in seen or gold["template"] == "hybrid" or any(v is None for v in gold["tables"].values()):
            continue  # one layout run per distinct complete report
        seen.add(key)
        values = gold["tables"]
        title = f"{gold['issuer']}{gold['year']}年政府信息公开工作年度报告"
        with tempfile.TemporaryDirectory() as tmp:
            layouts = {}
            if args.only != "wild":
                layouts.update(classic_layouts(title, values, gold["template"], Path(tmp)))
            if args.only != "classic":
                layouts.update(wild_layout_docs(values, gold["template"], Path(tmp), seed=len(seen)))
            for name, (source, expected) in layouts.items():
                report = ie.extract(source, facts=False)
                totals.setdefault(name, Counter()).update(check(report, expected, name.startswith("blank cells")))
    print(f"{len(seen)} reports x {len(totals)} layouts")
    bad = 0
    for name, c in totals.items():
        n = sum(v for k, v in c.items() if k != "unflagged")
        determined = n - c["undetermined"] - c["guessed"]
        print(f"{name:28s} cells {n:5d}  correct {c['correct'] / max(determined, 1):.4f}  wrong {c['wrong']}  "
              f"missing {c['missing']}  invented {c['invented']}  undetermined {c['undetermined']}  "
              f"guessed {c['guessed']}" + (f"  unflagged {c['unflagged']}" if "unflagged" in c else ""))
        bad += c["wrong"] + c["invented"] + c["guessed"] + (c["missing"] if name != "glued" else 0)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
