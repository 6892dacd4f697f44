"""Log a contact: a call, text, email, home visit or video call made about a learner.

"Learner seen" and "not seen" outcomes are offered only for a home visit or a video call; if the
method changes under such an outcome, the outcome is cleared and the form says why. The notes
stay inside the provision; the separate "For the commissioner" line is all the commissioner's
daily summary shows of them."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QWidget

from desktop_app.domain.followup import (
    FACE_TO_FACE_METHODS,
    METHODS,
    OUTCOMES,
    PARTIES,
    SEEN,
    check_entry,
)
from desktop_app.services.contact_log import log_contact
from desktop_app.services.errors import Problem, ServiceError, ValidationFailed
from desktop_app.services.learner_panel import LearnerPanel
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import set_error
from desktop_app.views.learners.contact_dialogs import RecordDialog, text_box

#: Outcomes that need the learner to have been looked for in person.
FACE_TO_FACE_OUTCOMES = SEEN | {"not_seen"}
CHOOSE_OUTCOME = Problem("Choose what came of the contact", field="outcome")
WHEN_FORMAT = "ddd d MMM yyyy  HH:mm"
NOTES_HINT = "For the provision only: never shared outside it"
SHARED_HINT = "Optional: the one line the commissioner's daily summary may show"


def to_qt(moment: datetime) -> QDateTime:
    """A local wall-clock time (seconds dropped) for a date-time edit."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )


def people(panel: LearnerPanel) -> list[str]:
    """Who a contact may be with: the emergency contacts in order, the learner, the commissioner."""
    return [f"{c.name} ({c.relationship})" for c in panel.contacts] + ["Learner", "Commissioner"]


class LogContactDialog(RecordDialog):
    """When, how, with whom, what came of it, and notes; saved to the learner's contact log."""

    def __init__(self, ctx: AppContext, panel: LearnerPanel, parent: QWidget | None = None) -> None:
        header = panel.header
        super().__init__(
            ctx, f"Log a contact about {header.forename} {header.surname}", "Log", parent
        )
        self._learner_id = header.id
        now = to_qt(ctx.clock())
        self.when = QDateTimeEdit(now)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(WHEN_FORMAT)
        self.when.setMaximumDateTime(now)
        self.form.add_row("at", "When", self.when)
        self.method = QComboBox()
        for key, label in METHODS.items():
            self.method.addItem(label, key)
        self.form.add_row("method", "How", self.method)
        self.with_whom = QComboBox()
        self.with_whom.setEditable(True)
        self.with_whom.addItems(people(panel))
        self.with_whom.setCurrentIndex(-1)
        if (typed := self.with_whom.lineEdit()) is not None:
            typed.setPlaceholderText("Choose, or type a name")
        self.form.add_row("with_whom", "With whom", self.with_whom)
        self.party = QComboBox()
        for key, label in PARTIES.items():
            self.party.addItem(label, key)
        self.party.setToolTip("Only the family and the learner count as contact from home")
        self.form.add_row("party", "Who they are", self.party)
        self._family = len(panel.contacts)
        self.with_whom.currentIndexChanged.connect(self._person_chosen)
        self.outcome = QComboBox()
        self.form.add_row("outcome", "Outcome", self.outcome)
        self.notes = text_box(self.form, "notes", "Notes")
        self.notes.setPlaceholderText(NOTES_HINT)
        self.commissioner_note = text_box(self.form, "commissioner_note", "For the commissioner")
        self.commissioner_note.setPlaceholderText(SHARED_HINT)
        self._fill_outcomes()
        self.method.currentIndexChanged.connect(self._method_changed)
        self.say("Log every attempt, including calls nobody answered.")

    def _person_chosen(self, index: int) -> None:
        """An emergency contact is family; the learner is the learner; the commissioner is not."""
        if index < 0:
            return
        if index < self._family:
            party = "family"
        else:
            party = "learner" if self.with_whom.itemText(index) == "Learner" else "professional"
        self.party.setCurrentIndex(self.party.findData(party))

    def _fill_outcomes(self, keep: str | None = None) -> None:
        method = str(self.method.currentData())
        self.outcome.clear()
        for key, label in OUTCOMES.items():
            if method in FACE_TO_FACE_METHODS or key not in FACE_TO_FACE_OUTCOMES:
                self.outcome.addItem(label, key)
        self.outcome.setCurrentIndex(self.outcome.findData(keep) if keep else -1)

    def _method_changed(self) -> None:
        chosen = self.outcome.currentData()
        method = str(self.method.currentData())
        mismatch = check_entry(method, chosen) if chosen else None
        self._fill_outcomes(None if mismatch else chosen)
        set_error(
            self.form.errors["outcome"], f"{mismatch}: choose another outcome." if mismatch else ""
        )
        self.fit()

    def chosen_time(self) -> datetime:
        """The time chosen, as a timezone-aware local time."""
        moment = self.when.dateTime().toPython()
        assert isinstance(moment, datetime)
        return moment.astimezone()

    def save(self) -> None:
        log_contact(
            self._ctx.db,
            self._ctx.user,
            self._learner_id,
            self.chosen_time(),
            str(self.method.currentData()),
            self.with_whom.currentText(),
            str(self.outcome.currentData() or ""),
            self.notes.toPlainText(),
            now=self._ctx.clock().astimezone(),
            party=str(self.party.currentData()),
            commissioner_note=self.commissioner_note.toPlainText(),
        )

    def refused(self, error: ServiceError) -> None:
        """As any form; with no outcome chosen, the outcome's problem says to choose one."""
        if isinstance(error, ValidationFailed) and not self.outcome.currentData():
            problems = [CHOOSE_OUTCOME if p.field == "outcome" else p for p in error.problems]
            error = ValidationFailed(problems)
        super().refused(error)
