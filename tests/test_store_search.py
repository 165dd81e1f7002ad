"""Search against brute force: every filter, the bm25 scores, the ranking window, long queries."""
import dataclasses
import math
import random

import pytest

import ie
import ie.store.search as search_mod
from conftest import EXAMPLES
from ie.report import Fact
from ie.store import FactStore, content_id
from ie.store.tokens import indexed_chars, occurrences, query_words

YEARS = (2019, 2020, 2021, 2023, None)
ISSUERS = ("甲市人民政府", "乙县教育局", "丙区财政局")
SECTIONS = ("overview", "proactive", "applications", "review_litigation", "problems_improvements", "other_matters",
            "preamble", "signoff")
TYPES = ("text", "fact", "count", "problem", "measure", "agency", "date")


@pytest.fixture(scope="module")
def varied(tmp_path_factory):
    """The seed reports three times over, under other years and issuers, with a problem fact each."""
    seeds = [ie.extract(path) for path in sorted(EXAMPLES.glob("*.txt"))]
    store = FactStore(tmp_path_factory.mktemp("search") / "facts.db")
    for i in range(15):
        report = seeds[i % len(seeds)]
        problem = "政策解读的形式还比较单一"
        text = report.text + f"\n{problem}。\n"
        facts = report.facts + [Fact("problem", problem, len(report.text) + 1, len(report.text) + 1 + len(problem),
                                     "problems_improvements", "rule", 1.0)]
        copy = dataclasses.replace(report, text=text, facts=facts, year=YEARS[i % len(YEARS)],
                                   issuer=ISSUERS[i % len(ISSUERS)])
        store.add(copy, report_id=content_id(f"copy {i}"), source=f"copies/{i}.txt")
    store.compact()
    yield store
    store.close()


def passages(store):
    """Every indexed passage: id, report id, issuer, year, section, kind, text."""
    return store.conn.execute(
        "SELECT p.id, r.id, r.issuer, r.year, p.section, coalesce(f.type, 'text'), "
        "coalesce(f.text, substr(r.text, p.start + 1, p.end - p.start)), p.start FROM passages p "
        "JOIN reports r ON r.num = p.report LEFT JOIN facts f ON f.id = p.fact").fetchall()


def expected(rows, query, year=None, type=None, section=None, issuer=None):
    words = query_words(query)
    years = None if year is None else set(ie.store.filters.years(year))
    types = None if type is None else set(type.split(","))
    sections = None if section is None else set(section.split(","))
    out = set()
    for pid, report_id, who, when, where, kind, text, start in rows:
        chars = indexed_chars(text)
        if not all(w in chars for w in words):
            continue
        if years is not None and when not in years:
            continue
        if types is not None and not (kind in types or (kind != "text" and "fact" in types)):
            continue
        if (sections is not None and where not in sections) or (issuer is not None and who != issuer):
            continue
        out.add((report_id, start, kind))
    return out


def found(store, query, **filters):
    return {(h.report_id, h.start, h.type or "text") for h in store.search(query, limit=100_000, **filters)
            if h.kind != "cell"}


def test_every_filter_finds_exactly_what_brute_force_finds(varied):
    rows = passages(varied)
    rng = random.Random(11)
    texts = [indexed_chars(text) for *_, text, _ in rows if len(indexed_chars(text)) > 8]
    for _ in range(150):
        source = rng.choice(texts)
        words = []
        for _ in range(rng.choice((1, 1, 2))):
            at = rng.randrange(len(source) - 6)
            words.append(source[at:at + rng.choice((1, 2, 2, 3, 4, 6))])
        query = " ".join(words)
        filters = {}
        for name, values in (("year", ("2019", "2020-2021", "2019,2023", "2022")),
                             ("type", TYPES + ("problem,measure", "text,count")),
                             ("section", SECTIONS + ("overview,preamble",)), ("issuer", ISSUERS)):
            if rng.random() < 0.4:
                filters[name] = rng.choice(values)
        if "type" not in filters:  # cells are matched by label, not checked here
            filters["type"] = "text,fact"
        assert found(varied, query, **filters) == expected(rows, query, **filters), (query, filters)


