"""Cross-year pairing in ie/checks.py and `ie check`: one body, consecutive years, never a near name."""
import dataclasses
import json

import pytest

import ie
from ie.checks import cross_year, previous_years
from ie.cli import main

from conftest import seed


@pytest.fixture(scope="module")
def guigang():
    return ie.extract(seed("seed_004"), facts=False)


def _as(report, issuer, year):
    return dataclasses.replace(report, issuer=issuer, year=year, checks=[])


@pytest.mark.parametrize("earlier, later", [("泉州市人民政府", "漳州市人民政府"), ("贵阳市人民政府", "贵港市人民政府"),
                                            ("平潭县人民政府", "平阳县人民政府")])
def test_two_bodies_with_near_names_are_not_paired(guigang, earlier, later):
    # the same tables under two names: paired, R-T2-XY compares carried_forward 14 with carried_over 3
    reports = [_as(guigang, earlier, 2020), _as(guigang, later, 2021)]
    assert [prev for _, prev in previous_years(reports)] == [None, None]
    assert cross_year(reports) == []


def test_one_body_under_two_spellings_is_paired(guigang):
    reports = [_as(guigang, "洪泽区人民政府", 2023), _as(guigang, "淮安市洪泽区人民政府", 2024)]
    pairs = dict((cur.issuer, prev) for cur, prev in previous_years(reports))
    assert pairs["淮安市洪泽区人民政府"] is reports[0] and pairs["洪泽区人民政府"] is None
    fails = {c.message for _, c in cross_year(reports) if c.status == "fail"}
    assert "R-T2-XY total 2023->2024: carried_over 3 != last year's carried_forward 14" in fails


def test_check_cli_says_which_files_it_paired(corpus, capsys):
    reports = corpus / "reports"
    status = main(["check", str(reports / "hongze_2023_layout.txt"), str(reports / "hongze_2024_raw.txt")])
    out = capsys.readouterr().out
    assert status in (0, 1)
    assert "cross-year: 2024 paired with 2023 " + str(reports / "hongze_2023_layout.txt") in out
    assert "cross-year: no 2022 report of the same body given" in out


def test_check_cli_json_names_the_previous_year(tmp_path, capsys):
    text = seed("seed_004").read_text(encoding="utf-8")
    other = tmp_path / "guigang_2020.txt"
    other.write_text(text.replace("贵港市", "贵阳市").replace("2021年", "2020年"), encoding="utf-8")
    main(["check", str(seed("seed_004")), str(other), "--format", "json"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["previous_year"] for r in rows] == [None, None]
