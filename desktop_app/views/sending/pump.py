"""The outbox pump: while the window is open, queued email is handed to the mail server off
the GUI thread, at once after a send and then every minute; the status bar says what waits."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.domain.permissions import Action, allowed
from desktop_app.services.outbox import Delivery, deliver, recover_interrupted
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext

EVERY_MS = 60_000


def may_send(context: AppContext) -> bool:
    role = context.user.role
    return allowed(role, Action.COMMISSIONER_REPORTS) or allowed(role, Action.SEND_LETTERS)


class OutboxPump(QObject):
    """sig_outbox_said(text) after each pass: what went, what waits and why ('' when idle)."""

    sig_outbox_said = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.loader = operations.Loader(self)
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.deliver_now)
        self.last: Delivery | None = None

    def start(self) -> None:
        """Mark sends a stopped app left half-done as uncertain, then start the minute timer."""
        if not may_send(self._context):
            return
        db, now = self._context.db, self._context.clock()
        self.loader.load(
            "recover",
            lambda: recover_interrupted(db, now.astimezone()),
            self._recovered,
            self.sig_outbox_said.emit,
        )
        self.timer.start()

    def _recovered(self, count: int) -> None:
        if count:
            self.sig_outbox_said.emit(
                f"{count} email(s) may not have been sent when the app stopped: see Send › Outbox"
            )
        self.deliver_now()

    def deliver_now(self) -> None:
        if not may_send(self._context) or self.loader.busy("deliver"):
            return
        context = self._context
        self.loader.load(
            "deliver",
            lambda: deliver(context.db, context.user, context.clock().astimezone()),
            self._delivered,
            self.sig_outbox_said.emit,
        )

    def _delivered(self, result: Delivery) -> None:
        self.last = result
        if result.sent or result.failed:
            operations.announce(self._context, [Change.of(Kind.ALERTS)])
        self.sig_outbox_said.emit(describe(result, datetime.now()))


def describe(result: Delivery, now: datetime) -> str:
    """The status bar's words for a pass over the outbox."""
    parts = []
    if result.sent:
        parts.append(f"{result.sent} email(s) sent at {now:%H:%M}")
    if result.failed:
        parts.append(f"{result.failed} refused by the mail server (Send › Outbox)")
    if result.waiting:
        why = "" if result.reachable else ": the mail server cannot be reached; they go when it can"
        parts.append(f"{result.waiting} email(s) waiting{why}")
    return "; ".join(parts)
