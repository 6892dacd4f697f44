"""Painting the register: cell colours by code group, marks that never rely on colour alone."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.services.register_week import Cell, CellState
from desktop_app.views.learners.widgets import RAG_COLOURS
from desktop_app.views.register import model as rm

ACCENT = QColor("#1d4f91")
TODAY_TINT = QColor(45, 100, 168, 30)
DAY_LINE = QColor("#7b8794")
FLASH = QColor("#d92d20")


@dataclass(frozen=True, slots=True)
class Look:
    """How one colour group is drawn."""

    label: str
    background: str
    text: str
    border: str | None = None


LOOKS: dict[str, Look] = {
    rm.PRESENT: Look("Present", "#d3f0da", "#14532d"),
    rm.ACTIVITY: Look("Approved activity", "#d2e6fa", "#0b4a7d"),
    rm.AUTHORISED: Look("Authorised absence", "#fde9b0", "#5c3a00"),
    rm.UNAUTHORISED: Look("Unauthorised absence", "#f7c9c4", "#7f1d1d"),
    rm.NOT_COUNTED: Look("Not counted", "#e1e5ea", "#27313b"),
    rm.MISSING: Look("Missing mark", "#ffe3cc", "#7c2d12", "#c2410c"),
    rm.UNMARKED: Look("Not yet due", "#ffffff", "#1f2933"),
    rm.LOCKED: Look("Not on roll / no school", "#eef0f3", "#7b8794"),
}


def _hatch(painter: QPainter, rect: QRect, colour: str) -> None:
    painter.save()
    painter.setClipRect(rect)
    painter.setPen(QPen(QColor(colour), 1.2))
    step = max(6, rect.height() // 4)
    for x in range(rect.left() - rect.height(), rect.right() + step, step):
        painter.drawLine(x, rect.bottom(), x + rect.height(), rect.top())
    painter.restore()


def paint_box(painter: QPainter, rect: QRect, kind: str, planned: bool = False) -> None:
    """The background of a cell (or legend swatch) of this colour group."""
    look = LOOKS[kind]
    colour = QColor(look.background)
    if planned:
        colour = QColor(colour.red(), colour.green(), colour.blue(), 120)
    painter.fillRect(rect, QColor("#ffffff"))
    painter.fillRect(rect, colour)
    if kind == rm.MISSING:
        _hatch(painter, rect, "#f0955a")
    if look.border:
        painter.setPen(QPen(QColor(look.border), 2))
        painter.drawRect(rect.adjusted(1, 1, -1, -1))


def paint_text(painter: QPainter, rect: QRect, text: str, kind: str, font: QFont) -> None:
    """Centred text in the group's colour."""
    painter.setFont(font)
    painter.setPen(QColor(LOOKS[kind].text))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def paint_tick(painter: QPainter, rect: QRect, colour: QColor) -> None:
    """A small 'saved' tick in the bottom-left corner."""
    size = max(6.0, rect.height() * 0.28)
    x, y = rect.left() + 4.0, rect.bottom() - 4.0
    points = [QPointF(x, y - size * 0.45), QPointF(x + size * 0.35, y), QPointF(x + size, y - size)]
    pen = QPen(colour, 1.8)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawPolyline(points)


def paint_corner(painter: QPainter, rect: QRect, colour: str) -> None:
    """A small filled triangle in the top-right corner: the mark has been changed."""
    size = max(6.0, rect.height() * 0.3)
    right, top = float(rect.right() + 1), float(rect.top())
    triangle = QPolygonF(
        [QPointF(right - size, top), QPointF(right, top), QPointF(right, top + size)]
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(colour)))
    painter.drawPolygon(triangle)


