"""The Monday-to-Friday, AM-and-PM grid the learner report and the register printout share."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors

from desktop_app import palette
from desktop_app.domain.codes import CODES, Absence

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"]
# The same fills as the register grid on screen.
ABSENT_UNAUTHORISED = colors.HexColor(palette.UNAUTHORISED.fill)
ABSENT_AUTHORISED = colors.HexColor(palette.AUTHORISED.fill)
NOT_COUNTED = colors.HexColor(palette.NOT_COUNTED.fill)


def grid_headers(first: list[str]) -> list[list[str]]:
    """Two header rows: the leading columns and each weekday over its AM and PM columns."""
    top = [*first]
    for name in DAYS:
        top += [name, ""]
    return [top, [""] * len(first) + ["AM", "PM"] * 5]


def grid_spans(leading: int) -> list[tuple[Any, ...]]:
    """Table styles that join each weekday's two header cells and centre the grid."""
    found: list[tuple[Any, ...]] = [("SPAN", (c, 0), (c, 1)) for c in range(leading)]
    for d in range(5):
        col = leading + 2 * d
        found.append(("SPAN", (col, 0), (col + 1, 0)))
        found.append(("LINEBEFORE", (col, 0), (col, -1), 0.6, colors.HexColor(palette.RULE)))
    found.append(("ALIGN", (leading, 0), (-1, -1), "CENTER"))
    return found


def code_fill(code: str) -> colors.Color | None:
    """Light red for unauthorised absence, amber for authorised, grey for not counted."""
    info = CODES.get(code)
    if info is None:
        return None
    if info.absence is Absence.UNAUTHORISED:
        return ABSENT_UNAUTHORISED
    if info.absence is Absence.AUTHORISED:
        return ABSENT_AUTHORISED
    return None if info.counts_as_possible else NOT_COUNTED
