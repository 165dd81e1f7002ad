"""Body identity (ie/body.py): a division plus an organ, never a near spelling."""
import pytest

from ie.body import body_key, match_issuers, parse, same_body


@pytest.mark.parametrize("a, b", [
    ("洪泽区人民政府", "淮安市洪泽区人民政府"),
    ("淮安市人民政府", "淮安市政府"),
    ("江苏省淮安市洪泽区人民政府", "洪泽区政府"),
    ("沐阳县人民政府", "沭阳县人民政府"),  # a known OCR slip
    ("北京市朝阳区人民政府", "朝阳区人民政府"),
    ("平潭县财政局", "福建省平潭县财政局"),
])
def test_same_body(a, b):
    assert same_body(a, b) and same_body(b, a)
    if "朝阳区" not in a + b:
        assert body_key(a) == body_key(b)


@pytest.mark.parametrize("a, b", [
    ("泉州市人民政府", "漳州市人民政府"),
    ("贵阳市人民政府", "贵港市人民政府"),
    ("平潭县人民政府", "平阳县人民政府"),
    ("淮安市人民政府", "淮安市洪泽区人民政府"),  # a city and one of its districts
    ("平潭县人民政府", "平潭县财政局"),  # one place, two organs
    ("平潭县人民政府", "平潭县人民政府办公室"),
    ("北京市朝阳区人民政府", "吉林省长春市朝阳区人民政府"),
    ("国家税务总局贵港市税务局", "国家税务总局贵阳市税务局"),
])
def test_different_bodies(a, b):
    assert not same_body(a, b) and not same_body(b, a)
    assert body_key(a) != body_key(b)


def test_key_is_the_full_division_path_and_organ():
    assert body_key("洪泽区人民政府") == "江苏省淮安市洪泽区·政府"
    assert body_key("贵港市人民政府") == "广西壮族自治区贵港市·政府"
    assert body_key("北京市东城区人民政府") == "北京市东城区·政府"
    assert body_key(None) is None
    body = parse("淮安市洪泽区财政局")
    assert body.places == ("淮安市", "洪泽区") and body.codes == {"320813"} and body.organ == "财政局"


def test_a_name_without_a_division_compares_whole():
    assert parse("上海市科学技术委员会").codes  # 上海市 is a division
    assert same_body("中国人民银行", "中国人民银行") and not same_body("中国人民银行", "中国人民银行分行")
    assert not same_body(None, "平潭县人民政府") and not same_body("", "")


def test_match_issuers_never_fuzzes_a_place():
    store = ["贵港市人民政府", "贵阳市人民政府", "沐阳县人民政府", "淮安市洪泽区人民政府", "洪泽区人民政府",
             "淮安市人民政府", "平潭县财政局"]
    assert match_issuers("贵阳市人民政府", store) == ["贵阳市人民政府"]
    assert match_issuers("贵阳市政府", store) == ["贵阳市人民政府"]
    assert match_issuers("沭阳县", store) == ["沐阳县人民政府"]
    assert match_issuers("洪泽区人民政府", store) == ["淮安市洪泽区人民政府", "洪泽区人民政府"]
    assert match_issuers("淮安市", store) == ["淮安市洪泽区人民政府", "洪泽区人民政府", "淮安市人民政府"]
    assert match_issuers("洪泽", store) == ["淮安市洪泽区人民政府", "洪泽区人民政府"]
    assert match_issuers("财政局", store) == ["平潭县财政局"]
    assert match_issuers("贵州", store) == ["贵阳市人民政府"]  # a province by its short name
    assert match_issuers("云南", store) == []
    assert match_issuers("  ", store) == []
