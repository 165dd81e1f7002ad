"""`ie extract` in process: output formats that do not depend on how many files a folder holds."""
import json
import shutil

from ie.cli import main

from conftest import seed


def test_json_with_several_files_is_one_json_array(capsys):
    assert main(["extract", str(seed("seed_004")), str(seed("seed_000")), "--format", "json", "--no-facts",
                 "--no-text"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["issuer"] for d in data] == ["贵港市人民政府", "钦州市行政审批局"]


def test_a_folder_is_jsonl_whatever_it_holds(tmp_path, capsys):
    shutil.copy(seed("seed_004"), tmp_path / "only.txt")
    assert main(["extract", str(tmp_path), "--no-facts", "--no-text"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["year"] == 2021
    assert main(["extract", str(tmp_path / "only.txt"), "--no-facts", "--no-text"]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == 2021  # one named file: one JSON object
