"""A store in a read-only place: search and export read it, ingest says so once, up front."""
import dataclasses
import os
import sqlite3

import pytest

import ie
from ie.cli import main
from ie.store import FactStore, StoreError

from conftest import seed


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("ro") / "facts.db"
    report = ie.extract(seed("seed_004"), facts=False)
    with FactStore(path) as store:
        store.add(dataclasses.replace(report))
    return path


def test_readonly_store_searches_and_never_writes(db):
    before = db.stat().st_mtime_ns
    with FactStore(db, readonly=True) as store:
        assert len(store) == 1 and store.search("复议", limit=1)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("DELETE FROM reports")
        with pytest.raises(StoreError, match="read-only"):
            store.add(store.report(next(store.reports()).id), source="x.txt")
    assert db.stat().st_mtime_ns == before


def test_readonly_store_must_exist(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        FactStore(tmp_path / "none.db", readonly=True)


def test_ingest_into_a_read_only_place_is_one_error_and_no_summary(db, monkeypatch, capsys):
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode & os.W_OK else real(p, mode, **kw))
    assert main(["ingest", str(seed("seed_000")), "--db", str(db), "--workers", "1"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"ie: error: {db}: read-only (cannot write the store here)\n"


def test_ingest_goes_on_past_a_missing_path(tmp_path, capsys):
    db = tmp_path / "facts.db"
    status = main(["ingest", str(tmp_path / "missing.txt"), str(seed("seed_004")), "--db", str(db), "--workers", "1"])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.err == f"ie: error: {tmp_path / 'missing.txt'}: no such file or folder\n"
    assert captured.out.startswith("ingested 1, skipped 0 already stored, failed 1,")
    with FactStore(db, readonly=True) as store:
        assert len(store) == 1


def test_a_moved_file_takes_its_new_path(tmp_path, capsys):
    import shutil

    db, old, new = tmp_path / "facts.db", tmp_path / "a" / "r.txt", tmp_path / "b" / "r.txt"
    old.parent.mkdir()
    new.parent.mkdir()
    shutil.copy(seed("seed_004"), old)
    assert main(["ingest", str(old), "--db", str(db), "--workers", "1"]) == 0
    shutil.move(old, new)
    assert main(["ingest", str(new), "--db", str(db), "--workers", "1"]) == 0
    assert "(1 moved: path updated)" in capsys.readouterr().out
    with FactStore(db, readonly=True) as store:
        assert [r.source for r in store.reports()] == [str(new)]


def test_summary_counts_only_what_this_run_stored(tmp_path, monkeypatch):
    """Two ingests of one file at once: the one that finds it stored by the other between its
    check and its write stores nothing, and counts nothing as ingested or failing."""
    from ie.store.ingest import Summary, ingest
    from ie.store.store import file_id

    path = tmp_path / "edited.txt"
    path.write_text(seed("seed_004").read_text(encoding="utf-8").replace("|\n287 |", "|\n288 |", 1), encoding="utf-8")
    with FactStore(tmp_path / "facts.db") as store:
        report = ie.extract(path)
        assert report.failed_checks("error")
        store.add(report, report_id=file_id(path), source=str(path.resolve()))  # the other process
        monkeypatch.setattr(store, "already_stored", lambda *a: None)  # checked before it wrote
        summary = Summary()
        for outcome in ingest(store, [path], workers=1):
            summary.count(outcome)
    assert str(summary) == "ingested 0, skipped 1 already stored, failed 0, checks failed in 0 of 0 reports"
