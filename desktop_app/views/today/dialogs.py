"""Acting on a worklist row in place: log a contact, resolve an N, record a notification made or
acknowledge with a note. Each runs its service through operations and announces the change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.codes import CODES, CodeError, check_code_for_session
from desktop_app.domain.followup import METHODS, OUTCOMES, PARTIES
from desktop_app.services.acknowledged import NOTIFIED
from desktop_app.services.acknowledgements import Notification, acknowledge_alerts
from desktop_app.services.contact_log import log_contact
from desktop_app.services.worklist import WorkRow, resolve_n
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.widgets import text_label


def _combo(choices: dict[str, str]) -> QComboBox:
    combo = QComboBox()
    for key, label in choices.items():
        combo.addItem(label, key)
    return combo


class RowDialog(QDialog):
    """A small form about one row: a heading naming it, fields, Save and Cancel."""

    def __init__(self, ctx: AppContext, row: WorkRow, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.setWindowTitle(title)
        self.form = FieldForm([])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(f"{row.title}: {row.detail}", "muted"))
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)

    def field(self, key: str, label: str, widget: QWidget) -> QWidget:
        self.form.add_row(key, label, widget)
        return widget

    def run(self, call: Callable[[], object], changed: list[Change]) -> None:
        if operations.run(self.ctx, call, show=operations.to_form(self.form), changed=changed):
            self.accept()

    def save(self) -> None:
        raise NotImplementedError


class ContactDialog(RowDialog):
    """Log a call, text, visit or video call about the row's learner."""

    def __init__(self, ctx: AppContext, row: WorkRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, row, f"Log a contact about {row.title}", parent)
        self.method = _combo(METHODS)
        self.with_whom = QLineEdit()
        self.party = _combo(PARTIES)
        self.outcome = _combo(OUTCOMES)
        self.notes = QLineEdit()
        self.field("method", "How", self.method)
        self.field("with_whom", "With whom", self.with_whom)
        self.field("party", "Who they are", self.party)
        self.field("outcome", "What came of it", self.outcome)
        self.field("notes", "Notes", self.notes)

    def save(self) -> None:
        learner_id = self.row.learner_id
        assert learner_id is not None
        self.run(
            lambda: log_contact(
                self.ctx.db,
                self.ctx.user,
                learner_id,
                self.ctx.clock().astimezone(),
                self.method.currentData(),
                self.with_whom.text(),
                self.outcome.currentData(),
                self.notes.text(),
                party=self.party.currentData(),
            ),
            [Change.of(Kind.CONTACTS, learner_ids=[learner_id])],
        )


class ResolveDialog(RowDialog):
    """Replace an N with the code it should be: an amendment with its reason."""

    def __init__(self, ctx: AppContext, row: WorkRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, row, f"Resolve the N for {row.title}", parent)
        self.code = QComboBox()
        for code in _codes_for(row):
            self.code.addItem(f"{code}  {CODES[code].meaning}", code)
        self.reason = QLineEdit()
        self.field("code", "Code", self.code)
        self.field("reason", "Reason", self.reason)

    def save(self) -> None:
        learner_id, day = self.row.learner_id, self.row.day
        self.run(
            lambda: resolve_n(
                self.ctx.db,
                self.ctx.user,
                self.row,
                self.code.currentData(),
                self.reason.text(),
                self.ctx.clock(),
            ),
            [Change.of(Kind.MARKS, learner_ids=[learner_id or 0], dates=[day] if day else [])],
        )


def _codes_for(row: WorkRow) -> list[str]:
    found = []
    for code in CODES:
        if code == "N" or row.session is None:
            continue
        try:
            check_code_for_session(code, row.session)
        except CodeError:
            continue
        if CODES[code].counts_as_possible:
            found.append(code)
    return found


class AcknowledgeDialog(RowDialog):
    """Acknowledge with a note, or (notify=True) record a notification made: to whom, the date,
    their reference. The row leaves the list until its condition arises again."""

    def __init__(
        self, ctx: AppContext, row: WorkRow, notify: bool, parent: QWidget | None = None
    ) -> None:
        title = "Record a notification made" if notify else "Acknowledge"
        super().__init__(ctx, row, f"{title}: {row.title}", parent)
        self.notify = notify
        self.to = _combo(NOTIFIED)
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("dd/MM/yyyy")
        self.reference = QLineEdit()
        self.note = QLineEdit()
        if notify:
            self.field("notified", "Told", self.to)
            self.field("on", "On", self.on)
            self.field("reference", "Their reference", self.reference)
        self.field("note", "Note", self.note)

    def notification(self) -> Notification | None:
        if not self.notify:
            return None
        day = self.on.date()
        return Notification(
            self.to.currentData(), date(day.year(), day.month(), day.day()), self.reference.text()
        )

    def save(self) -> None:
        ids = list(self.row.alert_ids)
        self.run(
            lambda: acknowledge_alerts(
                self.ctx.db, self.ctx.user, ids, self.note.text(), self.notification()
            ),
            [Change.of(Kind.ALERTS, learner_ids=[self.row.learner_id or 0])],
        )
