"""Gold tables re-printed the lossy ways crawlers and converters print them (issue 9 failure classes),
each with the values an extractor can be expected to return.

Each ``*_layout`` function takes the gold cell values and template and returns (document, expected),
where ``expected`` maps every layout cell to its value or to ``placements.UNDETERMINED`` when the
print does not fix it. Documents are text, except the blank-cell HTML and DOCX layouts, which
``blank_cell_files`` writes."""
from __future__ import annotations

import random
import re
from pathlib import Path

from layouts import docx_document, html_page, table_rows
from placements import UNDETERMINED, collapsed_candidates, determinable, spec_balances, spec_sums, split_candidates

from ie.schema import SIGNED_COLUMNS, T1_COLUMNS, T2_ROWS, T3_GROUPS, T3_OUTCOMES, t1_row_label

HEADINGS = {"proactive": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
            "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}
OVERVIEW = ("一、总体情况", "本机关认真贯彻落实《条例》，扎实推进政务公开工作。")
FIVE = "五、存在的主要问题及改进情况"
# Section 五 prose with figures in it: if the table-3 region runs on past a lost heading, these
# numbers are what it would swallow.
FIVE_PROSE = "一是公开内容不够丰富。2024年将进一步加强培训，计划开展培训3次、覆盖12个部门。"
SIX = ("六、其他需要报告的事项", "本年度未收取信息处理费。")


def document(title: str, tables: dict[str, str], five_heading: str | None = FIVE, sep: str = "\n") -> str:
    """The six sections with already-rendered tables; ``five_heading=None`` drops heading 五."""
    parts = [title, *OVERVIEW]
    for key, heading in HEADINGS.items():
        parts += [heading, tables[key]]
    parts += ([five_heading] if five_heading else []) + [FIVE_PROSE, *SIX]
    return sep.join(parts) + sep


# ---- the printed rows of each table: (label cells, value texts) ----------------------------------

# Table-2 group labels printed (rowspan) before the first row of their group, which
# layouts.table_rows leaves out.
GROUP_LABELS = {"results.granted": "三、本年度办理结果", "results.withheld.state_secret": "（三）不予公开",
                "results.unavailable.not_held": "（四）无法提供", "results.not_processed.petition_complaint": "（五）不予处理",
                "results.other.overdue_correction": "（六）其他处理"}


def printed_rows(values: dict, template: str) -> dict[str, list[tuple[list[str], list[str], list[str]]]]:
    """Per table, its rows as (label or header cells, value texts, cell keys); header rows have no
    values. Built from layouts.table_rows so labels are printed exactly as the other layouts print them."""
    rows = table_rows(values, template)
    t1_keys = {row: [f"proactive.{row}.{c}" for c in cols] for row, cols in T1_COLUMNS[template].items()}
    t1_by_label = {t1_row_label(template, row): row for row in t1_keys}
    out = {"proactive": [], "applications": [], "review_litigation": []}
    for r in rows["proactive"]:
        row = t1_by_label.get(r[0])
        if row is None:
            out["proactive"].append(([c for c in r if c], [], []))
        else:
            keys = t1_keys[row]
            out["proactive"].append(([r[0]], r[1:1 + len(keys)], keys))
    for r in rows["applications"][:3]:
        out["applications"].append(([c for c in r if c], [], []))
    for spec, r in zip(T2_ROWS[template], rows["applications"][3:]):
        group = [GROUP_LABELS[spec.key]] if spec.key in GROUP_LABELS and GROUP_LABELS[spec.key] != r[0] + r[1] + r[2] else []
        out["applications"].append((group + [c for c in r[:3] if c], r[3:], list(spec.cell_keys("applications"))))
    for r in rows["review_litigation"][:3]:
        out["review_litigation"].append(([c for c in r if c], [], []))
    t3_keys = [f"review_litigation.{g}.{o}" for g in T3_GROUPS for o in T3_OUTCOMES]
    out["review_litigation"].append(([], rows["review_litigation"][3], t3_keys))
    return out


def _expected_all(values: dict, template: str) -> dict:
    return {k: values[k] for table in printed_rows(values, template).values() for _, _, keys in table for k in keys}


def _lines(cells: list[str], sep: str = "\n") -> str:
    return sep.join(c for c in cells if c != "")


# ---- (a) blank cells: zero cells printed empty in tables with a known cell structure -------------

def blank_zeros(values: dict, template: str) -> dict[str, list[list[str | None]]]:
    """layouts.table_rows with every 0 value cell printed empty (""), and the padding after a
    table-1 value that spans the row marked None (no cell of its own: merged into the value)."""
    rows = table_rows(values, template)
    width1 = {row: len(cols) for row, cols in T1_COLUMNS[template].items()}
    by_label = {t1_row_label(template, row): row for row in width1}
    out = {}
    t1 = []
    for r in rows["proactive"]:
        row = by_label.get(r[0])
        if row is None:
            t1.append(list(r))
            continue
        n = width1[row]
        t1.append([r[0]] + ["" if v == "0" else v for v in r[1:1 + n]] + [None] * (3 - n))
    out["proactive"] = t1
    out["applications"] = [list(r) for r in rows["applications"][:3]] + [
        [r[0], None if not r[1] and not r[2] and r[0] else r[1], None if not r[2] and (r[0] or r[1]) else r[2]]
        + ["" if v == "0" else v for v in r[3:]] for r in rows["applications"][3:]]
    out["review_litigation"] = [list(r) for r in rows["review_litigation"][:3]] + [
        ["" if v == "0" else v for v in rows["review_litigation"][3]]]
    return out


def _blank_expected(values: dict, template: str) -> dict:
    """Every cell as in gold, except in a table whose cells are all 0: printed entirely blank it
    shows no number at all, which spec §8 reads as a table never filled in, not as zeros."""
    expected = _expected_all(values, template)
    for table in ("proactive", "applications", "review_litigation"):
        keys = [k for k in expected if k.startswith(table + ".")]
        if all(float(expected[k]) == 0 for k in keys):
            expected.update((k, UNDETERMINED) for k in keys)
    return expected


def blank_pipe_rows(values: dict, template: str) -> tuple[str, dict]:
    """Pipe rows that keep empty cells ("| 规章 |  | 1 | 5 |"), as HTML→text converters print them."""
    rows = printed_rows(values, template)

    def render(table):
        return "\n".join("| " + " | ".join(labels + ["" if v == "0" else v for v in vals]) + " |"
                         for labels, vals, _ in table)

    title = "某某局2022年政府信息公开工作年度报告"
    return document(title, {k: render(v) for k, v in rows.items()}), _blank_expected(values, template)


def blank_cell_files(values: dict, template: str, folder: Path) -> dict[str, tuple[Path, dict]]:
    """The blank-cell tables as an HTML page and a Word document."""
    grid = blank_zeros(values, template)
    title = "某某局2022年政府信息公开工作年度报告"
    paras = {HEADINGS["proactive"]: [], HEADINGS["applications"]: [], HEADINGS["review_litigation"]: []}
    html_path = folder / "blank.html"
    html_path.write_text(html_page(title, paras, grid), encoding="utf-8")
    docx_path = folder / "blank.docx"
    docx_document(docx_path, title, paras, grid)
    expected = _blank_expected(values, template)
    return {"blank cells (html)": (html_path, expected), "blank cells (docx)": (docx_path, expected)}


# ---- (b) split labels: one cell per line, labels broken over lines (Sanming crawler) -------------

HEADER_SPLITS = {"商业企业": ["商业", "企业"], "科研机构": ["科研", "机构"], "结果维持": ["结果", "维持"],
                 "结果纠正": ["结果", "纠正"], "其他结果": ["其他", "结果"], "尚未审结": ["尚未", "审结"]}


def _split_label(cell: str) -> list[str]:
    """"1.属于国家秘密" → "1." / "属于国家秘密"; "（一）予以公开" → "（一）" / "予以公开"."""
    if cell in HEADER_SPLITS:
        return HEADER_SPLITS[cell]
    m = re.match(r"^(\d+\.|（[一二三四五六七八九十]+）)(.+)$", cell)
    return [m.group(1), m.group(2)] if m else [cell]


def _split_label_fine(cell: str) -> list[str]:
    """Sanming 2022: half-width brackets, each piece its own line: "(" / "一" / ")" / "予以公开";
    "第二十条第" / "(" / "一" / ")" / "项"; "本年收费金额" / "(" / "单位" / ":" / "万元" / ")"."""
    cell = cell.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",")
    if cell in HEADER_SPLITS:
        return HEADER_SPLITS[cell]
    pieces = [p for p in re.split(r"([(),:])", cell) if p]
    out = []
    for p in pieces:
        m = re.match(r"^(\d+\.)(.+)$", p)
        out += [m.group(1), m.group(2)] if m else [p]
    return out


