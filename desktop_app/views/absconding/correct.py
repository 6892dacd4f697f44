"""The DSL's correction of the start form: when, where and by whom the learner was last seen.

Each change goes on the timeline as its own line keeping the old value, who made it and when;
nothing recorded is overwritten out of sight. The clock then runs from the corrected time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app import APP_NAME
from desktop_app.services.absconding import correct_start
from desktop_app.services.absconding_data import Entry, IncidentDetail, StartCorrection
from desktop_app.views.absconding.common import MomentEdit, incident_changed, now_of
from desktop_app.views.common import operations
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.widgets import button, text_label

INTRO = (
    "Correct what was typed at the start. The old value stays on the timeline with who "
    "corrected it and when; the clock runs from the corrected time."
)


class CorrectStartDialog(QDialog):
    """Last seen at, where, seen by (prefilled), and why; Save records what changed."""

    def __init__(
        self, context: AppContext, incident: IncidentDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context, self._incident = context, incident
        self.entries: list[Entry] = []
        self.setWindowTitle(f"Correct the start — {APP_NAME}")
        self.last_seen = MomentEdit(lambda: now_of(context))
        self.last_seen.set_value(incident.summary.last_seen_at)
        self.where = QLineEdit(incident.last_seen_where)
        self.where.setPlaceholderText("Where the learner was last seen")
        self.seen_by = QLineEdit(incident.seen_by)
        self.seen_by.setPlaceholderText("Who saw them last")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. CCTV shows them at the gate at 09:58")
        self.form = FieldForm(())
        for key, label, widget in (
            ("last_seen_at", "Last seen at", self.last_seen),
            ("last_seen_where", "Where", self.where),
            ("seen_by", "Seen by", self.seen_by),
            ("reason", "Why", self.reason),
        ):
            self.form.add_row(key, label, widget)
        self.save_button = button("Save the correction", primary=True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.addWidget(text_label(f"Correct the start: {incident.learner.name}", "subheading"))
        layout.addWidget(text_label(INTRO, "muted"))
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    def correction(self) -> StartCorrection:
        return StartCorrection(
            reason=self.reason.text(),
            last_seen_at=self.last_seen.value(),
            last_seen_where=self.where.text(),
            seen_by=self.seen_by.text(),
        )

    def submit(self) -> None:
        context, incident, fix = self._context, self._incident, self.correction()
        outcome = operations.run(
            context,
            lambda: correct_start(context.db, context.user, incident.id, fix, now_of(context)),
            show=operations.to_form(self.form),
            changed=incident_changed(incident.id, incident.learner.id),
        )
        if outcome and outcome.value is not None:
            self.entries = outcome.value
            self.accept()
