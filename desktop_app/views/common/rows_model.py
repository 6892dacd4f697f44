"""A read-only table model over a list of rows: the part every list screen shares."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw values, so dates sort as dates and not as text
#: Columns sized to their contents look at the rows on show and this many more (Qt's own
#: default, 1000, reads every cell of a long list on the GUI thread at each change).
SIZED_ON_ROWS = 60


class RowsModel(QAbstractTableModel, Generic[T]):
    """One row per item, in the order set_rows was given them; subclasses say what cells show."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []
        self._order: tuple[int, Qt.SortOrder] | None = None  # as last sorted: kept on set_rows

    def set_rows(self, rows: list[T]) -> None:
        """Replace every row (in the order last sorted by, if any)."""
        self.beginResetModel()
        self._rows = self._sorted(list(rows))
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on the raw values (SORT_ROLE), in Python: one key per row, not two model reads
        per comparison as a sorting proxy makes (thousands of rows stalled the window)."""
        self._order = (column, order) if column >= 0 else None
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        held = [self._rows[index.row()] for index in before]
        self._rows = self._sorted(self._rows)
        where = {id(item): row for row, item in enumerate(self._rows)}
        pairs = zip(held, before, strict=True)
        after = [self.index(where[id(item)], index.column()) for item, index in pairs]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sorted(self, rows: list[T]) -> list[T]:
        if self._order is None:
            return rows
        column, order = self._order
        keyed = [(self.cell(item, column, SORT_ROLE), item) for item in rows]
        known = [pair for pair in keyed if pair[0] is not None]
        known.sort(key=lambda pair: pair[0], reverse=order == Qt.SortOrder.DescendingOrder)
        return [item for _, item in known] + [item for value, item in keyed if value is None]

    def item(self, row: int) -> T:
        return self._rows[row]

    def cell(self, item: T, column: int, role: int) -> Any:
        """What one cell holds for a role; None when it holds nothing."""
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


class RowsProxy(QSortFilterProxyModel):
    """Filters the rows; sorting is handed to the RowsModel underneath (see RowsModel.sort)."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


def sorted_table(
    parent: QWidget, model: RowsModel[Any], newest_column: int, stretch_column: int
) -> QTableView:
    """A read-only, row-selecting table over model, sorted on the raw values, newest first."""
    proxy = RowsProxy(parent)
    proxy.setSourceModel(model)
    table = QTableView(parent)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(newest_column, Qt.SortOrder.DescendingOrder)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(SIZED_ON_ROWS)  # not every row: thousands stall the window
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table
