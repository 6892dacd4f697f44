"""Automatic backups while the window is open: once a day, at exit, and failures in the status
bar; and what run_gui does after signing out, restoring a backup or encrypting."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app import app as app_module
from desktop_app.config import database_url
from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database, is_encrypted
from desktop_app.services import backup as backups
from desktop_app.services.database import open_database
from desktop_app.services.provision import staff_by_username
from desktop_app.services.staff import add_staff
from desktop_app.views.common import options
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.backups import BackupsPanel
from desktop_app.views.settings.page import SettingsPage
from desktop_app.views.settings.security import SecurityPanel
from desktop_app.views.shell.auto_backup import BackupSchedule
from desktop_app.views.shell.main_window import MainWindow
from desktop_app.views.shell.next_step import After, NextStep
from desktop_app.views.shell.recovery_key_dialog import RecoveryKeyDialog
from desktop_app.views.shell.sign_in_dialog import SignInDialog
from tests.conftest import PASSWORD
from tests.ui.settings_helpers import drive_dialogs, replace_event_loop, shown, sign_in

MORNING = datetime(2026, 3, 2, 9, 0)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_a_backup_is_made_once_a_day(db: Database, private_preferences: Path) -> None:
    clock = Clock(MORNING)
    schedule = BackupSchedule(db, clock=clock)
    first = schedule.check()
    assert first is not None and first.parent == private_preferences
    clock.now = MORNING + timedelta(hours=5)
    assert schedule.check() is None  # already one today
    clock.now = MORNING + timedelta(days=1)
    assert schedule.check() is not None
    assert len(backups.backups_in(private_preferences)) == 2


def test_the_first_check_runs_soon_after_start(
    qtbot: QtBot, db: Database, private_preferences: Path
) -> None:
    schedule = BackupSchedule(db, clock=Clock(MORNING))
    with qtbot.waitSignal(schedule.sig_backup_written, timeout=3000) as written:
        schedule.start(first_check_ms=10)
    assert written.args[0].parent == private_preferences
    schedule.stop()


def test_closing_the_window_makes_the_exit_backup_once(
    qtbot: QtBot, db: Database, context: AppContext, private_preferences: Path
) -> None:
    clock = Clock(MORNING)
    schedule = BackupSchedule(db, clock=clock)
    schedule.check()
    clock.now = MORNING + timedelta(minutes=30)
    window = shown(qtbot, MainWindow(context, backups=schedule))
    window.close()
    names = [p.name for p in backups.backups_in(private_preferences)]
    # made on exit; every backup of the last 24 hours is kept (issue 11), newest first
    assert names == ["register-20260302-093000-2.sqlite", "register-20260302-090000-1.sqlite"]
    clock.now = MORNING + timedelta(minutes=31)
    QApplication.instance().aboutToQuit.emit()  # type: ignore[union-attr]
    assert [p.name for p in backups.backups_in(private_preferences)] == names  # not twice


def test_quitting_the_application_makes_the_exit_backup(
    qtbot: QtBot, db: Database, context: AppContext, private_preferences: Path
) -> None:
    window = shown(qtbot, MainWindow(context, backups=BackupSchedule(db, clock=Clock(MORNING))))
    QApplication.instance().aboutToQuit.emit()  # type: ignore[union-attr]
    assert len(backups.backups_in(private_preferences)) == 1
    assert window.isVisible()


def test_no_exit_backup_when_a_backup_is_about_to_be_restored(
    qtbot: QtBot, db: Database, context: AppContext, private_preferences: Path
) -> None:
    window = shown(qtbot, MainWindow(context, backups=BackupSchedule(db, clock=Clock(MORNING))))
    window.finish(NextStep(After.RESTORE, backup=private_preferences / "x.sqlite"))
    assert backups.backups_in(private_preferences) == []


def test_a_failed_backup_is_shown_in_the_status_bar_not_raised(
    qtbot: QtBot, db: Database, context: AppContext, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    options.put(options.BACKUP_FOLDER, str(blocked))
    schedule = BackupSchedule(db, clock=Clock(MORNING))
    window = shown(qtbot, MainWindow(context, backups=schedule))
    assert schedule.check() is None
    assert window.statusBar().currentMessage().startswith("Automatic backup failed:")


def test_signing_out_returns_to_sign_in_for_someone_else(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: Database, db_path: Path
) -> None:
    signed_in: list[str] = []

    def driver(dialog: QDialog) -> bool:
        assert isinstance(dialog, SignInDialog)
        if signed_in:
            return False  # nobody else signs in: the app ends
        signed_in.append(dialog.username.text())
        return sign_in(qtbot, dialog, "director", PASSWORD)

    def sign_out(window: MainWindow) -> None:
        window.lock()
        window.lock_screen.sign_out_button.click()

    asked = drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch, sign_out)
    assert app_module.run_gui(["--database", str(db_path)]) == 0
    assert [type(d) for d in asked] == [SignInDialog, SignInDialog]
    assert len(windows) == 1 and windows[0].next_step.after is After.SIGN_OUT


def settings_of(window: MainWindow) -> SettingsPage:
    page = window.pages["Settings"]
    assert isinstance(page, SettingsPage)
    return page


def test_restoring_from_settings_closes_restores_and_asks_to_sign_in_again(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: Database, db_path: Path
) -> None:
    told: list[str] = []
    sign_ins: list[SignInDialog] = []

    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, QMessageBox):
            told.append(dialog.text())
            return True
        assert isinstance(dialog, SignInDialog)
        sign_ins.append(dialog)
        return len(sign_ins) == 1 and sign_in(qtbot, dialog, "director", PASSWORD)

    def back_up_change_and_restore(window: MainWindow) -> None:
        panel = settings_of(window).panels["Backups"]
        assert isinstance(panel, BackupsPanel)
        assert panel.back_up_now() is not None
        user = window.context.user
        add_staff(window.context.db, user, "later", "Later", "Tutor", Role.TUTOR, PASSWORD)
        panel.list.setCurrentRow(0)
        box = panel.ask_restore()
        assert box is not None
        box.confirm_button.click()

    drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch, back_up_change_and_restore)
    assert app_module.run_gui(["--database", str(db_path)]) == 0
    assert len(windows) == 1 and windows[0].next_step.after is After.RESTORE
    assert len(told) == 1 and "was restored" in told[0]
    assert len(sign_ins) == 2  # signed in again after the restore (and then quit)
    assert list(db_path.parent.glob("register.sqlite.replaced-*"))
    restored = open_database(database_url(str(db_path)))
    try:
        assert staff_by_username(restored, "later") is None  # made after the backup
    finally:
        restored.dispose()


def test_encrypting_from_settings_reopens_the_window_for_the_same_person(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: Database, db_path: Path
) -> None:
    def driver(dialog: QDialog) -> bool:
        return sign_in(qtbot, dialog, "director", PASSWORD)

    def encrypt_then_quit(window: MainWindow) -> None:
        if len(windows) > 1:  # the second window, on the encrypted register: quit
            window.close()
            return
        panel = settings_of(window).panels["Security"]
        assert isinstance(panel, SecurityPanel)
        panel.encrypt()
        key_dialog = panel.dialog
        assert isinstance(key_dialog, RecoveryKeyDialog)
        key_dialog.tick.setChecked(True)
        key_dialog.continue_button.click()

    asked = drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch, encrypt_then_quit)
    assert app_module.run_gui(["--database", str(db_path)]) == 0
    assert len(asked) == 1  # signed in once: the same person carries on
    assert [w.next_step.after for w in windows] == [After.REOPEN, After.QUIT]
    assert is_encrypted(db_path)
