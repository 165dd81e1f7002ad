"""The fact store at scale: write rate, size, and search latency on a store of many reports.

    python bench/store_bench.py ../shared/corpus [--reports 100000] [--db bench/out/store.db]

The corpus is extracted once; its reports are then written again and again under distinct ids
(a new content hash and source path, and a synthetic issuer and year, so that filters are as
selective as in a real collection of ~5 reports per body) through ``FactStore.add`` — the path
``ie ingest`` writes by. The first ``--sample`` reports are written one transaction each, as
``ie ingest`` does; the rest in transactions of ``--batch`` reports, which only makes the
build faster. Then the search index is compacted, as ``ie ingest`` does at the end of a run. Then ``--queries`` searches per query class run through ``FactStore.search``
(fuzzy issuer matching included) and their latency is reported as p50/p95.

Query classes: keywords of 1–5 characters that the corpus uses often or rarely, with
  issuer          --issuer (a stored body's name with one character changed) [+ --year, --type]
  issuer+year     --issuer (part of a name) --year
  issuer+type     --issuer (exact name) --type
  issuer+section  --issuer (exact name) --section
  year            --year (one year)
  years           --year (a range of two or three years)
  type            --type (a fact type, fact, text, cell, problem,measure)
  section         --section
  year+type       --year --type
  year+section    --year --section
  type+section    --type --section
  all             --issuer --year --type --section
  2 words         two keywords, --year
  none            no filter
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import ie
from ie.readers import find_reports
from ie.store import FactStore, content_id
from ie.store.passages import report_passages

KEYWORDS = ("复议", "诉讼", "依申请", "政府网站", "政策解读", "培训", "收费", "不予公开", "国家秘密", "新闻发布会",
            "政务新媒体", "整改", "复", "答复", "公开")
PLACES = ("安阳平江宁海山东西南北华清远长丰乐兴德永福泰昌河湖川林城新和顺通化康定武嘉金石云桂广州深圳珠汕佛韶湛肇梅惠"
          "潮揭茂青岛济淄枣营烟潍威日临聊滨菏郑开洛鹤焦濮许漯三门商周驻马信合芜蚌淮铜黄滁阜宿六亳池宣厦莆漳龙岩杭"
          "温嘉兴湖绍衢舟台丽苏锡常徐连盐扬镇泰沧廊衡邢邯保承张唐秦太原大同朔忻晋吕呼包赤鄂巴乌沈鞍抚本丹锦葫吉白"
          "松辽哈齐鸡双伊佳七牡黑绥成都自贡攀泸绵广遂内眉宜贵遵毕铜昆曲玉保昭拉萨银川固中卫西宁海格尔库克石河")
BODIES = ("人民政府", "行政审批局", "教育局", "财政局", "卫生健康委员会", "生态环境局", "审批服务管理局", "交通运输局",
          "自然资源局", "住房和城乡建设局", "人力资源和社会保障局", "市场监督管理局")
YEARS = range(2019, 2025)
TYPES = ("problem", "measure", "count", "agency", "fact", "text", "cell", "problem,measure")
SECTIONS = ("overview", "proactive", "applications", "review_litigation", "problems_improvements", "other_matters",
            "preamble", "signoff")


def synthetic_issuers(count: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choices(PLACES, k=rng.choice((2, 2, 3)))) + rng.choice("市县区") + rng.choice(BODIES))
    return sorted(names)


def misspelt(name: str, rng: random.Random) -> str:
    """The name with one character of its body (after 市/县/区) dropped or changed."""
    body = max(name.rfind(c) for c in "市县区") + 1
    i = rng.randrange(body, len(name))
    return name[:i] + rng.choice(("", "局", "市", "厅")) + name[i + 1:]


def build(store: FactStore, corpus: list, n: int, sample: int, batch: int, rng: random.Random) -> dict:
    issuers = synthetic_issuers(max(1, n // len(YEARS)), rng)
    timings = {}
    t0 = time.perf_counter()
    done = 0
    while done < n:
        size = 1 if done < sample else batch
        with store.transaction():
            for i in range(done, min(n, done + size)):
                report, passages = corpus[i % len(corpus)]
                copy = replace(report, issuer=issuers[i // len(YEARS) % len(issuers)], year=YEARS[i % len(YEARS)])
                store.add(copy, report_id=content_id(f"synthetic:{i}"), source=f"synthetic/{i:07d}/{report.source}",
                          passages=passages)
        done = min(n, done + size)
        if done == min(sample, n):
            timings["per_report"] = done / (time.perf_counter() - t0)
            t1 = time.perf_counter()
        if done % 10_000 < size:
            print(f"  {done:,} reports, {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    if n > sample:
        timings["batched"] = (n - sample) / (time.perf_counter() - t1)
    timings["seconds"] = time.perf_counter() - t0
    t = time.perf_counter()
    store.compact()  # as ie ingest does at the end of a run that doubles the store
    timings["compact"] = time.perf_counter() - t
    return timings


def query_plan(store: FactStore, n: int, rng: random.Random) -> dict[str, list[tuple[str, dict]]]:
    names = store.issuers()
    plan: dict[str, list] = {}

    def add(cls: str, word: str, **filters) -> None:
        plan.setdefault(cls, []).append((word, filters))

    for _ in range(n):
        word, name = rng.choice(KEYWORDS), rng.choice(names)
        year, kind, section = rng.choice(YEARS), rng.choice(TYPES), rng.choice(SECTIONS)
        extra = rng.choice(({}, {"year": year}, {"type": rng.choice(("text", "problem,measure"))}))
        first = rng.choice(YEARS[:-1])
        add("issuer", word, issuer=misspelt(name, rng), **extra)
        add("issuer+year", word, issuer=name[:len(name) // 2 + 1], year=year)
        add("issuer+type", word, issuer=name, type=kind)
        add("issuer+section", word, issuer=name, section=section)
        add("year", word, year=year)
        add("years", word, year=f"{first}-{min(first + rng.choice((1, 2)), YEARS[-1])}")
        add("type", word, type=kind)
        add("section", word, section=section)
        add("year+type", word, year=year, type=kind)
        add("year+section", word, year=year, section=section)
        add("type+section", word, type=kind, section=section)
        add("all", word, issuer=name, year=year, type=kind, section=section)
        add("2 words", f"{word} {rng.choice(KEYWORDS)}", year=year)
        add("none", word)
    return plan


def latency(store: FactStore, queries: list[tuple[str, dict]]) -> tuple[float, float, float, float]:
    times = []
    hits = 0
    for word, filters in queries:
        t = time.perf_counter()
        hits += bool(store.search(word, limit=20, **filters))
        times.append((time.perf_counter() - t) * 1000)
    q = statistics.quantiles(times, n=20)
    return q[9], q[18], max(times), hits / len(queries)


def table_sizes(db: Path, reports: int) -> list[tuple[str, float]]:
    """KiB per report of each table and index (with its FTS5 shadow tables), largest first."""
    import sqlite3

    conn = sqlite3.connect(db)
    sizes: dict[str, int] = {}
    for name, size in conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        for fts in ("passages_search", "cell_labels_search"):
            name = fts if name.startswith(fts + "_") else name
        sizes[name] = sizes.get(name, 0) + size
    conn.close()
    return sorted(((name, size / reports / 1024) for name, size in sizes.items()), key=lambda kv: -kv[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="corpus folder (with reports/)")
    ap.add_argument("--reports", type=int, default=100_000, help="reports in the store (default 100,000)")
    ap.add_argument("--db", default="bench/out/store.db", help="the store to build (replaced)")
    ap.add_argument("--sample", type=int, default=2000, help="reports written one transaction each")
    ap.add_argument("--batch", type=int, default=200, help="reports per transaction after the sample")
    ap.add_argument("--queries", type=int, default=100, help="searches per query class")
    ap.add_argument("--reuse", action="store_true", help="search an existing --db without rebuilding it")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sizes", action="store_true", help="also print the size of each table (reads the whole file)")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    db = Path(args.db)
    timings = {}
    if not args.reuse:
        files, _ = find_reports([Path(args.corpus) / "reports"])
        t = time.perf_counter()
        corpus = [(r, report_passages(r)) for r in map(ie.extract, files)]
        print(f"extracted {len(corpus)} corpus reports in {time.perf_counter() - t:.1f}s", file=sys.stderr)
        db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        with FactStore(db) as store:
            timings = build(store, corpus, args.reports, args.sample, args.batch, rng)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with FactStore(db, create=False) as store:
        counts = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("reports", "cells", "facts", "passages", "checks")}
        plan = query_plan(store, args.queries, rng)
        latency(store, plan["issuer"][:20])  # warm the page cache and the issuer list
        results = {cls: latency(store, queries) for cls, queries in plan.items()}
    size = sum(os.path.getsize(p) for p in (db, Path(f"{db}-wal")) if p.exists())
    print(f"\nstore: {', '.join(f'{v:,} {k}' for k, v in counts.items())}; "
          f"{size / 2**30:.2f} GiB ({size / counts['reports'] / 1024:.0f} KiB per report)")
    if timings:
        print(f"write: {timings['per_report']:.0f} reports/s one transaction per report (as ie ingest)"
              + (f", {timings['batched']:.0f} reports/s in batches of {args.batch}" if "batched" in timings else "")
              + f"; built in {timings['seconds'] / 60:.1f} min, then {timings['compact']:.0f} s to compact the index")
    print(f"search ({args.queries} queries per class, limit 20):")
    print(f"  {'class':15s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s} {'with hits':>10s}")
    for cls, (p50, p95, most, found) in results.items():
        print(f"  {cls:15s} {p50:8.1f} {p95:8.1f} {most:8.1f} {found:10.0%}")
    if args.sizes:
        print("KiB per report: " + ", ".join(f"{name} {kib:.1f}" for name, kib in table_sizes(db, counts["reports"])
                                             if kib >= 0.05))
    return 0


if __name__ == "__main__":
    sys.exit(main())
