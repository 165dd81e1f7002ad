"""The notebooks run top to bottom, as a reader would run them, and each saves a figure.

Each notebook is executed with nbclient in a kernel of this very interpreter (so it imports the
`ie` installed here, whatever kernels the machine has registered), with notebooks/ as the
working directory, a headless matplotlib backend (Agg) and IE_FIGURES pointing at a fresh
temporary folder that must receive at least one non-empty figure; notebook 03's learning curve
must rise with each added report. A few minutes in all; marked slow, and CI runs it. The
committed notebooks must carry no outputs.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01_quickstart", "02_corpus_analysis", "03_retrain")
CASES = [
    pytest.param("01_quickstart", {}, id="01_quickstart"),
    # the corpus when ../shared/corpus is there, else examples/ — and examples/ explicitly, so
    # the fallback a user without the corpus gets is tested too
    pytest.param("02_corpus_analysis", {}, id="02_corpus_analysis"),
    pytest.param("02_corpus_analysis", {"IE_REPORTS": str(EXAMPLES)}, id="02_corpus_analysis-examples"),
    pytest.param("03_retrain", {}, id="03_retrain"),
]


def test_every_notebook_is_tested():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebooks_have_no_outputs(name):
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, (
                f"{name}.ipynb cell {i} has outputs: clear them before committing")


def test_default_figures_folder_is_ignored():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    probe = subprocess.run(["git", "check-ignore", "-q", "notebooks/figures/probe.png"], cwd=ROOT)
    assert probe.returncode == 0, "notebooks/figures/ (where the notebooks save plots) must be in .gitignore"


@pytest.fixture
def kernel_env(tmp_path, monkeypatch):
    """A 'python3' kernel spec that runs this interpreter, found before any other one; headless
    matplotlib; figures into a fresh folder. The kernel inherits this environment."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ie tests)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # no user profile or startup files
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("IE_REPORTS", raising=False)
    figures = tmp_path / "figures"
    monkeypatch.setenv("IE_FIGURES", str(figures))
    return figures


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize("name, env", CASES)
def test_notebook_runs_and_saves_a_figure(name, env, kernel_env, monkeypatch):
    nbformat = pytest.importorskip("nbformat", reason="install the test extra: pip install -e '.[test]'")
    nbclient = pytest.importorskip("nbclient", reason="install the test extra: pip install -e '.[test]'")
    for package in ("ipykernel", "matplotlib", "pandas"):
        pytest.importorskip(package, reason="install the test extra: pip install -e '.[test]'")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    model = ROOT / "ie" / "models" / "facts"
    model_before = _tree_digest(model)

    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=1800,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any error

    figures = sorted(kernel_env.glob("*.png"))
    assert figures, f"{name} saved no figure into IE_FIGURES"
    for figure in figures:
        assert figure.stat().st_size > 0, f"{figure.name} is empty"
    assert _tree_digest(model) == model_before, f"{name} changed ie/models/facts"
    if name == "03_retrain":  # issue 10: the learning curve rises with each added report
        curve = json.loads((kernel_env / "03_learning_curve.json").read_text(encoding="utf-8"))
        micro = [row["micro"] for row in curve]
        assert [row["added"] for row in curve] == [0, 1, 2, 4]
        assert all(b > a for a, b in zip(micro, micro[1:])), f"the learning curve does not rise: {micro}"
