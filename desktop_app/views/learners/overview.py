"""The panel's Overview tab: attendance this term and year, code groups, the last four weeks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app import palette
from desktop_app.domain.codes import CODES, Group
from desktop_app.domain.stats import Summary, format_percent
from desktop_app.services.learner_panel import Attendance, LearnerPanel
from desktop_app.views.common.widgets import text_label
from desktop_app.views.learners.widgets import badge

#: Background and text colours of a mark in the strip, by code group (as on the register).
MARK_LOOKS = {
    Group.PRESENT: (palette.PRESENT.fill, palette.PRESENT.ink),
    Group.APPROVED_ACTIVITY: (palette.ACTIVITY.fill, palette.ACTIVITY.ink),
    Group.UNAUTHORISED: (palette.UNAUTHORISED.fill, palette.BADGE_SA),
    Group.NOT_COUNTED: (palette.NOT_COUNTED.fill, palette.NOT_COUNTED.ink),
    Group.ADMINISTRATIVE: (palette.NOT_COUNTED.fill, palette.NOT_COUNTED.ink),
}
AUTHORISED_LOOK = (palette.AUTHORISED.fill, palette.AUTHORISED.ink)
MISSING_LOOK = (palette.MISSING.fill, palette.MISSING.ink)


def _look(code: str | None) -> tuple[str, str]:
    if code is None:
        return MISSING_LOOK
    return MARK_LOOKS.get(CODES[code].group, AUTHORISED_LOOK)


def summary_box(title: str, summary: Summary, band: str) -> QFrame:
    """A card: the percentage large, the counts, the band and PA/SA badges."""
    box = QFrame()
    box.setObjectName("card")
    box.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(box)
    layout.addWidget(text_label(title, "muted"))
    percent = QLabel(format_percent(summary.attendance_percent))
    percent.setObjectName("bigFigure")
    percent.setStyleSheet("font-size: 26px; font-weight: 600;")
    row = QHBoxLayout()
    row.addWidget(percent)
    if summary.severe_absence:
        row.addWidget(badge("SA", "Severe absence: absent for half or more of possible sessions"))
    elif summary.persistent_absence:
        row.addWidget(badge("PA", "Persistent absence: absent for 10% or more of sessions"))
    row.addStretch(1)
    layout.addLayout(row)
    layout.addWidget(
        text_label(
            f"{summary.attended} of {summary.possible} possible sessions · "
            f"{summary.authorised} authorised, {summary.unauthorised} unauthorised absence · "
            f"{summary.late} late (L), {summary.late_after_close} after close (U)"
        )
    )
    if band:
        layout.addWidget(text_label(f"Band: {band}", "muted"))
    return box


class MarkStrip(QWidget):
    """The last four weeks' marks: a column per school day with AM above PM."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setSpacing(2)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.cells: list[QLabel] = []

    def show_attendance(self, attendance: Attendance) -> None:
        for cell in self.cells:
            cell.deleteLater()
        self.cells = []
        for column, day in enumerate(attendance.strip):
            head = QLabel(f"{day.day:%a}\n{day.day.day}")
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setObjectName("muted")
            self._place(head, 0, column)
            for row, code in ((1, day.am), (2, day.pm)):
                self._place(self._mark(day.day.isoformat(), code, row == 1), row, column)

    def _mark(self, day: str, code: str | None, morning: bool) -> QLabel:
        background, text = _look(code)
        label = QLabel(code or "·")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setFixedSize(30, 24)
        label.setStyleSheet(f"background: {background}; color: {text}; font-weight: 600;")
        session = "AM" if morning else "PM"
        meaning = CODES[code].meaning if code else "not marked"
        label.setToolTip(f"{day} {session}: {code or '—'} {meaning}")
        return label

    def _place(self, label: QLabel, row: int, column: int) -> None:
        self.grid.addWidget(label, row, column)
        self.cells.append(label)


class OverviewTab(QWidget):
    def __init__(self, panel: LearnerPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.cards = QHBoxLayout()
        self.groups = text_label("")
        self.strip = MarkStrip()
        self.layout_.addLayout(self.cards)
        self.layout_.addWidget(text_label("Sessions this term by kind", "subheading"))
        self.layout_.addWidget(self.groups)
        self.layout_.addWidget(text_label("The last four weeks", "subheading"))
        self.layout_.addWidget(self.strip)
        self.layout_.addStretch(1)
        self.show_panel(panel)

    def show_panel(self, panel: LearnerPanel) -> None:
        attendance = panel.attendance
        while self.cards.count():
            item = self.cards.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        term = f"This term ({attendance.term_name})" if attendance.term_name else "This term"
        self.term_card = summary_box(term, attendance.term, attendance.term_band)
        self.year_card = summary_box("This academic year", attendance.year, attendance.year_band)
        self.cards.addWidget(self.term_card)
        self.cards.addWidget(self.year_card)
        self.groups.setText(
            " · ".join(f"{label}: {n}" for label, n in attendance.by_group) or "No marks yet."
        )
        self.strip.show_attendance(attendance)
