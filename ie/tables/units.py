"""The unit of the 2019 procurement amount, which the template does not print (spec §3.1)."""
from __future__ import annotations

import re

from ..report import Cell
from ..schema import PROCUREMENT_UNIT_KEY, PROCUREMENT_WAN_KEY
from ..textnorm import MONEY_UNITS

_NARRATIVE_AMOUNT = re.compile(r"采购(?:总)?(?:金额|资金|总额)[^，。；\d]{0,6}?(\d+(?:\.\d+)?)\s*(万元|元)")


def procurement_unit(cells: dict[str, Cell | None], text: str) -> None:
    """Add amount_unit (the unit printed in the cell, else the one under which the narrative
    quotes the same amount — seed 000: cell 354730, prose 35.473万元 → 元 — else 'unknown') and,
    when the unit is known, amount_wan_yuan."""
    cell = cells.get("proactive.central_procurement.amount")
    if cell is None:
        return
    unit = next((f.split(":", 1)[1] for f in cell.flags if f.startswith("unit:")), "")
    if not unit:
        for m in _NARRATIVE_AMOUNT.finditer(text):
            yuan = float(m.group(1)) * MONEY_UNITS[m.group(2)]
            if abs(yuan - cell.value) < 0.5:
                unit = "元"
            elif abs(yuan - cell.value * 10_000) < 0.5:
                unit = "万元"
            if unit:
                break
    code = {"元": "yuan", "万元": "wan_yuan"}.get(unit, "unknown")
    cells[PROCUREMENT_UNIT_KEY] = Cell(PROCUREMENT_UNIT_KEY, code, cell.raw, cell.start, cell.end, "derived")
    if code != "unknown":
        wan = cell.value / 10_000 if code == "yuan" else cell.value
        cells[PROCUREMENT_WAN_KEY] = Cell(PROCUREMENT_WAN_KEY, round(wan, 6), cell.raw, cell.start, cell.end,
                                          "derived")
