"""FactStore: writes, round trip, search semantics and filters, plain-SQL views, schema versions."""
import dataclasses
import json
import random
import sqlite3

import pytest

import ie
from conftest import EXAMPLES, seed
from ie.report import Fact
from ie.store import SCHEMA_VERSION, FactStore, StoreError
from ie.store.labels import cell_labels
from ie.store.passages import report_passages
from ie.store.tokens import index_terms, issuer_tag, match_expression, normalise
from test_store_tokens import HOSTILE

PROBLEM = "政策解读的形式还比较单一"
MEASURE = "加强行政复议应诉工作培训"


def with_facts(report):
    """The report with a problem and a measure fact placed in its text (independent of the fact rules)."""
    text = report.text + f"\n{PROBLEM}。{MEASURE}。\n"
    at = len(report.text) + 1
    facts = [Fact("problem", PROBLEM, at, at + len(PROBLEM), "problems_improvements", "rule", 1.0),
             Fact("measure", MEASURE, at + len(PROBLEM) + 1, at + len(PROBLEM) + 1 + len(MEASURE),
                  "problems_improvements", "rule", 0.9, {"note": "测试"})]
    return dataclasses.replace(report, text=text, facts=facts)


@pytest.fixture(scope="module")
def reports():
    return {path.stem: ie.extract(path) for path in sorted(EXAMPLES.glob("*.txt"))}


@pytest.fixture(scope="module")
def store(tmp_path_factory, reports):
    store = FactStore(tmp_path_factory.mktemp("store") / "facts.db")
    for stem, report in reports.items():
        report = with_facts(report) if stem.startswith("seed_004") else report
        assert store.add(report, source=f"examples/{stem}.txt") == "added"
    yield store
    store.close()


def test_add_is_idempotent_and_replaces_changed_content(tmp_path, reports):
    report = reports["seed_004_guigang_2021"]
    with FactStore(tmp_path / "s.db") as store:
        assert store.add(report, source="a.txt") == "added"
        assert store.add(report, source="a.txt") == "unchanged"
        assert store.add(report, source="b.txt") == "duplicate"
        changed = dataclasses.replace(report, text=report.text + "\n附：本报告修订。")
        assert store.add(changed, source="a.txt") == "replaced"
        assert len(store) == 1 and store.search("修订")[0].text.startswith("附")
        assert store.search("修订", type="text")[0].source == "a.txt"
        assert store.add(changed, source="a.txt", replace=True) == "replaced"
        assert store.remove(ie.store.content_id(changed.text)) and len(store) == 0
        assert store.search("复议") == [] and not store.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
        # the contentless index forgot the report's terms too, and its statistics
        codes = [code for (code,) in store.conn.execute("SELECT code FROM search_partitions")]
        for expression in (match_expression("复议", partitions=codes), f'"{issuer_tag(report.issuer)}"'):
            assert store.conn.execute("SELECT count(*) FROM passages_search WHERE passages_search MATCH ?",
                                      (expression,)).fetchone()[0] == 0, expression
        assert store.conn.execute("SELECT sum(passages), sum(terms) FROM search_stats").fetchone() == (0, 0)
        assert store.conn.execute("SELECT count(*) FROM key_years").fetchone()[0] == 0


def test_round_trip_is_lossless(store, reports):
    for stem, report in reports.items():
        report = with_facts(report) if stem.startswith("seed_004") else report
        back = store.report(ie.store.content_id(report.text)).to_dict()
        assert back == {**report.to_dict(), "source": f"examples/{stem}.txt"}, stem


def test_search_finds_substrings_of_any_length(store):
    hits = store.search("复议", type="text", limit=50)
    assert hits and all("复议" in normalise(h.text)[0] for h in hits)
    assert {h.issuer for h in hits} >= {"贵港市人民政府", "钦州市行政审批局"}
    for hit in hits:
        assert all(normalise(hit.text[a:b])[0] == "复议" for a, b in hit.highlights)
    one = store.search("复", type="text", limit=50)
    assert any("答复" in h.text for h in one)
    assert store.search("行政复议、行政诉讼", type="text")  # punctuation is ignored


def test_search_matches_exactly_the_passages_that_contain_the_query(store):
    """Brute force over every indexed sentence: FTS5 finds exactly the ones containing the query."""
    rows = store.conn.execute("SELECT r.id, p.start, substr(r.text, p.start + 1, p.end - p.start) FROM passages p "
                              "JOIN reports r ON r.num = p.report WHERE p.fact IS NULL").fetchall()
    chars = {(report_id, start): normalise(text)[0] for report_id, start, text in rows}
    rng = random.Random(3)
    for _ in range(60):
        source = rng.choice([c for c in chars.values() if len(c) > 6])
        at = rng.randrange(len(source) - 5)
        query = source[at:at + rng.choice((1, 2, 3, 5))]
        expected = {where for where, c in chars.items() if query in c}
        assert {(h.report_id, h.start) for h in store.search(query, type="text", limit=100_000)} == expected, query


