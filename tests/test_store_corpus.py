"""The whole development corpus ingested (every format), then searches whose hits are known."""
import pytest

from ie.readers import find_reports
from ie.store import FactStore
from ie.store.ingest import Summary, ingest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(corpus, tmp_path_factory):
    files, _ = find_reports([corpus / "reports"])
    store = FactStore(tmp_path_factory.mktemp("corpus") / "facts.db")
    summary = Summary()
    for outcome in ingest(store, files, workers=2):
        summary.count(outcome)
    # the same report in two formats (a PDF and its pdftotext output, a web text and its page) is
    # one report with two sources
    assert summary.added + summary.same_report == len(files) and summary.added == len(store) == 24
    assert summary.failed == 0
    yield store
    store.close()


def sources(hits):
    return {h.source.rsplit("/", 1)[1] for h in hits}


def test_review_sentences(store):
    hits = store.search("复议", type="text", limit=1000)
    # every report says something about 行政复议, at least its section 四 heading
    assert len(sources(hits)) == len(store)
    found = {h.text for h in hits}
    for sentence in ("全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。",
                     "2022年，全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。",
                     "2013年，我局收到以有关政府信息公开行政复议0件。"):
        assert any(text.endswith(sentence) for text in found), sentence
    # a PDF line break inside the word: 行政复\n议
    (kewei,) = [h for h in hits if "市科委有 1 件" in h.text]
    assert [kewei.text[a:b] for a, b in kewei.highlights] == ["复\n议", "复议", "复议"]
    # the PDF and its pdftotext output are one report: the sentence is found once, both files named
    (huaian,) = [h for h in hits if h.text.startswith("政府信息公开行政复议 351")]
    assert {s.rsplit("/", 1)[1] for s in store.sources(huaian.report_id)} == {"huaian_2024.pdf",
                                                                              "huaian_2024_layout.txt"}


def test_filters_narrow_to_the_sentence(store):
    (hit,) = store.search("复议", issuer="平潭", year=2025, section="overview", type="text",
                          limit=5)[:1]
    assert "行政复议36起" in hit.text and hit.year == 2025 and hit.section == "overview"
    assert all(h.year == 2024 and h.section == "review_litigation"
               for h in store.search("复议", year=2024, section="review_litigation", limit=50))


def test_one_character_query(store):
    assert {h.issuer for h in store.search("沐", limit=50)} == {"沐阳县人民政府"}  # an OCR slip for 沭
    assert any("答复" in h.text for h in store.search("复", type="text", limit=200))


@pytest.mark.parametrize("spelling, issuer", [("沭阳县人民政府", "沐阳县人民政府"),  # the right spelling finds the slip
                                              ("平谭综合实验区", "平潭综合实验区"),
                                              ("淮安市政府", "淮安市人民政府"),
                                              ("上海科委", "上海市科委"),
                                              ("钦州市审批局", "钦州市行政审批局")])
def test_issuer_spelt_differently(store, spelling, issuer):
    hits = store.search("公开", issuer=spelling, limit=50)
    assert hits and {h.issuer for h in hits} == {issuer}


def test_cells_by_label(store):
    hits = store.search("行政复议 总计", type="cell", issuer="淮安市人民政府")
    assert [(h.key, h.value) for h in hits] == [("review_litigation.review.total", 351)]
