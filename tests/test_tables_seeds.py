"""Exact cells from the five bundled seed reports, one layout each."""
import pytest

import ie
from conftest import seed


@pytest.fixture(scope="module")
def reports():
    return {n: ie.extract(seed(n), facts=False) for n in
            ("seed_000", "seed_001", "seed_002", "seed_003", "seed_004")}


def test_every_cell_points_at_its_printed_text(reports):
    for r in reports.values():
        for key, cell in r.tables.items():
            if cell is not None and cell.method == "table":
                assert r.text[cell.start:cell.end] == cell.raw, key


def test_seed000_one_cell_per_line_2019(reports):
    r = reports["seed_000"]
    assert r.template == "tpl2019"
    assert [r.value(f"proactive.licensing.{c}") for c in ("prev_year_items", "items_change", "decisions")] \
        == [315, -19, 37193]
    assert r.value("proactive.other_admin_services.prev_year_items") == 2
    assert r.value("proactive.central_procurement.projects") == 13
    assert r.value("proactive.central_procurement.amount") == 354730
    # the cell prints a bare 354730; the prose quotes 采购总金额35.473万元, so the cell is in 元
    assert r.value("proactive.central_procurement.amount_unit") == "yuan"
    assert r.value("proactive.central_procurement.amount_wan_yuan") == pytest.approx(35.473)
    assert r.value("applications.results.other.total.total") == 0
    assert len([k for k in r.tables if k.startswith("applications.")]) == 161


def test_seed001_pipes_with_lost_header_line(reports):
    r = reports["seed_001"]
    assert r.template == "tpl2019"
    assert r.value("proactive.licensing.items_change") == -98
    assert r.value("proactive.licensing.decisions") == 26878
    assert r.value("proactive.other_admin_services.decisions") == 562
    assert all(r.value(k) == 0 for k in r.tables if k.startswith("review_litigation."))


def test_seed002_signed_and_unit_cells(reports):
    r = reports["seed_002"]
    cell = r.tables["proactive.licensing.items_change"]
    assert (cell.value, cell.raw) == (72, "+72")
    amount = r.tables["proactive.central_procurement.amount"]
    assert (amount.value, amount.raw) == (374780, "374780元")
    assert r.value("proactive.central_procurement.amount_unit") == "yuan"
    assert r.value("proactive.central_procurement.amount_wan_yuan") == pytest.approx(37.478)
    assert r.value("proactive.licensing.decisions") == 7131


def test_seed003_truncated_table_leaves_nulls_and_never_shifts(reports):
    r = reports["seed_003"]
    assert r.template == "tpl2019"
    assert r.value("applications.new_received.natural_person") == 9
    assert r.value("applications.results.granted.total") == 9
    assert r.value("applications.results.withheld.admin_inquiry.total") == 0
    missing = [k for k, c in r.tables.items() if c is None]
    assert len(missing) == 92  # 11 rows x 7 + table 3's 15 cells
    assert "applications.results.unavailable.not_held.total" in missing
    assert "review_litigation.review.total" in missing
    assert any("missing row: applications.carried_forward" in w for w in r.warnings)
    assert any("review_litigation" in w and "missing" in w for w in r.warnings)
    statuses = {c.rule: c.status for c in r.checks if c.rule in ("R-T2-BAL", "R-T3-SUM")}
    assert statuses == {"R-T2-BAL": "uncertain", "R-T3-SUM": "uncertain"}


def test_seed004_pipe_per_line_2021(reports):
    r = reports["seed_004"]
    assert r.template == "tpl2021"
    assert r.value("proactive.normative_docs.issued") == 501
    assert r.value("proactive.normative_docs.in_force") == 1845
    assert r.value("proactive.licensing.decisions") == 1200631
    assert r.value("proactive.admin_fees.fee_amount_wan_yuan") == 34572.2
    assert r.value("applications.new_received.total") == 287
    assert r.value("applications.results.other.misc.natural_person") == 23
    assert r.value("applications.results.other.misc.other_org") == 2
    assert r.value("applications.carried_forward.total") == 14
    assert [r.value(f"review_litigation.review.{o}") for o in ("upheld", "corrected", "other", "pending", "total")] \
        == [2, 0, 1, 0, 3]
    assert r.value("review_litigation.litigation_direct.pending") == 1
    assert not r.failed_checks("error")


def test_metadata(reports):
    assert (reports["seed_000"].issuer, reports["seed_000"].year, reports["seed_000"].published) == \
        ("钦州市行政审批局", 2020, "2021-01-14")
    assert reports["seed_004"].issuer == "贵港市人民政府"
    assert reports["seed_003"].issuer == "银川市金凤区审批服务管理局"
