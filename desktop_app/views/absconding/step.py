"""Recording one step of the protocol with its particulars, at a time that defaults to now."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app import APP_NAME
from desktop_app.domain import absconding as rules
from desktop_app.services.absconding import record_step
from desktop_app.services.absconding_data import Entry, IncidentDetail, StepInput
from desktop_app.views.absconding.common import MomentEdit, day_hm, incident_changed, now_of
from desktop_app.views.common import operations
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.widgets import button, text_label

#: For each step, its particulars in order: (field, label, placeholder).
KIND_FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "dsl_informed": (("person", "DSL told", "Name of the DSL or senior leader"),),
    "risk_assessment": (("level", "Level of risk", ""), ("detail", "Note", "What decided it")),
    "contact_attempt": (("detail", "How, and what happened", "e.g. rang mobile, no answer"),),
    "parent_told": (("person", "Who was told", "Name and relationship"),),
    "commissioner_told": (("person", "Who was told", "Name and organisation"),),
    "police_told": (
        ("channel", "Called", ""),
        ("reference", "Reference number", "The police log or CAD number"),
        ("officer", "Officer", "Name or collar number, if given"),
    ),
    "found": (
        ("place", "Where", "Where they were found or came back"),
        ("person", "By whom", "Who found or brought them back"),
        ("condition", "Condition", "e.g. calm, unhurt"),
    ),
    "debrief": (("detail", "What was found", "Why they left; support needed"),),
    "return_interview": (("detail", "Note", "e.g. offered by the LA, booked for Thursday"),),
    rules.NOTE: (("detail", "Note", ""),),
}
HINTS = {
    "police_told": "Call 101, or 999 if the learner is at immediate risk. Ask for the reference.",
    "dsl_informed": "Tell the DSL (or a senior leader if the DSL is not on site) at once.",
}


def _choices(field: str) -> QComboBox:
    box = QComboBox()
    options = rules.RISK_LEVELS if field == "level" else rules.POLICE_CHANNELS
    box.addItem("Choose…", "")
    for key, label in options.items():
        box.addItem(label, key)
    return box


class StepDialog(QDialog):
    """When it happened (now unless moved back) and the step's particulars; Record saves it."""

    def __init__(
        self,
        context: AppContext,
        incident: IncidentDetail,
        kind: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context, self._incident, self.kind = context, incident, kind
        self.entry: Entry | None = None
        self.setWindowTitle(f"{rules.KINDS[kind]} — {APP_NAME}")
        self.moment = MomentEdit(lambda: now_of(context))
        self.form = FieldForm(())
        self.form.add_row("at", "When", self.moment)
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        for field, label, placeholder in KIND_FIELDS.get(kind, ()):
            widget: QLineEdit | QComboBox
            if field in ("level", "channel"):
                widget = _choices(field)
            else:
                widget = QLineEdit()
                widget.setPlaceholderText(placeholder)
            self.inputs[field] = widget
            self.form.add_row(field, label, widget)
        self.record_button = button("Record", primary=True)
        self.record_button.setDefault(True)
        self.record_button.clicked.connect(self.submit)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        self._lay_out(cancel)

    def _hint(self) -> str:
        if self.kind == "return_interview" and self._incident.return_interview_due is not None:
            due = day_hm(self._incident.return_interview_due)
            return f"The local authority offers the return interview within 72 hours: by {due}."
        return HINTS.get(self.kind, "")

    def _lay_out(self, cancel: QWidget) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.addWidget(text_label(rules.KINDS[self.kind], "subheading"))
        if hint := self._hint():
            layout.addWidget(text_label(hint, "notice"))
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.setFocus()

    def value(self, field: str) -> str:
        widget = self.inputs.get(field)
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        return widget.text() if widget is not None else ""

    def set_value(self, field: str, text: str) -> None:
        """Fill a particular (choices by key): for tests and screenshots."""
        widget = self.inputs[field]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(text))
        else:
            widget.setText(text)

    def step(self) -> StepInput:
        names = ("detail", "level", "channel", "reference", "officer", "place", "person",
                 "condition")  # fmt: skip
        return StepInput(self.kind, self.moment.value(), **{n: self.value(n) for n in names})

    def submit(self) -> None:
        context, incident, step = self._context, self._incident, self.step()
        outcome = operations.run(
            context,
            lambda: record_step(context.db, context.user, incident.id, step, now_of(context)),
            show=operations.to_form(self.form),
            changed=incident_changed(incident.id, incident.learner.id),
        )
        if outcome:
            self.entry = outcome.value
            self.accept()
