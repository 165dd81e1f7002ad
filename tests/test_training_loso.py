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


def test_sites(records):
    groups = loso.by_site(records)
    assert {"pingtan", "qinzhou", "guigang", "putian", "sanming", "shanghai", "shuyang"} <= set(groups)
    assert all(site_of(r) == s for s, rs in groups.items() for r in rs)


@pytest.mark.slow
def test_one_fold_trains_without_the_held_out_site_and_scores_it(records, tmp_path, monkeypatch):
    from ie.training import train as train_mod

    few = [r for r in records if site_of(r) in ("guigang", "sanming", "ziyang", "yanzhou")]
    seen = {}
    real_fit = train_mod.fit

    def spy(train, dev, target, *a, **kw):
        seen["train"], seen["dev"] = {r["id"] for r in train}, {r["id"] for r in dev}
        return real_fit(train, dev, target, *a, **kw)

    monkeypatch.setattr(train_mod, "fit", spy)
    from ie.training import agency_ranker

    ranker_fits = []
    real_ranker = agency_ranker.train_agency_ranker

    def ranker_spy(recs, *a, **kw):
        ranker_fits.append({r["id"] for r in recs})
        return real_ranker(recs, *a, **kw)

    monkeypatch.setattr(agency_ranker, "train_agency_ranker", ranker_spy)
    result = loso.leave_one_site_out(few, workdir=tmp_path, overrides={"training.max_steps": 20,
                                     "training.eval_frequency": 10}, augment=0, only=["guigang"], log=lambda *_: None)
    (fold,) = result["folds"]
    assert fold["test_site"] == "guigang"
    assert fold["test_reports"] == ["seed_004_guigang_2021"]
    seeds = {"seed_002_ziyang_2020", "seed_001_yanzhou_2020"}
    others = seeds | {r["id"] for r in few if site_of(r) == "sanming"}
    assert seen["train"] == others and seen["dev"] == others  # the held-out site is never seen
    # thresholds: leave-one-site-out inside the training sites, scored only where the rules were
    # not written (sanming; the seeds are the rules' development reports)
    assert ranker_fits == [others, seeds]
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


def test_ie_evaluate_compares_two_models_on_a_split(tmp_path, capsys):
    """After `ie train`: `ie evaluate --model NEW --compare OLD` puts the old model's F1 beside."""
    import shutil

    from ie.cli import main

    old = tmp_path / "old"
    shutil.copytree(ROOT / "models" / "facts", old, ignore=shutil.ignore_patterns("agencies.json", "hybrid.json"))
    out = tmp_path / "scores.json"
    assert main(["evaluate", "--split", "dev", "--compare", str(old), "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "rules + old (--compare)" in printed and "compared" in printed.splitlines()[1]
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["compared"]["model"] == str(old)
    # the dev split: the shipped ranker adds one name that ziyang's annotator did not mark
    assert scores["hybrid"]["agency"]["f1"] < round(scores["compared"]["scores"]["agency"]["f1"], 3) == 1.0
    assert main(["evaluate", "--compare", str(tmp_path / "missing")]) == 2
    assert "no trained model here" in capsys.readouterr().err
