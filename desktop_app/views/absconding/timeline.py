"""The incident's timeline, newest last, and the box for adding a timestamped note."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import absconding as rules
from desktop_app.services.absconding import add_note
from desktop_app.services.absconding_data import Entry, IncidentDetail
from desktop_app.views.absconding.common import day_hm, hm, incident_changed, now_of
from desktop_app.views.common import operations
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, error_label, set_error

COLUMNS = ("Time", "Step", "Details", "Recorded by")


def recorded_by(entry: Entry) -> str:
    """'Dana Director', with when it was recorded if that was later than it happened."""
    if entry.recorded_later:
        return f"{entry.staff} (recorded {hm(entry.recorded_at)})"
    return entry.staff


class Timeline(QWidget):
    """Every entry in time order; a note typed below is saved at once (also once closed)."""

    sig_note_added = Signal(object)  # the Entry

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._incident_id: int | None = None
        self._learner_id: int | None = None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Add a note: what was done, who was contacted, what they said")
        self.note.returnPressed.connect(self.add)
        self.add_button = button("Add note")
        self.add_button.clicked.connect(self.add)
        self.message = error_label()
        #: The note box and its button, for the dialog to place where it is always seen.
        self.entry_row = QWidget()
        row = QHBoxLayout(self.entry_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.note, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)

    def show_incident(self, incident: IncidentDetail) -> None:
        self._incident_id, self._learner_id = incident.id, incident.learner.id
        where = f"{rules.shown(incident.last_seen_where)}; seen by {rules.shown(incident.seen_by)}"
        lines = [(day_hm(incident.summary.last_seen_at), "Last seen", where, "")]
        lines += [(hm(e.at), e.label, e.summary(), recorded_by(e)) for e in incident.entries]
        self.table.setRowCount(len(lines))
        for row, values in enumerate(lines):
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.table.scrollToBottom()

    def add(self) -> Entry | None:
        """Save the typed note now, with the time now."""
        incident_id, context, text = self._incident_id, self._context, self.note.text()
        if incident_id is None:
            return None
        now = now_of(context)
        outcome = operations.run(
            context,
            lambda: add_note(context.db, context.user, incident_id, text, now),
            show=operations.to_status(lambda said: set_error(self.message, said)),
            changed=incident_changed(incident_id, self._learner_id),
        )
        if not outcome:
            return None
        set_error(self.message, "")
        self.note.clear()
        self.sig_note_added.emit(outcome.value)
        return outcome.value
