"""The annotation format: validation, Hugging Face datasets loading, doccano / Label Studio round trips."""
import json

import pytest

from ie.facts import annotations as ann
from conftest import ROOT

ANN = ROOT / "annotations"


@pytest.fixture(scope="module")
def records():
    return ann.load(ANN)


def test_all_annotations_are_valid_and_split_by_report(records):
    assert len(records) >= 17
    assert all(not ann.validate(r) for r in records)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    gold_reports = {"seed_000_qinzhou_2020", "seed_001_yanzhou_2020", "seed_004_guigang_2021"}
    assert {r["id"] for r in records if r["split"] == "test"} >= gold_reports


def test_validation_catches_bad_spans(records):
    rec = json.loads(json.dumps(records[0]))
    rec["facts"][0]["start"] += 1
    rec["facts"].append({"type": "count", "start": 0, "end": 2, "text": rec["text"][:2], "value": 1})
    problems = ann.validate(rec)
    assert any("text[" in p for p in problems)
    assert any("missing 'unit'" in p for p in problems)


def test_loads_as_huggingface_dataset():
    ds = ann.as_dataset(ANN)
    assert set(ds) == {"train", "dev", "test"}
    row = ds["test"].filter(lambda r: r["id"] == "seed_004_guigang_2021")[0]
    facts = json.loads(row["facts"])
    assert any(f["type"] == "date" and f["value"] == "2021-10-18/2021-10-22" for f in facts)
    # and back: the records training reads are the annotated ones
    keys = ("id", "split", "source", "text", "meta", "facts")
    assert sorted(ann.from_dataset(ds), key=lambda r: r["id"]) == \
        sorted(({k: r.get(k, {} if k == "meta" else "") for k in keys} for r in ann.load(ANN)), key=lambda r: r["id"])


def test_doccano_and_label_studio_round_trip(records):
    rec = next(r for r in records if r["id"] == "seed_004_guigang_2021")
    line = ann.to_doccano(rec)
    assert [rec["text"][s:e] for s, e, _ in line["label"]][:2] == ["2021年1月1日", "2021年12月31日"]
    assert ann.from_doccano(json.loads(json.dumps(line, ensure_ascii=False))) == {**rec, "source": rec["source"]}
    back = list(ann.from_label_studio(ann.to_label_studio([rec])))[0]
    assert back["facts"] == rec["facts"] and back["text"] == rec["text"]


# ---- reports that stay in the corpus (text_ref) -------------------------------------------

def _wild_record(text: str, sha: str, rid: str = "putian_lyj_2019") -> dict:
    start = text.index("林业局")
    return {"id": rid, "source": "putian_lyj_2019.txt", "split": "train", "meta": {"issuer": "莆田市林业局",
            "year": 2019, "published": None, "site": "putian"}, "text": None,
            "text_ref": {"path": "wild/reports/putian_lyj_2019.txt", "sha256": sha},
            "facts": [{"type": "agency", "start": start - 3, "end": start + 3, "text": "莆田市林业局", "role": "issuer"}]}


@pytest.fixture
def tiny_corpus(tmp_path, monkeypatch):
    """A corpus root holding one 'wild' report, named by IE_CORPUS."""
    from ie.readers import read

    (tmp_path / "corpus" / "wild" / "reports").mkdir(parents=True)
    path = tmp_path / "corpus" / "wild" / "reports" / "putian_lyj_2019.txt"
    path.write_text("莆田市林业局2019年政府信息公开工作年度报告\r\n一、总体情况\r\n", encoding="utf-8")
    monkeypatch.setenv("IE_CORPUS", str(tmp_path / "corpus"))
    return read(path).text


def _write(tmp_path, recs) -> "Path":
    folder = tmp_path / "ann"
    folder.mkdir(exist_ok=True)
    ann.dump(recs, folder / "x.jsonl")
    return folder


def test_text_ref_is_filled_from_the_corpus_and_checked(tmp_path, tiny_corpus):
    folder = _write(tmp_path, [_wild_record(tiny_corpus, ann.text_sha256(tiny_corpus))])
    (rec,) = ann.load(folder)
    assert rec["text"] == tiny_corpus and rec["text"].startswith("莆田市林业局2019年")
    assert ann.validate(rec) == [] and ann.site_of(rec) == "putian"
    assert ann.main(["validate", str(folder)]) == 0


def test_text_ref_with_another_text_is_an_error(tmp_path, tiny_corpus, capsys):
    folder = _write(tmp_path, [_wild_record(tiny_corpus, "0" * 64)])
    with pytest.raises(ann.TextRefError, match="does not hold the annotated text"):
        ann.load(folder)
    assert ann.main(["validate", str(folder)]) == 1
    assert "does not hold the annotated text" in capsys.readouterr().out


