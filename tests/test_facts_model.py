"""The trained half of the facts hybrid: training end to end, the shipped model, the classifier,
and the scorer's agreement with ../shared/bench/score.py."""
import importlib.util
import json

import pytest

import ie
from ie.facts import scoring
from ie.facts.annotations import load
from ie.facts.classifier import ItemClassifier
from ie.training.items import item_examples
from conftest import CORPUS, ROOT, seed

SHIPPED = ROOT / "ie" / "models" / "facts"


@pytest.fixture(scope="module")
def records():
    return load(ROOT / "annotations")


@pytest.mark.slow
def test_ie_train_end_to_end_on_a_few_reports(tmp_path, records):
    from ie.facts.model import FactModel
    from ie.training.train import train

    ann = tmp_path / "ann"
    ann.mkdir()
    few = [dict(r, split="train") for r in records if r["id"] in ("seed_003_jinfeng_2020", "pingtan_2022")]
    few.append(next(r for r in records if r["id"] == "seed_002_ziyang_2020"))  # dev
    with open(ann / "few.jsonl", "w", encoding="utf-8") as fh:
        for r in few:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    metrics = train(ann, tmp_path / "model", overrides={"training.max_steps": 30, "training.eval_frequency": 10},
                    augment=1, log=lambda *_: None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ann", "model"]  # no work folder left
    config = (tmp_path / "model" / "pipeline" / "config.cfg").read_text(encoding="utf-8")
    assert "train = null" in config and str(tmp_path) not in config
    from ie.training.train import TrainingError

    with pytest.raises(TrainingError, match="exists"):
        train(ann, tmp_path / "model", log=lambda *_: None)
    assert set(metrics["dev"]) == {"hybrid", "rules", "model_alone"}
    for name in ("pipeline", "items.joblib", "metrics.json", "README.md", "meta.json"):
        assert (tmp_path / "model" / name).exists()
    assert json.loads((tmp_path / "model" / "hybrid.json").read_text(encoding="utf-8")).keys() >= \
        {"agency_add_probability", "agency_trim_probability", "item_override_probability"}
    from ie.facts.model import windows

    model = FactModel(tmp_path / "model")
    text = seed("seed_000").read_text(encoding="utf-8")
    spans = model.spans(text, windows(text))
    assert all(0 <= s.start < s.end <= len(text) and 0 <= s.probability <= 1 for s in spans)
    report = ie.extract(seed("seed_004"), model=tmp_path / "model")
    assert any(f.type == "count" for f in report.facts)


def test_item_classifier_fits_and_predicts(records):
    train = item_examples([r for r in records if r["split"] == "train"])
    assert {x.label for x in train} >= {"problem", "measure"}
    clf = ItemClassifier().fit(train)
    probs = clf.predict_proba(train[:3])
    assert probs.shape == (3, len(clf.classes_))


@pytest.mark.skipif(not (SHIPPED / "pipeline").is_dir(), reason="no shipped model")
def test_shipped_model_facts_carry_provenance():
    report = ie.extract(seed("seed_004"))
    assert report.facts
    for f in report.facts:
        assert report.text[f.start:f.end] == f.text
        assert f.method in ("rule", "model", "rule+model") and 0 <= f.confidence <= 1
    issuer = [f for f in report.facts if f.type == "agency" and f.fields.get("role") == "issuer"]
    assert [f.text for f in issuer] == ["贵港市人民政府"]


def test_our_scorer_agrees_with_the_official_one(corpus):
    spec = importlib.util.spec_from_file_location("score", CORPUS.parent / "bench" / "score.py")
    official = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(official)
    for gold_file in sorted((corpus / "facts").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))["facts"]
        source = next(p for p in (corpus / "reports").iterdir() if p.stem == gold_file.stem)
        pred = [f.to_dict() for f in ie.extract(source, model=None).facts]
        theirs, _ = official.score_facts(gold, pred)
        ours = scoring.score(gold, pred)
        for t in {g["type"] for g in gold}:
            assert dict(theirs[t]) == {k: v for k, v in ours[t].items() if v}, (gold_file.name, t)