class CellDelegate(QStyledItemDelegate):
    """Draws a session cell: colour by group, the code, and markers for state and changes."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        cell = index.data(rm.CELL_ROLE)
        if not isinstance(cell, Cell):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        kind = index.data(rm.KIND_ROLE)
        paint_box(painter, rect, kind, cell.state is CellState.PLANNED)
        if index.data(rm.TODAY_ROLE):
            painter.fillRect(rect, TODAY_TINT)
        self._paint_content(painter, option, index, cell, kind)
        self._paint_frame(painter, option, index, cell)
        painter.restore()

    def _paint_content(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        cell: Cell,
        kind: str,
    ) -> None:
        rect: QRect = option.rect
        font = QFont(option.font)
        font.setBold(True)
        font.setItalic(cell.state is CellState.PLANNED)
        pending = index.data(rm.PENDING_ROLE)
        text = f"{pending}…" if pending else index.data(Qt.ItemDataRole.DisplayRole)
        if cell.n_overdue:
            text += " !"
        paint_text(painter, rect, text, kind, font)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.78))
        colour = QColor(LOOKS[kind].text)
        if cell.minutes_late is not None:
            painter.setFont(small)
            painter.setPen(colour)
            right = rect.adjusted(0, 0, -5, -2)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom
            painter.drawText(right, align, f"{cell.minutes_late}m")
        if index.data(rm.SAVED_ROLE):
            paint_tick(painter, rect, colour)
        if cell.changes:
            paint_corner(painter, rect, "#6d28d9" if cell.amendments else "#7b8794")

    def _paint_frame(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        cell: Cell,
    ) -> None:
        rect: QRect = option.rect
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if cell.n_overdue:
            painter.setPen(QPen(QColor("#7f1d1d"), 3))
            painter.drawRect(rect.adjusted(2, 2, -2, -2))
        if index.data(rm.PENDING_ROLE):
            painter.setPen(QPen(ACCENT, 2, Qt.PenStyle.DashLine))
            painter.drawRect(rect.adjusted(2, 2, -2, -2))
        if index.data(rm.FLASH_ROLE):
            painter.fillRect(rect, QColor(217, 45, 32, 90))
            painter.setPen(QPen(FLASH, 3))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        state = option.state
        if state & QStyle.StateFlag.State_HasFocus or state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(ACCENT, 3))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        _, session = _session(index)
        if session is RegisterSession.PM and index.column() < rm.COLUMN_COUNT - 1:
            painter.setPen(QPen(DAY_LINE, 2))
            painter.drawLine(rect.right(), rect.top(), rect.right(), rect.bottom() + 1)


def _session(index: QModelIndex | QPersistentModelIndex) -> tuple[int, RegisterSession]:
    """The session of a cell's column, from its position (AM first on each day)."""
    offset = index.column() - rm.FIRST_SESSION
    return offset // 2, RegisterSession.AM if offset % 2 == 0 else RegisterSession.PM


class NameDelegate(QStyledItemDelegate):
    """The learner column: a RAG chip, the name, and a badge counting missing marks."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.data(rm.ROW_ROLE)
        if row is None:
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor("#dce7f5"))
        font = QFont(option.font)
        chip = self._paint_chip(painter, rect, row.rag, font, row.needs_assessment)
        missing = index.data(rm.ROW_MISSING_ROLE) or 0
        badge = self._paint_badge(painter, rect, missing, font) if missing else 0
        text_rect = rect.adjusted(chip, 0, -badge - 6, 0)
        painter.setFont(font)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        elided = painter.fontMetrics().elidedText(
            row.name, Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, elided)
        painter.restore()

    @staticmethod
    def _paint_chip(
        painter: QPainter, rect: QRect, rag: str, font: QFont, flagged: bool = False
    ) -> int:
        """The RAG chip, ringed in black when a RED learner has no current risk assessment;
        returns the width taken from the left."""
        size = round(rect.height() * 0.55)
        box = QRectF(rect.left() + 8, rect.center().y() - size / 2 + 1, size, size)
        if flagged:
            painter.setPen(QPen(QColor("#111827"), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(box.adjusted(-3, -3, 3, 3))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(RAG_COLOURS.get(rag, RAG_COLOURS["grey"])))
        painter.drawEllipse(box)
        if rag in ("red", "amber", "green"):
            letter = QFont(font)
            letter.setBold(True)
            letter.setPointSizeF(font.pointSizeF() * 0.7)
            painter.setFont(letter)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, rag[0].upper())
        return 8 + size + 8

    @staticmethod
    def _paint_badge(painter: QPainter, rect: QRect, missing: int, font: QFont) -> int:
        """An orange '? 2' badge at the right: this learner has missing marks."""
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        text = f"? {missing}"
        width = painter.fontMetrics().horizontalAdvance(text) + 12
        height = round(rect.height() * 0.7)
        box = QRect(rect.right() - width - 4, rect.center().y() - height // 2 + 1, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(LOOKS[rm.MISSING].border or "#c2410c"))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return width + 4


class RegisterHeader(QHeaderView):
    """Column headers that tint today's sessions and mark where each day ends."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        painter.save()
        super().paintSection(painter, rect, logicalIndex)
        painter.restore()
        model = self.model()
        if model is None:
            return
        orientation = Qt.Orientation.Horizontal
        if model.headerData(logicalIndex, orientation, rm.TODAY_ROLE):
            painter.save()
            painter.fillRect(rect, QColor(45, 100, 168, 45))
            bar = max(3, rect.height() // 12)
            painter.fillRect(rect.left(), rect.bottom() - bar + 1, rect.width(), bar, ACCENT)
            painter.restore()
        offset = logicalIndex - rm.FIRST_SESSION
        if offset >= 0 and offset % 2 == 1 and logicalIndex < rm.COLUMN_COUNT - 1:
            painter.save()
            painter.setPen(QPen(DAY_LINE, 2))
            painter.drawLine(rect.right(), rect.top(), rect.right(), rect.bottom())
            painter.restore()