def test_text_ref_without_the_corpus_is_skipped_with_one_warning(tmp_path, monkeypatch, records):
    monkeypatch.setenv("IE_CORPUS", str(tmp_path / "nowhere"))
    recs = [_wild_record("莆田市林业局", "0" * 64, rid) for rid in ("putian_a_2019", "putian_b_2020")]
    folder = _write(tmp_path, recs + [records[0]])
    with pytest.warns(UserWarning, match=r"2 annotated reports skipped.*IE_CORPUS") as caught:
        loaded = ann.load(folder)
    assert len(caught) == 1 and [r["id"] for r in loaded] == [records[0]["id"]]


def test_a_text_ref_report_that_is_not_loaded_is_invalid():
    rec = _wild_record("莆田市林业局", "0" * 64)
    assert "not a string" in ann.validate(rec)[0]


def test_every_annotation_names_its_site(records):
    sites = {r["id"]: ann.site_of(r) for r in records}
    assert all(r["meta"].get("site") for r in records)
    assert sites["legacy_pingtan_county_2011"] == sites["pingtan_2024"] == "pingtan"
    assert sites["seed_000_qinzhou_2020"] == "qinzhou"
    assert ann.site_of({"id": "sanming_city_2021"}) == "sanming"
    assert ann.site_of({"id": "legacy_pingtan_dishui_2013", "meta": {}}) == "pingtan"
    bad = json.loads(json.dumps(records[0]))
    bad["meta"]["site"] = "Pingtan County"
    assert any("meta.site" in p for p in ann.validate(bad))


def test_annotations_of_the_wild_corpus_load_when_present(corpus, records):
    """Annotated wild reports (if any are committed) resolve against the real corpus."""
    wild = [r for r in records if r.get("text_ref")]
    if not wild:
        pytest.skip("no wild reports annotated yet")
    for rec in wild:
        assert rec["text"] and ann.validate(rec) == []


def test_markdown_reports_of_the_corpus_resolve_through_the_reader(corpus, records):
    """shanghai_kewei_2024 / shuyang_2025 point at corpus reports/*.md (not wild/): their text is
    the markdown reader's, spans keep the PDF spacing and the OCR slip, never the markdown marks."""
    by_id = {r["id"]: r for r in records}
    sh, sy = by_id["shanghai_kewei_2024"], by_id["shuyang_2025"]
    assert sh["text_ref"]["path"] == "reports/shanghai_kewei_2024.md"
    assert (ann.site_of(sh), ann.site_of(sy)) == ("shanghai", "shuyang")
    issuer = next(f for f in sy["facts"] if f.get("role") == "issuer")
    assert (issuer["text"], sy["text"][:issuer["start"]]) == ("沐阳县人民政府", "# ")
    counts = {f["text"]: f["value"] for f in sh["facts"] if f["type"] == "count"}
    assert counts["发布政府信息 393 件"] == 393 and counts["原创文章 294\n篇"] == 294
    assert sy["meta"]["published"] == "2026-01-23"


# ---- pre-annotations (ie annotate) ----------------------------------------------------------

def test_ie_annotate_marks_pre_annotations_and_import_refuses_them_unreviewed(tmp_path, capsys):
    from ie.cli import main
    from conftest import seed

    pre = tmp_path / "pre.jsonl"
    assert main(["annotate", str(seed("seed_004")), "-o", str(pre)]) == 0
    (line,) = [json.loads(x) for x in pre.read_text(encoding="utf-8").splitlines()]
    assert line["pre_annotation"] is True and line["pre_annotation_model"] == "models/facts"
    assert ["2021年1月1日", "2021年12月31日"] == [line["text"][s:e] for s, e, _ in line["label"]][:2]
    out = tmp_path / "imported.jsonl"
    assert main(["annotations", "import", "--format", "doccano", str(pre), str(out)]) == 2
    assert "pre-annotations" in capsys.readouterr().err and not out.exists()
    assert main(["annotations", "import", "--format", "doccano", "--reviewed", str(pre), str(out)]) == 0
    (rec,) = ann.load(out)
    assert "pre_annotation" not in rec and ann.validate(rec) == []
    assert all("method" not in f and "confidence" not in f for f in rec["facts"])


def test_label_studio_gets_pre_annotations_as_predictions_not_annotations(tmp_path):
    from ie.cli import main
    from conftest import seed

    tasks_file = tmp_path / "tasks.json"
    assert main(["annotate", str(seed("seed_004")), "--format", "labelstudio", "-o", str(tasks_file)]) == 0
    (task,) = json.loads(tasks_file.read_text(encoding="utf-8"))
    assert "annotations" not in task and task["predictions"][0]["result"]
    assert task["data"]["pre_annotation"] is True
    (back,) = ann.from_label_studio([task])
    assert back["facts"] == []  # nothing becomes gold until a person annotates


def test_ie_annotate_bad_input_exit_2(tmp_path):
    from ie.cli import main

    assert main(["annotate", str(tmp_path / "missing.txt")]) == 2
    assert main(["annotate", str(tmp_path), "--model", str(tmp_path)]) == 2