def test_words_of_three_or_more_characters_are_checked_against_the_text(varied):
    # FTS5 finds the passages that have all pairs of a word; only those with the word are hits
    rows = passages(varied)
    for query in ("政策解读", "解读政策", "公开政府", "政府信息公开", "2020", "020"):
        assert found(varied, query, type="text,fact") == expected(rows, query), query


def test_long_queries_match_exactly(varied):
    rows = passages(varied)
    rng = random.Random(5)
    long_texts = [indexed_chars(text) for *_, text, _ in rows if len(indexed_chars(text)) > 40]
    for _ in range(20):
        source = rng.choice(long_texts)
        at = rng.randrange(len(source) - 30)
        query = source[at:at + 30] + " " + source[at + 2:at + 3]  # 29 pairs, more than FTS5 is asked for
        assert found(varied, query, type="text,fact") == expected(rows, query), query
    assert len(varied.search("政策" * 40, type="text")) == 0


def test_scores_are_bm25_over_the_store(varied, monkeypatch):
    monkeypatch.setattr(search_mod, "DF_SAMPLE", 10 ** 9)  # counted exactly
    rows = passages(varied)
    chars = {pid: indexed_chars(text) for pid, *_, text, _ in rows}
    n, mean = len(chars), sum(map(len, chars.values())) / len(chars)

    def idf(word):
        df = sum(word in c for c in chars.values())
        return max(math.log((n - df + 0.5) / (df + 0.5)), 1e-6)

    for query in ("复议 诉讼", "政策解读", "培训", "复"):
        words = query_words(query)
        hits = varied.search(query, type="text,fact", limit=10_000)
        assert hits and len(hits) < search_mod.RANK_WINDOW  # all candidates are ranked
        by_span = {(r[1], r[7]): r[0] for r in rows}
        for hit in hits:
            c = chars[by_span[hit.report_id, hit.start]]
            want = sum(idf(w) * occurrences(c, w) * 2.2 / (occurrences(c, w) + 1.2 * (0.25 + 0.75 * len(c) / mean))
                       for w in words)
            assert hit.score == pytest.approx(want, abs=1e-3), (query, hit.text)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_a_common_word_s_document_frequency_is_estimated_from_the_newest(varied, monkeypatch):
    rows = passages(varied)
    df = sum("公开" in indexed_chars(text) for *_, text, _ in rows)
    codes = [code for (code,) in varied.conn.execute("SELECT code FROM search_partitions")]
    monkeypatch.setattr(search_mod, "DF_SAMPLE", 10 ** 9)
    exact = search_mod._idf(varied.conn, "公开", codes, len(rows))
    monkeypatch.setattr(search_mod, "DF_SAMPLE", df // 4)
    estimate = search_mod._idf(varied.conn, "公开", codes, len(rows))
    assert exact == pytest.approx(math.log((len(rows) - df + 0.5) / (df + 0.5)))
    assert estimate == pytest.approx(exact, rel=0.3)


def test_broad_queries_rank_the_newest_matches(varied, monkeypatch):
    monkeypatch.setattr(search_mod, "RANK_WINDOW", 12)
    rows = passages(varied)
    matching = sorted(pid for pid, *_, text, _ in rows if "公开" in indexed_chars(text))
    assert len(matching) > 100
    window = {(r[1], r[7]) for r in rows if r[0] in set(matching[:12])}  # lowest ids: newest
    hits = varied.search("公开", type="text,fact", limit=5)
    assert len(hits) == 5 and {(h.report_id, h.start) for h in hits} <= window
    newest_year = max(y for y in YEARS if y)
    assert {h.year for h in hits} == {newest_year}
    # a limit beyond the window widens it: every match comes back
    assert len(varied.search("公开", type="text,fact", limit=100_000)) == len(matching)
    # the text budget narrows it, never below the limit
    monkeypatch.setattr(search_mod, "TEXT_BUDGET", 1)
    assert len(varied.search("公开", type="text,fact", limit=7)) == 7
