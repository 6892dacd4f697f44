"""The window's Send menu: the AM and PM summaries, letters, and the outbox."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QMainWindow

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action, allowed
from desktop_app.views.common.context import AppContext
from desktop_app.views.sending.pump import OutboxPump, may_send


def install_send_menu(window: QMainWindow, context: AppContext, pump: OutboxPump) -> None:
    """Add Send › … for the roles that may send (dialogs import when first opened)."""
    if not may_send(context):
        return
    menu = window.menuBar().addMenu("&Send")
    role = context.user.role
    if allowed(role, Action.COMMISSIONER_REPORTS):
        for part in RegisterSession:
            menu.addAction(
                f"{part.value} summary to commissioners…",
                partial(open_summary, window, context, pump, part),
            )
    if allowed(role, Action.SEND_LETTERS):
        menu.addAction("Letters to families…", lambda: open_letters(window, context, pump))
    menu.addSeparator()
    menu.addAction("Outbox: what was sent to whom", lambda: open_outbox(window, context))


def open_summary(
    window: QMainWindow, context: AppContext, pump: OutboxPump, part: RegisterSession
) -> None:
    from desktop_app.views.sending.summary_dialog import SummaryDialog

    dialog = SummaryDialog(context, part, window)
    dialog.accepted.connect(pump.deliver_now)
    dialog.open()


def open_letters(window: QMainWindow, context: AppContext, pump: OutboxPump) -> None:
    from desktop_app.views.sending.letters_dialog import LettersDialog

    dialog = LettersDialog(context, window)
    dialog.accepted.connect(pump.deliver_now)
    dialog.open()


def open_outbox(window: QMainWindow, context: AppContext) -> None:
    from desktop_app.views.sending.outbox_dialog import OutboxDialog

    OutboxDialog(context, window).open()