def test_shipped_model_config_holds_no_training_paths():
    config = (SHIPPED / "pipeline" / "config.cfg").read_text(encoding="utf-8")
    assert "/tmp" not in config and "train = null" in config


def test_ie_train_never_overwrites_an_existing_model_unasked(tmp_path, capsys):
    from ie.cli import main

    (tmp_path / "model").mkdir()
    assert main(["train", "--output", str(tmp_path / "model")]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["train", "--annotations", str(tmp_path / "none"), "--output", str(tmp_path / "m2")]) == 2
    assert not (tmp_path / "m2").exists()


def test_ie_train_help_says_where_the_model_goes(capsys):
    from ie.cli import main

    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = capsys.readouterr().out
    assert "models/facts-<date>-<time>" in out and "--force" in out


def test_training_is_its_own_package_and_the_runtime_never_imports_it():
    """ie.facts (what ie.extract runs) does not import ie.training; training imports facts."""
    import ast

    for path in (ROOT / "ie" / "facts").rglob("*.py"):
        if path.name == "commands.py":  # the CLI layer wires both
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert "training" not in node.module, (path.name, node.module)


@pytest.mark.slow
def test_a_killed_ie_train_leaves_nothing_behind(tmp_path, records):
    import signal
    import subprocess
    import sys
    import time

    ann = tmp_path / "ann"
    ann.mkdir()
    with open(ann / "few.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            if r["id"] in ("seed_003_jinfeng_2020", "seed_002_ziyang_2020"):
                fh.write(json.dumps(dict(r, split="train"), ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "ie", "train", "--annotations", str(ann), "--output",
                             str(out / "model"), "--training.max_steps", "100000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.time() + 120
    while not any(out.rglob("train.spacy")) and time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert any(out.rglob("train.spacy")), "training never started"
    time.sleep(1)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert list(out.iterdir()) == [], err.decode()[-500:]


@pytest.mark.skipif(not (SHIPPED / "items.json").is_file(), reason="no shipped model")
def test_exported_item_weights_give_scikit_learns_probabilities(records):
    import joblib

    from ie.facts.items_model import LinearItemModel

    items = item_examples(records)
    clf = joblib.load(SHIPPED / "items.joblib")
    exported = LinearItemModel.load(SHIPPED / "items.json")
    assert exported.classes_ == list(clf.classes_)
    for mine, theirs in zip(exported.predict_proba(items), clf.predict_proba(items)):
        assert mine == pytest.approx(list(theirs), abs=1e-9)
    assert list(exported.predict(items)) == list(clf.predict(items))


@pytest.mark.slow
def test_two_training_runs_write_the_same_model(tmp_path, records):
    """The reproducibility the README claims: same annotations, code, seed and versions ->
    the same weights, item classifier and scores."""
    from ie.training.train import train

    ann = tmp_path / "ann"
    ann.mkdir()
    with open(ann / "few.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            if r["id"] in ("seed_003_jinfeng_2020", "seed_002_ziyang_2020"):
                fh.write(json.dumps(dict(r, split="train" if "jinfeng" in r["id"] else "dev"), ensure_ascii=False) + "\n")
    small = {"training.max_steps": 20, "training.eval_frequency": 10}
    for name in ("a", "b"):
        train(ann, tmp_path / name, overrides=small, augment=1, log=lambda *_: None)
    for part in ("pipeline/ner/model", "pipeline/tok2vec/model", "items.json", "metrics.json"):
        assert (tmp_path / "a" / part).read_bytes() == (tmp_path / "b" / part).read_bytes(), part
    meta = [json.loads((tmp_path / n / "meta.json").read_text(encoding="utf-8")) for n in ("a", "b")]
    assert meta[0]["annotations_sha256"] == meta[1]["annotations_sha256"]
