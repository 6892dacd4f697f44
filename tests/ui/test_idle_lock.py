"""The idle lock: the window hides its content after a quiet spell; only the same person's
password brings it back, exactly as it was; anyone else can only sign out."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.staff import reset_password
from desktop_app.views.common import options
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.account import ChangePasswordPanel
from desktop_app.views.settings.page import SettingsPage
from desktop_app.views.settings.staff_dialogs import AddStaffDialog
from desktop_app.views.settings.staff_page import StaffPanel
from desktop_app.views.shell.main_window import MainWindow
from desktop_app.views.shell.next_step import After
from desktop_app.views.today.page import TodayPage
from tests.conftest import PASSWORD
from tests.ui.conftest import context_for
from tests.ui.settings_helpers import click, context_as, shown

QUICK_MS = 150


def locked_window(qtbot: QtBot, context: AppContext, timeout_ms: int = QUICK_MS) -> MainWindow:
    window = shown(qtbot, MainWindow(context, idle_timeout_ms=timeout_ms))
    qtbot.waitUntil(window.is_locked, timeout=3000)
    return window


def unlock_with(qtbot: QtBot, window: MainWindow, password: str) -> None:
    qtbot.keyClicks(window.lock_screen.password, password)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)


def test_no_input_locks_the_window_and_hides_its_content(qtbot: QtBot, context: AppContext) -> None:
    window = locked_window(qtbot, context)
    assert window.lock_screen.isVisible()
    assert not window.navigation.isVisible() and not window.stack.isVisible()
    assert "Dana Director (director) can unlock it" in window.lock_screen.who.text()
    assert any(not label.pixmap().isNull() for label in window.lock_screen.findChildren(QLabel))


def test_input_keeps_the_window_unlocked(qtbot: QtBot, context: AppContext) -> None:
    window = shown(qtbot, MainWindow(context, idle_timeout_ms=600))
    for step in range(12):  # 1.2 seconds of someone moving the mouse
        qtbot.mouseMove(window.navigation, QPoint(10 + step, 10 + step))
        qtbot.wait(100)
    assert not window.is_locked()
    qtbot.waitUntil(window.is_locked, timeout=3000)


def test_a_wrong_password_keeps_it_locked_with_a_message(qtbot: QtBot, context: AppContext) -> None:
    window = locked_window(qtbot, context)
    unlock_with(qtbot, window, "not the password")
    assert window.is_locked()
    assert window.lock_screen.error.isVisible()
    assert window.lock_screen.error.text() == "Unknown username or password."
    assert window.lock_screen.password.text() == ""


def test_five_wrong_passwords_lock_the_account_and_say_so(
    qtbot: QtBot, context: AppContext
) -> None:
    window = locked_window(qtbot, context)
    for _attempt in range(5):
        unlock_with(qtbot, window, "not the password")
    unlock_with(qtbot, window, PASSWORD)
    assert window.is_locked()
    assert window.lock_screen.error.text() == (
        "Account locked after 5 failed attempts; try again later."
    )


def test_the_right_password_brings_back_the_same_page_as_it_was(
    qtbot: QtBot, context: AppContext, make_staff: Callable[[Role], StaffUser]
) -> None:
    make_staff(Role.TUTOR)
    window = shown(qtbot, MainWindow(context, idle_timeout_ms=60_000))
    window.show_page(4)
    settings = window.pages["Settings"]
    assert isinstance(settings, SettingsPage)
    settings.show_tab("Staff")
    staff = settings.panels["Staff"]
    assert isinstance(staff, StaffPanel)
    staff.table.selectRow(1)
    model_before = staff.model
    typed = settings.panels["Your password"]
    assert isinstance(typed, ChangePasswordPanel)
    typed.form.edits["current"].setText("half typed")
    today = window.pages["Today"]
    assert isinstance(today, TodayPage)
    date_text = today.date_label.text()
    window.lock()
    assert window.is_locked() and not settings.isVisible()
    unlock_with(qtbot, window, PASSWORD)
    assert not window.is_locked()
    assert window.current_page() is settings and settings.isVisible()
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == "Staff"
    assert staff.model is model_before and staff.table.currentIndex().row() == 1
    assert typed.form.edits["current"].text() == "half typed"
    assert today.date_label.text() == date_text
    assert window.lock_screen.password.text() == ""


def test_a_different_persons_password_does_not_unlock(
    qtbot: QtBot, db: Database, make_staff: Callable[[Role], StaffUser]
) -> None:
    """The tutor is signed in; the director's password (a different person's) is refused."""
    window = locked_window(qtbot, context_as(db, make_staff, Role.TUTOR))
    assert "A tutor (tutor1)" in window.lock_screen.who.text()
    reset_password(db, context_for(db).user, "tutor1", "the tutors password")
    unlock_with(qtbot, window, PASSWORD)  # the director's password
    assert window.is_locked()
    unlock_with(qtbot, window, "the tutors password")
    assert not window.is_locked()


def test_shortcuts_do_nothing_while_locked(qtbot: QtBot, context: AppContext) -> None:
    window = shown(qtbot, MainWindow(context, idle_timeout_ms=60_000))
    window.show_page(2)
    window.lock()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.navigation.currentRow() == 2
    unlock_with(qtbot, window, PASSWORD)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.navigation.currentRow() == 4


def test_an_open_dialog_is_hidden_while_locked_and_comes_back(
    qtbot: QtBot, context: AppContext
) -> None:
    window = shown(qtbot, MainWindow(context, idle_timeout_ms=60_000))
    window.show_page(4)
    settings = window.pages["Settings"]
    assert isinstance(settings, SettingsPage)
    settings.show_tab("Staff")
    staff = settings.panels["Staff"]
    assert isinstance(staff, StaffPanel)
    click(qtbot, staff.add_button)
    dialog = staff.dialog
    assert isinstance(dialog, AddStaffDialog) and dialog.isVisible()
    dialog.form.edits["username"].setText("sam")
    window.lock()
    assert not dialog.isVisible()
    unlock_with(qtbot, window, PASSWORD)
    assert dialog.isVisible() and dialog.form.edits["username"].text() == "sam"
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_sign_out_closes_the_window_for_someone_else(qtbot: QtBot, context: AppContext) -> None:
    window = locked_window(qtbot, context)
    with qtbot.waitSignal(window.sig_window_closed):
        click(qtbot, window.lock_screen.sign_out_button)
    assert not window.isVisible()
    assert window.next_step.after is After.SIGN_OUT


def test_the_idle_minutes_preference_applies_at_once(qtbot: QtBot, context: AppContext) -> None:
    window = shown(qtbot, MainWindow(context))
    assert window.idle_watcher.timeout_ms == 5 * 60_000
    options.put(options.IDLE_LOCK_MINUTES, 7)
    assert window.idle_watcher.timeout_ms == 7 * 60_000


@pytest.mark.parametrize("minutes", [1, 60])
def test_the_lock_screen_says_how_long(qtbot: QtBot, context: AppContext, minutes: int) -> None:
    window = shown(qtbot, MainWindow(context, idle_timeout_ms=minutes * 60_000))
    window.lock()
    plural = "minute" if minutes == 1 else "minutes"
    assert f"Locked after {minutes} {plural} without use." in window.lock_screen.who.text()
