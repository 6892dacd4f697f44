"""The table model behind the Audit page: who did what, when, to which learner."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.services.audit import AuditRow

WHEN, WHO, ACTION, WHAT, LEARNER, DETAIL = range(6)
HEADERS = ("When", "Who", "Action", "What", "Learner", "Detail")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw values: times sort as times
ENTITIES = {
    "learners": "Learner",
    "marks": "Mark",
    "amendments": "Amendment",
    "staff": "Staff account",
    "groups": "Group",
    "commissioners": "Commissioner",
    "terms": "Term",
    "closures": "Closure",
    "attendance_patterns": "Attendance pattern",
    "provision_settings": "Provision settings",
}
DETAIL_CHARS = 160  # the table shows the start of long details; the tooltip shows them whole

AnyIndex = QModelIndex | QPersistentModelIndex


def local_time(row: AuditRow) -> str:
    """'Fri 20 Nov 2026 17:02:05' in this computer's time zone."""
    at = row.at.astimezone()
    return f"{at:%a} {at.day} {at:%b %Y %H:%M:%S}"


def what(row: AuditRow) -> str:
    """'Mark #12', 'Backup', 'Staff account #3'."""
    entity = ENTITIES.get(row.entity, row.entity.replace("_", " ").capitalize())
    return f"{entity} #{row.entity_id}" if row.entity_id is not None else entity


def readable(detail: str) -> str:
    """A change as words: '{"code": ["N", "I"]}' becomes 'code: N → I'; other text is kept."""
    try:
        values = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(values, dict):
        return detail
    return "; ".join(f"{key.replace('_', ' ')}: {_value(v)}" for key, v in values.items())


def _value(value: object) -> str:
    if isinstance(value, list) and len(value) == 2:
        return f"{_value(value[0])} → {_value(value[1])}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "—" if value is None else str(value)


class AuditModel(QAbstractTableModel):
    """One row per audit entry, in the order set_rows was given them (newest first)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []

    def set_rows(self, rows: list[AuditRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def entry(self, row: int) -> AuditRow:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, index.column())
        if role == SORT_ROLE:
            return row.at.isoformat() if index.column() == WHEN else _display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DETAIL:
            return readable(row.detail)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None


def _display(row: AuditRow, column: int) -> str | None:
    if column == WHEN:
        return local_time(row)
    if column == WHO:
        return row.staff
    if column == ACTION:
        return row.action.capitalize()
    if column == WHAT:
        return what(row)
    if column == LEARNER:
        return row.upn or ""
    if column == DETAIL:
        one_line = " ".join(readable(row.detail).split())
        return one_line if len(one_line) <= DETAIL_CHARS else one_line[: DETAIL_CHARS - 1] + "…"
    return None
