"""Keeping track of open incidents in the main window: one timer dialog each, reopened at sign-in,
and `start_incident`, the one way into the "Learner left site" form from anywhere."""

from __future__ import annotations

import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.services.errors import ServiceError
from desktop_app.services.absconding_data import IncidentSummary
from desktop_app.services.absconding_queries import open_incidents
from desktop_app.views.absconding import common
from desktop_app.views.absconding.start import StartIncidentDialog
from desktop_app.views.absconding.timer import TimerDialog
from desktop_app.views.common.context import AppContext

POLL_MS = 20_000  # incidents started or closed on another computer appear within 20 s

_desks: list[weakref.ref[IncidentDesk]] = []


class IncidentDesk(QObject):
    """The open incidents (`summaries`) and their dialogs, for one main window.

    `is_locked` says whether the window is locked: a threshold then sounds, but no dialog is
    brought up over the lock screen.
    """

    sig_incidents_changed = Signal()

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
        self.poll.timeout.connect(self.refresh)
        _desks[:] = [ref for ref in _desks if ref() is not None]
        _desks.append(weakref.ref(self))

    def refresh(self) -> None:
        """Read the open incidents again and say so (the banner redraws)."""
        if self._stopped:
            return
        try:
            self.summaries = open_incidents(self.context.db, self.context.user)
        except ServiceError:
            self.summaries = []
        self.sig_incidents_changed.emit()

    def start(self, learner_id: int | None = None) -> StartIncidentDialog:
        """The "Learner left site" form, with the learner chosen if given."""
        self.start_dialog = start_incident(self.window, self.context, learner_id)
        return self.start_dialog

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
            dialog.sig_incident_changed.connect(self.refresh)
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
        self.refresh()
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


def desk_for(widget: QWidget | None, context: AppContext) -> IncidentDesk | None:
    """The desk of the main window this widget is in; else that of a main window on show for
    the same register (a form opened on its own, say)."""
    while widget is not None:
        desk = getattr(widget, "incidents", None)
        if isinstance(desk, IncidentDesk):
            return desk
        widget = widget.parentWidget()
    alive = [d for ref in _desks if (d := ref()) is not None and shiboken6.isValid(d)]
    shown = [d for d in alive if d.window.isVisible() and d.context.db is context.db]
    return shown[-1] if shown else None


def start_incident(
    parent: QWidget, context: AppContext, learner_id: int | None = None
) -> StartIncidentDialog:
    """Open the "Learner left site" form (prefilled with the learner if given). Once started,
    the incident's timer dialog opens and the main window's red bar lists it.

    For the register row menu and the learner panel as much as the main window's button.
    """
    dialog = StartIncidentDialog(context, learner_id, parent)
    dialog.sig_incident_started.connect(lambda summary: _follow(parent, context, summary))
    dialog.open()
    return dialog


def _follow(parent: QWidget, context: AppContext, summary: IncidentSummary) -> None:
    desk = desk_for(parent, context)
    if desk is not None:
        desk.refresh()
        desk.show_incident(summary.id)
        return
    TimerDialog(context, summary.id, parent.window()).show()
