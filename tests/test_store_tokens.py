"""Search terms: every query matches as a substring, and no query is ever FTS5 syntax."""
import random
import sqlite3
import unicodedata

import pytest

from ie.store.tokens import (SECTION_CODES, highlight, index_terms, issuer_tag, match_expression, normalise,
                             occurrences, partition, query_words)

HOSTILE = ['"', "'", "*", "复议*", "NEAR(复 议)", "-复议", "复议 OR 1=1", "'; DROP TABLE reports; --", '""', "\\",
           "\x00", "(((", "AND", "OR NOT", "^复议", "terms:复议", "{terms} : x", "report : r1", "r1", "😀复议",
           "　", "", " ", "\u200b", "复议" * 2000, "a" * 10_000, "%_", "复\n议", "NOT", "复议 NOT 诉讼"]


def test_pairs_and_last_character():
    assert index_terms("行政复议") == "行政 政复 复议 议"
    assert index_terms("复") == "复"
    assert index_terms("。，") == ""


def test_normalisation_ignores_punctuation_space_case_and_width():
    assert normalise("复议、 诉讼")[0] == "复议诉讼"
    assert normalise("ＡＢＣ１２３abc")[0] == "abc123abc"
    chars, offsets = normalise("a，Ｂ")
    assert chars == "ab" and offsets == [0, 2]


def test_fast_path_equals_character_by_character():
    def slow(text):
        pairs = [(c, i) for i, ch in enumerate(text) for c in unicodedata.normalize("NFKC", ch).casefold()
                 if c.isalnum()]
        return "".join(c for c, _ in pairs), [i for _, i in pairs]

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(chr(rng.choice((rng.randrange(32, 0x3000), rng.randrange(0x4E00, 0x9FFF),
                                       rng.randrange(0xFF00, 0xFFEF), rng.randrange(0x2460, 0x24FF))))
                       for _ in range(rng.randrange(1, 12)))
        assert normalise(text) == slow(text), repr(text)


@pytest.mark.parametrize("query", HOSTILE)
def test_any_query_is_quoted_phrases_or_nothing(query):
    expression = match_expression(query)
    if not query_words(query):
        assert expression is None
        return
    # the expression is phrases joined by AND: run it against a real FTS5 table
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(terms, content='', tokenize='ascii')")
    conn.execute("INSERT INTO t(rowid, terms) VALUES (1, ?)", (index_terms("行政复议和诉讼，r1 near or not abc"),))
    conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()


def test_long_words_are_cut_so_a_query_stays_cheap():
    assert len(query_words("复议" * 2000)[0]) == 50


def test_one_character_is_a_prefix_query_and_words_all_match():
    assert match_expression("复") == '"复" *'
    assert match_expression("行政复议  诉讼", column="terms") == 'terms : ("行政 政复 复议" AND "诉讼")'


def test_highlight_spans_cross_punctuation_and_merge():
    text = "行政复议、行政诉讼；复议"
    assert highlight(text, "复议") == [(2, 4), (10, 12)]
    assert highlight(text, "议行") == [(3, 6)]
    assert highlight(text, "行政 政复") == [(0, 3), (5, 7)]
    assert highlight(text, "***") == []


def test_partitioned_terms_and_queries():
    assert partition("text", "overview") == "to" and partition("problem", None) == "rx"
    assert partition("someday", "elsewhere") == "fz"  # kinds and sections of another ie version
    assert len(set(SECTION_CODES.values())) == len(SECTION_CODES)
    assert index_terms("复议", "to") == "to复议 to议"
    assert match_expression("复议 复", partitions=["to", "ri"]) == '(("to复议" AND "to复" *) OR ("ri复议" AND "ri复" *))'
    assert match_expression("复议", partitions=[]) is None
    tag = issuer_tag("淮安市人民政府")
    assert tag == issuer_tag("淮安市人民政府") != issuer_tag("淮安市政府") and tag.isalnum() and tag.isascii()


def test_repeated_words_count_once_and_occurrences_overlap():
    assert query_words("复议 复议 ，复议") == ["复议"]
    assert occurrences("议议议", "议议") == 2 and occurrences("复议复议", "复") == 2 and occurrences("复议", "诉") == 0
