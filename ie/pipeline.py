"""``ie.extract``: one report in, one :class:`~ie.report.Report` out.

read → sections → tables (+ arithmetic checks) → metadata → narrative facts. Each step is a
small module; this file only strings them together."""
from __future__ import annotations

import os
from pathlib import Path

from . import checks as checks_mod
from . import meta as meta_mod
from . import ocr_cells
from .readers import read, read_string
from .report import Report, SectionSpan
from .schema import SECTION_KEYS, expected_template
from .sections import restore_problems_section, segment
from .tables.cross_year import Unsettled
from .tables.extract import extract_tables


def extract(source: str | os.PathLike, *, facts: bool = True, model: str | os.PathLike | None = "default"
            ) -> Report:
    """Extract tables, checks and (unless ``facts=False``) narrative facts from a report.

    ``source`` is a path to a .txt/.md/.html/.pdf/.docx file, or the report text itself (a str
    that contains a newline or is not an existing path; a one-line string ending in a report
    suffix such as ``.pdf`` is a path, and a ReadError when it does not exist). ``model`` chooses the facts model:
    "default" (the shipped one), a model directory, or None for rules alone. Raises
    :class:`ie.ReadError` when the input cannot be read."""
    report, table_regions = analyse(source)
    if facts:
        from .facts.pipeline import extract_facts

        report.facts = extract_facts(report, exclude=table_regions, model=model)
        if model is not None:
            from .facts import model as model_mod

            if model_mod.load(None if model == "default" else model) is None:
                where = model_mod.DEFAULT_MODEL if model == "default" else model
                report.warnings.append(f"facts model not found at {where}: narrative facts from the rules alone")
    return report


def analyse(source: str | os.PathLike) -> tuple[Report, list[tuple[int, int]]]:
    """Everything :func:`extract` does but the narrative facts, and the table regions that the
    facts must not read (the tuner scores several fact settings on one analysis)."""
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source and len(source) < 4096
                                            and (Path(source).exists() or _names_a_file(source))):
        doc = read(source)  # a missing file is a ReadError, not report text
    else:
        doc = read_string(str(source))
    text = doc.text
    sections = segment(text)
    meta = meta_mod.report_meta(doc, sections)
    hints = checks_mod.narrative_figures(text, sections)
    tables = extract_tables(text, sections, checks_mod.split_hints(hints))
    warnings = list(doc.warnings) + list(tables.warnings)
    restored = restore_problems_section(text, sections, tables.table3_end)
    if restored is not sections:
        sections = restored
        warnings.append("section 五 has no recognisable heading: the text between table 3 and the next "
                        "section is read as section 五")
    if tables.layout is None:
        template = "legacy" if expected_template(meta.year) == "legacy" or meta_mod.looks_legacy(text) else "unknown"
        cells = {}
        warnings.append(f"no template tables found; template '{template}', no cells extracted")
    else:
        template = tables.layout.template
        cells = tables.cells
    report = Report(
        source=doc.source, template=template, issuer=meta.issuer, year=meta.year, published=meta.published,
        text=text, sections={k: SectionSpan(s.start, s.end, s.heading) for k, s in sections.items()},
        tables=cells, warnings=warnings, format=doc.format,
    )
    if template not in ("legacy", "unknown"):
        missing = [k for k in SECTION_KEYS if k not in sections]
        if missing:
            report.warnings.append("missing sections: " + ", ".join(missing))
    report.checks = checks_mod.run_checks(report, tables.layout, hints)
    if tables.open:
        report.unsettled = Unsettled(tables.open, tables.layout, hints)
    if doc.ocr:
        ocr_cells.attach(report, doc.ocr)
    return report, tables.regions


def _names_a_file(text: str) -> bool:
    """A one-line string ending in a report file suffix (a typo'd path, not report text)."""
    from .readers import SUFFIXES

    return Path(text.strip()).suffix.lower() in SUFFIXES
