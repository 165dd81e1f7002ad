"""ie.extract(): a path that does not exist is an error, not report text."""
import pytest

import ie
from ie.document import ReadError


@pytest.mark.parametrize("name", ["missing.txt", "reports/2021年报告.PDF", "a b.docx"])
def test_a_missing_file_name_is_a_read_error(name):
    with pytest.raises(ReadError, match="no such file"):
        ie.extract(name, facts=False)


def test_text_is_still_text():
    report = ie.extract("关于做好春节值班工作的通知.txt\n值班人员共12人。", facts=False)
    assert report.source == "<text>" and report.tables == {}


def test_a_missing_facts_model_is_a_warning(tmp_path, monkeypatch):
    from conftest import seed
    from ie.facts import model

    report = ie.extract(seed("seed_004"), model=tmp_path / "nothing")
    assert f"facts model not found at {tmp_path / 'nothing'}: narrative facts from the rules alone" in report.warnings
    monkeypatch.setattr(model, "DEFAULT_MODEL", tmp_path / "gone")
    model.load.cache_clear()
    try:
        report = ie.extract(seed("seed_004"))
    finally:
        model.load.cache_clear()
    assert report.facts and {f.method for f in report.facts} == {"rule"}
    assert f"facts model not found at {tmp_path / 'gone'}: narrative facts from the rules alone" in report.warnings
    assert not any("facts model" in w for w in ie.extract(seed("seed_004"), model=None).warnings)
