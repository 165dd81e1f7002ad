"""Plain result objects returned by :func:`ie.extract` — documented, serialisable, no behaviour.

Every value carries its provenance: the source file (``Report.source``), the character span in
``Report.text``, the section it sits in, how it was obtained (``method``) and, for model output, a
confidence."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Cell:
    """One table cell.

    ``value`` is the number as printed (signed changes signed, amounts as decimals); ``raw`` the
    printed text; ``start``/``end`` its span in the document text. ``method`` is ``table`` for a
    printed value and ``derived`` for a blank cell whose value the template arithmetic fixes
    (a warning always says so). ``flags`` notes deviations such as ``was_dash``.
    """

    key: str
    value: float | int | str | None
    raw: str
    start: int
    end: int
    method: str = "table"
    flags: list[str] = field(default_factory=list)
    ocr: dict[str, Any] | None = None  # page, box and recognition confidence when read by OCR

    def to_dict(self) -> dict[str, Any]:
        out = {"value": self.value, "raw": self.raw, "start": self.start, "end": self.end}
        if self.method != "table":
            out["method"] = self.method
        if self.flags:
            out["flags"] = list(self.flags)
        if self.ocr:
            out["ocr"] = dict(self.ocr)
        return out


@dataclass
class Check:
    """The outcome of one consistency rule on one subject (a column, a row, a group...).

    ``status`` is ``pass``, ``fail`` or ``uncertain`` (cells the rule needs are missing)."""

    rule: str
    severity: str
    status: str
    message: str
    cells: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Fact:
    """One narrative fact (spec FACTS.md).

    Type-specific fields (``value``, ``unit``, ``metric``, ``approx``, ``yuan``, ``role``,
    ``kind``) live in ``fields`` and are flattened into the JSON object."""

    type: str
    text: str
    start: int
    end: int
    section: str | None
    method: str
    confidence: float
    fields: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = {"type": self.type, **self.fields, "text": self.text, "start": self.start, "end": self.end,
               "section": self.section, "method": self.method, "confidence": round(self.confidence, 4)}
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Fact":
        core = {"type", "text", "start", "end", "section", "method", "confidence"}
        return cls(type=d["type"], text=d.get("text", ""), start=d.get("start", -1), end=d.get("end", -1),
                   section=d.get("section"), method=d.get("method", "rule"), confidence=d.get("confidence", 1.0),
                   fields={k: v for k, v in d.items() if k not in core})


@dataclass
class SectionSpan:
    start: int
    end: int
    heading: str


@dataclass
class Report:
    """Everything extracted from one report. ``to_dict()`` is the JSON that ``ie extract`` prints."""

    source: str
    template: str
    issuer: str | None
    year: int | None
    published: str | None
    text: str
    sections: dict[str, SectionSpan]
    tables: dict[str, Cell | None]
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    format: str = "txt"
    # Rows that several readings fit, kept so that another year of the same body can settle them
    # (ie.tables.cross_year); not part of the JSON.
    unsettled: Any = field(default=None, repr=False, compare=False)

    def value(self, key: str):
        """The value of table cell ``key``, or None when it was not printed or not extracted."""
        cell = self.tables.get(key)
        return None if cell is None else cell.value

    def section_text(self, key: str) -> str:
        span = self.sections.get(key)
        return "" if span is None else self.text[span.start:span.end]

    def failed_checks(self, severity: str | None = None) -> list[Check]:
        return [c for c in self.checks if c.status == "fail" and (severity is None or c.severity == severity)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "template": self.template,
            "issuer": self.issuer,
            "year": self.year,
            "published": self.published,
            "text": self.text,
            "sections": {k: asdict(v) for k, v in self.sections.items()},
            "tables": {k: (None if c is None else c.to_dict()) for k, c in self.tables.items()},
            "checks": [c.to_dict() for c in self.checks],
            "warnings": list(self.warnings),
            "facts": [f.to_dict() for f in self.facts],
        }