def _one_cell_per_line(rows, split=lambda c: [c], value=lambda vals: vals) -> str:
    lines = []
    for labels, vals, _ in rows:
        for c in labels:
            lines += split(c)
        lines += value(vals)
    return "\n".join(line for line in lines if line != "")


def split_labels_layout(values: dict, template: str, fine: bool = False) -> tuple[str, dict]:
    rows = printed_rows(values, template)
    split = _split_label_fine if fine else _split_label
    tables = {k: _one_cell_per_line(v, split) for k, v in rows.items()}
    return document("某某市2022年政府信息公开工作年度报告", tables), _expected_all(values, template)


# ---- (c) collapsed runs: equal adjacent cells printed once (Putian crawler) ----------------------

def collapse(vals: list[str]) -> list[str]:
    return [v for i, v in enumerate(vals) if i == 0 or v != vals[i - 1]]


def collapsed_layout(values: dict, template: str) -> tuple[str, dict]:
    rows = printed_rows(values, template)
    tables = {k: _one_cell_per_line(v, value=collapse) for k, v in rows.items()}
    placed = [(keys, collapsed_candidates(collapse(vals), len(keys)))
              for table in rows.values() for _, vals, keys in table if keys]
    return document("某某局2022年政府信息公开工作年度报告", tables), _checked(placed, values, template)


