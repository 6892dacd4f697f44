"""Closing an incident: the return time (or handed to the police as missing) and the outcome."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.services.errors import ServiceError, ValidationFailed
from desktop_app.services.absconding_data import Closing, IncidentDetail, IncidentSummary
from desktop_app.services.absconding import close_incident
from desktop_app.views.absconding.common import MomentEdit, now_of, problem_texts
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FORM, FieldForm, sentence
from desktop_app.views.common.widgets import button, text_label

INTRO = (
    "Once closed, the incident is read-only: only notes can be added. The debrief and the "
    "return interview can be recorded before you close it."
)


class CloseIncidentDialog(QDialog):
    """Returned at a time (the found time if recorded), or handed to the police; the outcome."""

    def __init__(
        self, context: AppContext, incident: IncidentDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context, self._incident = context, incident
        self.summary: IncidentSummary | None = None
        self.setWindowTitle(f"Close the incident — {APP_NAME}")
        self.returned = QRadioButton("Returned at")
        self.handed = QRadioButton("Handed to the police as a missing person")
        group = QButtonGroup(self)
        group.addButton(self.returned)
        group.addButton(self.handed)
        self.returned.setChecked(True)
        self.returned_at = MomentEdit(lambda: now_of(context))
        if incident.summary.found_at is not None:
            self.returned_at.set_value(incident.summary.found_at)
        self.returned.toggled.connect(self.returned_at.setEnabled)
        self.outcome = QPlainTextEdit()
        self.outcome.setPlaceholderText("How it ended, and what happens next (safety plan, …)")
        self.outcome.setTabChangesFocus(True)
        self.form = FieldForm(())
        self.form.add_row("returned_at", "Return", self._return_choice())
        self.form.add_row("outcome", "Outcome", self.outcome)
        self.close_button = button("Close the incident", primary=True)
        self.close_button.clicked.connect(self.submit)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.addWidget(text_label(f"Close: {incident.learner.name}", "subheading"))
        layout.addWidget(text_label(INTRO, "muted"))
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    def _return_choice(self) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.returned)
        row.addWidget(self.returned_at, 1)
        layout.addLayout(row)
        layout.addWidget(self.handed)
        return holder

    def closing(self) -> Closing:
        handed = self.handed.isChecked()
        return Closing(
            returned_at=None if handed else self.returned_at.value(),
            handed_to_police=handed,
            outcome=self.outcome.toPlainText(),
        )

    def submit(self) -> None:
        try:
            self.summary = close_incident(
                self._context.db,
                self._context.user,
                self._incident.id,
                self.closing(),
                now_of(self._context),
            )
        except ValidationFailed as error:
            self.form.show_problems(problem_texts(error, self.form.errors))
            return
        except ServiceError as error:
            self.form.show_problems({FORM: sentence(error)})
            return
        self.accept()
