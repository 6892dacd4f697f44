"""The worklist as a two-level tree: sections (with their counts) and the rows under them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop_app import palette
from desktop_app.services.worklist import WorkRow, WorkSection
from desktop_app.views.common import labels
from desktop_app.views.learners.widgets import RAG_COLOURS

AnyIndex = QModelIndex | QPersistentModelIndex
NAME, GROUP, RAG, SINCE, WHAT = range(5)
HEADERS = ("Learner or register", "Group", "RAG", "Since", "What is owed")
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the WorkRow behind a row (None on a section)
_SECTION = 0  # internalId of a section; a row's is its section's number + 1


class WorklistModel(QAbstractItemModel):
    """Sections in the order given, each a parent of its rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[WorkSection] = []

    def set_sections(self, sections: list[WorkSection]) -> None:
        self.beginResetModel()
        self._sections = list(sections)
        self.endResetModel()

    def sections(self) -> list[WorkSection]:
        return list(self._sections)

    def work_row(self, index: AnyIndex) -> WorkRow | None:
        if not index.isValid() or index.internalId() == _SECTION:
            return None
        return self._sections[index.internalId() - 1].rows[index.row()]

    def section_index(self, key: str) -> QModelIndex:
        found = [i for i, s in enumerate(self._sections) if s.key == key]
        return self.index(found[0], 0) if found else QModelIndex()

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _SECTION)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _SECTION:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _SECTION)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._sections)
        if parent.internalId() == _SECTION and parent.column() == 0:
            return len(self._sections[parent.row()].rows)
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _SECTION:
            return _section_data(self._sections[index.row()], index.column(), role)
        row = self._sections[index.internalId() - 1].rows[index.row()]
        if role == ROW_ROLE:
            return row
        return _row_data(row, index.column(), role)


def _section_data(section: WorkSection, column: int, role: int) -> Any:
    if column != NAME:
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return f"{section.title} ({len(section.rows)})"
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    if role == Qt.ItemDataRole.AccessibleTextRole:
        return f"{section.title}: {len(section.rows)} items"
    return None


def _row_data(row: WorkRow, column: int, role: int) -> Any:
    rating = row.rating.value if row.rating is not None else ""
    if role == Qt.ItemDataRole.DisplayRole:
        return _display(row, column)
    if role == Qt.ItemDataRole.ToolTipRole:
        return f"{labels.alert_kind(row.kind)}: {row.detail}"
    if column == RAG and rating:
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(RAG_COLOURS[rating])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(palette.WHITE)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
    return None


def _display(row: WorkRow, column: int) -> str:
    if column == NAME:
        return row.title
    if column == GROUP:
        return row.group
    if column == RAG:
        return row.rating.label if row.rating is not None else ""
    if column == SINCE:
        if row.age is not None and row.day is not None:  # an N: its session's day and age
            return f"{labels.short_date(row.day)} ({row.age} school days)"
        return labels.short_date(row.since)
    if column == WHAT:
        return f"{labels.alert_kind(row.kind)}: {row.detail}"
    return ""
