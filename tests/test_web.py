"""ie serve without a browser: Datasette's in-process client over a store of examples/."""
from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import sys
from html import unescape
from urllib.parse import quote

import pytest

pytest.importorskip("datasette")

import ie  # noqa: E402
from conftest import EXAMPLES  # noqa: E402
from ie.store import FactStore  # noqa: E402
import ie.web.app  # noqa: E402
from ie.web.app import check_store, make_datasette  # noqa: E402
from ie.web.markup import Span, marked_html  # noqa: E402
from test_store_ingest import ie_cli  # noqa: E402

GUIGANG = "9103069e63c4e20e"  # seed_004_guigang_2021: the content hash of the file
JINFENG = "cd3edae29140d2cc"  # seed_003_jinfeng_2020: a warning-level check fails


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "facts.db"
    with FactStore(path) as store:
        for file in sorted(EXAMPLES.glob("*.txt")):
            store.add(ie.extract(file), report_id=ie.store.file_id(file), source=str(file))
    return path


@pytest.fixture(scope="module")
def site(db):
    ds = make_datasette(db)
    asyncio.run(ds.invoke_startup())
    return ds


def get(site, path: str):
    return asyncio.run(site.client.get(path))


def get_json(site, path: str):
    response = get(site, path)
    assert response.status_code == 200, response.text[:300]
    return response.json()


@pytest.mark.parametrize("query", [{"q": "复议"}, {"q": "复议", "type": "text", "year": "2021"},
                                   {"q": "申请", "issuer": "贵港市政府", "section": "applications"},
                                   {"q": "行政复议 维持", "type": "cell"}, {"q": "培训", "type": "problem,measure"}])
def test_search_page_returns_exactly_what_ie_search_returns(db, site, query):
    params = "&".join(f"{k}={quote(v)}" for k, v in query.items())
    page = get_json(site, f"/-/search.json?{params}&limit=15")
    with FactStore(db, create=False) as store:
        expected = store.search(query["q"], type=query.get("type"), year=query.get("year"),
                                issuer=query.get("issuer"), section=query.get("section"), limit=15)
    assert expected, "the query should match something in examples/"
    got = [{k: v for k, v in h.items() if k not in ("snippet", "report_url")} for h in page["hits"]]
    assert got == json.loads(json.dumps([h.to_dict() for h in expected]))


def test_every_search_hit_links_to_its_span_on_its_report_page(site):
    html = get(site, "/-/search?q=" + quote("复议")).text
    links = [unescape(href) for href in re.findall(r'class="ie-hit-link" href="([^"]+)"', html)]
    hits = get_json(site, "/-/search.json?q=" + quote("复议"))["hits"]
    assert len(links) == len(hits) == 20
    for link, hit in zip(links, hits):
        span = "" if hit["start"] is None else f"&span={hit['start']}-{hit['end']}"  # a cell not printed has none
        assert link == f"/-/report/{hit['report_id']}?q={quote('复议')}{span}#hit"
    assert any(hit["start"] is None for hit in hits) and any(hit["start"] is not None for hit in hits)
    assert '<mark class="q">复议</mark>' in html


def test_search_page_errors_are_messages_not_tracebacks(site):
    response = get(site, "/-/search.json?q=x&year=last")
    assert response.status_code == 400 and "not a year" in response.json()["error"]
    assert get(site, "/-/search?q=x&type=sentence").status_code == 400
    for query in ('"', "'; DROP TABLE reports; --", "NEAR(a b)", "*"):
        assert get(site, "/-/search?q=" + quote(query)).status_code == 200


def test_report_page_marks_every_cell_and_fact_at_its_span(db, site):
    html = get(site, f"/-/report/{GUIGANG}").text
    conn = sqlite3.connect(db)
    num, text = conn.execute("SELECT num, text FROM reports WHERE id = ?", (GUIGANG,)).fetchone()
    cells = conn.execute("SELECT k.key, c.start, c.end FROM cells c JOIN cell_keys k ON k.id = c.key_id "
                         "WHERE c.report = ? AND c.start IS NOT NULL", (num,)).fetchall()
    facts = conn.execute("SELECT id FROM facts WHERE report = ?", (num,)).fetchall()
    assert len(cells) > 150 and len(facts) > 30
    assert len(re.findall(r'<mark class="cell" id="cell-', html)) == len(cells)
    assert len(re.findall(r'<mark class="fact fact-\w+" id="fact-', html)) == len(facts)
    # the printed 287 of table 2's total, and the link from the table panel to it
    mark = re.search(r'<mark class="cell" id="cell-applications.new_received.total" title="([^"]*)">([^<]*)</mark>', html)
    assert mark and mark.group(2) == "287" and mark.group(1).endswith("= 287")
    assert 'href="#cell-applications.new_received.total" class="ie-value" data-key="applications.new_received.total">287<' in html
    fact = conn.execute("SELECT id, start, end FROM facts WHERE report = ? AND type = 'count' AND start = 816",
                        (num,)).fetchone()
    assert text[fact[1]:fact[2]] == "提起行政复议3件"
    assert re.search(rf'<mark class="fact fact-count" id="fact-{fact[0]}" [^>]*>提起行政', html)
    assert f'href="#fact-{fact[0]}"' in html


def test_report_page_marks_the_hit_and_the_query(site):
    html = get(site, f"/-/report/{GUIGANG}?q={quote('复议')}&span=816-824").text
    assert re.search(r'<mark class="hit" id="hit">(<[^>]+>)*提起行政', html)
    assert html.count('<mark class="q">复议</mark>') >= 5


