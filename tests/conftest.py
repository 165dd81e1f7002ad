"""Shared paths. Tests that need ../shared/corpus skip cleanly when it is absent; the bundled
seed reports in examples/ keep the suite meaningful on its own."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"


def seed(name: str) -> Path:
    return next(EXAMPLES.glob(f"{name}*.txt"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "reports").is_dir():
        pytest.skip("../shared/corpus is not available")
    return CORPUS


def gold_tables(corpus: Path, stem: str) -> dict:
    return json.loads((corpus / "tables" / f"{stem}.json").read_text(encoding="utf-8"))
