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