def test_report_page_lists_failed_checks_with_amounts(site):
    html = get(site, f"/-/report/{JINFENG}").text
    assert "Failed checks (2)" in html
    assert "R-T1-19-SEM licensing: decisions 440 == prev_year_items 105 + items_change 335" in html
    assert re.search(r'href="#cell-proactive.licensing.decisions"[^>]*>proactive.licensing.decisions = 440<', html)
    assert "No check fails." in get(site, f"/-/report/{GUIGANG}").text


def test_unknown_report_is_404(site):
    response = get(site, "/-/report/0000000000000000")
    assert response.status_code == 404 and "no report 0000000000000000" in response.text


def test_canned_queries_answer_with_the_reports_numbers(site):
    rows = get_json(site, "/facts/applications_by_body_and_year.json?_shape=objects&issuer="
                    + quote("贵港") + "&year=2021")["rows"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["report_id"], row["本年新收申请"], row["予以公开"], row["部分公开"], row["办理结果总计"]) == \
        (GUIGANG, 287, 118, 19, 276)
    assert row["不予公开"] == 0 + 0 + 0 + 7 + 2 + 1 + 14 + 0 and row["无法提供"] == 77 + 4 + 0
    assert row["其他处理"] == 5 + 0 + 25
    reviews = get_json(site, "/facts/reviews_and_suits.json?_shape=objects&issuer=&year=")["rows"]
    assert [r["report_id"] for r in reviews] == [GUIGANG] and reviews[0]["行政复议 总计"] == 3
    failing = get_json(site, "/facts/failing_checks.json?_shape=objects&issuer=&year=&rule=R-T1-19-SEM")["rows"]
    assert len(failing) == 1 and json.loads(failing[0]["cell_values"]) == {
        "proactive.licensing.prev_year_items": 105, "proactive.licensing.items_change": 335,
        "proactive.licensing.decisions": 440}
    body = get_json(site, "/facts/one_body_across_years.json?_shape=objects&issuer=" + quote("钦州"))["rows"]
    assert [(r["year"], r["failed_checks"]) for r in body] == [(2020, 0)]


def test_tables_have_titles_descriptions_and_facets(site):
    data = get_json(site, "/facts/report_checks.json?_extra=facet_results")
    facets = data["facet_results"]
    assert {"status", "rule", "severity", "year"} <= set(facets)
    assert {v["value"]: v["count"] for v in facets["status"]["results"]}["fail"] == 2
    html = get(site, "/facts/report_facts").text
    assert "Narrative facts" in html and "fact type (../shared/spec/FACTS.md)" in html
    assert 'href="/-/report/' in html  # report_id cells link to the report page


@pytest.mark.parametrize("sql", ["attach database '/tmp/x.db' as x", "delete from reports",
                                 "select 1; attach '/tmp/x.db' as y", "pragma writable_schema = 1"])
def test_no_sql_can_write_or_attach(site, sql):
    assert get(site, "/facts.json?sql=" + quote(sql)).status_code == 400


def test_the_connections_themselves_refuse_writes_and_attach(site):
    db = site.get_database("facts")

    def attempt(conn):
        out = []
        for sql in ("ATTACH DATABASE ':memory:' AS x", "DELETE FROM reports", "CREATE TABLE t (x)"):
            try:
                conn.execute(sql)
                out.append("ran")
            except sqlite3.DatabaseError as exc:
                out.append(str(exc))
        return out

    assert asyncio.run(db.execute_fn(attempt)) == ["not authorized", "attempt to write a readonly database",
                                                   "attempt to write a readonly database"]


def test_queries_stop_at_the_time_limit(site):
    slow = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    response = get(site, "/facts.json?sql=" + quote(slow))
    assert response.status_code == 400 and "time limit" in response.text.lower()


def test_the_file_cannot_be_downloaded(site):
    assert get(site, "/facts.db").status_code == 403


def test_marked_html_nests_crossing_spans_and_escapes():
    text = "a<b>复议c&d"
    html = marked_html(text, [Span(1, 6, "x", id="one"), Span(4, 8, "y", id="two"), Span(2, 3, "z"), Span(9, 20, "out")])
    assert html == ('a<mark class="x" id="one">&lt;<mark class="z">b</mark>&gt;<mark class="y" id="two">复议</mark>'
                    '</mark><mark class="y">c&amp;</mark>d')


def test_serve_refuses_a_bad_store_in_one_line(tmp_path, db):
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)")
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE reports (x)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    (tmp_path / "junk.db").write_bytes(b"not sqlite at all" * 100)
    for path, message in ((tmp_path / "none.db", "no such store"), (plain, "not an ie store"),
                          (tmp_path / "junk.db", "not an ie store"), (old, "schema version 1")):
        out = ie_cli("serve", "--db", path, "--port", "1")
        assert out.returncode == 2 and message in out.stderr, (path, out.stderr)
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    check_store(db)  # the real one passes


def test_serve_refuses_a_port_in_use(db):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        out = ie_cli("serve", "--db", db, "--port", busy.getsockname()[1])
    assert out.returncode == 2 and "cannot listen on 127.0.0.1" in out.stderr and out.stderr.count("\n") == 1


def test_serve_without_the_web_extra_says_how_to_install_it(db, tmp_path):
    (tmp_path / "datasette.py").write_text("raise ImportError('no datasette here')\n")
    import subprocess

    out = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); from ie.cli import main; "
                          "sys.exit(main(['serve', '--db', sys.argv[2]]))", str(tmp_path), str(db)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "pip install -e '.[web]'" in out.stderr


def test_datasette_is_told_the_counts_instead_of_reading_the_whole_file(site, db):
    database = site.get_database("facts")
    assert database.cached_table_counts["reports"] == 5
    assert database.cached_table_counts["passages_search"] is None  # contentless FTS5: not countable
    assert database.hash == ie.web.app.inspect(db)["hash"]  # not the sha256 of every byte
