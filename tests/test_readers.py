"""Readers: encodings, HTML pages with chrome and merged cells, DOCX, PDF, and bad input."""
import pytest

import ie
from ie.document import ReadError
from ie.readers import read
from conftest import seed
from layouts import docx_document, html_page, table_rows

SEED4 = seed("seed_004").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "r.txt"
    path.write_bytes(SEED4.encode(encoding))
    doc = read(path)
    assert doc.text == SEED4
    assert ie.extract(path, facts=False).value("applications.new_received.total") == 287


def test_crlf_is_normalised(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(SEED4.replace("\n", "\r\n").encode("utf-8"))
    assert read(path).text == SEED4


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (bytes(range(256)) * 40, "binary"),
    # a PNG is read as an image whatever its name: a broken one, or one without the OCR extra, says so
    (b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 500, "image"),
])
def test_unreadable_input_raises_read_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="folder"):
        read(tmp_path)


def test_corrupt_pdf_and_docx(tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"garbage" * 100)
    with pytest.raises(ReadError, match="PDF"):
        read(pdf)
    docx = tmp_path / "x.docx"
    docx.write_bytes(b"PK\x03\x04" + b"garbage" * 100)
    with pytest.raises(ReadError, match="docx"):
        read(docx)


@pytest.fixture(scope="module")
def seed4():
    return ie.extract(seed("seed_004"), facts=False)


def _parts(report):
    paras = {}
    for key in ("overview", "proactive", "applications", "review_litigation", "problems_improvements",
                "other_matters"):
        span = report.sections[key]
        body = report.text[span.start:span.end].split("\n")[1:]
        paras[span.heading] = [ln for ln in body if ln.strip() and "|" not in ln][:3]
    return paras


def test_html_page_with_chrome_and_merged_cells(tmp_path, seed4):
    values = {k: c.value for k, c in seed4.tables.items() if c is not None}
    page = html_page("贵港市2021年政府信息公开工作年度报告", _parts(seed4), table_rows(values, "tpl2021"))
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = read(path)
    assert "栏目7" not in doc.text and "主办单位" not in doc.text  # site chrome left out
    assert doc.grids and all(doc.text[c.start:c.end] == c.text for g in doc.grids for c in g.cells)
    r = ie.extract(path, facts=False)
    assert r.template == "tpl2021"
    assert r.published == "2022-01-20"
    for key, value in values.items():
        assert r.value(key) == value, key


def test_docx_with_merged_cells(tmp_path, seed4):
    values = {k: c.value for k, c in seed4.tables.items() if c is not None}
    path = tmp_path / "r.docx"
    docx_document(path, "贵港市2021年政府信息公开工作年度报告", _parts(seed4), table_rows(values, "tpl2021"))
    r = ie.extract(path, facts=False)
    assert r.template == "tpl2021"
    assert r.issuer == "贵港市人民政府"
    for key, value in values.items():
        assert r.value(key) == value, key


def test_pdf_tables_across_pages(corpus):
    r = ie.extract(corpus / "reports" / "huaian_2024.pdf", facts=False)
    assert r.value("applications.results.unavailable.not_held.total") == 769  # last row on page 4
    assert r.value("applications.results.unavailable.needs_creation.total") == 11  # first row on page 5
    assert r.value("review_litigation.review.total") == 351


def test_a_few_invalid_utf8_bytes_are_replaced_with_a_warning(tmp_path):
    data = seed("seed_004").read_bytes()
    cut = data.index("二、主动公开".encode()) + 1  # a page cut mid-character: one lone byte
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:cut] + data[cut + 2:])
    report = ie.extract(path, facts=False)
    assert report.value("applications.new_received.total") == 287
    assert "\ufffd" in report.text
    assert any(w == "cut.txt: 1 invalid UTF-8 byte sequence replaced with U+FFFD" for w in
               (w.replace(str(tmp_path) + "/", "") for w in report.warnings))


def test_gb18030_is_not_read_as_broken_utf8(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(("年度报告 report 2021\n" + "a" * 2000 + "\n本机关\n").encode("gb18030"))
    assert "本机关" in read(path).text


def test_read_errors_name_no_internal_exception(tmp_path):
    import re
    import zipfile

    book = tmp_path / "book.xlsx"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    messages = []
    for path in (book, pdf):
        with pytest.raises(ReadError) as err:
            read(path)
        messages.append(str(err.value))
    assert messages[0] == f"{book}: not a Word .docx document (a spreadsheet or slides? only .docx is read)"
    assert messages[1] == f"{pdf}: not a readable PDF (damaged, cut short or not a PDF)"
    assert not any(re.search(r"[A-Z][a-z]+(Error|Exception)", m) for m in messages)


def test_a_broken_image_names_no_internal_exception(tmp_path):
    from ie.readers import read

    bad = tmp_path / "scan.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    with pytest.raises(ReadError) as err:
        read(bad)
    assert str(err.value) == f"{bad}: not a readable image (damaged, cut short or not an image)"
