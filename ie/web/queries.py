"""The canned queries of ``ie serve``: the questions readers of the reports ask, as SQL.

Parameters: ``issuer`` (part of the name; empty: every body), ``year`` (empty: every year).
A sum over several cells is NULL unless every one of them was read: a missing cell makes the
total unknown, never smaller.

Each must answer within the time limit on a store of 100,000 reports, so it reads rows in the
order it shows them (the issuer index, or the primary key) and stops at Datasette's row limit
rather than sorting the store, and it looks a report's cells up by primary key (report, key).
"""
from __future__ import annotations

from ..schema import T3_GROUPS, T3_OUTCOMES
from ..store.labels import cell_labels

_WHERE = ("(:issuer = '' OR r.issuer LIKE '%' || :issuer || '%') "
          "AND (:year = '' OR r.year = :year)")


def _cell(key: str, name: str) -> str:
    return (f"(SELECT c.value FROM cells c WHERE c.report = r.num AND c.key_id = "
            f"(SELECT id FROM cell_keys WHERE key = '{key}')) AS \"{name}\"")


def _sum(glob: str, name: str) -> str:
    return ("(SELECT CASE WHEN count(*) > 0 AND count(c.value) = count(*) THEN sum(c.value) END FROM cells c "
            f"WHERE c.report = r.num AND c.key_id IN (SELECT id FROM cell_keys WHERE key GLOB '{glob}')) AS \"{name}\"")


_OUTCOMES = [
    _cell("applications.new_received.total", "本年新收申请"),
    _cell("applications.carried_over.total", "上年结转"),
    _cell("applications.results.granted.total", "予以公开"),
    _cell("applications.results.partially_granted.total", "部分公开"),
    _sum("applications.results.withheld.*.total", "不予公开"),
    _sum("applications.results.unavailable.*.total", "无法提供"),
    _sum("applications.results.not_processed.*.total", "不予处理"),
    _sum("applications.results.other.*.total", "其他处理"),
    _cell("applications.results.total.total", "办理结果总计"),
    _cell("applications.carried_forward.total", "结转下年"),
]

_REVIEWS = [_cell(f"review_litigation.{g}.{o}", cell_labels()[f"review_litigation.{g}.{o}"])
            for g in T3_GROUPS for o in T3_OUTCOMES]

_REPORT = "r.id AS report_id, r.issuer, r.year, r.template"


def canned_queries() -> dict[str, dict]:
    """Datasette's ``queries`` metadata for the store."""
    return {
        "applications_by_body_and_year": {
            "title": "Applications and their outcomes, by body and year (依申请公开办理结果)",
            "description": "Table 2 totals of each report: requests received and carried over, and how "
                           "they ended. Outcome groups are sums of their rows, NULL when a row was not read.",
            "hide_sql": True,
            "sql": f"SELECT {_REPORT},\n  " + ",\n  ".join(_OUTCOMES)
                   + f"\nFROM reports r WHERE {_WHERE}\nORDER BY r.issuer, r.year",
        },
        "reviews_and_suits": {
            "title": "Administrative reviews and lawsuits, and how they ended (行政复议、行政诉讼)",
            "description": "Table 3 of each report that had any review or lawsuit: upheld, corrected, "
                           "other, pending, total for reviews, direct suits and suits after review.",
            "hide_sql": True,
            "sql": f"SELECT {_REPORT},\n  " + ",\n  ".join(_REVIEWS)
                   + f"\nFROM reports r WHERE {_WHERE} AND EXISTS (SELECT 1 FROM cells c WHERE c.report = r.num "
                   "AND c.key_id IN (SELECT id FROM cell_keys WHERE key IN ('review_litigation.review.total', "
                   "'review_litigation.litigation_direct.total', 'review_litigation.litigation_after_review.total')) "
                   "AND c.value > 0)\nORDER BY r.issuer, r.year",
        },
        "failing_checks": {
            "title": "Reports whose consistency checks fail, and why (勾稽关系)",
            "description": "Every failed check with its message (the amounts on both sides) and the "
                           "values of the cells it names, the latest stored reports first. rule: e.g. "
                           "R-T2-BAL (empty: every rule). A body's failures: 'One body across the years'.",
            "hide_sql": True,
            "sql": "SELECT r.id AS report_id, r.issuer, r.year, k.rule, k.severity, k.message,\n"
                   "  (SELECT json_group_object(ck.key, c.value) FROM json_each(l.cells) j\n"
                   "   JOIN cell_keys ck ON ck.key = j.value JOIN cells c ON c.report = r.num AND c.key_id = ck.id)"
                   " AS cell_values\n"
                   "FROM checks k CROSS JOIN reports r ON r.num = k.report JOIN cell_lists l ON l.id = k.cell_list\n"
                   "WHERE k.status = 'fail' AND (:year = '' OR r.year = :year) AND (:rule = '' OR k.rule = :rule)\n"
                   "ORDER BY k.report DESC, k.seq",
        },
        "one_body_across_years": {
            "title": "One body across the years (一个机关的历年报告)",
            "description": "The reports of the bodies whose name contains issuer, oldest first: requests, "
                           "outcomes, reviews, lawsuits, failed checks and facts extracted.",
            "hide_sql": True,
            "sql": f"SELECT {_REPORT},\n  "
                   + ",\n  ".join([_OUTCOMES[0], _OUTCOMES[2], _OUTCOMES[8],
                                   _cell("review_litigation.review.total", "行政复议"),
                                   _cell("review_litigation.litigation_direct.total", "直接起诉"),
                                   _cell("review_litigation.litigation_after_review.total", "复议后起诉")])
                   + ",\n  (SELECT count(*) FROM checks k WHERE k.report = r.num AND k.status = 'fail') AS failed_checks"
                   + ",\n  (SELECT count(*) FROM facts f WHERE f.report = r.num) AS facts"
                   + "\nFROM reports r WHERE :issuer != '' AND r.issuer LIKE '%' || :issuer || '%'"
                   "\nORDER BY r.issuer, r.year",
        },
    }
