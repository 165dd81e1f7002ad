"""A non-editable install (a wheel) ships the facts model and the training config.

The wheel is built from a copy of the source tree and unpacked into a folder of its own, which
is then imported from another working directory: exactly what `pip install .` puts on the path
(the package is pure Python), without reinstalling the dependencies."""
import json
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, seed

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__",
                                                             "notebooks", "tests", "bench", "annotations"))
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                          "-w", str(work / "dist"), str(src)], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    (wheel,) = (work / "dist").glob("gidar_ie-*.whl")
    site = work / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    return wheel, site


def test_wheel_ships_model_and_config(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"ie/models/facts/pipeline/config.cfg", "ie/models/facts/pipeline/ner/model",
            "ie/models/facts/items.joblib", "ie/training/configs/ner.cfg"} <= names


def test_installed_package_extracts_with_the_model(installed, tmp_path):
    _, site = installed
    script = (
        "import json, sys, ie\n"
        "from ie.facts.model import DEFAULT_MODEL, load\n"
        "from ie.training.train import DEFAULT_CONFIG\n"
        f"r = ie.extract({str(seed('seed_004'))!r})\n"
        "print(json.dumps({'file': ie.__file__, 'model': str(DEFAULT_MODEL), 'loaded': load() is not None,\n"
        "                  'config': DEFAULT_CONFIG.is_file(), 'warnings': r.warnings,\n"
        "                  'methods': sorted({f.method for f in r.facts})}))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=600,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["file"].startswith(str(site)) and data["model"].startswith(str(site))
    assert data["loaded"] and data["config"]
    assert not any("facts model" in w for w in data["warnings"])
    assert any("model" in m for m in data["methods"]), data["methods"]
