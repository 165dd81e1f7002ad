"""Glued digits that only another year of the same body can settle (issue 9, class 5)."""
from __future__ import annotations

import sys
from pathlib import Path

import ie
from conftest import gold_tables
from ie.tables.cross_year import settle_across_years
from layouts import table_rows

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import layout_stress  # noqa: E402

STOCK = ("issued", "repealed", "in_force")


def _report(year: int, tables: dict, render) -> ie.Report:
    title = f"平潭综合实验区{year}年政府信息公开工作年度报告"
    return ie.extract(layout_stress._doc(title, table_rows(tables, "tpl2021"), render), facts=False)


def _pair(corpus, rules_2025, docs_2025):
    """pingtan_2025's gold tables printed twice: 2024 in pipe rows, 2025 glued."""
    gold = gold_tables(corpus, "pingtan_2025")["tables"]
    prev = {**gold, **dict(zip((f"proactive.rules.{k}" for k in STOCK), (1, 0, 5))),
            **dict(zip((f"proactive.normative_docs.{k}" for k in STOCK), (62, 33, 440)))}
    cur = {**gold, **dict(zip((f"proactive.rules.{k}" for k in STOCK), rules_2025)),
           **dict(zip((f"proactive.normative_docs.{k}" for k in STOCK), docs_2025))}
    return _report(2024, prev, layout_stress.pipe_rows), _report(2025, cur, layout_stress.glued)


def test_the_year_before_settles_a_glued_row_when_both_keep_the_identity(corpus):
    # 2025 prints 行政规范性文件5845453: 15 splits fit; in force 453 = 440 + 58 - 45 picks one,
    # and the rules row (5 + 2 - 1 = 6) shows that this body keeps the identity
    prev, cur = _pair(corpus, (2, 1, 6), (58, 45, 453))
    assert cur.value("proactive.normative_docs.issued") is None
    assert settle_across_years([cur, prev]) == 3
    cells = [cur.tables[f"proactive.normative_docs.{k}"] for k in STOCK]
    assert [c.value for c in cells] == [58, 45, 453]
    assert all(c.method == "cross-year" and "other_year:2024" in c.flags for c in cells)
    assert cur.text[cells[0].start:cells[2].end] == "5845453"
    assert any(w.startswith("settled across years with") for w in cur.warnings)
    assert not any(w.startswith("ambiguous") and "normative_docs" in w for w in cur.warnings)


def test_no_settling_without_evidence_that_the_body_keeps_the_identity(corpus):
    # the rules row breaks the identity (5 + 2 - 1 != 7): in-force counts of this body drift
    prev, cur = _pair(corpus, (2, 1, 7), (58, 45, 453))
    assert settle_across_years([prev, cur]) == 0
    assert cur.value("proactive.normative_docs.in_force") is None


def test_real_years_that_break_the_identity_settle_nothing(corpus):
    # pingtan 2024 -> 2025: gold in force 546 != 440 + 58 - 45, so no reading may be forced
    reports = [ie.extract(corpus / "reports" / f"pingtan_{y}.txt", facts=False) for y in (2024, 2025)]
    settle_across_years(reports)
    assert all(c is None or c.method != "cross-year" for r in reports for c in r.tables.values())


def test_ingest_settles_with_the_year_before_in_the_store(corpus, tmp_path):
    from ie.store.ingest import ingest
    from ie.store.store import FactStore

    prev, cur = _pair(corpus, (2, 1, 6), (58, 45, 453))
    (tmp_path / "2024.txt").write_text(prev.text, encoding="utf-8")
    (tmp_path / "2025.txt").write_text(cur.text, encoding="utf-8")
    with FactStore(tmp_path / "facts.db") as store:
        list(ingest(store, [tmp_path / "2024.txt"], workers=1))  # an earlier run stored 2024
        list(ingest(store, [tmp_path / "2025.txt"], workers=1))
        [rec] = [r for r in store.reports() if r.year == 2025]
        cells = {c.key: c for c in store.cells(report=rec.id)}
        docs = [cells[f"proactive.normative_docs.{k}"] for k in STOCK]
        assert [c.value for c in docs] == [58, 45, 453]
        assert all(c.method == "cross-year" for c in docs)
