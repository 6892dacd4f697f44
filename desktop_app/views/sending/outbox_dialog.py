"""Send › Outbox: every email the provision sent or is waiting to send, what the server said,
and Resend for a refused or uncertain one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.sending import SendingRecord, records, resend
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.rows_model import SORT_ROLE, RowsModel
from desktop_app.views.common.widgets import text_label

STATUS_WORDS = {
    "queued": "Waiting to send",
    "sending": "Sending…",
    "sent": "Sent",
    "failed": "Refused by the server",
    "uncertain": "Interrupted: check, then resend",
}
HEADERS = ("Queued", "What", "To", "By", "Status", "Server's answer")


class OutboxModel(RowsModel[SendingRecord]):
    """One row per email, newest first; the sort role gives the raw time and status."""

    HEADERS = HEADERS

    def cell(self, item: SendingRecord, column: int, role: int) -> Any:
        if role == SORT_ROLE:
            return [
                item.created_at,
                item.what,
                item.recipient,
                item.created_by,
                item.status,
                item.last_error,
            ][column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return item.last_error or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            f"{item.created_at.astimezone():%d %b %H:%M}",
            item.what,
            f"{item.recipient_name} <{item.recipient}>",
            item.created_by,
            STATUS_WORDS.get(item.status, item.status),
            item.last_error,
        ][column]


class OutboxDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Outbox: what was sent to whom")
        self._context = context
        self.model = OutboxModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = text_label("", "muted")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.resend_button = self.buttons.addButton(
            "Resend", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.resend_button.clicked.connect(self.resend_chosen)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        context.changes.sig_alerts_changed.connect(self.refresh)
        self.resize(980, 480)
        self.refresh()

    def refresh(self, _change: object = None) -> None:
        context = self._context
        found = operations.run(
            context,
            lambda: records(context.db, context.user),
            show=operations.to_status(self.message.setText),
        )
        self.model.set_rows(found.value or [])
        self.table.resizeColumnsToContents()
        self._chosen(self.table.currentIndex())

    def chosen(self) -> SendingRecord | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _chosen(self, _index: QModelIndex | QPersistentModelIndex) -> None:
        row = self.chosen()
        self.resend_button.setEnabled(row is not None and row.status in ("failed", "uncertain"))

    def resend_chosen(self) -> None:
        context, row = self._context, self.chosen()
        if row is None:
            return
        done = operations.run(
            context,
            lambda: resend(context.db, context.user, row.id, context.clock().astimezone()),
            show=operations.to_status(self.message.setText),
            changed=[Change.of(Kind.ALERTS)],
        )
        if done:
            self.message.setText(f"{row.what} to {row.recipient} is queued again.")
