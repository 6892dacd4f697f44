"""The panel's RAG tab: the criteria as ticks with dates, the computed rating and the override.

Ticking or unticking saves at once, like marking the register. Only the DSL and director
(SAFEGUARDING) may change anything; others see the rating and, if allowed, its reasons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.domain.permissions import Action, allowed
from desktop_app.domain.rag import AMBER_FACTORS, RED_FACTORS, Rating
from desktop_app.services.errors import ServiceError, ValidationFailed
from desktop_app.services.learner_panel import LearnerPanel
from desktop_app.services.rag import clear_factor, clear_override, override_rating, set_factor
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.unsaved import EditDialog
from desktop_app.views.common.widgets import button, set_error, text_label
from desktop_app.views.learners.widgets import DateField


class CriterionRow:
    """A tick and the date the criterion was identified."""

    def __init__(self, key: str, label: str) -> None:
        self.key = key
        self.check = QCheckBox(label)
        self.since = DateField()
        self.since.setToolTip("The day this was identified (dd/mm/yyyy)")


def refusal(error: ServiceError) -> str:
    """A refusal as one line: each problem's message, or the error itself."""
    if isinstance(error, ValidationFailed):
        return " ".join(sentence(p.message) for p in error.problems)
    return sentence(error)


class RagTab(QWidget):
    """Criteria ticks, the rating and its override; each change announces a RISK change."""

    def __init__(self, ctx: AppContext, panel: LearnerPanel, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.learner_id = ctx, panel.header.id
        self.editable = allowed(ctx.user.role, Action.SAFEGUARDING)
        self.summary = text_label("")
        self.summary.setObjectName("subheading")
        self.reasons = text_label("")
        self.override_note = text_label("", "muted")
        self.error = text_label("", "formError")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.reasons)
        layout.addWidget(self.override_note)
        layout.addWidget(self.error)
        self.rows: dict[str, CriterionRow] = {}
        if self.editable:
            layout.addLayout(self._criteria())
            layout.addLayout(self._override_buttons())
        else:
            layout.addWidget(
                text_label("Only the DSL and the director can change the criteria.", "muted")
            )
        layout.addStretch(1)
        self.show_panel(panel)

    def _criteria(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setColumnMinimumWidth(2, 300)
        grid.addWidget(text_label("RED: complex or acute", "subheading"), 0, 0)
        grid.addWidget(text_label("AMBER: vulnerable", "subheading"), 0, 2)
        for column, factors in ((0, RED_FACTORS), (2, AMBER_FACTORS)):
            for line, (key, label) in enumerate(factors.items(), start=1):
                row = CriterionRow(key, label)
                row.check.toggled.connect(lambda on, r=row: self._toggled(r, on))
                row.since.editingFinished.connect(lambda r=row: self._date_changed(r))
                grid.addWidget(row.check, line, column)
                grid.addWidget(row.since, line, column + 1)
                self.rows[key] = row
        note = "Persistent and severe absence come from the register and cannot be ticked."
        grid.addWidget(text_label(note, "muted"), len(AMBER_FACTORS) + 1, 2, 1, 2)
        return grid

    def _override_buttons(self) -> QHBoxLayout:
        self.override_button = button("Override rating…")
        self.override_button.clicked.connect(self.open_override)
        self.clear_button = button("Use the computed rating")
        self.clear_button.clicked.connect(self._clear_override)
        row = QHBoxLayout()
        row.addWidget(self.override_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        return row

    def show_panel(self, panel: LearnerPanel) -> None:
        rag = panel.rag
        result = rag.result
        self.summary.setText(f"Rating: {result.rating.label}")
        if rag.reasons_visible:
            reasons = "\n".join(f"• {r}" for r in result.reasons) or "No criteria apply."
            self.reasons.setText(f"Computed {result.computed.label} because:\n{reasons}")
        else:
            self.reasons.setText(
                "The reasons are seen by the attendance officer, DSL and director."
            )
        override = result.override
        self.override_note.setText(
            f"Overridden to {override.rating.label} by {override.by} on "
            f"{override.at.astimezone():%d/%m/%Y %H:%M}: {override.reason}"
            if override
            else ""
        )
        self.override_note.setVisible(override is not None)
        if self.editable:
            self.clear_button.setEnabled(override is not None)
            today = self.ctx.clock().date()
            for key, row in self.rows.items():
                found = rag.factors.get(key)
                row.check.blockSignals(True)
                row.check.setChecked(found is not None)
                row.check.blockSignals(False)
                row.since.set_date(found[0] if found else None)
                row.since.setEnabled(found is not None)
                row.since.setPlaceholderText(f"{today:%d/%m/%Y}")
        set_error(self.error, "")

    def _save(self, call: Callable[[], object]) -> bool:
        """Run one service call; show its problem, or announce the change."""
        outcome = operations.run(
            self.ctx,
            call,
            show=lambda error: set_error(self.error, refusal(error)),
            changed=[Change.of(Kind.RISK, learner_ids=[self.learner_id])],
        )
        return bool(outcome)

    def _toggled(self, row: CriterionRow, on: bool) -> None:
        row.since.setEnabled(on)
        if on:
            if not row.since.text().strip():
                row.since.set_date(self.ctx.clock().date())
            if not self._date_changed(row):
                row.check.blockSignals(True)
                row.check.setChecked(False)
                row.check.blockSignals(False)
                row.since.setEnabled(False)
        else:
            self._save(lambda: clear_factor(self.ctx.db, self.ctx.user, self.learner_id, row.key))

    def _date_changed(self, row: CriterionRow) -> bool:
        if not row.check.isChecked():
            return False
        since = row.since.value()
        if since is None:
            set_error(self.error, row.since.problem("date it was identified", True) or "")
            return False
        today = self.ctx.clock().date()
        return self._save(
            lambda: set_factor(
                self.ctx.db, self.ctx.user, self.learner_id, row.key, since, today=today
            )
        )

    def open_override(self) -> None:
        """The override dialog; once saved, the change bus brings the panel up to date."""
        self.override_dialog = OverrideDialog(self.ctx, self.learner_id, self)
        self.override_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.override_dialog.open()

    def _clear_override(self) -> None:
        self._save(lambda: clear_override(self.ctx.db, self.ctx.user, self.learner_id))


class OverrideDialog(EditDialog):
    """The DSL's rating with a written reason; refused without a risk assessment in place."""

    def __init__(self, ctx: AppContext, learner_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.learner_id = ctx, learner_id
        self.setWindowTitle(f"Override the RAG rating — {APP_NAME}")
        self.rating = QComboBox()
        for rating in Rating:
            self.rating.addItem(rating.label, rating.value)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Why the computed rating is not right for this learner")
        self.error = text_label("", "formError")
        self.error.hide()
        save = button("Override", primary=True)
        save.clicked.connect(self.submit)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("Override the RAG rating", "subheading"))
        layout.addWidget(text_label("Your name and the time are kept with the reason.", "muted"))
        layout.addWidget(self.rating)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def submit(self) -> None:
        outcome = operations.run(
            self.ctx,
            lambda: override_rating(
                self.ctx.db,
                self.ctx.user,
                self.learner_id,
                str(self.rating.currentData()),
                self.reason.toPlainText(),
            ),
            show=lambda error: set_error(self.error, refusal(error)),
            changed=[Change.of(Kind.RISK, learner_ids=[self.learner_id])],
        )
        if outcome:
            self.mark_saved()
            self.accept()
