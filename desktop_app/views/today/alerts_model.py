"""The table model behind the Today page's list of current alerts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop_app.domain.watches import Alert
from desktop_app.views.common import labels
from desktop_app.views.common.rows_model import SORT_ROLE, RowsModel

DATE, KIND, UPN, DETAIL = range(4)
HEADERS = ("Date", "Alert", "UPN", "Detail")


class AlertsModel(RowsModel[Alert]):
    """One row per alert, in the order set_rows was given them."""

    HEADERS = HEADERS

    def alert(self, row: int) -> Alert:
        return self.item(row)

    def cell(self, alert: Alert, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(alert, column)
        if role == SORT_ROLE:
            return _raw(alert, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return alert.detail
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
