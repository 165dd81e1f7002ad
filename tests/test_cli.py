"""The ie command as a user meets it: output contract, formats, and bad input."""
import json
import subprocess
import sys

import pytest

from conftest import EXAMPLES, seed


def ie(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "ie.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_extract_json_contract():
    out = ie("extract", seed("seed_004"), "--no-facts")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"source", "template", "issuer", "year", "published", "text", "sections", "tables",
                         "checks", "warnings", "facts"}
    assert data["template"] == "tpl2021" and data["year"] == 2021
    cell = data["tables"]["applications.new_received.natural_person"]
    assert cell["value"] == 275 and data["text"][cell["start"]:cell["end"]] == "275"
    assert set(data["sections"]["overview"]) == {"start", "end", "heading"}
    check = next(c for c in data["checks"] if c["rule"] == "R-T2-BAL" and "total" in c["message"])
    assert check == {"rule": "R-T2-BAL", "severity": "error", "status": "pass",
                     "message": "R-T2-BAL total: 287 + 3 = 276 + 14", "cells": check["cells"]}


def test_extract_folder_jsonl_and_table_format(tmp_path):
    out = ie("extract", EXAMPLES, "--no-facts", "--no-text")
    assert out.returncode == 0
    lines = [json.loads(l) for l in out.stdout.splitlines()]
    assert len(lines) == 5 and all("text" not in l for l in lines)
    table = ie("extract", seed("seed_004"), "--format", "table", "--no-facts")
    assert "表二 收到和处理政府信息公开申请情况" in table.stdout
    assert "checks: no failures; not checked (uncertain: cells or dates missing): 1 info (R-TIME)" in table.stdout


def test_check_reports_failures_with_amounts(tmp_path):
    text = seed("seed_004").read_text(encoding="utf-8").replace("|\n287 |", "|\n288 |", 1)
    path = tmp_path / "edited.txt"
    path.write_text(text, encoding="utf-8")
    out = ie("check", path)
    assert out.returncode == 1
    assert "R-T2-BAL total: 288 + 3 != 276 + 14" in out.stdout
    assert "R-T2-ROW new_received: 288 != 275 + 4 + 0 + 1 + 4 + 3" in out.stdout


@pytest.mark.parametrize("content", [b"", b"\x00\xff" * 3000])
def test_unreadable_input_one_line_exit_2_and_no_output_file(tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    target = tmp_path / "out.json"
    out = ie("extract", bad, "-o", target)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("ie: error:")
    assert "Traceback" not in out.stderr
    assert not target.exists() and not list(tmp_path.glob(".out.json*"))


def test_missing_path_and_huge_file(tmp_path):
    out = ie("extract", tmp_path / "nothing.txt")
    assert out.returncode == 2 and "no such file" in out.stderr
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:
        fh.seek(21 << 20)
        fh.write(b"x")
    out = ie("extract", huge)
    assert out.returncode == 2 and "too large" in out.stderr and "Traceback" not in out.stderr


def test_unrelated_document_invents_nothing(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("关于做好2023年春节放假期间值班工作的通知\n各单位：为确保节日期间各项工作正常运转，现将有关事项通知如下。\n"
                    "一、值班时间为1月21日至27日。\n二、值班人员共12人。\n", encoding="utf-8")
    out = ie("extract", path)
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["template"] == "unknown" and data["tables"] == {}


def test_legacy_report(corpus):
    out = ie("extract", corpus / "reports" / "legacy_pingtan_2016.txt", "--no-facts")
    data = json.loads(out.stdout)
    assert data["template"] == "legacy" and data["tables"] == {} and data["year"] == 2016


def test_help_teaches():
    out = ie("extract", "--help")
    assert "examples:" in out.stdout and "Exit status" in out.stdout
