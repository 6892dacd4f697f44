"""The termly report's chart: provision attendance for each school week, with the 90% and 95%
lines (persistent absence and the band with no concern)."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib.units import mm

from desktop_app.reports.base import AMBER, BLUE, GREEN, MUTED, RULE, fonts
from desktop_app.reports.fmt import percent_of
from desktop_app.services.report_data.termly import WeekPoint

WIDTH, HEIGHT = 178 * mm, 62 * mm
FLOOR = 50  # the axis starts here (or lower, if a week was lower) so differences show


def _value(point: WeekPoint) -> float:
    value = percent_of(point.summary.attended, point.summary.possible)
    return float(value) if value is not None else 0.0


def weekly_chart(weeks: list[WeekPoint]) -> Drawing:
    """A bar per school week (labelled with its Monday) of provision attendance %."""
    f = fonts()
    drawing = Drawing(WIDTH, HEIGHT)
    values = [_value(w) for w in weeks] or [100.0]
    floor = min(FLOOR, int(min(values) // 10 * 10))
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 12 * mm
    chart.width, chart.height = WIDTH - 16 * mm, HEIGHT - 18 * mm
    chart.data = [values]
    chart.bars[0].fillColor = BLUE
    chart.bars[0].strokeColor = None
    chart.barSpacing = 2
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontName = f.regular
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 4
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = floor, 100, 10
    chart.valueAxis.labels.fontName = f.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.25
    chart.valueAxis.visibleGrid = True
    chart.categoryAxis.categoryNames = [f"{w.monday.day} {w.monday:%b}" for w in weeks] or [""]
    chart.categoryAxis.labels.fontName = f.regular
    chart.categoryAxis.labels.fontSize = 6.5 if len(weeks) > 10 else 7
    chart.categoryAxis.labels.angle = 30 if len(weeks) > 10 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(weeks) > 10 else "n"
    drawing.add(chart)
    for level, colour in ((90, AMBER), (95, GREEN)):
        y = chart.y + chart.height * (level - floor) / (100 - floor)
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=colour, strokeWidth=1))
        drawing.add(
            String(
                chart.x + chart.width + 1,
                y - 2,
                f"{level}%",
                fontName=f.bold,
                fontSize=6.5,
                fillColor=colour,
            )
        )
    drawing.add(
        String(
            0,
            2,
            "Attendance by week beginning (Monday); lines at 90% (persistent absence) and 95%.",
            fontName=f.regular,
            fontSize=6.5,
            fillColor=MUTED,
        )
    )
    return drawing
