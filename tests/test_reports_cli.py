"""`ie reports --db`: what a store holds, one body's years together."""
import dataclasses
import json

import pytest

import ie
from ie.cli import main
from ie.store import FactStore
from ie.store.store import content_id

from conftest import seed


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "facts.db"
    guigang = ie.extract(seed("seed_004"), facts=False)
    jinfeng = ie.extract(seed("seed_003"), facts=False)
    with FactStore(path) as store:
        store.add(dataclasses.replace(guigang, issuer="淮安市洪泽区人民政府", year=2024), report_id=content_id("a"),
                  source="hongze_2024.txt")
        store.add(jinfeng, report_id=content_id("b"), source="jinfeng_2020.txt")
        store.add(dataclasses.replace(guigang, issuer="洪泽区人民政府", year=2023), report_id=content_id("c"),
                  source="hongze_2023.txt")
    return path


def test_reports_lists_bodies_with_their_years(db, capsys):
    assert main(["reports", "--db", str(db), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["body"], r["year"], r["source"]) for r in rows] == [
        ("宁夏回族自治区银川市金凤区·审批服务管理局", 2020, "jinfeng_2020.txt"),
        ("江苏省淮安市洪泽区·政府", 2023, "hongze_2023.txt"),
        ("江苏省淮安市洪泽区·政府", 2024, "hongze_2024.txt")]
    jinfeng = rows[0]
    assert jinfeng["template"] == "tpl2019" and jinfeng["issuer"] == "银川市金凤区审批服务管理局"
    assert jinfeng["checks"] == {"pass": jinfeng["checks"]["pass"], "fail": 2, "uncertain": 31, "uncertain_errors": 30}


def test_reports_table_and_filters(db, capsys):
    assert main(["reports", "--db", str(db), "--issuer", "洪泽区人民政府"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split() == ["year", "issuer", "template", "checks", "source"]
    assert [line.split()[0] for line in lines[2:]] == ["2023", "2024"]
    assert "ie: --issuer 洪泽区人民政府 matched 1 body" in captured.err