# ---- (d) numbers printed in two pieces (Sanming 2021: "1" / "62" for 162) -----------------------

def split_numbers(vals: list[str], rng: random.Random, rate: float) -> list[str]:
    out = []
    for v in vals:
        if len(v) > 1 and rng.random() < rate:
            cut = rng.randrange(1, len(v))
            out += [v[:cut], v[cut:]]
        else:
            out.append(v)
    return out


def split_numbers_layout(values: dict, template: str, seed: int = 0, rate: float = 0.15) -> tuple[str, dict]:
    rng = random.Random(seed)
    rows = printed_rows(values, template)
    printed = {k: [(labels, split_numbers(vals, rng, rate), keys) for labels, vals, keys in table]
               for k, table in rows.items()}
    tables = {k: _one_cell_per_line(v) for k, v in printed.items()}
    placed = [(keys, [c for c in split_candidates(vals, len(keys)) if _signs_fit(keys, c)])
              for table in printed.values() for _, vals, keys in table if keys]
    return document("某某市2021年政府信息公开工作年度报告", tables), _checked(placed, values, template)


def _signs_fit(keys: list[str], candidate: tuple) -> bool:
    """Only the signed columns of the template (本年增/减) hold a negative number."""
    return all(v >= 0 or k.rsplit(".", 1)[1] in SIGNED_COLUMNS for k, v in zip(keys, candidate))


# ---- (e) section 五 reworded or dropped -----------------------------------------------------------

FIVE_VARIANTS = {"five reworded (明年工作计划)": "五、存在的主要问题及明年工作计划",
                 "five reworded (改进措施)": "五、主要问题和改进措施", "five dropped": None}


def five_heading_layout(values: dict, template: str, heading: str | None) -> tuple[str, dict]:
    rows = printed_rows(values, template)
    tables = {k: "\n\n".join("\n".join("\t" + c for c in labels + vals if c) for labels, vals, _ in v)
              for k, v in rows.items()}
    return document("某某局2022年政府信息公开工作年度报告", tables, five_heading=heading), _expected_all(values, template)


def _checked(placed, values: dict, template: str) -> dict:
    """Determinable values, each checked against gold (a mismatch is a generator bug)."""
    expected = determinable(placed, spec_sums(template), spec_balances(template))
    for key, v in expected.items():
        if v is not UNDETERMINED and abs(float(v) - float(values[key])) > 1e-9:
            raise AssertionError(f"placement engine disagrees with gold at {key}: {v} != {values[key]}")
    return expected
