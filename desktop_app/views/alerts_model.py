"""The table model behind the Today page's list of current alerts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.domain.watches import Alert
from desktop_app.views import labels

DATE, KIND, UPN, DETAIL = range(4)
HEADERS = ("Date", "Alert", "UPN", "Detail")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw values: sorting by date must not sort "Fri" < "Mon"

AnyIndex = QModelIndex | QPersistentModelIndex


class AlertsModel(QAbstractTableModel):
    """One row per alert, in the order set_rows was given them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Alert] = []

    def set_rows(self, rows: list[Alert]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def alert(self, row: int) -> Alert:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        alert = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(alert, column)
        if role == SORT_ROLE:
            return _raw(alert, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return alert.detail
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None


def _display(alert: Alert, column: int) -> str | None:
    if column == DATE:
        return labels.short_date(alert.date)
    if column == KIND:
        return labels.alert_kind(alert.kind)
    if column == UPN:
        return alert.upn
    if column == DETAIL:
        return alert.detail
    return None


def _raw(alert: Alert, column: int) -> str | None:
    if column == DATE:
        return alert.date.isoformat()
    return _display(alert, column)
