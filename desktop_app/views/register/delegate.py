"""Painting the register: cell colours by code group, marks that never rely on colour alone."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop_app import palette
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.services.register_week import CellState, RegisterRow
from desktop_app.views.learners.widgets import RAG_COLOURS
from desktop_app.views.register import model as rm

ACCENT = QColor(palette.GRID_ACCENT)
TODAY_TINT = QColor(45, 100, 168, 30)
DAY_LINE = QColor(palette.SUBTLE)
FLASH = QColor(palette.FLASH)
#: Cell pictures by everything that shows in them (CellDelegate._tile), shared by every grid.
_TILES: dict[tuple[object, ...], QPixmap] = {}
TILES_KEPT = 2000
_FRAMED = (QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Selected).value


class FontKey:
    """QFont.key() of a font, worked out again only when the font is another (it costs 2 µs,
    and every cell a view paints has the same font)."""

    def __init__(self) -> None:
        self._font, self._key = QFont(), QFont().key()

    def __call__(self, font: QFont) -> str:
        if font != self._font:
            self._font, self._key = QFont(font), font.key()
        return self._key


@dataclass(frozen=True, slots=True)
class Look:
    """How one colour group is drawn."""

    label: str
    background: str
    text: str
    border: str | None = None


LOOKS: dict[str, Look] = {
    rm.PRESENT: Look("Present", palette.PRESENT.fill, palette.PRESENT.ink),
    rm.ACTIVITY: Look("Approved activity", palette.ACTIVITY.fill, palette.ACTIVITY.ink),
    rm.AUTHORISED: Look("Authorised absence", palette.AUTHORISED.fill, palette.AUTHORISED.ink),
    rm.UNAUTHORISED: Look("Unauthorised absence", palette.UNAUTHORISED.fill, palette.BADGE_SA),
    rm.NOT_COUNTED: Look("Not counted", palette.NOT_COUNTED.fill, palette.NOT_COUNTED.ink),
    rm.MISSING: Look("Missing mark", palette.MISSING.fill, palette.MISSING.ink, palette.BADGE_PA),
    rm.UNMARKED: Look("Not yet due", palette.WHITE, palette.INK),
    rm.LOCKED: Look("Not on roll / no school", palette.LOCKED.fill, palette.SUBTLE),
}


@lru_cache(maxsize=64)
def _colour(name: str, alpha: int = 255) -> QColor:
    """A palette colour, parsed once (painting asks for the same few thousands of times)."""
    colour = QColor(name)
    colour.setAlpha(alpha)
    return colour


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
    painter.fillRect(rect, _colour(palette.WHITE))
    painter.fillRect(rect, _colour(look.background, 120 if planned else 255))
    if kind == rm.MISSING:
        _hatch(painter, rect, palette.MISSING_HATCH)
    if look.border:
        painter.setPen(QPen(_colour(look.border), 2))
        painter.drawRect(rect.adjusted(1, 1, -1, -1))


def paint_text(painter: QPainter, rect: QRect, text: str, kind: str, font: QFont) -> None:
    """Centred text in the group's colour."""
    painter.setFont(font)
    painter.setPen(_colour(LOOKS[kind].text))
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
    painter.setBrush(QBrush(_colour(colour)))
    painter.drawPolygon(triangle)


class CellDelegate(QStyledItemDelegate):
    """Draws a session cell: colour by group, the code, and markers for state and changes.

    It asks the model once per cell (`paint_facts`) and reuses its colours and fonts: a week of
    150 learners paints 1,500 cells, and each data() call or QColor made per cell showed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[tuple[str, bool], tuple[QFont, QFont]] = {}
        self._font_key = FontKey()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        facts = (
            model.paint_facts(index.row(), index.column())
            if isinstance(model, rm.RegisterModel)
            else None
        )
        if facts is None:
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        ratio = painter.device().devicePixelRatioF()
        column = index.column()
        day_line = (column - rm.FIRST_SESSION) % 2 == 1 and column < rm.COLUMN_COUNT - 1  # PM
        font = self._font_key(option.font)
        key = (rect.width(), rect.height(), ratio, font, facts.look, day_line)
        tile = _TILES.get(key)
        if tile is None:
            tile = self._tile(option, facts, day_line, ratio)
            if len(_TILES) >= TILES_KEPT:
                _TILES.clear()
            _TILES[key] = tile
        painter.drawPixmap(rect.x(), rect.y(), tile)
        framed = bool(option.state.value & _FRAMED)
        if facts.flash or framed:
            self._paint_passing(painter, rect, facts.flash, framed)

    def _tile(
        self, option: QStyleOptionViewItem, facts: rm.PaintFacts, day_line: bool, ratio: float
    ) -> QPixmap:
        """The cell drawn once into a picture: cells that look alike share it (a week shows a
        few dozen looks in 1,500 cells, and one picture drawn costs less than the steps)."""
        size = option.rect.size()
        tile = QPixmap(size * ratio)
        tile.setDevicePixelRatio(ratio)
        tile.fill(Qt.GlobalColor.transparent)
        local = QStyleOptionViewItem(option)
        local.rect = QRect(QPoint(0, 0), size)
        painter = QPainter(tile)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_box(painter, local.rect, facts.kind, facts.cell.state is CellState.PLANNED)
        if facts.today:
            painter.fillRect(local.rect, TODAY_TINT)
        self._paint_content(painter, local, facts)
        self._paint_frame(painter, local.rect, facts, day_line)
        painter.end()
        return tile

    def _fonts_for(self, option: QStyleOptionViewItem, planned: bool) -> tuple[QFont, QFont]:
        """(the code's bold font, the small font for minutes), made once per font."""
        key = (option.font.key(), planned)
        found = self._fonts.get(key)
        if found is None:
            bold = QFont(option.font)
            bold.setBold(True)
            bold.setItalic(planned)
            small = QFont(option.font)
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.78))
            found = self._fonts[key] = (bold, small)
        return found

    def _paint_content(
        self, painter: QPainter, option: QStyleOptionViewItem, facts: rm.PaintFacts
    ) -> None:
        rect: QRect = option.rect
        cell, kind = facts.cell, facts.kind
        font, small = self._fonts_for(option, cell.state is CellState.PLANNED)
        text = f"{facts.pending}…" if facts.pending else facts.text
        if cell.n_overdue:
            text += " !"
        paint_text(painter, rect, text, kind, font)
        colour = _colour(LOOKS[kind].text)
        if cell.minutes_late is not None:
            painter.setFont(small)
            painter.setPen(colour)
            right = rect.adjusted(0, 0, -5, -2)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom
            painter.drawText(right, align, f"{cell.minutes_late}m")
        if facts.saved:
            paint_tick(painter, rect, colour)
        if cell.changes:
            paint_corner(painter, rect, palette.AMENDED if cell.amendments else palette.SUBTLE)

    def _paint_frame(
        self, painter: QPainter, rect: QRect, facts: rm.PaintFacts, day_line: bool
    ) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if facts.cell.n_overdue:
            painter.setPen(QPen(_colour(palette.BADGE_SA), 3))
            painter.drawRect(rect.adjusted(2, 2, -2, -2))
        if facts.pending:
            painter.setPen(QPen(ACCENT, 2, Qt.PenStyle.DashLine))
            painter.drawRect(rect.adjusted(2, 2, -2, -2))
        if day_line:
            painter.setPen(QPen(DAY_LINE, 2))
            painter.drawLine(rect.right(), rect.top(), rect.right(), rect.bottom() + 1)

    @staticmethod
    def _paint_passing(painter: QPainter, rect: QRect, flash: bool, framed: bool) -> None:
        """A refused key's flash and the cursor's frame, over the cell's picture."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if flash:
            painter.fillRect(rect, QColor(217, 45, 32, 90))
            painter.setPen(QPen(FLASH, 3))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        if framed:
            painter.setPen(QPen(ACCENT, 3))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


def _session(index: QModelIndex | QPersistentModelIndex) -> tuple[int, RegisterSession]:
    """The session of a cell's column, from its position (AM first on each day)."""
    offset = index.column() - rm.FIRST_SESSION
    return offset // 2, RegisterSession.AM if offset % 2 == 0 else RegisterSession.PM


