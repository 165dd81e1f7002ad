"""Scanned pages: OCR through the optional [ocr] extra, and a clear message without it.

The OCR tests read one small render of a corpus PDF page (a few seconds on one core) and skip
cleanly when the extra or ../shared/corpus is missing."""
from __future__ import annotations

import pytest

import ie
from ie.cli import main as cli_main
from ie.document import OcrSpan
from ie.ocr_cells import attach
from ie.readers import ocr, read
from ie.report import Cell, Check, Report

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the [ocr] extra is not installed")


def _image_only_pdf(path, image):
    image.convert("L").save(path, save_all=True, resolution=300.0)
    return path


def _blank_scan(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(image).rectangle((100, 100, 1100, 400), outline=0, width=3)
    return _image_only_pdf(tmp_path / "scan.pdf", image)


def test_scanned_pdf_without_the_extra_names_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = _blank_scan(tmp_path)
    with pytest.raises(ie.ReadError) as err:
        read(scan)
    message = str(err.value)
    assert "gidar-ie[ocr]" in message and "scanned" in message and "\n" not in message
    assert cli_main(["extract", str(scan)]) == 2
    assert "gidar-ie[ocr]" in capsys.readouterr().err


def test_image_without_the_extra_names_it(tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.setattr(ocr, "available", lambda: False)
    png = tmp_path / "page.png"
    Image.new("L", (200, 100), 255).save(png)
    with pytest.raises(ie.ReadError, match=r"gidar-ie\[ocr\]"):
        read(png)


def test_broken_image_is_a_read_error(tmp_path):
    bad = tmp_path / "page.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    if not ocr.available():
        pytest.skip("without the extra the message is about the extra")
    with pytest.raises(ie.ReadError, match="not a readable image"):
        read(bad)


def _report(cells: dict[str, Cell], checks: list[Check]) -> Report:
    return Report(source="x", template="tpl2021", issuer=None, year=2024, published=None, text="", sections={},
                  tables=cells, warnings=[], format="pdf", checks=checks)


def test_ocr_provenance_flags_and_failed_checks():
    cells = {"a": Cell("a", 12, "12", 10, 12), "b": Cell("b", 30, "30", 20, 22), "c": Cell("c", 5, "5", 40, 41)}
    spans = [OcrSpan(10, 12, 2, (1.0, 2.0, 3.0, 4.0), 0.99, 0.99), OcrSpan(20, 22, 2, (5.0, 6.0, 7.0, 8.0), 0.6, 0.6)]
    report = _report(cells, [Check("R-T2-BAL", "error", "fail", "a + b != c", ["a", "b", "c"])])
    attach(report, spans)
    assert cells["a"].ocr == {"page": 2, "box": [1.0, 2.0, 3.0, 4.0], "confidence": 0.99, "digit_confidence": 0.99}
    assert cells["a"].flags == [] and cells["b"].flags == ["ocr_low_confidence"]
    assert cells["c"].ocr is None  # from the text layer, not OCR
    assert cells["b"].to_dict()["ocr"]["page"] == 2
    assert any("low confidence" in w and "b=30 (page 2, 0.60)" in w for w in report.warnings)
    assert any(w.startswith("OCR: R-T2-BAL fails") and "a=12" in w and "b=30" in w and "c=" not in w
               for w in report.warnings)


@pytest.fixture(scope="module")
def table_crop(request):
    """Rows of the 第二十条 (六) and (八) tables of hongze_2024 page 3, rendered at 300 dpi."""
    from conftest import CORPUS

    if not ocr.available():
        pytest.skip("the [ocr] extra is not installed")
    if not (CORPUS / "reports" / "hongze_2024.pdf").exists():
        pytest.skip("../shared/corpus is not available")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(CORPUS / "reports" / "hongze_2024.pdf"))
    image = pdf[2].render(scale=300 / 72, grayscale=True).to_pil()
    pdf.close()
    return image.crop((0, 300, image.width, 1700))


@needs_ocr
@pytest.mark.slow
def test_ocr_of_an_image_only_pdf_page(table_crop, tmp_path):
    report = ie.extract(_image_only_pdf(tmp_path / "scan.pdf", table_crop), facts=False)
    assert report.value("proactive.penalty.decisions") == 2776
    assert report.value("proactive.coercion.decisions") == 84
    assert report.value("proactive.admin_fees.fee_amount_wan_yuan") == 7545
    cell = report.tables["proactive.penalty.decisions"]
    assert cell.raw == "2776" and report.text[cell.start:cell.end] == "2776"
    assert cell.ocr["page"] == 1 and cell.ocr["confidence"] > 0.9
    x0, top, x1, bottom = cell.ocr["box"]
    assert 340 < x0 < x1 < 420 and 0 < top < bottom < 150  # points on the page: the right-hand column


@needs_ocr
@pytest.mark.slow
def test_ocr_of_a_png_with_skew(table_crop, tmp_path):
    png = tmp_path / "page.png"
    table_crop.rotate(1.0, fillcolor=255).save(png, dpi=(300, 300))
    doc = read(png)
    assert doc.format == "image" and doc.meta["ocr_pages"] == "1"
    assert abs(float(doc.meta["ocr_skew"]) + 1.0) <= 0.15  # straightened before reading
    report = ie.extract(png, facts=False)
    assert report.value("proactive.penalty.decisions") == 2776
    assert report.value("proactive.admin_fees.fee_amount_wan_yuan") == 7545


def _grid_page(cell_chars: list[tuple[str, float, float]]) -> "ocr.OcrPage":
    """A page with one ruled row of two cells (label | number) and the given chars (text, x0, score)."""
    def edge(x0, x1, top, bottom, o):
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
                "height": bottom - top, "orientation": o, "object_type": "line"}
    edges = [edge(50, 350, 100, 100, "h"), edge(50, 350, 130, 130, "h")]
    edges += [edge(x, x, 100, 130, "v") for x in (50, 200, 350)]
    page = ocr.OcrPage(1, 400, 300, 300.0, 0.0, edges=edges)
    page.chars = [ocr._char("行", 60, 70, 110, 120, 0.99, 1), ocr._char("政", 70, 80, 110, 120, 0.99, 1)]
    page.chars += [ocr._char(t, x, x + 6, 110, 120, s, 1) for t, x, s in cell_chars]
    return page


