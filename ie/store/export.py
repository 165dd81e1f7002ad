"""Export a store as files to share: one file per table (csv, parquet, jsonl) or a Hugging Face
``datasets.DatasetDict`` saved with ``save_to_disk`` (``datasets.load_from_disk(OUT)["facts"]``).

Tables (every row names its report by ``report_id``):

- ``reports``: one row per report, with its text (all offsets index into it)
- ``tables``: one wide row per report, a column per table key (schema order)

``reports`` and ``tables`` carry ``body``, the issuer's canonical key (:func:`ie.body.body_key`,
e.g. 江苏省淮安市洪泽区·政府), the same for every spelling of one body: group years by it.
- ``cells``: the same cells as long rows: key, label, value, raw, span, method, flags
- ``facts``: one row per narrative fact; its type-specific fields as a JSON object in ``fields``
- ``checks``: one row per consistency check
- ``sections``: each section's heading, span and text

JSON columns (``warnings``, ``flags``, ``cells``, ``fields``) are JSON text in every format.
Column types are fixed per table (``tables()`` below) so that csv, parquet and the dataset agree;
a cell value that is text rather than a number (the procurement unit marker) is in ``value_text``.
Rows stream in batches, so a store larger than memory exports.
"""
from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..body import body_key
from ..files import as_if_created
from .labels import cell_labels
from .store import FactStore

FORMATS = ("csv", "parquet", "jsonl", "hf")
BATCH_ROWS = 20_000
ARROW_TYPES = {"s": "string", "i": "int64", "f": "float64"}


@dataclass
class Table:
    name: str
    columns: list[tuple[str, str]]  # (name, type): s string, i integer, f float
    batches: Callable[[], Iterator[list[tuple]]]  # rows in column order


def _columns(*spec: str) -> list[tuple[str, str]]:
    return [tuple(s.split(":")) for s in spec]


def _batched(rows) -> Iterator[list[tuple]]:
    while batch := rows.fetchmany(BATCH_ROWS):
        yield batch


def tables(store: FactStore) -> list[Table]:
    conn = store.conn

    def query(sql: str) -> Callable[[], Iterator[list[tuple]]]:
        return lambda: _batched(conn.execute(sql))

    conn.create_function("ie_body_key", 1, body_key, deterministic=True)

    value_types = dict(conn.execute("SELECT k.key, CASE WHEN max(typeof(c.value) = 'text') THEN 's' "
                                    "WHEN max(typeof(c.value) = 'real') THEN 'f' ELSE 'i' END "
                                    "FROM cells c JOIN cell_keys k ON k.id = c.key_id "
                                    "GROUP BY c.key_id"))
    number = "f" if "f" in value_types.values() else "i"
    keys = list(cell_labels())
    keys += sorted(set(value_types) - set(keys))  # keys an older or newer extractor stored
    return [
        Table("reports", _columns(
            "report_id:s", "source:s", "format:s", "template:s", "issuer:s", "body:s", "year:i", "published:s",
            "extractor:s", "ingested_at:s", "warnings:s", "text:s"),
            query("SELECT id, source, format, template, issuer, ie_body_key(issuer), year, published, extractor, "
                  "ingested_at, warnings, text FROM reports ORDER BY num")),
        Table("tables", _columns("report_id:s", "issuer:s", "body:s", "year:i", "template:s")
              + [(k, value_types.get(k, "i")) for k in keys],
              lambda: _wide_rows(conn, keys)),
        Table("cells", _columns(
            "report_id:s", "key:s", "label:s", f"value:{number}", "value_text:s", "raw:s", "start:i", "end:i",
            "method:s", "flags:s"),
            query("SELECT r.id, k.key, k.label, CASE WHEN typeof(c.value) != 'text' THEN c.value END, "
                  "CASE WHEN typeof(c.value) = 'text' THEN c.value END, c.raw, c.start, c.end, c.method, c.flags "
                  "FROM cells c JOIN reports r ON r.num = c.report JOIN cell_keys k ON k.id = c.key_id "
                  "ORDER BY c.report, k.key")),
        Table("facts", _columns(
            "report_id:s", "type:s", "text:s", "start:i", "end:i", "section:s", "method:s", "confidence:f", "fields:s"),
            query("SELECT report_id, type, text, start, end, section, method, confidence, fields "
                  "FROM report_facts ORDER BY id")),
        Table("checks", _columns("report_id:s", "rule:s", "severity:s", "status:s", "message:s", "cells:s"),
              query("SELECT r.id, k.rule, k.severity, k.status, k.message, l.cells FROM checks k "
                    "JOIN reports r ON r.num = k.report JOIN cell_lists l ON l.id = k.cell_list "
                    "ORDER BY k.report, k.seq")),
        Table("sections", _columns("report_id:s", "section:s", "heading:s", "start:i", "end:i", "text:s"),
              query("SELECT report_id, section, heading, start, end, text FROM section_texts ORDER BY report_id, start")),
    ]


