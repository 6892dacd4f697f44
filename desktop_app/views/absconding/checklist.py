"""The protocol as a checklist: each step, whether and when it was done, and a button to record
it. Steps with nothing to fill in are recorded by one click at the time now. Once the incident is
closed the debrief and the return interview can still be recorded (by the DSL or a director).

The steps scroll (following the keyboard focus) so that on a small screen the window keeps its
clock and its buttons in view; a problem recording one shows below them, never scrolled away."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop_app import palette
from desktop_app.domain import absconding as rules
from desktop_app.domain.permissions import Action, allowed
from desktop_app.services.absconding import record_step
from desktop_app.services.absconding_data import Entry, IncidentDetail, StepInput
from desktop_app.views.absconding.common import day_hm, hm, incident_changed, now_of
from desktop_app.views.absconding.step import StepDialog
from desktop_app.views.common import operations
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.fit import FollowingScrollArea
from desktop_app.views.common.widgets import button, error_label, set_error

#: Steps whose particulars are all optional: one click records them now.
ONE_CLICK = frozenset(rules.STEPS) - frozenset(rules.REQUIRED)
#: The share of the steps always in view, however small the window (three of nine).
LEAST_SHOWN = 1 / 3


def status_text(entries: list[Entry]) -> str:
    """'10:14 · Dana Director · 101, ref 1234' for the newest; '(3 times)' when repeated."""
    if not entries:
        return "Not yet"
    last = entries[-1]
    more = f" ({len(entries)} times)" if len(entries) > 1 else ""
    return " · ".join(part for part in (hm(last.at) + more, last.staff, last.summary()) if part)


class ElidedLabel(QLabel):
    """One line of text cut with '…' to the width it is given; the whole of it in `full`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full(self, text: str) -> None:
        self.full = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width(), 60)
        self.setText(self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, width))


class Checklist(QWidget):
    """One row per step; `sig_step_recorded` after anything is saved."""

    sig_step_recorded = Signal(object)  # the Entry

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._incident: IncidentDetail | None = None
        self.dialog: StepDialog | None = None  # the step form open now, for tests
        self.marks: dict[str, QLabel] = {}
        self.statuses: dict[str, ElidedLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.more: dict[str, QPushButton] = {}
        self.message = error_label("formError")
        steps = QWidget()
        grid = QGridLayout(steps)
        grid.setContentsMargins(0, 0, 4, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(2, 1)
        for row, (kind, label) in enumerate(rules.STEPS.items()):
            self._add_row(grid, row, kind, label)
        grid.setRowStretch(len(rules.STEPS), 1)
        self.area = FollowingScrollArea(steps, LEAST_SHOWN)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.message)

    def _add_row(self, grid: QGridLayout, row: int, kind: str, label: str) -> None:
        self.marks[kind] = QLabel("○")
        self.statuses[kind] = ElidedLabel()
        self.buttons[kind] = button("Done now" if kind in ONE_CLICK else "Record…")
        self.buttons[kind].clicked.connect(lambda _=False, k=kind: self.activate(k))
        grid.addWidget(self.marks[kind], row, 0)
        grid.addWidget(QLabel(f"<b>{label}</b>"), row, 1)
        grid.addWidget(self.statuses[kind], row, 2)
        grid.addWidget(self.buttons[kind], row, 3)
        if kind in ONE_CLICK:
            self.more[kind] = button("Earlier…")
            self.more[kind].setToolTip("Record it at an earlier time, or with a note")
            self.more[kind].clicked.connect(lambda _=False, k=kind: self.open_step(k))
            grid.addWidget(self.more[kind], row, 4)

    def focus_order(self) -> list[QWidget]:
        """The row buttons in Tab order: down the list, each row's main button first."""
        return [w for kind in rules.STEPS for w in (self.buttons[kind], self.more.get(kind)) if w]

    def show_incident(self, incident: IncidentDetail) -> None:
        """Show what has been done; closed incidents keep their checklist read-only."""
        self._incident = incident
        recorded = [e.kind for e in incident.entries]
        for kind in rules.STEPS:
            entries = incident.entries_of(kind)
            self.marks[kind].setText("✔" if entries else "○")
            self.marks[kind].setStyleSheet(f"color: {palette.DONE if entries else palette.RULE};")
            text = status_text(entries)
            due = incident.return_interview_due
            if kind == "return_interview" and not entries and due is not None:
                text = f"Not yet: the local authority offers it within 72 hours, by {day_hm(due)}"
            self.statuses[kind].set_full(text)
            self.statuses[kind].setStyleSheet("" if entries else f"color: {palette.MUTED};")
            self.statuses[kind].setToolTip("\n".join(f"{hm(e.at)} {e.summary()}" for e in entries))
            possible = self._possible(incident, kind, recorded)
            self.buttons[kind].setEnabled(possible)
            if kind in self.more:
                self.more[kind].setEnabled(possible)
            if entries and kind in rules.REPEATABLE:
                self.buttons[kind].setText("Another…")
            if kind in rules.AFTER_RETURN and "found" not in recorded:
                self.buttons[kind].setToolTip("Once the learner is back")

    def _possible(self, incident: IncidentDetail, kind: str, recorded: list[str]) -> bool:
        """Open: any step the rules allow now. Closed: the debrief and the return interview,
        for the DSL or a director, once the learner is back (never if opened in error)."""
        if incident.summary.is_open:
            return rules.step_problem(kind, recorded) is None
        if incident.opened_in_error or kind not in rules.AFTER_RETURN:
            return False
        back = incident.returned_at is not None
        may = allowed(self._context.user.role, Action.SAFEGUARDING)
        return may and rules.step_problem(kind, recorded, back) is None

    def highlight(self, kind: str, on: bool) -> None:
        """Make a step's button the one to press now (the police call after a threshold)."""
        widget = self.buttons[kind]
        if widget.property("primary") != on:
            widget.setProperty("primary", on)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def activate(self, kind: str) -> None:
        """The row's main button: record now, or open the form for the particulars."""
        if kind in ONE_CLICK:
            self.record_now(kind)
        else:
            self.open_step(kind)

    def record_now(self, kind: str) -> Entry | None:
        if self._incident is None:
            return None
        context, incident = self._context, self._incident
        now = now_of(context)
        outcome = operations.run(
            context,
            lambda: record_step(context.db, context.user, incident.id, StepInput(kind, now), now),
            show=operations.to_status(lambda text: set_error(self.message, text)),
            changed=incident_changed(incident.id, incident.learner.id),
        )
        if not outcome:
            return None
        set_error(self.message, "")
        self.sig_step_recorded.emit(outcome.value)
        return outcome.value

    def open_step(self, kind: str) -> StepDialog | None:
        """The step's form, window-modal; saved steps are announced when it closes."""
        if self._incident is None:
            return None
        self.dialog = StepDialog(self._context, self._incident, kind, self)
        self.dialog.accepted.connect(self._step_saved)
        self.dialog.open()
        return self.dialog

    def _step_saved(self) -> None:
        if self.dialog is not None and self.dialog.entry is not None:
            set_error(self.message, "")
            self.sig_step_recorded.emit(self.dialog.entry)
