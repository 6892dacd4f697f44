"""The register printout: a group's week, landscape, as the register screen shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop_app import palette
from desktop_app.domain.stats import format_percent
from desktop_app.reports.base import LANDSCAPE, para, table, title_block, write_pdf
from desktop_app.reports.fmt import day
from desktop_app.reports.grid import NOT_COUNTED, code_fill, grid_headers, grid_spans
from desktop_app.reports.progress import Progress
from desktop_app.services.register_week import Cell, CellState
from desktop_app.services.report_data.register import RegisterPrintout

TITLE = "Register"
MISSING_FILL = colors.HexColor(palette.MISSING.fill)
LEGEND = (
    "? a missing mark (the register has closed and nobody marked it); # closed; "
    "Z before the learner's start date; grey: not a school day or after leaving; "
    "L and U show minutes late; * the mark was amended after the register closed. "
    "Red cells are unauthorised absence, amber cells authorised absence."
)


def cell_text(cell: Cell) -> str:
    if cell.state is CellState.MISSING:
        return "?"
    if cell.code is None:
        return ""
    text = cell.code
    if cell.minutes_late:
        text += f" {cell.minutes_late}"
    return text + ("*" if cell.amendments else "")


def _fill(cell: Cell) -> Any:
    if cell.state is CellState.MISSING:
        return MISSING_FILL
    if cell.state in (CellState.NO_SCHOOL, CellState.AFTER_LEAVING):
        return NOT_COUNTED
    return code_fill(cell.code) if cell.code else None


def register_pdf(printout: RegisterPrintout, path: Path, progress: Progress) -> Path:
    """Write the week's register to path."""
    week = printout.week
    rows: list[list[Any]] = grid_headers(["Learner", "Group", "Term %"])
    extra: list[tuple[Any, ...]] = grid_spans(3)
    for r, row in enumerate(week.rows, start=2):
        rows.append(
            [
                para(row.name, "cell"),
                para(row.group or "", "cell"),
                format_percent(row.term_percent),
                *(cell_text(c) for c in row.cells),
            ]
        )
        for c, cell in enumerate(row.cells, start=3):
            if (fill := _fill(cell)) is not None:
                extra.append(("BACKGROUND", (c, r), (c, r), fill))
    extra.append(("ALIGN", (2, 2), (2, -1), "RIGHT"))
    widths = [62 * mm, 30 * mm, 17 * mm] + [15.5 * mm] * 10
    term = f" ({week.term_name})" if week.term_name else ""
    subtitle = f"{printout.group}: week beginning {day(week.monday)}{term}"
    story: list[Flowable] = title_block(printout.header, TITLE, subtitle)
    if not week.rows:
        story.append(para("Nobody in this group was on roll that week."))
    else:
        story.append(table(rows, widths, header_rows=2, extra=extra))
    story.append(para(LEGEND, "small"))
    label = f"{TITLE}, {printout.group}, w/c {day(week.monday)}"
    return write_pdf(path, story, printout.header, label, progress, pagesize=LANDSCAPE)
