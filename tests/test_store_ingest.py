"""ie ingest: parallel extraction, per-file failures, re-runs, a killed run, readers during a run."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import ie
from conftest import EXAMPLES
from ie.store import FactStore
from ie.store.ingest import Summary, ingest
from ie.store.passages import report_passages

SEEDS = sorted(EXAMPLES.glob("*.txt"))


def ie_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "ie.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=600, **kw)


def start_ingest(folder, db, workers=2):
    return subprocess.Popen([sys.executable, "-m", "ie.cli", "ingest", str(folder), "--db", str(db),
                             "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def stop(proc):
    """SIGKILL the ingest's whole process group (the command and its extraction workers)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def stored_count(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.fixture
def copies(tmp_path):
    """80 distinct reports: the seeds again and again, each with its own closing line."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(80):
        seed = SEEDS[i % len(SEEDS)]
        (folder / f"{i:03d}_{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\n（第{i}份）\n",
                                                    encoding="utf-8")
    return folder


def test_bad_files_fail_alone_and_a_rerun_skips_what_is_stored(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for seed in SEEDS[:3]:
        (folder / "sub" / seed.name).write_bytes(seed.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    (folder / "binary.txt").write_bytes(b"\x00\xff" * 3000)
    db = tmp_path / "facts.db"
    out = ie_cli("ingest", folder, "--db", db, "--workers", "2")
    assert out.returncode == 1, out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("ie: error:")]
    assert len(errors) == 3 and "Traceback" not in out.stderr
    assert "ingested 3," in out.stdout and "failed 3" in out.stdout
    again = ie_cli("ingest", folder / "sub", "--db", db)
    assert again.returncode == 0 and "ingested 0, skipped 3 already stored" in again.stdout
    with FactStore(db) as store:
        assert len(store) == 3


def test_changed_and_copied_files(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(SEEDS[4].read_text(encoding="utf-8"), encoding="utf-8")
    with FactStore(tmp_path / "facts.db") as store:
        def run(*files, force=False):
            summary = Summary()
            for outcome in ingest(store, files, workers=1, force=force):
                summary.count(outcome)
            return summary

        assert run(path).added == 1
        assert run(path).unchanged == 1
        path.write_text(path.read_text(encoding="utf-8") + "\n本报告于次日修订。\n", encoding="utf-8")
        assert run(path).replaced == 1
        copy = tmp_path / "copy.txt"
        copy.write_bytes(path.read_bytes())
        assert run(copy).duplicate == 1
        assert len(store) == 1 and store.search("次日修订")[0].source == str(path.resolve())
        assert run(path, force=True).replaced == 1 and len(store) == 1


@pytest.mark.slow
def test_a_killed_ingest_leaves_whole_reports_and_resumes(tmp_path, copies):
    db = tmp_path / "facts.db"
    proc = start_ingest(copies, db)
    try:
        deadline = time.monotonic() + 300
        while stored_count(db) < 5 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)  # the writer dies mid-run, workers orphaned
    finally:
        stop(proc)
    with FactStore(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []  # no orphan rows
        store.conn.execute("INSERT INTO passages_search(passages_search) VALUES ('integrity-check')")
        stored = list(store.reports())
        assert 5 <= len(stored) < 80, "the ingest finished before it could be killed"
        for record in stored:  # every committed report is whole
            fresh = ie.extract(record.source)
            assert store.report(record.id).to_dict() == {**fresh.to_dict(), "source": record.source}
            n = store.conn.execute("SELECT count(*) FROM passages p JOIN reports r ON r.num = p.report "
                                   "WHERE r.id = ?", (record.id,)).fetchone()[0]
            assert n == len(report_passages(fresh))
    rerun = ie_cli("ingest", copies, "--db", db)
    assert rerun.returncode == 0, rerun.stderr
    assert f"ingested {80 - len(stored)}, skipped {len(stored)} already stored" in rerun.stdout
    with FactStore(db) as store:
        assert len(store) == 80 and store.search("第79份")


@pytest.mark.slow
def test_readers_see_whole_reports_while_an_ingest_writes(tmp_path, copies):
    expected_cells = {seed.name: len(ie.extract(seed, facts=False).tables) for seed in SEEDS}
    db = tmp_path / "facts.db"
    FactStore(db).close()  # the schema exists before the first reader opens it
    proc = start_ingest(copies, db)
    seen = []
    try:
        with FactStore(db) as store:
            while proc.poll() is None or not seen or seen[-1] < 80:
                with store.snapshot():
                    rows = store.conn.execute("SELECT r.source, count(c.key_id) FROM reports r "
                                              "LEFT JOIN cells c ON c.report = r.num GROUP BY r.num").fetchall()
                for source, cells in rows:
                    assert cells == expected_cells[os.path.basename(source).split("_", 1)[1]]
                assert isinstance(store.search("复议", year=2020, limit=5), list)
                seen.append(len(rows))
                if proc.poll() is not None and seen[-1] < 80:
                    break
        assert proc.wait() == 0, proc.stderr.read()
    finally:
        stop(proc)
    assert seen == sorted(seen) and seen[-1] == 80 and len(set(seen)) > 3


def dying_extract(path):
    """An extraction worker that dies (as a crashing PDF library would) on files named *die*."""
    from ie.store.ingest import extract_for_store

    if "die" in os.path.basename(path):
        os.kill(os.getpid(), signal.SIGKILL)
    return extract_for_store(path)


# `ie ingest` with dying_extract as the workers' function (the workers import this module).
DYING_INGEST = ("import sys, ie.store.ingest, test_store_ingest; "
                "ie.store.ingest.extract_for_store = test_store_ingest.dying_extract; "
                "from ie.cli import main; sys.exit(main(sys.argv[1:]))")


@pytest.mark.slow
def test_a_worker_that_dies_fails_its_file_and_the_rest_is_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"{i}_{seed.name}" for i, seed in enumerate(SEEDS)]
    for name, seed in zip(names, SEEDS):
        (folder / name).write_bytes(seed.read_bytes())
    # among the first files, so that others are in flight in the pool it breaks
    (folder / "1_die.txt").write_text(SEEDS[0].read_text(encoding="utf-8") + "\n（另一份）\n", encoding="utf-8")
    db = tmp_path / "facts.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(EXAMPLES.parent / "tests"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", DYING_INGEST, "ingest", str(folder), "--db", str(db), "--workers", "2"],
                         capture_output=True, text=True, timeout=600, env=env)
    assert out.returncode == 1, out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("ie: error:")]
    assert len(errors) == 1 and "1_die.txt" in errors[0] and "died" in errors[0], out.stderr
    assert f"ingested {len(SEEDS)}," in out.stdout and "failed 1" in out.stdout
    with FactStore(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        store.conn.execute("INSERT INTO passages_search(passages_search) VALUES ('integrity-check')")
        assert sorted(os.path.basename(r.source) for r in store.reports()) == sorted(names)
        for record in store.reports():  # every stored report whole
            assert store.report(record.id).to_dict() == {**ie.extract(record.source).to_dict(), "source": record.source}
        passages = store.conn.execute("SELECT sum(passage_count) FROM reports").fetchone()[0]
        assert store.conn.execute("SELECT count(*) FROM passages").fetchone()[0] == passages
        assert store.conn.execute("SELECT sum(passages) FROM search_stats").fetchone()[0] == passages
    rerun = ie_cli("ingest", folder, "--db", db)  # without the dying worker the file goes in
    assert rerun.returncode == 0 and f"ingested 1, skipped {len(SEEDS)} already stored" in rerun.stdout
