"""gidar-ie: checked tables and narrative facts from 政府信息公开工作年度报告.

    >>> import ie
    >>> report = ie.extract("examples/seed_004_guigang_2021.txt")
    >>> report.value("applications.new_received.total")
    287
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["extract", "Report", "Cell", "Check", "Fact", "ReadError", "FactStore", "__version__"]


def __getattr__(name: str):
    # Lazy imports keep `import ie` and `ie --help` fast.
    if name == "extract":
        from .pipeline import extract

        return extract
    if name in ("Report", "Cell", "Check", "Fact"):
        from . import report

        return getattr(report, name)
    if name == "ReadError":
        from .document import ReadError

        return ReadError
    if name == "FactStore":
        from .store import FactStore

        return FactStore
    raise AttributeError(f"module 'ie' has no attribute {name!r}")
