"""Leave-one-site-out evaluation, the hybrid's thresholds, and silver labels (ie.training)."""
import json
import subprocess
import sys

import pytest

from ie.facts.annotations import load, site_of
from ie.training import loso, silver
from conftest import ROOT, seed


@pytest.fixture(scope="module")
def records():
    return load(ROOT / "annotations")


def test_sites_and_validation_sites(records):
    groups = loso.by_site(records)
    assert {"pingtan", "qinzhou", "guigang"} <= set(groups)
    assert all(site_of(r) == s for s, rs in groups.items() for r in rs)
    sites = ["guigang", "jinfeng", "pingtan", "putian"]
    assert loso.validation_site("guigang", sites) == "jinfeng"
    assert loso.validation_site("putian", sites) == "guigang"  # wraps round, never the test site
    assert loso.validation_site("a", ["a", "b"]) is None


@pytest.mark.slow
def test_one_fold_trains_without_the_held_out_site_and_scores_it(records, tmp_path, monkeypatch):
    from ie.training import train as train_mod

    few = [r for r in records if site_of(r) in ("guigang", "jinfeng", "ziyang", "yanzhou")]
    seen = {}
    real_fit = train_mod.fit

    def spy(train, dev, target, *a, **kw):
        seen["train"], seen["dev"] = {r["id"] for r in train}, {r["id"] for r in dev}
        return real_fit(train, dev, target, *a, **kw)

    monkeypatch.setattr(train_mod, "fit", spy)
    result = loso.leave_one_site_out(few, workdir=tmp_path, overrides={"training.max_steps": 20,
                                     "training.eval_frequency": 10}, augment=0, only=["guigang"], log=lambda *_: None)
    (fold,) = result["folds"]
    assert fold["test_site"] == "guigang" and fold["validation_site"] == "jinfeng"
    assert fold["test_reports"] == ["seed_004_guigang_2021"]
    assert seen["train"] == {"seed_002_ziyang_2020", "seed_001_yanzhou_2020"} and seen["dev"] == {"seed_003_jinfeng_2020"}
    assert fold["rules_in_sample"] == 1
    from ie.training.evaluate import evaluate_split

    rec = [r for r in records if r["id"] == "seed_004_guigang_2021"]
    assert result["rules"] == evaluate_split(rec, None)
    assert set(fold["settings"]) == {"agency_add_probability", "agency_trim_probability", "item_override_probability"}
    assert list(tmp_path.iterdir()) == []  # fold models are removed
    assert "held-out site" in loso.format_loso(result)


def test_silver_records_leave_out_annotated_texts_and_held_out_sites(tmp_path, records):
    (tmp_path / "reports").mkdir()
    (tmp_path / "wild" / "reports").mkdir(parents=True)
    guigang = seed("seed_004").read_text(encoding="utf-8")
    (tmp_path / "reports" / "seed_004_guigang_2021.txt").write_text(guigang, encoding="utf-8")  # annotated
    (tmp_path / "wild" / "reports" / "putian_x_2021.txt").write_text(seed("seed_000").read_text(encoding="utf-8"),
                                                                    encoding="utf-8")
    annotated = [r for r in records if r["id"] != "seed_000_qinzhou_2020"]
    got = silver.silver_records(annotated, tmp_path)
    assert [r["id"] for r in got] == ["putian_x_2021"]
    rec = got[0]
    assert rec["meta"]["site"] == "putian" and rec["source"] == "silver"
    agencies = [f for f in rec["facts"] if f["type"] == "agency"]
    assert agencies and all(rec["text"][f["start"]:f["end"]] == f["text"] for f in rec["facts"])
    assert silver.for_fold(got, {"putian"}) == [] and silver.for_fold(got, {"pingtan"}) == got


def test_the_shipped_hybrid_does_not_import_spacy_or_sklearn_for_a_text_report():
    code = ("import sys, ie; r = ie.extract(sys.argv[1]); "
            "print(len(r.facts), 'spacy' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(seed("seed_004"))], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.split()
    assert int(out[0]) > 20 and out[1:] == ["False", "False"]


@pytest.mark.slow
def test_model_added_agencies_follow_the_threshold(tmp_path):
    """With agency_add_probability set, names only the model finds are added as method 'model'."""
    import shutil

    import ie

    model = tmp_path / "m"
    shutil.copytree(ROOT / "models" / "facts", model)
    base = {(f.text, f.method) for f in ie.extract(seed("seed_004"), model=model).facts if f.type == "agency"}
    (model / "hybrid.json").write_text(json.dumps({"agency_add_probability": 0.5}), encoding="utf-8")
    from ie.facts.model import load

    load.cache_clear()
    facts = ie.extract(seed("seed_004"), model=model).facts
    added = [f for f in facts if f.type == "agency" and f.method == "model"]
    assert {m for _, m in base} <= {"rule", "rule+model"}
    assert added and all(f.confidence >= 0.5 and f.fields["role"] == "mentioned" for f in added)
    assert any(f.method == "rule+model" for f in facts if f.type == "agency")  # read, so it confirms


def test_ie_evaluate_loso_needs_three_sites_and_known_sites(tmp_path, records, capsys):
    from ie.cli import main
    from ie.facts.annotations import dump

    folder = tmp_path / "ann"
    folder.mkdir()
    dump([r for r in records if site_of(r) == "pingtan"][:2], folder / "x.jsonl")
    assert main(["evaluate", "--loso", "--annotations", str(folder)]) == 2
    assert "at least 3 sites" in capsys.readouterr().err
    assert main(["evaluate", "--loso", "--sites", "atlantis"]) == 2
    assert "atlantis" in capsys.readouterr().err
