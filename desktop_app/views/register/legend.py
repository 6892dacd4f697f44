"""The legend under the register's toolbar: each colour with its codes and its name."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from desktop_app import palette
from desktop_app.views.register import model as rm
from desktop_app.views.register.delegate import (
    LOOKS,
    paint_box,
    paint_corner,
    paint_text,
    paint_tick,
)


@dataclass(frozen=True, slots=True)
class Sample:
    kind: str
    text: str
    label: str
    overdue: bool = False
    tick: bool = False
    corner: bool = False


SAMPLES = (
    Sample(rm.PRESENT, "/ \\ L", LOOKS[rm.PRESENT].label),
    Sample(rm.ACTIVITY, "K V B", LOOKS[rm.ACTIVITY].label),
    Sample(rm.AUTHORISED, "M I C2", LOOKS[rm.AUTHORISED].label),
    Sample(rm.UNAUTHORISED, "N O U G", LOOKS[rm.UNAUTHORISED].label),
    Sample(rm.NOT_COUNTED, "D # Z", LOOKS[rm.NOT_COUNTED].label),
    Sample(rm.MISSING, "?", LOOKS[rm.MISSING].label),
    Sample(rm.UNMARKED, "", LOOKS[rm.UNMARKED].label),
    Sample(rm.UNAUTHORISED, "N !", "N over 5 school days", overdue=True),
    Sample(rm.PRESENT, "/", "Saved just now", tick=True),
    Sample(rm.PRESENT, "/", "Changed", corner=True),
)


class Swatch(QWidget):
    """A small cell drawn exactly as the grid draws one."""

    def __init__(self, sample: Sample, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sample = sample
        metrics = self.fontMetrics()
        self._size = QSize(metrics.horizontalAdvance("N O U G") + 18, round(metrics.height() * 1.6))
        self.setFixedSize(self._size)

    def sizeHint(self) -> QSize:
        return self._size

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(0, 0, self.width() - 1, self.height() - 1)
        sample = self.sample
        paint_box(painter, rect, sample.kind)
        painter.setPen(QPen(QColor(palette.LINE), 1))
        painter.drawRect(rect)
        font = QFont(self.font())
        font.setBold(True)
        paint_text(painter, rect, sample.text, sample.kind, font)
        if sample.overdue:
            painter.setPen(QPen(QColor(palette.BADGE_SA), 3))
            painter.drawRect(rect.adjusted(2, 2, -2, -2))
        if sample.tick:
            paint_tick(painter, rect, QColor(LOOKS[sample.kind].text))
        if sample.corner:
            paint_corner(painter, rect, palette.AMENDED)
        painter.end()


class Legend(QWidget):
    """Swatches and their names in two rows of five."""

    PER_ROW = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(4)
        for i, sample in enumerate(SAMPLES):
            row, column = divmod(i, self.PER_ROW)
            label = QLabel(sample.label, self)
            label.setObjectName("muted")
            layout.addWidget(Swatch(sample, self), row, column * 2)
            layout.addWidget(label, row, column * 2 + 1)
        layout.setColumnStretch(self.PER_ROW * 2, 1)
