"""Plain-text rendering of a report's tables and checks for people (``--format table``)."""
from __future__ import annotations

from wcwidth import wcwidth

from .report import Check, Report
from .schema import (T1_COLUMNS, T1_ITEMS, T2_COLUMN_LABELS, T2_COLUMNS, T2_ROWS, T3_GROUP_LABELS,
                     T3_GROUPS, T3_OUTCOME_LABELS, T3_OUTCOMES, t1_column_label, t1_row_label)


def width(s: str) -> int:
    """Display width in a terminal (wcwidth): CJK and full-width characters take two columns,
    combining marks and control characters (colour codes) none."""
    return sum(max(0, wcwidth(ch)) for ch in s)


def fit(s: str, w: int) -> str:
    """``s`` cut to at most ``w`` display columns, with … when cut."""
    if width(s) <= w:
        return s
    out, used = [], 0
    for ch in s:
        cw = max(0, wcwidth(ch))
        if used + cw > w - 1:
            break
        out.append(ch)
        used += cw
    return "".join(out) + "…"


def pad(s: str, w: int, right: bool = False) -> str:
    fill = " " * max(0, w - width(s))
    return fill + s if right else s + fill


def grid(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    """Aligned columns: the first ``left`` left-aligned (labels), the rest right-aligned (numbers)."""
    cols = [max(width(r[i]) for r in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(pad(c, cols[i], right=i >= left) for i, c in enumerate(header)).rstrip()]
    lines.append("  ".join("-" * w for w in cols))
    for r in rows:
        lines.append("  ".join(pad(c, cols[i], right=i >= left) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines)


def _val(report: Report, key: str) -> str:
    cell = report.tables.get(key)
    if cell is None:
        return "·" if key in report.tables else ""
    v = cell.value
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def tables_text(report: Report) -> str:
    if not report.tables:
        return f"(no template tables: template {report.template})"
    parts = []
    tpl = ("tpl2021" if "proactive.rules.issued" in report.tables
           else "tpl2019" if "proactive.rules.new_made" in report.tables else None)
    if tpl:
        blocks = []
        for item in dict.fromkeys(T1_ITEMS[r] for r in T1_COLUMNS[tpl]):
            row_keys = [r for r in T1_COLUMNS[tpl] if T1_ITEMS[r] == item]
            cols = T1_COLUMNS[tpl][row_keys[0]]
            rows = [[t1_row_label(tpl, r)] + [_val(report, f"proactive.{r}.{c}") for c in cols] for r in row_keys]
            blocks.append(f"第二十条第（{item}）项\n"
                          + grid(["信息内容"] + [t1_column_label(tpl, c) for c in cols], rows))
        parts.append("表一 主动公开政府信息情况\n" + "\n".join(blocks))
    variant = "tpl2021" if "applications.results.other.misc.total" in report.tables else "tpl2019"
    rows = []
    for r in T2_ROWS[variant]:
        group = next((label for prefix, label in T2_GROUPS if r.key.startswith(prefix)), None)
        if group and group not in (row[0] for row in rows):
            rows.append([group] + [""] * len(T2_COLUMNS))
        rows.append([_short(r.label)] + [_val(report, k) for k in r.cell_keys("applications")])
    parts.append("表二 收到和处理政府信息公开申请情况\n"
                 + grid(["申请人情况"] + [T2_COLUMN_LABELS[c][0] for c in T2_COLUMNS], rows))
    rows = [[T3_GROUP_LABELS[g][0]] + [_val(report, f"review_litigation.{g}.{o}") for o in T3_OUTCOMES]
            for g in T3_GROUPS]
    parts.append("表三 政府信息公开行政复议、行政诉讼情况\n"
                 + grid([""] + [T3_OUTCOME_LABELS[o] for o in T3_OUTCOMES], rows))
    parts.append("· = not printed or not resolved (see warnings)")
    return "\n\n".join(parts)


# Table 2's printed group rows, which hold no numbers (the national template's wording): shown
# above the first row whose key starts with the prefix.
T2_GROUPS = (("results.granted", "三、本年度办理结果"), ("results.withheld.", "（三）不予公开"),
             ("results.unavailable.", "（四）无法提供"), ("results.not_processed.", "（五）不予处理"),
             ("results.other.", "（六）其他处理"))


def _short(label: str, n: int = 16) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def checks_text(checks: list[Check], failing_only: bool = True) -> str:
    """The failing checks (or all of them), then what could not be checked. Never "all passed"
    when a check was uncertain, and "no checks apply" when there were none."""
    if not checks:
        return "checks: no checks apply (no template tables)"
    order = {"error": 0, "warning": 1, "info": 2}
    shown = [c for c in checks if c.status == "fail"] if failing_only else checks
    shown = sorted(shown, key=lambda c: (order.get(c.severity, 3), c.rule))
    lines = [f"{c.status.upper():9s} {c.severity:7s} {c.message}" for c in shown]
    uncertain = [c for c in checks if c.status == "uncertain"]
    if failing_only and uncertain:
        lines.append("checks: " + ("" if lines else "no failures; ") + unchecked_text(uncertain))
    elif not lines:
        lines.append(f"checks: all {len(checks)} passed")
    return "\n".join(lines)


def unchecked_text(uncertain: list[Check]) -> str:
    """'not checked (uncertain: cells or dates missing): 5 error-level (R-T1-19-CNT ×5), ...'."""
    parts = []
    for severity in ("error", "warning", "info"):
        rules: dict[str, int] = {}
        for c in uncertain:
            if c.severity == severity:
                rules[c.rule] = rules.get(c.rule, 0) + 1
        if rules:
            n = sum(rules.values())
            listed = ", ".join(r if k == 1 else f"{r} ×{k}" for r, k in rules.items())
            parts.append(f"{n} {severity}{'-level' if severity == 'error' else ''} ({listed})")
    return "not checked (uncertain: cells or dates missing): " + ", ".join(parts) + " (ie check --all lists them)"


def facts_text(report: Report, text_width: int = 60) -> str:
    """The narrative facts, one a line: type, section, the text as printed (cut to fit)."""
    rows = [[f.type, f.section or "-", fit(" ".join(f.text.split()), text_width)] for f in report.facts]
    cols = [max(width(r[i]) for r in rows) for i in range(2)]
    return (f"facts ({len(rows)}):\n"
            + "\n".join("  " + "  ".join(pad(c, cols[i]) if i < 2 else c for i, c in enumerate(r)) for r in rows))


def report_text(report: Report) -> str:
    head = (f"{report.source}\n  template {report.template} · issuer {report.issuer or '?'} · year "
            f"{report.year or '?'} · published {report.published or '?'}")
    body = [head, tables_text(report), checks_text(report.checks)]
    if report.facts:
        body.append(facts_text(report))
    if report.warnings:
        body.append("warnings:\n" + "\n".join(f"  - {w}" for w in report.warnings))
    return "\n\n".join(body) + "\n"


def issuer_matches_text(query: str, names: list[str]) -> str:
    """The bodies an ``--issuer`` query matched, each with its stored spellings and its key."""
    from .body import body_key

    if not names:
        return f"--issuer {query} matched no body in the store"
    bodies: dict[str, list[str]] = {}
    for name in names:
        bodies.setdefault(body_key(name), []).append(name)
    listed = "; ".join(f"{', '.join(spellings)} ({key})" for key, spellings in bodies.items())
    return f"--issuer {query} matched {len(bodies)} bod{'y' if len(bodies) == 1 else 'ies'}: {listed}"
