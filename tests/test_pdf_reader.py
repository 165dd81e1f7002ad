"""The pypdfium2 PDF path: every corpus PDF is read without falling back to pdfplumber, and every
gold cell comes out as printed."""
from __future__ import annotations

import pytest

import ie
from ie.readers import read
from ie.readers.pdf_layout import cell_text

from conftest import gold_tables

PDFS = ["hongze_2023", "hongze_2024", "huaian_2024"]


@pytest.mark.parametrize("stem", PDFS)
def test_corpus_pdf_cells_on_the_fast_path(corpus, stem):
    path = corpus / "reports" / f"{stem}.pdf"
    doc = read(path)
    assert set(doc.meta["pdf_pages"].split(",")) == {"pdfium"}
    report = ie.extract(path, facts=False)
    gold = gold_tables(corpus, stem)["tables"]
    wrong = {k: (v, report.value(k)) for k, v in gold.items() if report.value(k) != v}
    assert not wrong


def test_merged_row_label_stays_in_its_cell(corpus):
    # hongze_2023's "三、本年度办理结果" spans eleven rows of the first column; its characters must not
    # leak into the second column (a broken font bbox in the PDF made pdfium's loose boxes 200 pt wide).
    text = read(corpus / "reports" / "hongze_2023.pdf").text
    assert "| 三 、 本 年 度 办 理 结 果 | （一）予以公开 |  | 0 |" in text


def test_cell_text_joins_one_line_and_splits_gaps():
    def ch(text, x0, top=100.0):
        return {"text": text, "x0": x0, "x1": x0 + 5, "top": top, "bottom": top + 10, "upright": True,
                "doctop": top, "width": 5, "height": 10}
    assert cell_text([ch("1", 10), ch("2", 15), ch("3", 20)]) == "123"
    assert cell_text([ch("2", 15), ch("1", 10)]) == "12"
    assert cell_text([ch("1", 10), ch("2", 30)]) == "1 2"
    assert cell_text([ch("商", 10), ch("业", 10, top=115)]) == "商\n业"
    assert cell_text([]) == ""


def test_truncated_pdf_is_a_read_error(corpus, tmp_path):
    data = (corpus / "reports" / "huaian_2024.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])
    try:
        doc = read(cut)
    except ie.ReadError as exc:
        assert "cut.pdf" in str(exc) and "\n" not in str(exc)
    else:  # pdfium may recover the pages before the cut; whatever it reads must be real text
        assert "淮安" in doc.text


def test_pages_pdfium_cannot_lay_out_fall_back_to_pdfplumber(corpus, monkeypatch):
    import ie.readers.pdf as pdf_reader
    from ie.readers.pdf_page import PageUnreadable

    def unreadable(page):
        raise PageUnreadable("forced")

    monkeypatch.setattr(pdf_reader, "read_page", unreadable)
    path = corpus / "reports" / "huaian_2024.pdf"
    assert set(read(path).meta["pdf_pages"].split(",")) == {"pdfplumber"}
    report = ie.extract(path, facts=False)
    gold = gold_tables(corpus, "huaian_2024")["tables"]
    assert all(report.value(k) == v for k, v in gold.items())


def test_cell_finder_matches_pdfplumber_on_every_corpus_page(corpus):
    import pypdfium2 as pdfium
    from pdfplumber import table as plumber_table

    from ie.readers.pdf_cells import _SETTINGS, intersections_to_cells
    from ie.readers.pdf_page import read_page

    compared = 0
    for stem in PDFS:
        pdf = pdfium.PdfDocument(str(corpus / "reports" / f"{stem}.pdf"))
        for number in range(len(pdf)):
            content = read_page(pdf[number])
            finder = plumber_table.TableFinder(content)
            points = plumber_table.edges_to_intersections(finder.get_edges(), _SETTINGS.intersection_x_tolerance,
                                                          _SETTINGS.intersection_y_tolerance)
            expected = plumber_table.intersections_to_cells(points)
            assert intersections_to_cells(points) == expected
            compared += len(expected)
        pdf.close()
    assert compared > 500  # the statistics tables are in there
