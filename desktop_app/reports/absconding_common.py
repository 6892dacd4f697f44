"""What the two absconding PDFs share: fonts, styles, the OFFICIAL-SENSITIVE page, the photo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Paragraph, Table, TableStyle

from desktop_app import palette
from desktop_app.reports.base import fonts

MARKING = "OFFICIAL-SENSITIVE"
PAGE = A4
MARGIN = 16 * mm
RED = colors.HexColor(palette.ALARM)
GREY = colors.HexColor(palette.MUTED)
LINE = colors.HexColor(palette.LINE)
SHADE = colors.HexColor(palette.SHADE)

Target = str | Path | BinaryIO


def destination(target: Target) -> str | BinaryIO:
    """What reportlab takes: a file name as text, or an open binary file."""
    return str(target) if isinstance(target, Path) else target


FONT, BOLD = fonts().regular, fonts().bold  # one font registration for every PDF


def style(name: str, size: float = 9.5, bold: bool = False, **extra: Any) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=BOLD if bold else FONT, fontSize=size, leading=size * 1.3, **extra
    )


BODY = style("body")
SMALL = style("small", 8, textColor=GREY)
LABEL = style("label", 9, bold=True)
HEADING = style("heading", 12, bold=True, spaceBefore=8, spaceAfter=3)
TITLE = style("title", 20, bold=True)


def para(text: str, look: ParagraphStyle = BODY) -> Paragraph:
    """Plain text (escaped, line breaks kept) as a paragraph."""
    return Paragraph(escape(text).replace("\n", "<br/>"), look)


def when(moment: datetime | None) -> str:
    """'Mon 08/09/2025 10:02' in local time, or '—'."""
    if moment is None:
        return "—"
    return f"{moment.astimezone():%a %d/%m/%Y %H:%M}"


def hm(moment: datetime) -> str:
    return f"{moment.astimezone():%H:%M}"


def facts_table(rows: list[tuple[str, str]], widths: tuple[float, float]) -> Table:
    """Label and value pairs, the labels bold on a light shade."""
    table = Table(
        [[para(label, LABEL), para(value or "—")] for label, value in rows], colWidths=widths
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.4, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def grid_table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    """A table with a shaded heading row that repeats on each page."""
    cells = [[para(h, LABEL) for h in header]] + [[para(v) for v in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.4, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def photo(data: bytes | None, width: float, height: float) -> Flowable:
    """The learner's photo fitted in the box, or an empty box saying there is none."""
    if data:
        try:
            image = Image(BytesIO(data))
            scale = min(width / image.imageWidth, height / image.imageHeight)
            return Image(BytesIO(data), image.imageWidth * scale, image.imageHeight * scale)
        except Exception:
            pass
    box = Table([[para("No photo on record", SMALL)]], colWidths=[width], rowHeights=[height])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, LINE),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return box


def decorate(footer: str) -> Callable[[Any, Any], None]:
    """Draws the protective marking at the top and bottom of each page, and the footer line."""

    def draw(canvas: Any, doc: Any) -> None:
        width, height = PAGE
        canvas.saveState()
        canvas.setFillColor(RED)
        canvas.setFont(BOLD, 10)
        canvas.drawCentredString(width / 2, height - 9 * mm, MARKING)
        canvas.drawCentredString(width / 2, 7 * mm, MARKING)
        canvas.setFillColor(GREY)
        canvas.setFont(FONT, 7.5)
        canvas.drawString(MARGIN, 11.5 * mm, footer)
        canvas.drawRightString(width - MARGIN, 11.5 * mm, f"Page {doc.page}")
        canvas.restoreState()

    return draw
