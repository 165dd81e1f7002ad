"""Consistency checks (spec §6): the template arithmetic, non-negativity, the 2019 table-1
heuristics, text versus table (R-TXT), template versus year (R-TPL) and publication deadline.

Every check names its rule id, severity, status (pass / fail / uncertain when cells it needs
are missing) and a message with the cells and amounts, e.g.
``R-T2-BAL natural_person: 23 + 0 != 20 + 2``."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .body import same_body
from .equations import T1_19_ITEM_ROWS, T1_21_STOCK_ROWS, equations
from .report import Check, Report
from .schema import RULES, SECTION_KEYS, T2_COLUMNS, T2_ROWS, T3_ROWS, Layout, expected_template, t1_rows
from .sections import Section
from .textnorm import MONEY_UNITS


def _check(rule: str, status: str, message: str, cells: list[str] | None = None) -> Check:
    return Check(rule, RULES[rule].severity, status, message, list(cells or []))


def run_checks(report: Report, layout: Layout | None, figures: list["Figure"] | None = None) -> list[Check]:
    if layout is None:
        return _template_checks(report, layout)
    values = {k: (None if c is None else c.value) for k, c in report.tables.items()}
    out: list[Check] = []
    for eq in equations(layout):
        ok = eq.holds(values)
        status = "uncertain" if ok is None else ("pass" if ok else "fail")
        out.append(_check(eq.rule, status, f"{eq.rule} {eq.subject}: {eq.describe(values)}", list(eq.keys)))
    out += _non_negative(values, layout)
    out += _table1_heuristics(report, values, layout)
    out += _text_vs_table(values, figures or [])
    out += _template_checks(report, layout)
    out += _deadline(report)
    return out


def _non_negative(values: dict, layout: Layout) -> list[Check]:
    out = []
    groups = [
        ("R-T2-NN", [k for r in T2_ROWS[layout.table2] for k in r.cell_keys("applications")], False),
        ("R-T3-NN", [k for r in T3_ROWS for k in r.cell_keys("review_litigation")], False),
        ("R-T1-NN", [k for r in t1_rows(layout.table1) for k in r.cell_keys("proactive")
                     if not k.endswith(".items_change")], True),
    ]
    for rule, keys, decimals_ok in groups:
        bad = [k for k in keys if values.get(k) is not None and
               (values[k] < 0 or (not decimals_ok and not float(values[k]).is_integer()))]
        missing = [k for k in keys if values.get(k) is None]
        status = "fail" if bad else ("uncertain" if missing else "pass")
        msg = (f"{rule}: negative or non-integer cells: " + ", ".join(f"{k}={values[k]}" for k in bad) if bad
               else f"{rule}: {len(keys) - len(missing)} cells >= 0" + (f", {len(missing)} missing" if missing else ""))
        out.append(_check(rule, status, msg, bad or missing))
    return out


def _table1_heuristics(report: Report, values: dict, layout: Layout) -> list[Check]:
    out = []
    p = "proactive"
    if layout.table1 == "tpl2019":
        for r in ("rules", "normative_docs"):
            tot, new = values.get(f"{p}.{r}.total_published"), values.get(f"{p}.{r}.new_published")
            keys = [f"{p}.{r}.total_published", f"{p}.{r}.new_published"]
            if tot is None or new is None:
                out.append(_check("R-T1-19-CUM", "uncertain", f"R-T1-19-CUM {r}: cells missing", keys))
            else:
                out.append(_check("R-T1-19-CUM", "pass" if tot >= new else "fail",
                                  f"R-T1-19-CUM {r}: total_published {tot} {'>=' if tot >= new else '<'} "
                                  f"new_published {new}", keys))
        for r in ("licensing", "other_admin_services", "penalty", "coercion", "admin_fees"):
            prev, chg, dec = (values.get(f"{p}.{r}.{c}") for c in ("prev_year_items", "items_change", "decisions"))
            keys = [f"{p}.{r}.prev_year_items", f"{p}.{r}.items_change"]
            if prev is None or chg is None:
                out.append(_check("R-T1-19-CNT", "uncertain", f"R-T1-19-CNT {r}: cells missing", keys))
                continue
            ok = prev + chg >= 0
            out.append(_check("R-T1-19-CNT", "pass" if ok else "fail",
                              f"R-T1-19-CNT {r}: {prev} + {chg} {'>=' if ok else '<'} 0", keys))
            if dec is not None and chg != 0 and dec == prev + chg:
                out.append(_check("R-T1-19-SEM", "fail",
                                  f"R-T1-19-SEM {r}: decisions {dec} == prev_year_items {prev} + items_change {chg}; "
                                  "处理决定数量 probably holds the current item count",
                                  keys + [f"{p}.{r}.decisions"]))
    else:
        out += _fee_unit(report)
    return out


_NARRATIVE_FEE = re.compile(r"行政事业性收费[^，。；\d信]{0,10}?(\d+(?:\.\d+)?)\s*(亿元|万元|元)")


def _fee_unit(report: Report) -> list[Check]:
    """R-T1-21-UNIT: the 2021 fee column is in 万元. A cell that carries 元, or that equals the
    amount the narrative quotes in 元 (about 10^4 times too small), was filled in 元."""
    key = "proactive.admin_fees.fee_amount_wan_yuan"
    cell = report.tables.get(key)
    if cell is None:
        return []
    if "unit:元" in cell.flags:
        return [_check("R-T1-21-UNIT", "fail", f"R-T1-21-UNIT: fee amount {cell.raw!r} carries 元, but the column "
                                               "is in 万元", [key])]
    for m in _NARRATIVE_FEE.finditer(report.text):
        quoted = float(m.group(1))
        yuan = quoted * MONEY_UNITS[m.group(2)]
        if m.group(2) == "元" and abs(quoted - cell.value) < 0.5 and cell.value >= 100:
            return [_check("R-T1-21-UNIT", "fail", f"R-T1-21-UNIT: fee amount {cell.raw} (万元 column) equals "
                                                   f"the narrative's '{m.group(0)}' in 元: about 10^4 too small",
                           [key])]
        if abs(yuan - cell.value * 1e4) < max(1.0, yuan * 1e-3):
            return [_check("R-T1-21-UNIT", "pass", f"R-T1-21-UNIT: fee amount {cell.raw} 万元 agrees with the "
                                                   f"narrative's '{m.group(0)}'", [key])]
    return [_check("R-T1-21-UNIT", "pass", f"R-T1-21-UNIT: fee amount {cell.raw!r} is in the 万元 column", [key])]


# ---- text versus table (R-TXT) -----------------------------------------------------------

@dataclass
class Figure:
    """A figure the prose quotes, with the table cells it may stand for (any one may match)."""

    value: int
    candidates: tuple[tuple[str, ...], ...]  # each candidate: keys whose sum the figure equals
    text: str
    start: int
    strict: bool = True  # False: a mismatch is not reported (the wording is too loose)


_N = r"(?P<n>\d+)\s*(?:件|起|宗|个|条)"
_A = "applications."
_RL = "review_litigation."
_NEW = (_A + "new_received.total",)
_NEW_PLUS = (_A + "new_received.total", _A + "carried_over.total")
_PATTERNS: list[tuple[re.Pattern, tuple[tuple[str, ...], ...], bool]] = [
    (re.compile(r"(?:收到|新收|接收)[^，。；,;\d]{0,12}?(?:政府)?信息公开申请(?:共|总数为?|数量为?)?\s*" + _N), (_NEW,), True),
    (re.compile(r"受理[^，。；,;\d]{0,12}?(?:政府)?信息公开申请(?:共|总数为?)?\s*" + _N), (_NEW, _NEW_PLUS), True),
    (re.compile(r"上年(?:度)?结转[^，。；,;\d]{0,10}?\s*" + _N), ((_A + "carried_over.total",),), True),
    (re.compile(r"结转(?:至)?下(?:一)?年度?[^，。；,;\d]{0,10}?\s*" + _N), ((_A + "carried_forward.total",),), True),
    (re.compile(r"(?:办结|答复)[^，。；,;\d]{0,12}?(?:政府)?信息公开申请\s*" + _N),
     ((_A + "results.total.total",),), False),
    (re.compile(r"(?:申请|提起|发生)?行政复议(?:案件)?(?:共)?\s*" + _N), ((_RL + "review.total",),), True),
    (re.compile(r"(?:提起)?行政诉讼(?:案件)?(?:共)?\s*" + _N),
     ((_RL + "litigation_direct.total", _RL + "litigation_after_review.total"),), True),
    (re.compile(r"(?:本年度)?(?:制发|印发|出台)[^，。；,;\d]{0,8}?规范性文件\s*" + _N),
     (("proactive.normative_docs.issued",), ("proactive.normative_docs.new_made",)), False),
    (re.compile(r"现行有效[^，。；,;\d]{0,8}?规范性文件\s*" + _N),
     (("proactive.normative_docs.in_force",), ("proactive.normative_docs.total_published",)), False),
]


def narrative_figures(text: str, sections: dict[str, Section]) -> list[Figure]:
    """Figures in the prose that the tables also hold (the lead-ins and 总体情况)."""
    spans = [(s.start, s.end) for k, s in sections.items()
             if k in ("preamble", "overview", "proactive", "applications", "review_litigation")]
    if not spans:
        spans = [(0, len(text))]
    out = []
    for start, end in spans:
        chunk = text[start:end]
        for pattern, candidates, strict in _PATTERNS:
            for m in pattern.finditer(chunk):
                out.append(Figure(int(m.group("n")), candidates, m.group(0), start + m.start(), strict))
    return out


def split_hints(figures: list[Figure]) -> dict[str, set]:
    """Narrative values for single cells, used to choose between splits of glued digits."""
    hints: dict[str, set] = {}
    for f in figures:
        for keys in f.candidates:
            if len(keys) == 1:
                hints.setdefault(keys[0], set()).add(f.value)
    return hints


def _text_vs_table(values: dict, figures: list[Figure]) -> list[Check]:
    out = []
    for f in figures:
        sums = []
        for keys in f.candidates:
            if all(values.get(k) is not None for k in keys):
                sums.append((keys, sum(values[k] for k in keys)))
        if not sums:
            continue
        hit = next((keys for keys, s in sums if s == f.value), None)
        if hit:
            out.append(_check("R-TXT", "pass", f"R-TXT: '{f.text}' = {' + '.join(hit)} ({f.value})", list(hit)))
        elif f.strict:
            keys, s = sums[0]
            out.append(_check("R-TXT", "fail", f"R-TXT: the narrative says '{f.text}' but {' + '.join(keys)} = "
                                                f"{_fmt(s)}", list(keys)))
    return out


def _fmt(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


# ---- template, structure and deadline ---------------------------------------------------

def _template_checks(report: Report, layout: Layout | None) -> list[Check]:
    out = []
    expected = expected_template(report.year)
    if layout is None:
        if expected and expected != "legacy":
            out.append(_check("R-TPL", "fail", f"R-TPL: a {report.year} report should print the {expected} tables; "
                                               "none were found"))
        return out
    if layout.table1 != layout.table2:
        out.append(_check("R-TPL", "fail", f"R-TPL: mixed template: table 1 follows {layout.table1}, table 2 "
                                           f"follows {layout.table2}"))
    elif expected and expected != "legacy":
        ok = layout.template == expected
        out.append(_check("R-TPL", "pass" if ok else "fail",
                          f"R-TPL: template {layout.template} "
                          f"{'matches' if ok else 'does not match'} report year {report.year} (expected {expected})"))
    missing = [k for k in SECTION_KEYS if k not in report.sections]
    if missing:
        out.append(_check("R-TPL", "fail", "R-TPL: sections missing or unrecognised: " + ", ".join(missing)))
    return out


def _deadline(report: Report) -> list[Check]:
    if not report.published or not report.year:
        return [_check("R-TIME", "uncertain", "R-TIME: publication date or year unknown")]
    limit_dept, limit_gov = f"{report.year + 1}-01-31", f"{report.year + 1}-03-31"
    if report.published <= limit_dept:
        return [_check("R-TIME", "pass", f"R-TIME: published {report.published}, by the departments' deadline "
                                         f"{limit_dept}")]
    status = "pass" if report.published <= limit_gov else "fail"
    return [_check("R-TIME", status, f"R-TIME: published {report.published}; deadline {limit_dept} for departments, "
                                     f"{limit_gov} for a government's own report")]


# ---- cross-year (same body, consecutive years) -------------------------------------------

def previous_years(reports: list[Report]) -> list[tuple[Report, Report | None]]:
    """Each report with tables and a year, and the same body's report of the year before among
    ``reports`` (None when none was given). The body is :func:`ie.body.same_body`: the same
    division and organ, never a near spelling. When several match, the one whose issuer is
    spelt the same way wins, then the first given."""
    dated = [r for r in reports if r.year and r.tables]
    out = []
    for cur in sorted(dated, key=lambda r: r.year):
        cands = [p for p in dated if p.year == cur.year - 1 and same_body(p.issuer, cur.issuer)]
        cands.sort(key=lambda p: p.issuer != cur.issuer)
        out.append((cur, cands[0] if cands else None))
    return out


def cross_year(reports: list[Report]) -> list[tuple[Report, Check]]:
    """R-T2-XY, R-T1-21-XY and R-T1-19-XY between each report and the same body's report of the
    previous year, when both are given. Returns (later report, check) pairs."""
    out = []
    for cur, prev in previous_years(reports):
        if prev is not None:
            out += [(cur, check) for check in _cross_year_pair(prev, cur)]
    return out


def _cross_year_pair(prev: Report, cur: Report) -> list[Check]:
    """The identities of equations.cross_year_equations (which the extractor settles cells with),
    as checks with their amounts."""
    out = []
    label = f"{prev.year}->{cur.year}"
    for c in T2_COLUMNS:
        before, now = prev.value(f"applications.carried_forward.{c}"), cur.value(f"applications.carried_over.{c}")
        if before is None or now is None:
            continue
        out.append(_check("R-T2-XY", "pass" if before == now else "fail",
                          f"R-T2-XY {c} {label}: carried_over {_fmt(now)} {'=' if before == now else '!='} "
                          f"last year's carried_forward {_fmt(before)}", [f"applications.carried_over.{c}"]))
    p = "proactive"
    for r in T1_21_STOCK_ROWS:
        in_prev = prev.value(f"{p}.{r}.in_force")
        issued, repealed, in_now = (cur.value(f"{p}.{r}.{k}") for k in ("issued", "repealed", "in_force"))
        if None not in (in_prev, issued, repealed, in_now):
            expected = in_prev + issued - repealed
            ok = expected == in_now
            out.append(_check("R-T1-21-XY", "pass" if ok else "fail",
                              f"R-T1-21-XY {r} {label}: in_force {_fmt(in_now)} {'=' if ok else '!='} "
                              f"{_fmt(in_prev)} + {_fmt(issued)} - {_fmt(repealed)}", [f"{p}.{r}.in_force"]))
    for r in T1_19_ITEM_ROWS:
        prev_items, prev_change = prev.value(f"{p}.{r}.prev_year_items"), prev.value(f"{p}.{r}.items_change")
        now_items = cur.value(f"{p}.{r}.prev_year_items")
        if None not in (prev_items, prev_change, now_items):
            ok = now_items == prev_items + prev_change
            out.append(_check("R-T1-19-XY", "pass" if ok else "fail",
                              f"R-T1-19-XY {r} {label}: prev_year_items {_fmt(now_items)} {'=' if ok else '!='} "
                              f"{_fmt(prev_items)} + {_fmt(prev_change)}", [f"{p}.{r}.prev_year_items"]))
    return out
