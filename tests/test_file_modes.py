"""Outputs get the permissions the umask gives any new file, not tempfile's private 0600/0700."""
import os
import stat

import pytest

from ie.cli import main
from ie.store import FactStore

from conftest import seed


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_extract_output_file_follows_the_umask(tmp_path, umask_022, capsys):
    target = tmp_path / "out.json"
    assert main(["extract", str(seed("seed_004")), "--no-facts", "-o", str(target)]) == 0
    assert _mode(target) == 0o644


def test_export_folder_follows_the_umask(tmp_path, umask_022, capsys):
    import ie

    db = tmp_path / "facts.db"
    with FactStore(db) as store:
        store.add(ie.extract(seed("seed_004"), facts=False))
    assert main(["export", str(tmp_path / "out"), "--db", str(db), "--format", "csv"]) == 0
    assert _mode(tmp_path / "out") == 0o755
    assert _mode(tmp_path / "out" / "reports.csv") == 0o644
