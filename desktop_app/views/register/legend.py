"""The legend under the register's toolbar: each colour with its codes and its name."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPaintDevice,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QWidget

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

#: The swatches drawn, by (sample, font, size, pixel ratio): Legend._picture.
_PICTURES: dict[tuple[object, ...], QPixmap] = {}
PICTURES_KEPT = 200
#: How a label's text sits in its place (as a QLabel's).
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def paint_swatch(painter: QPainter, rect: QRect, sample: Sample, font: QFont) -> None:
    """A small cell drawn exactly as the grid draws one (rect: its inner edge, inclusive)."""
    paint_box(painter, rect, sample.kind)
    painter.setPen(QPen(QColor(palette.LINE), 1))
    painter.drawRect(rect)
    bold = QFont(font)
    bold.setBold(True)
    paint_text(painter, rect, sample.text, sample.kind, bold)
    if sample.overdue:
        painter.setPen(QPen(QColor(palette.BADGE_SA), 3))
        painter.drawRect(rect.adjusted(2, 2, -2, -2))
    if sample.tick:
        paint_tick(painter, rect, QColor(LOOKS[sample.kind].text))
    if sample.corner:
        paint_corner(painter, rect, palette.AMENDED)


class Legend(QWidget):
    """Swatches and their names in two rows of five, as a grid of ten swatches and ten labels
    would lay them out, drawn by this one widget: twenty widgets cost their making, styling and
    painting every time a register opens. Screen readers get the names as its description."""

    PER_ROW = 5
    SPACING = QSize(6, 4)  # between columns, between rows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        metrics = self.fontMetrics()  # the swatches' size is fixed by the font they are made with
        self._swatch = QSize(
            metrics.horizontalAdvance("N O U G") + 18, round(metrics.height() * 1.6)
        )
        self._fitted: tuple[str, list[int], int] | None = None  # (font, label widths, row height)
        self.setAccessibleName("Legend")
        self.setAccessibleDescription(
            "; ".join(f"{s.label}: {s.text}" if s.text else s.label for s in SAMPLES)
        )

    def _fit(self) -> tuple[list[int], int]:
        """Each label column's width (its widest label) and the rows' height, for this font."""
        font = self.font()
        if self._fitted is None or self._fitted[0] != font.key():
            metrics, widths, tallest = QFontMetrics(font), [0] * self.PER_ROW, 0
            for i, sample in enumerate(SAMPLES):
                size = metrics.boundingRect(0, 0, 2000, 2000, _LEFT, sample.label).size()
                widths[i % self.PER_ROW] = max(widths[i % self.PER_ROW], size.width())
                tallest = max(tallest, size.height())
            self._fitted = font.key(), widths, max(self._swatch.height(), tallest)
        return self._fitted[1], self._fitted[2]

    def sizeHint(self) -> QSize:
        widths, height = self._fit()
        gap = self.SPACING
        width = (self._swatch.width() + gap.width()) * self.PER_ROW + sum(widths)
        rows = -(-len(SAMPLES) // self.PER_ROW)
        return QSize(
            width + gap.width() * (self.PER_ROW - 1), rows * (height + gap.height()) - gap.height()
        )

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        widths, height = self._fit()
        swatch, gap, font = self._swatch, self.SPACING, self.font()
        painter = QPainter(self)
        painter.setPen(QColor(palette.MUTED))
        painter.setFont(font)
        for i, sample in enumerate(SAMPLES):
            row, column = divmod(i, self.PER_ROW)
            x = sum(swatch.width() + gap.width() * 2 + w for w in widths[:column])
            y = row * (height + gap.height())
            painter.drawPixmap(x, y, self._picture(sample, font, painter.device()))
            label = QRect(x + swatch.width() + gap.width(), y, widths[column], height)
            painter.drawText(label, _LEFT, sample.label)
        painter.end()

    def _picture(self, sample: Sample, font: QFont, device: QPaintDevice) -> QPixmap:
        """The swatch drawn once for this font, size and pixel ratio (every register shows the
        same ten)."""
        ratio = device.devicePixelRatioF()
        key = (sample, font.key(), self._swatch.width(), self._swatch.height(), ratio)
        picture = _PICTURES.get(key)
        if picture is None:
            picture = QPixmap(self._swatch * ratio)
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            painter = QPainter(picture)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            box = QRect(0, 0, self._swatch.width() - 1, self._swatch.height() - 1)
            paint_swatch(painter, box, sample, font)
            painter.end()
            if len(_PICTURES) >= PICTURES_KEPT:
                _PICTURES.clear()
            _PICTURES[key] = picture
        return picture
