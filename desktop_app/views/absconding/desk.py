"""Keeping track of open incidents in the main window: one timer dialog each, reopened at sign-in,
and `start_incident`, the one way into the "Learner left site" form from anywhere.

The desk hears the context's change bus: an incident started anywhere (the red bar, a register
row, a learner panel) is announced there, and the desk of the main window opens its timer. Nothing
looks for the desk by walking widgets.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from desktop_app.services.absconding_data import IncidentSummary
from desktop_app.services.absconding_queries import open_incidents
from desktop_app.views.absconding import common
from desktop_app.views.absconding.start import StartIncidentDialog
from desktop_app.views.absconding.timer import TimerDialog
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext

POLL_MS = 20_000  # incidents started or closed on another computer appear within 20 s


class IncidentDesk(QObject):
    """The open incidents (`summaries`) and their dialogs, for one main window.

    `is_locked` says whether the window is locked: a threshold then sounds and brings the window
    (its lock screen) forward, but no dialog is brought up over the lock screen. The red bar and
    the lock screen read `summaries`; the desk refreshes them first on every incidents change
    (it is connected to the bus before them).
    """

    def __init__(
        self,
        context: AppContext,
        window: QWidget,
        is_locked: Callable[[], bool] = lambda: False,
        beeper: common.Beeper | None = None,
    ) -> None:
        super().__init__(window)
        self.context, self.window = context, window
        self._is_locked, self._beeper = is_locked, beeper
        self.summaries: list[IncidentSummary] = []
        self.dialogs: dict[int, TimerDialog] = {}
        self.start_dialog: StartIncidentDialog | None = None
        self._stopped = False  # the window has closed: its register may be closed too
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.check)
        context.changes.sig_incidents_changed.connect(self._heard)

    def refresh(self) -> None:
        """Read the open incidents again (a refusal leaves none listed, never a traceback)."""
        if self._stopped:
            return
        context = self.context
        outcome = operations.run(
            context,
            lambda: open_incidents(context.db, context.user),
            show=lambda _error: None,
        )
        self.summaries = outcome.value if outcome and outcome.value is not None else []

    def _heard(self, change: Change) -> None:
        """An incident changed: read them again, and open the timer of one just started."""
        self.refresh()
        for summary in self.summaries:
            if summary.id in change.ids and summary.id not in self.dialogs:
                self.show_incident(summary.id)

    def check(self) -> None:
        """Every POLL_MS: started, found or closed on another computer? Then announce it, so
        the bar, the lock screen and the dialogs catch up."""
        before = [(s.id, s.found_at, s.police_told_at) for s in self.summaries]
        self.refresh()
        if before != [(s.id, s.found_at, s.police_told_at) for s in self.summaries]:
            operations.announce(self.context, [Change.of(Kind.INCIDENTS)])

    def start(self, learner_id: int | None = None) -> StartIncidentDialog:
        """The "Learner left site" form, with the learner chosen if given."""
        form = start_incident(self.window, self.context, learner_id)
        form.finished.connect(lambda _result: self._start_finished(form))
        self.start_dialog = form
        return form

    def _start_finished(self, form: StartIncidentDialog) -> None:
        if self.start_dialog is form:
            self.start_dialog = None

    def start_form_waiting(self) -> bool:
        """A "Learner left site" form is open with something typed and not yet started."""
        form = self.start_dialog
        return form is not None and shiboken6.isValid(form) and form.has_typing()

    def show_incident(self, incident_id: int) -> TimerDialog:
        """Bring up the incident's timer dialog, making it the first time."""
        dialog = self.dialogs.get(incident_id)
        if dialog is None or not shiboken6.isValid(dialog):
            dialog = TimerDialog(
                self.context,
                incident_id,
                self.window,
                beeper=self._beeper,
                may_show=lambda: not self._is_locked(),
            )
            dialog.sig_another_left.connect(lambda: self.start())
            self.dialogs[incident_id] = dialog
        if not self._is_locked():
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
        return dialog

    def reopen_all(self) -> None:
        """At sign-in: every open incident's dialog, showing the true time since last seen."""
        if self._stopped:
            return
        operations.announce(self.context, [Change.of(Kind.INCIDENTS)])
        for summary in self.summaries:
            self.show_incident(summary.id)
        self.poll.start()

    def shutdown(self) -> None:
        """The window is closing: stop every clock."""
        self._stopped = True
        self.poll.stop()
        for dialog in self.dialogs.values():
            if shiboken6.isValid(dialog):
                dialog.shutdown()


def start_incident(
    parent: QWidget, context: AppContext, learner_id: int | None = None
) -> StartIncidentDialog:
    """Open the "Learner left site" form (prefilled with the learner if given). Once started,
    the change is announced: the main window's desk opens the incident's timer dialog and the
    red bar lists it.

    For the register row menu and the learner panel as much as the main window's button.
    """
    dialog = StartIncidentDialog(context, learner_id, parent)
    dialog.open()
    return dialog