class NameDelegate(QStyledItemDelegate):
    """The learner column: a RAG chip, the name, and a badge counting missing marks.

    The chip and the badge (with the row's ground) are drawn once into a picture kept by what
    shows in them, like the cells: they cost a dozen Qt calls and three fonts a row. The name
    is drawn on the view itself, as before (its text on the view's own ground)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._font_key = FontKey()
        #: The chip and badge pictures, with the width each takes from the name's room.
        self._tiles: dict[tuple[object, ...], tuple[QPixmap, int, int]] = {}

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        if isinstance(model, rm.RegisterModel) and 0 <= index.row() < model.rowCount():
            row, missing = model.learner(index.row()), model.missing_in_row(index.row())
        else:
            row, missing = index.data(rm.ROW_ROLE), index.data(rm.ROW_MISSING_ROLE) or 0
        if row is None:
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        ratio = painter.device().devicePixelRatioF()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        look = (row.rag, row.needs_assessment, missing, selected, self._font_key(option.font))
        key = (rect.width(), rect.height(), ratio, *look)
        found = self._tiles.get(key)
        if found is None:
            if len(self._tiles) >= TILES_KEPT:
                self._tiles.clear()
            found = self._tiles[key] = self._tile(option, row, missing, ratio)
        tile, chip, badge = found
        painter.drawPixmap(rect.x(), rect.y(), tile)
        self._paint_name(painter, rect, option, row.name, chip, badge)

    def _tile(
        self, option: QStyleOptionViewItem, row: RegisterRow, missing: int, ratio: float
    ) -> tuple[QPixmap, int, int]:
        """The row's ground, chip and badge drawn once; and the widths the chip and badge take."""
        size = option.rect.size()
        tile = QPixmap(size * ratio)
        tile.setDevicePixelRatio(ratio)
        tile.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tile)
        chip, badge = self._paint_ground(painter, QRect(QPoint(0, 0), size), option, row, missing)
        painter.end()
        return tile, chip, badge

    def _paint_ground(
        self,
        painter: QPainter,
        rect: QRect,
        option: QStyleOptionViewItem,
        row: RegisterRow,
        missing: int,
    ) -> tuple[int, int]:
        """The selection's fill, the RAG chip and the missing-marks badge; the widths the chip
        and the badge take."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(palette.TODAY_FILL))
        font = QFont(option.font)
        chip = self._paint_chip(painter, rect, row.rag, font, row.needs_assessment)
        badge = self._paint_badge(painter, rect, missing, font) if missing else 0
        return chip, badge

    @staticmethod
    def _paint_name(
        painter: QPainter,
        rect: QRect,
        option: QStyleOptionViewItem,
        name: str,
        chip: int,
        badge: int,
    ) -> None:
        """The learner's name between the chip and the badge, elided to fit."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_rect = rect.adjusted(chip, 0, -badge - 6, 0)
        painter.setFont(option.font)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        elided = painter.fontMetrics().elidedText(
            name, Qt.TextElideMode.ElideRight, text_rect.width()
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
            painter.setPen(QPen(QColor(palette.BLACK_INK), 2.5))
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
            painter.setPen(QColor(palette.WHITE))
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
        painter.setBrush(QColor(LOOKS[rm.MISSING].border or palette.BADGE_PA))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor(palette.WHITE))
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
