"""The template arithmetic (勾稽关系) as linear equations over cell keys (spec §6).

Both the consistency checks and the table extractor read these: the checks report them, the
extractor uses them to choose between the possible splits of glued digits and to fill blank
cells that the arithmetic fixes."""
from __future__ import annotations

from dataclasses import dataclass

from .schema import T2_COLUMNS, T2_RESULT_LEAVES, T2_ROWS, T3_GROUPS, T3_OUTCOMES, Layout


@dataclass(frozen=True)
class Equation:
    """sum(lhs) == sum(rhs)."""

    rule: str
    subject: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return self.lhs + self.rhs

    def holds(self, values: dict) -> bool | None:
        """True/False when every cell has a value, None when some are missing."""
        vals = [values.get(k) for k in self.keys]
        if any(v is None for v in vals):
            return None
        return abs(sum(values[k] for k in self.lhs) - sum(values[k] for k in self.rhs)) < 1e-9

    def describe(self, values: dict) -> str:
        """'23 + 0 != 20 + 2' style text for messages."""
        def side(keys):
            return " + ".join("?" if values.get(k) is None else _fmt(values[k]) for k in keys)
        ok = self.holds(values)
        op = "=" if ok else ("!=" if ok is False else "?=")
        return f"{side(self.lhs)} {op} {side(self.rhs)}"


def _fmt(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


C6 = T2_COLUMNS[:-1]


def table2_equations(variant: str) -> list[Equation]:
    rows = [r.key for r in T2_ROWS[variant]]
    a = "applications"
    eqs = []
    for c in T2_COLUMNS:
        eqs.append(Equation("R-T2-BAL", c, (f"{a}.new_received.{c}", f"{a}.carried_over.{c}"),
                            (f"{a}.results.total.{c}", f"{a}.carried_forward.{c}")))
    for r in rows:
        eqs.append(Equation("R-T2-ROW", r, (f"{a}.{r}.total",), tuple(f"{a}.{r}.{c}" for c in C6)))
    for c in T2_COLUMNS:
        eqs.append(Equation("R-T2-RES", c, (f"{a}.results.total.{c}",),
                            tuple(f"{a}.{leaf}.{c}" for leaf in T2_RESULT_LEAVES[variant])))
    return eqs


def table3_equations() -> list[Equation]:
    r = "review_litigation"
    return [Equation("R-T3-SUM", g, (f"{r}.{g}.total",), tuple(f"{r}.{g}.{o}" for o in T3_OUTCOMES[:-1]))
            for g in T3_GROUPS]


def equations(layout: Layout) -> list[Equation]:
    return table2_equations(layout.table2) + table3_equations()


# Cross-year identities between a body's reports of consecutive years; keys are prefixed
# "prev." and "cur." (spec §6 R-T2-XY, R-T1-21-XY, R-T1-19-XY). The extractor settles cells
# with them (tables/cross_year.py).
T1_21_STOCK_ROWS = ("rules", "normative_docs")
T1_19_ITEM_ROWS = ("licensing", "other_admin_services", "penalty", "coercion", "admin_fees")


def cross_year_equations() -> list[Equation]:
    """Every identity; one whose cells a template does not have is never checkable there."""
    a, p = "applications", "proactive"
    eqs = [Equation("R-T2-XY", c, (f"cur.{a}.carried_over.{c}",), (f"prev.{a}.carried_forward.{c}",))
           for c in T2_COLUMNS]
    eqs += [Equation("R-T1-21-XY", r, (f"cur.{p}.{r}.in_force", f"cur.{p}.{r}.repealed"),
                     (f"prev.{p}.{r}.in_force", f"cur.{p}.{r}.issued")) for r in T1_21_STOCK_ROWS]
    eqs += [Equation("R-T1-19-XY", r, (f"cur.{p}.{r}.prev_year_items",),
                     (f"prev.{p}.{r}.prev_year_items", f"prev.{p}.{r}.items_change")) for r in T1_19_ITEM_ROWS]
    return eqs