def test_words_must_all_match(store):
    hits = store.search("复议 诉讼", type="text", limit=100)
    assert hits and all("复议" in h.text and "诉讼" in h.text for h in hits)


def test_fact_hits_carry_type_and_fields(store):
    (hit,) = store.search("应诉工作培训", type="measure")
    assert (hit.kind, hit.type, hit.section, hit.text) == ("fact", "measure", "problems_improvements", MEASURE)
    assert store.search("应诉工作培训", type="problem") == []
    assert {h.kind for h in store.search("应诉工作培训")} == {"fact", "text"}
    assert [f.fields for f in store.facts(type="measure", issuer="贵港")] == [{"note": "测试"}]


def test_cell_hits_by_label_with_values(store, reports):
    hits = store.search("本年新收", type="cell", issuer="贵港市人民政府", limit=10)
    by_key = {h.key: h.value for h in hits}
    assert by_key["applications.new_received.total"] == 287
    assert all(h.kind == "cell" and h.section == "applications" for h in hits)
    assert store.search("结果维持", type="cell", section="applications") == []


def test_filters(store):
    assert {h.year for h in store.search("公开", year=2021, limit=50)} == {2021}
    assert {h.year for h in store.search("公开", year="2019-2020", limit=100)} == {2020}
    assert {h.issuer for h in store.search("公开", issuer="贵港市政府", limit=50)} == {"贵港市人民政府"}
    assert {h.issuer for h in store.search("公开", issuer="兖州", limit=50)} == {"济宁市兖州区行政审批服务局"}
    assert store.search("公开", issuer="上海市科委") == []
    assert {h.section for h in store.search("公开", section="overview,preamble", limit=50)} <= {"overview", "preamble"}
    with pytest.raises(ValueError, match="unknown type"):
        store.search("公开", type="sentence")
    with pytest.raises(ValueError, match="unknown section"):
        store.search("公开", section="summary")


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_plain_text(store, query):
    assert isinstance(store.search(query, limit=5), list)
    assert isinstance(store.search(query, type="cell", issuer=query, year=2021, section="overview"), list)
    assert len(store) == 5


@pytest.mark.parametrize("query", ["复议*", "-复议", "^复议", "😀复议", '"复议"', "复议;--", "(复议)"])
def test_syntax_characters_are_ignored(store, query):
    assert store.search(query, type="text") == store.search("复议", type="text")


def test_records_api(store):
    (cell,) = store.cells(key="applications.new_received.total", issuer="贵港")
    assert (cell.value, cell.label) == (287, cell_labels()["applications.new_received.total"])
    assert len(list(store.cells(key="applications.new_received.*", year=2021))) == 7
    assert [r.issuer for r in store.reports(year=2021)] == ["贵港市人民政府"]
    assert {f.type for f in store.facts(issuer="贵港", section="problems_improvements")} >= {"problem", "measure"}
    assert json.loads(json.dumps(next(store.facts(type="problem", issuer="贵港")).to_dict()))


def test_views_work_from_plain_sqlite(store):
    conn = sqlite3.connect(store.path)  # no functions of ours registered
    total = conn.execute('SELECT "applications.new_received.total" FROM report_tables WHERE issuer = ?',
                         ("贵港市人民政府",)).fetchone()[0]
    assert total == 287
    text, = conn.execute("SELECT text FROM section_texts WHERE section = 'review_litigation' AND year = 2021").fetchone()
    assert text.startswith("四、政府信息公开行政复议")
    assert conn.execute("SELECT count(*) FROM report_cells WHERE label IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM report_facts WHERE type = 'problem'").fetchone()[0] >= 1
    # a two-character word is one term: the label index answers plain MATCH queries
    assert conn.execute("SELECT count(*) FROM cell_labels_search WHERE cell_labels_search MATCH '复议'").fetchone()[0]
    conn.close()


def test_schema_is_versioned_and_reopening_changes_nothing(store):
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    before = store.conn.total_changes
    with FactStore(store.path) as again:
        assert len(again) == 5 and again.conn.total_changes == 0
    assert store.conn.total_changes == before


def test_unusable_files_are_refused_with_one_line(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE mine (x)").connection.commit()
    newer = tmp_path / "newer.db"
    FactStore(newer).close()
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}").connection.close()
    for path, message in ((garbage, "not an ie store"), (other, "not an ie store"), (newer, "newer"),
                          (tmp_path / "missing.db", "no such store")):
        with pytest.raises(StoreError, match=message) as info:
            FactStore(path, create=False)
        assert "\n" not in str(info.value)


