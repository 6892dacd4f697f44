"""The table model behind the list of staff accounts in Settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop_app.services.staff import StaffSummary
from desktop_app.views import labels

NAME, USERNAME, POSITION, ROLE, STATUS = range(5)
HEADERS = ("Name", "Username", "Position", "Role", "Status")
DISABLED_COLOUR = QColor("#7b8794")

AnyIndex = QModelIndex | QPersistentModelIndex


def status(staff: StaffSummary) -> str:
    if not staff.active:
        return "Disabled"
    return "Locked (too many failed sign-ins)" if staff.locked else "Active"


class StaffModel(QAbstractTableModel):
    """One row per member of staff, in the order set_rows was given them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[StaffSummary] = []

    def set_rows(self, rows: list[StaffSummary]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def staff(self, row: int) -> StaffSummary:
        return self._rows[row]

    def row_of(self, username: str) -> int | None:
        return next((i for i, s in enumerate(self._rows) if s.username == username), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        staff = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(staff, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not staff.active:
            return DISABLED_COLOUR
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None


def _display(staff: StaffSummary, column: int) -> str | None:
    values = {
        NAME: staff.full_name,
        USERNAME: staff.username,
        POSITION: staff.position,
        ROLE: labels.role(staff.role),
        STATUS: status(staff),
    }
    return values.get(column)
