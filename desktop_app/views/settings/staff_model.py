"""The table model behind the list of staff accounts in Settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop_app import palette
from desktop_app.services.staff import StaffSummary
from desktop_app.views.common import labels
from desktop_app.views.common.rows_model import RowsModel

NAME, USERNAME, POSITION, ROLE, STATUS = range(5)
HEADERS = ("Name", "Username", "Position", "Role", "Status")
DISABLED_COLOUR = QColor(palette.SUBTLE)


def status(staff: StaffSummary) -> str:
    if not staff.active:
        return "Disabled"
    return "Locked (too many failed sign-ins)" if staff.locked else "Active"


class StaffModel(RowsModel[StaffSummary]):
    """One row per member of staff, in the order set_rows was given them."""

    HEADERS = HEADERS

    def staff(self, row: int) -> StaffSummary:
        return self.item(row)

    def row_of(self, username: str) -> int | None:
        return next((i for i, s in enumerate(self._rows) if s.username == username), None)

    def cell(self, staff: StaffSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(staff, column)
        if role == Qt.ItemDataRole.ForegroundRole and not staff.active:
            return DISABLED_COLOUR
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