def v1_store(path, reports):
    """A store as ie wrote it with schema 1 (its writer, spelt out), with a view of the user's."""
    from ie.store.migrations import MIGRATIONS

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.executemany("INSERT INTO cell_labels (key, label) VALUES (?, ?)", cell_labels().items())
    conn.execute("CREATE VIEW report_cells AS SELECT r.id AS report_id, c.key, c.value FROM cells c "
                 "JOIN reports r ON r.num = c.report")
    conn.execute("CREATE VIEW mine AS SELECT issuer, count(*) AS n FROM reports GROUP BY issuer")
    for stem, report in reports.items():
        shard = 7
        num = conn.execute(
            "INSERT INTO reports (id, source, format, template, issuer, year, published, shard, warnings, extractor, "
            "ingested_at, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '0.1.0', '2025-01-01T00:00:00+00:00', ?)",
            (ie.store.content_id(report.text), f"examples/{stem}.txt", report.format, report.template, report.issuer,
             report.year, report.published, shard, json.dumps(report.warnings), report.text)).lastrowid
        conn.executemany("INSERT INTO sections VALUES (?, ?, ?, ?, ?)",
                         [(num, k, s.heading, s.start, s.end) for k, s in report.sections.items()])
        conn.executemany("INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [(num, k, None, None, None, None, None, "[]") if c is None else
                          (num, k, c.value, c.raw, c.start, c.end, c.method, json.dumps(c.flags))
                          for k, c in report.tables.items()])
        conn.executemany("INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(num, i, c.rule, c.severity, c.status, c.message, json.dumps(c.cells))
                          for i, c in enumerate(report.checks)])
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM facts").fetchone()[0]
        conn.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [(first + i, num, f.type, f.text, f.start, f.end, f.section, f.method, f.confidence,
                           json.dumps(f.fields, ensure_ascii=False)) for i, f in enumerate(report.facts)])
        for p in report_passages(report):
            pid = conn.execute("INSERT INTO passages (report, fact, section, start, end) VALUES (?, ?, ?, ?, ?)",
                               (num, None if p.fact is None else first + p.fact, p.section, p.start,
                                p.end)).lastrowid
            terms = index_terms(report.text[p.start:p.end] if p.fact is None else report.facts[p.fact].text)
            conn.execute("INSERT INTO passages_search (rowid, terms, report) VALUES (?, ?, ?)",
                         (pid, " ".join(f"{shard:02d}{t}" for t in terms.split()), f"r{num}"))
    conn.execute("COMMIT")
    conn.close()


def test_a_schema_1_store_is_upgraded_in_place(tmp_path, reports):
    originals = {stem: with_facts(r) if stem.startswith("seed_004") else r for stem, r in reports.items()}
    path = tmp_path / "old.db"
    v1_store(path, originals)
    with FactStore(path) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        conn.execute("INSERT INTO passages_search(passages_search) VALUES ('integrity-check')")
        for stem, report in originals.items():
            back = store.report(ie.store.content_id(report.text)).to_dict()
            assert back == {**report.to_dict(), "source": f"examples/{stem}.txt"}, stem
        assert conn.execute("SELECT count(*) FROM facts WHERE text IS NOT NULL").fetchone()[0] == 0
        assert conn.execute("SELECT sum(passage_count) FROM reports").fetchone()[0] == \
            conn.execute("SELECT count(*) FROM passages").fetchone()[0] == \
            conn.execute("SELECT sum(passages) FROM search_stats").fetchone()[0]
        # searches as a store written by this version does
        fresh = FactStore(tmp_path / "new.db")
        for stem, report in originals.items():
            fresh.add(report, source=f"examples/{stem}.txt")
        for query, filters in (("复议", {}), ("公开", {"year": 2020, "type": "text"}), ("培训", {"type": "measure"}),
                               ("本年新收", {"type": "cell", "issuer": "贵港"}), ("复", {"section": "overview"})):
            assert [h.to_dict() for h in store.search(query, **filters)] == \
                [h.to_dict() for h in fresh.search(query, **filters)], query
        fresh.close()
        assert conn.execute("SELECT n FROM mine WHERE issuer = '贵港市人民政府'").fetchone() == (1,)  # the user's view
        assert next(conn.execute("SELECT key, value FROM report_cells WHERE key = 'applications.new_received.total' "
                                 "AND report_id = ?", (ie.store.content_id(originals["seed_004_guigang_2021"].text),)))[1] == 287
        # the store can change as a new one can
        assert store.remove(ie.store.content_id(originals["seed_002_ziyang_2020"].text))
        assert conn.execute("SELECT sum(passages) FROM search_stats").fetchone()[0] == \
            conn.execute("SELECT count(*) FROM passages").fetchone()[0]


def test_a_failed_upgrade_leaves_the_store_as_it_was(tmp_path, reports):
    path = tmp_path / "old.db"
    v1_store(path, {"seed_004": reports["seed_004_guigang_2021"]})
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE checks SET cells = 'not json' WHERE seq = 0")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="cannot upgrade the store from schema 1 to 2.*unchanged") as info:
        FactStore(path)
    assert "\n" not in str(info.value)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM passages_search WHERE passages_search MATCH 'report : r1'").fetchone()[0]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert len(path.read_bytes()) == len(before)
