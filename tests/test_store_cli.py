"""ie search / ie export / ie ingest as a user meets them: formats, exit statuses, one-line errors."""
import csv
import io
import json
import os

import pytest

from conftest import EXAMPLES
from ie.schema import FACT_TYPES
from ie.store import commands
from ie.store.export import FORMATS
from ie.store.store import SECTIONS
from test_store_ingest import ie_cli


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "facts.db"
    out = ie_cli("ingest", EXAMPLES, "--db", db, "--workers", "1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ingested 5,")
    return db


def test_search_table_marks_the_matches(db):
    out = ie_cli("search", "复议", "--db", db, "--type", "text", "--limit", "3", env={**os.environ, "COLUMNS": "160"})
    assert out.returncode == 0 and out.stderr == ""
    header, rule, *rows = out.stdout.splitlines()
    assert header.split() == ["score", "issuer", "year", "type", "section", "source", "hit"]
    assert len(rows) == 3 and all("«复议»" in row for row in rows)
    narrow = ie_cli("search", "复议", "--db", db, "--type", "text", "--limit", "3", env={**os.environ, "COLUMNS": "80"})
    assert narrow.stdout.splitlines()[0].split() == ["score", "issuer", "year", "type", "hit"]


def test_search_json_jsonl_csv(db):
    hits = json.loads(ie_cli("search", "复议", "--db", db, "--format", "json", "--year", "2021").stdout)
    assert hits and {h["year"] for h in hits} == {2021}
    assert {"kind", "report_id", "source", "issuer", "text", "start", "end", "score", "highlights", "snippet"} <= set(hits[0])
    lines = ie_cli("search", "复议", "--db", db, "--format", "jsonl", "-n", "4").stdout.splitlines()
    assert len(lines) == 4 and all(json.loads(line)["highlights"] for line in lines)
    rows = list(csv.DictReader(io.StringIO(ie_cli("search", "复议", "--db", db, "--format", "csv", "-n", "2").stdout)))
    assert len(rows) == 2 and json.loads(rows[0]["highlights"])


@pytest.mark.parametrize("query", ["'; DROP TABLE reports; --", "NEAR(a b)", "复议*", "(复议)"])
def test_any_query_exits_0(db, query):
    out = ie_cli("search", "--db", db, "--", query)
    assert out.returncode == 0 and out.stderr == ""


@pytest.mark.parametrize("query, hint", [("", "nothing to search for"), ('"', "nothing to search for"),
                                         ("*", "nothing to search for"),
                                         ("复议 OR 诉讼", "OR is not supported: every word must match"),
                                         ('"行政 复议"', "phrases in quotes are not supported"),
                                         ("复议 NOT 诉讼", "NOT is not supported")])
def test_queries_that_cannot_mean_what_they_say_are_refused_with_a_hint(db, query, hint):
    out = ie_cli("search", "--db", db, "--", query)
    assert out.returncode == 2 and hint in out.stderr and out.stdout == ""
    assert out.stderr.count("\n") == 1


def test_errors_are_one_line_with_status_2(db, tmp_path):
    for args, message in ((("search", "x", "--db", tmp_path / "none.db"), "no such store"),
                          (("search", "x", "--db", db, "--type", "sentence"), "unknown type"),
                          (("search", "x", "--db", db, "--year", "last"), "not a year"),
                          (("ingest", tmp_path / "missing", "--db", db), "no such file or folder"),
                          (("export", tmp_path / "o", "--db", tmp_path / "none.db", "--format", "csv"), "no such store")):
        out = ie_cli(*args)
        assert out.returncode == 2 and message in out.stderr, args
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_export_refuses_to_overwrite_unless_asked(db, tmp_path):
    out = ie_cli("export", tmp_path / "out", "--db", db, "--format", "jsonl")
    assert out.returncode == 0 and "5 reports" in out.stdout
    assert ie_cli("export", tmp_path / "out", "--db", db, "--format", "jsonl").returncode == 2
    assert ie_cli("export", tmp_path / "out", "--db", db, "--format", "csv", "--overwrite").returncode == 0


def test_help_names_what_the_code_accepts():
    assert all(t in commands.HIT_TYPES_HELP for t in FACT_TYPES)
    assert all(s in commands.SECTIONS_HELP for s in SECTIONS)
    assert commands.EXPORT_FORMATS == FORMATS
    out = ie_cli("--help").stdout
    assert all(name in out for name in ("ingest", "search", "export"))
    for command in ("ingest", "search", "export"):
        text = ie_cli(command, "--help").stdout
        assert "examples:" in text and "Exit status" in text
