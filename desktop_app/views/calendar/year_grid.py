"""The year at a glance: twelve small month grids (September to August), each day coloured by
its state, with a legend. Drawn by paintEvent, not a widget per day. Four months across, or
three where there is not room for four (a small laptop), the year scrolling down."""

from __future__ import annotations

import calendar as month_names
from datetime import date

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QToolTip, QWidget

from desktop_app import palette
from desktop_app.domain.calendar_year import DayState

FILL = {
    DayState.TERM: palette.CAL_TERM,
    DayState.CLOSED: palette.CAL_CLOSED,
    DayState.CLOSED_AM: palette.CAL_HALF_CLOSED,
    DayState.CLOSED_PM: palette.CAL_HALF_CLOSED,
    DayState.BANK_HOLIDAY: palette.CAL_BANK_HOLIDAY,
    DayState.BREAK: palette.CAL_BREAK,
    DayState.WEEKEND: palette.CAL_WEEKEND,
}
#: Drawn in the half of the cell that is closed ("AM" the top, "PM" the bottom).
HALF = {DayState.CLOSED_AM: 0, DayState.CLOSED_PM: 1}
CELL, HEAD = 22, 36
WEEKDAYS = "MTWTFSS"
GAP = 18
MONTH_WIDTH = CELL * 7 + 2
#: Four months across, with the gaps between them.
YEAR_WIDTH = 4 * MONTH_WIDTH + 3 * GAP
#: Three months across: the narrowest the year is shown.
NARROW_WIDTH = 3 * MONTH_WIDTH + 2 * GAP
#: Room beside the months for the scroll area's vertical scroll bar and frame.
SCROLL_ROOM = 24


class MonthGrid(QWidget):
    """One month: weekday letters, then the days in rows of Monday to Sunday."""

    sig_day_chosen = Signal(object)

    def __init__(self, year: int, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year, self.month = year, month
        self.states: dict[date, DayState] = {}
        self.notes: dict[date, str] = {}
        self.chosen: date | None = None
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(CELL * 7 + 2, HEAD + CELL * 6 + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _first_offset(self) -> int:
        return date(self.year, self.month, 1).weekday()

    def day_rect(self, day: date) -> QRect:
        """Where a day is drawn (tests click its centre)."""
        index = self._first_offset() + day.day - 1
        return QRect((index % 7) * CELL, HEAD + (index // 7) * CELL, CELL - 1, CELL - 1)

    def day_at(self, point: QPoint) -> date | None:
        if point.y() < HEAD:
            return None
        index = (point.y() - HEAD) // CELL * 7 + point.x() // CELL - self._first_offset()
        days = month_names.monthrange(self.year, self.month)[1]
        return date(self.year, self.month, index + 1) if 0 <= index < days else None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QColor(palette.INK))
        title = f"{month_names.month_name[self.month]} {self.year}"
        painter.drawText(QRect(0, 0, CELL * 7, 16), Qt.AlignmentFlag.AlignLeft, title)
        painter.setPen(QColor(palette.MUTED))
        for column, letter in enumerate(WEEKDAYS):
            painter.drawText(
                QRect(column * CELL, 18, CELL, 16), Qt.AlignmentFlag.AlignCenter, letter
            )
        for number in range(1, month_names.monthrange(self.year, self.month)[1] + 1):
            self._paint_day(painter, date(self.year, self.month, number))
        painter.end()

    def _paint_day(self, painter: QPainter, day: date) -> None:
        rect = self.day_rect(day)
        state = self.states.get(day, DayState.BREAK)
        if state in HALF:
            painter.fillRect(rect, QColor(palette.CAL_TERM))
            half = QRect(
                rect.x(),
                rect.y() + HALF[state] * rect.height() // 2,
                rect.width(),
                rect.height() // 2,
            )
            painter.fillRect(half, QColor(palette.CAL_CLOSED))
        else:
            painter.fillRect(rect, QColor(FILL[state]))
        if day == self.chosen:
            painter.setPen(QColor(palette.ACCENT))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.setPen(QColor(palette.INK))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(day.day))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is not None:
            self.sig_day_chosen.emit(day)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is None:
            QToolTip.hideText()
            return
        state = self.states.get(day, DayState.BREAK)
        note = self.notes.get(day)
        text = f"{day:%a %d %b %Y}: {state.value}" + (f" ({note})" if note else "")
        QToolTip.showText(event.globalPosition().toPoint(), text, self)


class YearGrid(QWidget):
    """Twelve months from September, four across (three when narrower than that);
    `sig_day_chosen(date)` on a click."""

    sig_day_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[MonthGrid] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(GAP)
        self._grid.setVerticalSpacing(10)
        self.columns = 4

    def sizeHint(self) -> QSize:
        return QSize(YEAR_WIDTH, self._grid.sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """Three months across at least; as tall as the rows the months are in now."""
        return QSize(NARROW_WIDTH, self._grid.minimumSize().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(4 if self.width() >= YEAR_WIDTH else 3)

    def _place(self, columns: int) -> None:
        """Put the months in rows of `columns` (if they are not already)."""
        if columns == self.columns:
            return
        self.columns = columns
        for month in self.months:
            self._grid.removeWidget(month)
        for index, month in enumerate(self.months):
            self._grid.addWidget(month, index // columns, index % columns)
        self.updateGeometry()

    def show_year(
        self, start_year: int, states: dict[date, DayState], notes: dict[date, str]
    ) -> None:
        if not self.months or self.months[0].year != start_year:
            self._build(start_year)
        for month in self.months:
            month.states, month.notes = states, notes
            month.update()

    def choose(self, day: date | None) -> None:
        for month in self.months:
            month.chosen = day
            month.update()

    def month_of(self, day: date) -> MonthGrid:
        return next(m for m in self.months if (m.year, m.month) == (day.year, day.month))

    def _build(self, start_year: int) -> None:
        for month in self.months:
            month.deleteLater()
        self.months = []
        for index in range(12):
            number = (8 + index) % 12 + 1
            grid = MonthGrid(start_year + (number < 9), number, self)
            grid.sig_day_chosen.connect(self.sig_day_chosen)
            self._grid.addWidget(grid, index // self.columns, index % self.columns)
            self.months.append(grid)


class YearScroll(QScrollArea):
    """The year grid, scrolling down: as wide as four months when there is room, three when
    not; never sideways."""

    def __init__(self, grid: YearGrid, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(grid)

    def sizeHint(self) -> QSize:
        return QSize(YEAR_WIDTH + SCROLL_ROOM, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(NARROW_WIDTH + SCROLL_ROOM, super().minimumSizeHint().height())


def legend() -> QWidget:
    """A swatch and name for each kind of day."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for state in DayState:
        if state is DayState.CLOSED_PM:
            continue
        swatch = QLabel()
        swatch.setFixedSize(14, 14)
        swatch.setStyleSheet(f"background: {FILL[state]}; border: 1px solid {palette.LINE};")
        name = (
            "Closed AM or PM (closed half shaded)" if state is DayState.CLOSED_AM else state.value
        )
        row.addWidget(swatch)
        row.addWidget(QLabel(name))
        row.addSpacing(8)
    row.addStretch(1)
    return box
