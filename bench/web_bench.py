"""How fast ``ie serve``'s pages render in a real browser, by the browser's navigation timing.

    python bench/web_bench.py --db bench/out/store.db [--pages 50] [--chromium /usr/bin/chromium]

Starts ``ie serve`` on the store (e.g. the one ``bench/store_bench.py`` builds), opens a headless
Chromium (Playwright, the system's chromium), and loads search result pages of 20 hits, then
report pages. For each page it reads ``performance.getEntriesByType('navigation')``: the
server's part (request start → first byte) and the whole render (navigation start → the load
event, i.e. HTML parsed, styles applied, page painted). Prints p50/p95/max in ms per class.

Query classes (keywords of 1–5 characters, as in store_bench.py):
  none          one keyword, no filter
  year          one keyword, one year
  issuer        one keyword, a stored body (fuzzy issuer match included)
  2 words       two keywords, one year
  report page   the report page of a hit (text with every cell and fact marked)
"""
from __future__ import annotations

import argparse
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

KEYWORDS = ("复议", "诉讼", "依申请", "政府网站", "政策解读", "培训", "收费", "不予公开", "国家秘密", "新闻发布会",
            "政务新媒体", "整改", "复", "答复", "公开")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMING = """() => { const n = performance.getEntriesByType('navigation')[0];
  return {server: n.responseStart - n.requestStart, load: n.loadEventEnd - n.startTime}; }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ie", "serve", "--db", str(db), "--port", str(port)],
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=2)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("ie serve did not start")


def plan(db: Path, pages: int, rng: random.Random) -> dict[str, list[dict]]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?immutable=1", uri=True)
    issuers = [name for (name,) in conn.execute("SELECT DISTINCT issuer FROM reports WHERE issuer IS NOT NULL")]
    years = [y for (y,) in conn.execute("SELECT DISTINCT year FROM reports WHERE year IS NOT NULL")]
    conn.close()
    kw = lambda: rng.choice(KEYWORDS)  # noqa: E731
    return {
        "none": [{"q": kw()} for _ in range(pages)],
        "year": [{"q": kw(), "year": rng.choice(years)} for _ in range(pages)],
        "issuer": [{"q": kw(), "issuer": rng.choice(issuers)} for _ in range(pages)],
        "2 words": [{"q": " ".join(rng.sample(KEYWORDS, 2)), "year": rng.choice(years)} for _ in range(pages)],
    }


def measure(page, url: str) -> dict[str, float]:
    page.goto(url, wait_until="load")
    return page.evaluate(TIMING)


def summary(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"{statistics.median(values):8.1f} {p95:8.1f} {values[-1]:8.1f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="the store to serve")
    ap.add_argument("--pages", type=int, default=50, help="pages per class (default 50)")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--screenshot", help="save a screenshot of the last search page here")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    db = Path(args.db)
    classes = plan(db, args.pages, random.Random(args.seed))
    proc, url = start_server(db)
    results: dict[str, list[dict]] = {}
    hits_seen: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            for query in classes["none"][:5]:  # warm the page cache and the issuer list
                measure(page, f"{url}/-/search?{urlencode(query)}")
            for name, queries in classes.items():
                results[name] = []
                for query in queries:
                    results[name].append(measure(page, f"{url}/-/search?{urlencode(query)}"))
                    hits_seen += page.locator("a.ie-hit-link").evaluate_all("els => els.map(e => e.href)")[:1]
            if args.screenshot:
                page.goto(f"{url}/-/search?q=复议")
                page.screenshot(path=args.screenshot)
            results["report page"] = [measure(page, link) for link in hits_seen[:args.pages]]
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?immutable=1", uri=True)
    reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    conn.close()
    print(f"store: {reports:,} reports ({db.stat().st_size / 2**30:.2f} GiB); {args.pages} pages per class, 20 hits per "
          "search page; ms from the browser's navigation timing")
    print(f"  {'class':12s} {'server: p50':>11s} {'p95':>8s} {'max':>8s}   {'render: p50':>11s} {'p95':>8s} {'max':>8s}")
    for name, timings in results.items():
        print(f"  {name:12s} {summary([t['server'] for t in timings]):>28s}   {summary([t['load'] for t in timings]):>28s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
