"""ie serve in a real headless Chromium: search, a report page, a facet, a canned query.

Drives Debian's ``chromium`` with Playwright's Python API (never ``playwright install``);
skips when either is missing. Screenshots go to tmp/artifacts/ (ignored by git).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("datasette")
sync_api = pytest.importorskip("playwright.sync_api")

from conftest import EXAMPLES, ROOT  # noqa: E402

CHROMIUM = os.environ.get("IE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "tmp" / "artifacts"
GUIGANG = "9103069e63c4e20e"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="no chromium (apt-get install chromium)")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``ie serve`` on a store ingested from examples/ by ``ie ingest``; its base URL."""
    db = tmp_path_factory.mktemp("browser") / "facts.db"
    ingest = subprocess.run([sys.executable, "-m", "ie", "ingest", str(EXAMPLES), "--db", str(db), "--workers", "1"],
                            capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stderr
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ie", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"ie serve did not start: {proc.communicate()[1]}")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    yield page
    page.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_search_then_open_a_hit_on_its_report_page(server, page):
    page.goto(server + "/")
    page.fill("input[name=q]", "复议")  # the search box on the home page
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("tr.ie-hit")
    hits = page.locator("tr.ie-hit")
    assert hits.count() == 20
    assert page.locator("tr.ie-hit mark.q").first.inner_text() == "复议"
    shot(page, "search")

    first = hits.first
    snippet = first.locator("a.ie-hit-link").inner_text()
    first.locator("a.ie-hit-link").click()
    page.wait_for_selector("mark#hit")
    assert "/-/report/" in page.url and page.url.endswith("#hit")
    hit = page.locator("mark#hit")
    # the highlighted span is the hit's text (the snippet shows it whole: it is short), on screen
    assert hit.inner_text().replace("\n", "") in snippet.replace("…", "")
    assert "复议" in hit.inner_text()
    assert hit.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    box = hit.bounding_box()
    assert box and 0 <= box["y"] < 900
    shot(page, "report-hit")


def test_clicking_a_value_jumps_to_its_place_in_the_text(server, page):
    page.goto(f"{server}/-/report/{GUIGANG}")
    link = page.locator('a.ie-value[data-key="applications.new_received.total"]')
    assert link.inner_text() == "287"
    link.click()
    target = page.locator('[id="cell-applications.new_received.total"]')
    page.wait_for_function("location.hash === '#cell-applications.new_received.total'")
    assert target.inner_text() == "287"
    assert target.evaluate("e => e.matches(':target')")
    text_box = page.locator("#report-text").bounding_box()
    box = target.bounding_box()
    assert text_box["y"] <= box["y"] <= text_box["y"] + text_box["height"]  # scrolled into the text's view
    shot(page, "report-cell")
    fact = page.locator("a.ie-fact", has_text="提起行政复议3件")
    fact.click()
    anchor = fact.get_attribute("href")
    page.wait_for_function(f"location.hash === '{anchor}'")
    assert page.locator(f'[id="{anchor[1:]}"]').inner_text().startswith("提起行政复议3件")


def test_open_a_facet(server, page):
    page.goto(server + "/facts/report_facts")
    facet = page.locator(".facet-info[data-column=type] a", has_text="count").first
    facet.click()
    page.wait_for_url("**type=count**")
    types = page.locator("td.col-type").all_inner_texts()
    assert types and set(types) == {"count"}
    shot(page, "facet")


def test_run_a_canned_query(server, page):
    page.goto(server + "/facts")
    page.click("text=Applications and their outcomes, by body and year")
    page.fill("input[name=issuer]", "贵港")
    page.fill("input[name=year]", "2021")
    page.click("input[type=submit]")
    page.wait_for_selector("table.rows-and-columns")
    headers = [h.strip() for h in page.locator("table.rows-and-columns thead th").all_inner_texts()]
    column = headers.index("本年新收申请") + 1
    assert page.locator(f"table.rows-and-columns tbody td:nth-child({column})").all_inner_texts() == ["287"]
    assert page.locator("td.col-report_id a").get_attribute("href") == f"/-/report/{GUIGANG}"
    shot(page, "canned-query")
