"""Closing an incident: the return time (or handed to the police as missing) and the outcome; or
closed as opened in error, with the reason.

Closing checks the protocol: with parent or carer, commissioner or (when required) police not
on the record, the first click asks to confirm and for why; the reason is kept on the incident.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.domain import absconding as rules
from desktop_app.services.absconding import close_in_error, close_incident
from desktop_app.services.absconding_data import Closing, IncidentDetail, IncidentSummary
from desktop_app.services.errors import ServiceError
from desktop_app.views.absconding.common import MomentEdit, incident_changed, now_of
from desktop_app.views.common import operations
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.fit import grow_to_fit
from desktop_app.views.common.unsaved import EditDialog
from desktop_app.views.common.widgets import button, text_label

INTRO = (
    "Once closed, the incident is read-only: notes, the debrief and the return interview can "
    "still be added."
)
ERROR_HINT = (
    "Opened in error: the incident is kept, with the reason, in the safeguarding history and "
    "the audit log, and left out of every count, alert and report."
)


def _box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(64)
    return box


class CloseIncidentDialog(EditDialog):
    """Returned at a time (the found time if recorded), handed to the police, or opened in
    error; the outcome (or the reason); why steps were not done, when some were not.

    Tab goes from the outcome to the reason (once asked for) and then to Close, never to Cancel
    first; Cancel or Escape with something typed asks before throwing it away."""

    def __init__(
        self, context: AppContext, incident: IncidentDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context, self._incident = context, incident
        self.summary: IncidentSummary | None = None
        self.skipped = rules.skipped_at_closing(incident.done, incident.summary.police_required)
        self.setWindowTitle(f"Close the incident — {APP_NAME}")
        self._make_choices(context, incident)
        self.outcome = _box("How it ended, and what happens next (safety plan, …)")
        self.reason = _box("Asked for only when steps of the protocol were not done")
        self._asking = False
        self.form = FieldForm(())
        self.form.add_row("returned_at", "Return", self._return_choice())
        self.form.add_row("outcome", "Outcome", self.outcome)
        self.form.add_row("skipped", "Why not done", self.reason)
        self.error_hint = text_label(ERROR_HINT, "muted")
        self.close_button = button("Close the incident", primary=True)
        self.close_button.clicked.connect(self.submit)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        self._lay_out(incident, cancel)
        for before, after in ((self.outcome, self.reason), (self.reason, self.close_button),
                              (self.close_button, cancel)):  # fmt: skip
            self.setTabOrder(before, after)
        self._show_rows()

    def _make_choices(self, context: AppContext, incident: IncidentDetail) -> None:
        self.returned = QRadioButton("Returned at")
        self.handed = QRadioButton("Handed to the police as a missing person")
        self.in_error = QRadioButton("Opened in error (started by mistake)")
        group = QButtonGroup(self)
        self.returned.setChecked(True)
        for choice in (self.returned, self.handed, self.in_error):
            group.addButton(choice)
            choice.toggled.connect(self._show_rows)
        self.returned_at = MomentEdit(lambda: now_of(context))
        if incident.summary.found_at is not None:
            self.returned_at.set_value(incident.summary.found_at)
        self.returned.toggled.connect(self.returned_at.setEnabled)

    def _lay_out(self, incident: IncidentDetail, cancel: QWidget) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.close_button)
        self.warning = text_label("", "notice")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.addWidget(text_label(f"Close: {incident.learner.name}", "subheading"))
        layout.addWidget(text_label(INTRO, "muted"))
        layout.addWidget(self.error_hint)
        layout.addWidget(self.form)
        layout.addWidget(self.warning)
        layout.addLayout(buttons)
        self.setMinimumWidth(600)

    def event(self, event: QEvent) -> bool:
        """After each layout request (the notice, the reason or a problem shown), grow to fit."""
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            grow_to_fit(self)
        return handled

    def _return_choice(self) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.returned)
        row.addWidget(self.returned_at, 1)
        layout.addLayout(row)
        layout.addWidget(self.handed)
        layout.addWidget(self.in_error)
        return holder

    def _show_rows(self) -> None:
        """The outcome, or the reason it was opened in error; no protocol question for that."""
        error = self.in_error.isChecked()
        self.outcome.setPlaceholderText(
            "Why it was opened in error: e.g. the wrong learner was chosen"
            if error
            else "How it ended, and what happens next (safety plan, …)"
        )
        self.error_hint.setVisible(error)
        self._asking = False
        self.reason.setEnabled(False)
        self.warning.setVisible(False)
        self.close_button.setText("Close as opened in error" if error else "Close the incident")

    def asking_why(self) -> bool:
        """The protocol question is on show: steps not done, and why is asked for."""
        return self._asking

    def closing(self) -> Closing:
        handed = self.handed.isChecked()
        return Closing(
            returned_at=None if handed else self.returned_at.value(),
            handed_to_police=handed,
            outcome=self.outcome.toPlainText(),
            skipped_reason=self.reason.toPlainText(),
        )

    def submit(self) -> None:
        """Close; with steps not done, the first click asks to confirm and say why."""
        if self.in_error.isChecked():
            self._close_in_error()
            return
        if self.skipped and not self.asking_why():
            names = "; ".join(rules.STEPS[kind] for kind in self.skipped)
            self.warning.setText(
                f"Not on the record: {names}. Close anyway? Say why they were not done; "
                "the reason is kept with the incident."
            )
            self.warning.setVisible(True)
            self._asking = True
            self.reason.setEnabled(True)
            self.close_button.setText("Close anyway")
            self.reason.setFocus()
            return
        context, closing = self._context, self.closing()
        self._finish(
            lambda: close_incident(
                context.db, context.user, self._incident.id, closing, now_of(context)
            )
        )

    def _close_in_error(self) -> None:
        context, reason = self._context, self.outcome.toPlainText()
        self._finish(
            lambda: close_in_error(
                context.db, context.user, self._incident.id, reason, now_of(context)
            ),
            {"reason": "outcome"},
        )

    def _finish(
        self, call: Callable[[], IncidentSummary], rename: dict[str, str] | None = None
    ) -> None:
        """Run the closing; problems under their fields (the service's `reason` is the box
        the reason was typed in), and once closed, announce it and go."""
        fields = rename or {}

        def show(error: ServiceError) -> None:
            texts = operations.problem_texts(error, [*self.form.errors, *fields])
            self.form.show_problems({fields.get(k, k): v for k, v in texts.items()})

        outcome = operations.run(
            self._context,
            call,
            show=show,
            changed=incident_changed(self._incident.id, self._incident.learner.id),
        )
        if outcome and outcome.value is not None:
            self.summary = outcome.value
            self.accept()