def _wide_rows(conn, keys: list[str]) -> Iterator[list[tuple]]:
    """One row per report from the long cells, merged in report order (one pass over each)."""
    column = {k: i for i, k in enumerate(keys)}
    cells = conn.execute("SELECT c.report, k.key, c.value FROM cells c JOIN cell_keys k ON k.id = c.key_id "
                         "ORDER BY c.report")
    pending = next(cells, None)
    batch = []
    for num, *head in conn.execute("SELECT num, id, issuer, ie_body_key(issuer), year, template FROM reports "
                                   "ORDER BY num"):
        values = [None] * len(keys)
        while pending is not None and pending[0] <= num:
            if pending[0] == num:
                values[column[pending[1]]] = pending[2]
            pending = next(cells, None)
        batch.append(tuple(head) + tuple(values))
        if len(batch) == BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def export(store: FactStore, out: str | os.PathLike, fmt: str, *, overwrite: bool = False,
           excel: bool = False) -> dict[str, int]:
    """Write every table to the folder ``out`` in ``fmt``; returns {table: rows}. ``excel``
    (csv only) starts each file with a UTF-8 byte-order mark, which Excel needs to read
    Chinese text as UTF-8.

    The folder appears only when complete. An existing ``out`` is replaced only with
    ``overwrite`` (FileExistsError otherwise)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise ValueError("--excel is for csv (a byte-order mark for Excel)")
    out = Path(out)
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} exists (use --overwrite to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    try:
        with store.snapshot():  # one consistent state, even while an ingest writes
            counts = _save_dataset(tables(store), work) if fmt == "hf" else _save_files(tables(store), work, fmt, excel)
        as_if_created(work, folder=True)
        if out.exists():
            old = work.with_suffix(".old")
            out.rename(old)
            work.rename(out)
            shutil.rmtree(old)
        else:
            work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return counts


def _save_files(tables: list[Table], folder: Path, fmt: str, excel: bool = False) -> dict[str, int]:
    counts = {}
    for table in tables:
        with _writer(folder / f"{table.name}.{fmt}", table.columns, fmt, excel) as write:
            counts[table.name] = 0
            for rows in table.batches():
                write(rows)
                counts[table.name] += len(rows)
    return counts


@contextlib.contextmanager
def _writer(path: Path, columns: list[tuple[str, str]], fmt: str, excel: bool = False):
    """A function that appends rows to ``path`` (csv, jsonl, parquet, or an Arrow stream)."""
    names = [name for name, _ in columns]
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as fh:
            yield lambda rows: fh.writelines(json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n"
                                             for row in rows)
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(names)
            yield writer.writerows
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(name, ARROW_TYPES[t]) for name, t in columns])
        if fmt == "parquet":
            schema = schema.with_metadata({b"pandas": _pandas_metadata(columns)})
        writer = pq.ParquetWriter(path, schema) if fmt == "parquet" else pa.ipc.new_stream(str(path), schema)
        try:
            yield lambda rows: writer.write_batch(pa.RecordBatch.from_arrays(
                [pa.array(values, type=field.type) for values, field in zip(zip(*rows), schema)], schema=schema))
        finally:
            writer.close()


def _pandas_metadata(columns: list[tuple[str, str]]) -> bytes:
    """pandas' schema note, so that pandas.read_parquet gives integer columns as nullable Int64
    (a blank cell is <NA>) instead of float64 NaN; pyarrow's to_pandas reads it too."""
    kinds = {"s": ("unicode", "object"), "i": ("int64", "Int64"), "f": ("float64", "float64")}
    return json.dumps({"index_columns": [], "column_indexes": [], "columns": [
        {"name": name, "field_name": name, "pandas_type": kinds[t][0], "numpy_type": kinds[t][1], "metadata": None}
        for name, t in columns]}).encode()


def _save_dataset(tables: list[Table], folder: Path) -> dict[str, int]:
    """Arrow streams first (what datasets memory-maps), then ``DatasetDict.save_to_disk``."""
    import datasets

    quiet = datasets.are_progress_bars_disabled()
    datasets.disable_progress_bars()  # ours is the only output
    try:
        with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".arrow.") as arrow_dir:
            counts = _save_files(tables, Path(arrow_dir), "arrow")
            splits = datasets.DatasetDict({t.name: datasets.Dataset.from_file(str(Path(arrow_dir) / f"{t.name}.arrow"))
                                           for t in tables})
            splits.save_to_disk(str(folder))
    finally:
        if not quiet:
            datasets.enable_progress_bars()
    return counts
