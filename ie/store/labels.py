"""A readable label for every table key, composed from the row and column labels of
:mod:`ie.schema` (never spelled here), in the order the national templates print the cells."""
from __future__ import annotations

from functools import lru_cache

from .. import schema


@lru_cache(maxsize=1)
def cell_labels() -> dict[str, str]:
    """{key: "row label column label"} for both templates' keys, in table order."""
    labels: dict[str, str] = {}
    for template in schema.T1_COLUMNS:
        for row in schema.t1_rows(template):
            for column, key in zip(row.columns, row.cell_keys("proactive")):
                labels[key] = f"{row.label} {schema.T1_COLUMN_LABELS[column]}"
    procurement = schema.T1_ROW_LABELS["central_procurement"][0]
    for key in (schema.PROCUREMENT_UNIT_KEY, schema.PROCUREMENT_WAN_KEY):  # no printed label: row + key
        labels[key] = f"{procurement} {key.rsplit('.', 1)[1]}"
    for rows in schema.T2_ROWS.values():
        for row in rows:
            for column, key in zip(row.columns, row.cell_keys("applications")):
                labels[key] = f"{row.label} {schema.T2_COLUMN_LABELS[column][0]}"
    for row in schema.T3_ROWS:
        for column, key in zip(row.columns, row.cell_keys("review_litigation")):
            labels[key] = f"{row.label} {schema.T3_OUTCOME_LABELS[column]}"
    return labels


def cell_section(key: str) -> str:
    """The section a table key belongs to (its table's section)."""
    prefix = key.split(".", 1)[0]
    return next((section for section, p in schema.PREFIX.items() if p == prefix), prefix)
