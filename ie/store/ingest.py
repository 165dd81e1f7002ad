"""Batch ingest: extract in worker processes, write from one.

Extraction (reading PDFs, tables, checks, facts, search terms) is the slow part and runs in a
pool of worker processes; SQLite has one writer, so the calling process stores each report in
its own transaction as it arrives. A file whose content is already stored is skipped before it
is extracted (the content hash is the report id), so running the same ingest again resumes a
killed or failed run. A file that cannot be read fails alone; the run goes on.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sqlite3
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..document import ReadError
from ..report import Report
from .passages import Passage, report_passages
from .store import FactStore, file_id


@dataclass
class Outcome:
    """What happened to one file: ``added``, ``replaced``, ``unchanged``, ``duplicate`` (its
    content is stored from another path), ``moved`` (stored from a path that no longer exists,
    now updated), ``same_report`` (another file of a stored report: one report, several sources)
    or ``failed`` (``message`` says why)."""

    path: Path
    status: str
    report_id: str | None = None
    message: str | None = None
    failed_checks: int = 0  # error-level consistency checks the report fails


@dataclass
class Summary:
    """Outcomes counted by status, for the line ``ie ingest`` prints at the end."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicate: int = 0
    moved: int = 0  # stored from a path that no longer exists: the source now names the new path
    same_report: int = 0  # another file of a stored report (a PDF and its web page): one more source
    failed: int = 0
    failing_checks: int = 0  # stored reports with an error-level check that fails

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.failing_checks += outcome.failed_checks > 0

    def __str__(self) -> str:
        ingested = self.added + self.replaced
        return (f"ingested {ingested}" + (f" ({self.replaced} replaced)" if self.replaced else "")
                + f", skipped {self.unchanged + self.duplicate + self.moved} already stored"
                + (f" ({self.duplicate} under another path)" if self.duplicate else "")
                + (f" ({self.moved} moved: path updated)" if self.moved else "")
                + (f", {self.same_report} another file of a stored report (kept as one more source)"
                   if self.same_report else "")
                + f", failed {self.failed}, checks failed in {self.failing_checks} of {ingested} reports")


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ingest(store: FactStore, files: Iterable[str | os.PathLike], *, workers: int | None = None,
           force: bool = False) -> Iterator[Outcome]:
    """Store every file; yields one :class:`Outcome` per file, in completion order.

    ``workers`` extraction processes (default: one per core; 1 extracts in this process);
    ``force`` re-extracts files whose content is already stored. When all files are done, the
    search index is compacted (:meth:`FactStore.compact`)."""
    todo = []
    for path in map(Path, files):
        try:
            report_id = file_id(path)
        except OSError as exc:
            yield Outcome(path, "failed", message=f"{path}: {exc.strerror or exc}")
            continue
        source = str(path.resolve())
        status = None if force else store.already_stored(report_id, source)
        if status:
            yield Outcome(path, status, report_id)
        else:
            todo.append((path, report_id, source))
    added = 0
    unsettled = []  # stored reports with rows only another year can settle
    for (path, report_id, source), result in _extract_all(todo, workers or default_workers()):
        if isinstance(result, str):
            yield Outcome(path, "failed", report_id, message=result)
            continue
        report, passages = result
        try:
            status = store.add(report, report_id=report_id, source=source, passages=passages, replace=force)
        except (TypeError, ValueError, sqlite3.IntegrityError) as exc:  # this report's data, not the store
            yield Outcome(path, "failed", report_id, message=f"{path}: cannot store: {exc}")
            continue
        stored = status in ("added", "replaced")  # else another process stored it meanwhile
        added += len(passages) if stored else 0
        if stored and report.unsettled:
            unsettled.append((report, report_id, source, passages))
        yield Outcome(path, status, report_id, failed_checks=len(report.failed_checks("error")) if stored else 0)
    settle_with_other_years(store, unsettled)
    if added:
        stored = store.conn.execute("SELECT sum(passages) FROM search_stats").fetchone()[0] or 0
        store.compact(full=20 * added >= stored, pages=max(200, added // 10))


def settle_with_other_years(store: FactStore, unsettled: list[tuple[Report, str, str, list[Passage]]]) -> int:
    """Cells that only another year of the same body settles (ie.tables.cross_year), for the
    reports of this run that need it: the year before and after are taken from this run or
    from the store, and a report that gains cells is stored again (its own transaction).
    Returns the number of reports stored again."""
    from ..body import same_body
    from ..tables.cross_year import settle_pair

    here = {id(r): r for r, *_ in unsettled}
    changed: set[int] = set()
    for report, *_ in unsettled:
        if not report.year:
            continue
        for year in (report.year - 1, report.year + 1):
            other = next((r for r in here.values() if r.year == year and same_body(r.issuer, report.issuer)), None)
            if other is None:
                rec = next((r for r in store.reports(year=year, issuer=report.issuer)
                            if same_body(r.issuer, report.issuer)), None) if report.issuer else None
                other = store.report(rec.id) if rec else None
            if other is None:
                continue
            prev, cur = (other, report) if year < report.year else (report, other)
            for key in settle_pair(prev, cur):
                changed.add(id(prev if key.startswith("prev.") else cur))
    again = [(r, rid, src, passages) for r, rid, src, passages in unsettled if id(r) in changed]
    for report, report_id, source, passages in again:
        store.add(report, report_id=report_id, source=source, passages=passages, replace=True)
    return len(again)


def extract_for_store(path: str) -> tuple[Report, list[Passage]] | str:
    """Worker: the report and its search passages, or a one-line message saying why not."""
    from ..pipeline import extract

    try:
        report = extract(path)
        return report, report_passages(report)
    except ReadError as exc:
        return str(exc)
    except Exception as exc:  # an extractor bug must cost one file, not the run
        return f"{path}: extraction failed ({type(exc).__name__}: {exc})"


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


DIED = "the extraction process died (crash or out of memory)"


def _extract_all(todo: list, workers: int):
    """(item, result) for each (path, ...) item of ``todo`` as extraction completes.

    A worker that dies (a crash in a PDF library, the out-of-memory killer) breaks the whole
    pool, and every file in flight with it. Those files are then extracted again, each in a
    process of its own, so that only a file that kills its process fails; the rest of the queue
    goes to a new pool."""
    if workers <= 1 or len(todo) <= 1:
        for item in todo:
            yield item, extract_for_store(str(item[0]))
        return
    queue = iter(todo)
    context = multiprocessing.get_context("spawn")  # no fork of a process holding SQLite and threads
    while True:
        suspects: list = []
        with ProcessPoolExecutor(min(workers, len(todo)), mp_context=context, initializer=_ignore_sigint) as pool:
            running: dict = {}
            while True:
                if not suspects:  # a broken pool takes no more work
                    for item in itertools.islice(queue, 2 * workers - len(running)):
                        running[pool.submit(extract_for_store, str(item[0]))] = item
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    item = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        suspects.append(item)
                        continue
                    yield item, result
        if not suspects:
            return
        yield from _alone(suspects, workers, context)


def _alone(items: list, workers: int, context):
    """(item, result) for each item, extracted in a process of its own (``workers`` at a time)."""
    for i in range(0, len(items), workers):
        batch = items[i:i + workers]
        pools = [ProcessPoolExecutor(1, mp_context=context, initializer=_ignore_sigint) for _ in batch]
        try:
            futures = [pool.submit(extract_for_store, str(item[0])) for pool, item in zip(pools, batch)]
            for item, future in zip(batch, futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    result = f"{item[0]}: {DIED}"
                yield item, result
        finally:
            for pool in pools:
                pool.shutdown(cancel_futures=True)
