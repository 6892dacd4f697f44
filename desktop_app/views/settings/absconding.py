"""Settings › Absconding (director): the two thresholds of the absconding timer."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QSpinBox, QVBoxLayout, QWidget

from desktop_app.domain import absconding as rules
from desktop_app.services.absconding import set_absconding_thresholds
from desktop_app.services.absconding_queries import absconding_thresholds_to_edit
from desktop_app.services.errors import ServiceError, StaleWrite
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.widgets import button, text_label

RULE = (
    "When a learner under 16, or vulnerable (RAG RED or AMBER, or marked vulnerable), leaves "
    "site, the timer prompts staff to call the police at the first threshold and insists at "
    "the second. The protocol says 10 to 15 minutes. Changes apply to incidents started from "
    f"now on. Each is {rules.MIN_MINUTES} to {rules.MAX_MINUTES} minutes, the second no "
    "earlier than the first."
)


def _minutes() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 999)  # wider than allowed, so a wrong number gets a message, not a clamp
    box.setSuffix(" minutes")
    return box


class AbscondingPanel(QWidget):
    """The first and second thresholds, and Save."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.version: int | None = None  # the settings' version shown: Save passes it back
        self.first, self.second = _minutes(), _minutes()
        self.form = FieldForm(())
        self.form.add_row("first", "Prompt to call the police after", self.first)
        self.form.add_row("second", "Police must be told after", self.second)
        self.save_button = button("Save", primary=True)
        self.save_button.clicked.connect(self.save)
        self.message = text_label("", "muted")
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label(RULE, "muted"))
        layout.addWidget(self.form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        context = self._context
        outcome = operations.run(
            context,
            lambda: absconding_thresholds_to_edit(context.db, context.user),
            show=operations.to_form(self.form),
        )
        if outcome.value is not None:
            values, self.version = outcome.value
            self.first.setValue(values.first)
            self.second.setValue(values.second)

    def save(self) -> None:
        """Save both thresholds; the new ones are announced as a settings change."""
        context, first, second = self._context, self.first.value(), self.second.value()
        version = self.version
        outcome = operations.run(
            context,
            lambda: set_absconding_thresholds(context.db, context.user, first, second, version),
            show=self._refused,
            changed=[Change.of(Kind.SETTINGS)],
        )
        saved = outcome.value
        if saved is None:
            return
        self.refresh()
        self.form.show_problems({})
        self.message.setText(
            f"Saved: {saved.first} and {saved.second} minutes, for incidents started from now on."
        )

    def _refused(self, error: ServiceError) -> None:
        """Shown on the form; someone else's save since: their values are shown instead."""
        self.message.setText("")
        operations.to_form(self.form)(error)
        if isinstance(error, StaleWrite):
            message = self.form.form_error.text()
            self.refresh()
            self.form.show_problems({"form": message})
