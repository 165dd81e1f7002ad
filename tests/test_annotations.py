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
