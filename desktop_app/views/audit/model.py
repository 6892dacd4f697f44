"""The table model behind the Audit page: who did what, when, to which learner."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt

from desktop_app.services.audit import AuditRow
from desktop_app.views.common.rows_model import SORT_ROLE, RowsModel

WHEN, WHO, ACTION, WHAT, LEARNER, DETAIL = range(6)
HEADERS = ("When", "Who", "Action", "What", "Learner", "Detail")
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


class AuditModel(RowsModel[AuditRow]):
    """One row per audit entry, in the order set_rows was given them (newest first)."""

    HEADERS = HEADERS

    def entry(self, row: int) -> AuditRow:
        return self.item(row)

    def cell(self, row: AuditRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == SORT_ROLE:
            return row.at.isoformat() if column == WHEN else _display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == DETAIL:
            return readable(row.detail)
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
