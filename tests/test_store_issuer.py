"""--issuer in the store: the body the name denotes (ie/body.py), never a near spelling of a place."""
import dataclasses

import pytest

import ie
from ie.cli import main
from ie.store import FactStore
from ie.store.store import content_id

from conftest import seed

ISSUERS = ("贵港市人民政府", "沐阳县人民政府", "淮安市洪泽区人民政府", "洪泽区人民政府")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("issuer") / "facts.db"
    report = ie.extract(seed("seed_004"), facts=False)
    with FactStore(path) as store:
        for i, issuer in enumerate(ISSUERS):
            store.add(dataclasses.replace(report, issuer=issuer), report_id=content_id(issuer), source=f"{i}.txt")
    return path


def test_a_near_name_is_another_body(db):
    with FactStore(db) as store:
        assert store.search("公开", issuer="贵阳市人民政府") == []
        assert {h.issuer for h in store.search("公开", issuer="贵港市人民政府", limit=50)} == {"贵港市人民政府"}


def test_the_right_spelling_finds_the_ocr_slip(db):
    with FactStore(db) as store:
        assert {h.issuer for h in store.search("公开", issuer="沭阳县", limit=50)} == {"沐阳县人民政府"}
        assert {r.issuer for r in store.reports(issuer="淮安市洪泽区人民政府")} == {"淮安市洪泽区人民政府", "洪泽区人民政府"}
        assert store.match_issuers("洪泽区政府") == ["洪泽区人民政府", "淮安市洪泽区人民政府"]


def test_search_cli_prints_the_bodies_it_matched(db, capsys):
    assert main(["search", "公开", "--db", str(db), "--issuer", "沭阳县", "-n", "1"]) == 0
    err = capsys.readouterr().err
    assert err == "ie: --issuer 沭阳县 matched 1 body: 沐阳县人民政府 (江苏省宿迁市沭阳县·政府)\n"
    assert main(["search", "公开", "--db", str(db), "--issuer", "贵阳市人民政府"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "ie: --issuer 贵阳市人民政府 matched no body in the store\n"
    assert captured.out == "no matches\n"