def test_number_cells_are_tidied_and_flagged():
    page = _grid_page([("1", 260, 0.99), ("1", 266, 0.98), (".", 272, 0.7)])
    ocr.normalise_numeric_cells(page)
    number = sorted((ch for ch in page.chars if ch["x0"] > 200), key=lambda ch: ch["x0"])
    assert "".join(ch["text"] for ch in number) == "11" and all(ch["score"] == 0.5 for ch in number)

    page = _grid_page([("O", 260, 0.8)])
    ocr.normalise_numeric_cells(page)
    assert [ch["text"] for ch in page.chars if ch["x0"] > 200] == ["0"]

    page = _grid_page([("2", 260, 0.99), ("7", 266, 0.99)])  # a clean number is left alone
    ocr.normalise_numeric_cells(page)
    assert [(ch["text"], ch["score"]) for ch in page.chars if ch["x0"] > 200] == [("2", 0.99), ("7", 0.99)]


def test_garbled_numbers_and_rules():
    assert ocr._garbled_number("—o") and ocr._garbled_number("1 2") and ocr._garbled_number("O")
    assert not ocr._garbled_number("2776") and not ocr._garbled_number("96171.6")
    assert not ocr._garbled_number("1.属于国家秘密") and not ocr._garbled_number("—")
    assert ocr._is_rule([[72, 81], [73, 81], [73, 423], [72, 423]], "—")  # a vertical rule read as a dash
    assert not ocr._is_rule([[72, 81], [120, 81], [120, 95], [72, 95]], "—")  # a dash placeholder
