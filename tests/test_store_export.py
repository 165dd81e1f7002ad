"""ie export: the same tables as csv, parquet, jsonl and a Hugging Face dataset."""
import csv
import json

import pytest

import ie
from conftest import EXAMPLES
from ie.store import FactStore
from ie.store.export import FORMATS, export
from ie.store.labels import cell_labels

TABLES = ("reports", "tables", "cells", "facts", "checks", "sections")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = FactStore(tmp_path_factory.mktemp("export") / "facts.db")
    for path in sorted(EXAMPLES.glob("*.txt")):
        store.add(ie.extract(path), source=path.name)
    yield store
    store.close()


@pytest.fixture(scope="module")
def expected(store):
    return {t: store.conn.execute(f"SELECT count(*) FROM {v}").fetchone()[0]
            for t, v in zip(TABLES, ("reports", "reports", "cells", "facts", "checks", "sections"))}


def test_parquet_has_wide_and_long_tables(store, expected, tmp_path):
    import pyarrow.parquet as pq

    counts = export(store, tmp_path / "out", "parquet")
    assert counts == expected
    wide = pq.read_table(tmp_path / "out" / "tables.parquet").to_pylist()
    guigang = next(row for row in wide if row["issuer"] == "贵港市人民政府")
    report = store.report(guigang["report_id"])
    assert all(guigang[key] == report.value(key) for key in report.tables)
    assert set(cell_labels()) <= set(guigang)
    cells = pq.read_table(tmp_path / "out" / "cells.parquet")
    assert cells.schema.field("value").type in ("int64", "double") and cells.num_rows == expected["cells"]
    facts = pq.read_table(tmp_path / "out" / "facts.parquet").to_pylist()
    assert all(isinstance(json.loads(f["fields"]), dict) for f in facts)


def test_csv_and_jsonl_carry_the_same_rows(store, expected, tmp_path):
    export(store, tmp_path / "csv", "csv")
    export(store, tmp_path / "jsonl", "jsonl")
    for table in TABLES:
        with open(tmp_path / "csv" / f"{table}.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        lines = (tmp_path / "jsonl" / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(rows) == len(lines) == expected[table], table
        assert list(rows[0]) == list(json.loads(lines[0])), table
    sections = [json.loads(line) for line in (tmp_path / "jsonl" / "sections.jsonl").read_text().splitlines()]
    report = store.report(sections[0]["report_id"])
    for s in (s for s in sections if s["report_id"] == sections[0]["report_id"]):
        assert s["text"] == report.section_text(s["section"])


def test_hf_dataset_loads_with_datasets(store, expected, tmp_path):
    import datasets

    export(store, tmp_path / "hf", "hf")
    loaded = datasets.load_from_disk(str(tmp_path / "hf"))
    assert {name: len(loaded[name]) for name in TABLES} == expected
    row = loaded["cells"].filter(lambda r: r["key"] == "applications.new_received.total" and r["value"] == 287)
    assert len(row) == 1


def test_out_is_replaced_only_when_asked(store, tmp_path):
    out = tmp_path / "out"
    export(store, out, "jsonl")
    with pytest.raises(FileExistsError):
        export(store, out, "jsonl")
    export(store, out, "csv", overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folders left
    with pytest.raises(ValueError):
        export(store, tmp_path / "x", "xlsx")
    assert set(FORMATS) == {"csv", "parquet", "jsonl", "hf"}


def test_reports_and_tables_carry_the_body_key(store, tmp_path):
    export(store, tmp_path / "out", "csv")
    for table in ("reports", "tables"):
        with open(tmp_path / "out" / f"{table}.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        bodies = {row["issuer"]: row["body"] for row in rows}
        assert bodies["贵港市人民政府"] == "广西壮族自治区贵港市·政府"
        assert bodies["钦州市行政审批局"] == "广西壮族自治区钦州市·行政审批局"


def test_excel_csv_starts_with_a_bom(store, tmp_path):
    export(store, tmp_path / "plain", "csv")
    export(store, tmp_path / "excel", "csv", excel=True)
    plain = (tmp_path / "plain" / "reports.csv").read_bytes()
    excel = (tmp_path / "excel" / "reports.csv").read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf") and excel == b"\xef\xbb\xbf" + plain
    with pytest.raises(ValueError, match="--excel is for csv"):
        export(store, tmp_path / "x", "parquet", excel=True)


def test_parquet_integer_columns_read_as_nullable_integers(store, tmp_path):
    import pandas as pd

    export(store, tmp_path / "out", "parquet")
    wide = pd.read_parquet(tmp_path / "out" / "tables.parquet")
    column = wide["applications.results.total.total"]
    assert str(column.dtype) == "Int64" and column.isna().sum() == 1  # seed_003's results are not resolved
    assert 276 in column.dropna().tolist()
    assert str(wide["proactive.admin_fees.fee_amount_wan_yuan"].dtype) == "float64"
    assert str(pd.read_parquet(tmp_path / "out" / "reports.parquet")["year"].dtype) == "Int64"
