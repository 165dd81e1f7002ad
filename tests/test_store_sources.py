"""One report read from several files (its web text and its web page, its PDF and pdftotext)
is one stored report with several sources, so a search finds it once (issue 11)."""
from __future__ import annotations

import shutil

from ie.store.ingest import Summary, ingest
from ie.store.store import FactStore


def test_web_text_and_html_page_of_one_report_are_one_report(corpus, tmp_path):
    # the glued web text first: the page, with every cell read (200 against 198), takes its place
    files = [shutil.copy(corpus / "reports" / name, tmp_path / name)
             for name in ("pingtan_2024.txt", "pingtan_2024_html.html", "pingtan_2025_html.html")]
    with FactStore(tmp_path / "facts.db") as store:
        summary = Summary()
        for outcome in ingest(store, files, workers=1):
            summary.count(outcome)
        assert (summary.added, summary.same_report) == (2, 1) and len(store) == 2
        reports = {r.year: r for r in store.reports()}
        assert [s.rsplit("/", 1)[1] for s in store.sources(reports[2024].id)] == \
            ["pingtan_2024_html.html", "pingtan_2024.txt"]
        assert reports[2024].format == "html"
        assert store.report(reports[2024].id).value("proactive.normative_docs.in_force") == 440  # null in the text
        hits = list(store.search("复议", year=2024, limit=50))
        assert hits and {h.report_id for h in hits} == {reports[2024].id}
        # a second run skips every file, the extra source included, before extracting it
        assert [o.status for o in ingest(store, files, workers=1)] == ["unchanged"] * 3


def test_two_years_of_one_body_stay_two_reports(corpus, tmp_path):
    with FactStore(tmp_path / "facts.db") as store:
        statuses = [o.status for o in ingest(store, [corpus / "reports" / "pingtan_2024.txt",
                                                     corpus / "reports" / "pingtan_2025.txt"], workers=1)]
        assert statuses == ["added", "added"] and len(store) == 2
