"""First run that leads somewhere: Today's set-up checklist, and the welcome's open/restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop_app import app as app_module
from desktop_app.config import database_url
from desktop_app.models.engine import Database
from desktop_app.services import backup as backup_service
from desktop_app.services.database import open_database
from desktop_app.services.provision import init_provision, provision_details
from desktop_app.views.calendar.page import CalendarPage
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.page import SettingsPage
from desktop_app.views.settings.provision import ProvisionPanel
from desktop_app.views.shell.main_window import MainWindow
from desktop_app.views.shell.sign_in_dialog import SignInDialog
from desktop_app.views.shell.welcome_dialog import WelcomeDialog
from desktop_app.views.today.page import TodayPage
from tests.conftest import PASSWORD
from tests.ui.conftest import context_for
from tests.ui.test_run_gui import drive_with, shown_windows, sign_in_with

__all__ = ["shown_windows"]  # the fixture, used by name below


def open_window(qtbot: QtBot, context: AppContext) -> tuple[MainWindow, TodayPage]:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    today = window.pages["Today"]
    assert isinstance(today, TodayPage)
    qtbot.waitUntil(lambda: today.checklist.progress is not None, timeout=20000)
    return window, today


def test_a_new_register_leads_the_director_through_each_step(
    qtbot: QtBot, context: AppContext
) -> None:
    window, today = open_window(qtbot, context)
    checklist = today.checklist
    assert checklist.isVisible() and not checklist.done("details")
    qtbot.mouseClick(checklist.buttons["times"], Qt.MouseButton.LeftButton)
    settings = window.current_page()
    assert isinstance(settings, SettingsPage)
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == "Session times"
    qtbot.mouseClick(checklist.buttons["terms"], Qt.MouseButton.LeftButton)
    assert isinstance(window.current_page(), CalendarPage)
    qtbot.mouseClick(checklist.buttons["details"], Qt.MouseButton.LeftButton)
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == "Provision"
    panel = settings.panels["Provision"]
    assert isinstance(panel, ProvisionPanel)
    qtbot.keyClicks(panel.address, "1 Mill Lane, Leeds LS1 1AA")
    qtbot.keyClicks(panel.form.edits["phone"], "0113 496 0000")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.message.text() == "Saved the provision's details."
    window.show_page(0)  # Today reads again on showing after a settings change
    qtbot.waitUntil(lambda: checklist.done("details"), timeout=20000)
    assert not checklist.done("learners") and checklist.isVisible()


def test_the_demo_and_a_tutor_see_no_checklist(qtbot: QtBot, demo_context: AppContext) -> None:
    _window, today = open_window(qtbot, demo_context)
    assert today.checklist.progress is not None and today.checklist.progress.complete
    assert not today.checklist.isVisible()
    tutor = TodayPage(context_for(demo_context.db, "tutor1"))
    qtbot.addWidget(tutor)
    tutor.show()
    qtbot.waitUntil(lambda: not tutor.loader.busy(), timeout=20000)
    assert tutor.checklist.progress is None and not tutor.checklist.isVisible()


def make_register(path: Path) -> None:
    db = open_database(database_url(str(path)), create=True, encrypt=False)
    init_provision(db, "Elsewhere Provision", "director", PASSWORD, "Dana Director")
    db.dispose()


def test_the_welcome_opens_an_existing_register_elsewhere(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    shown_windows: list[MainWindow],
) -> None:
    elsewhere = tmp_path / "other" / "kept.sqlite"
    elsewhere.parent.mkdir()
    make_register(elsewhere)

    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, WelcomeDialog):
            dialog.choose_file = lambda _caption, _filters: str(elsewhere)  # type: ignore[method-assign]
            dialog.show()  # laid out, so the click lands on the button
            qtbot.waitExposed(dialog)
            qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
            return dialog.result() == QDialog.DialogCode.Accepted
        assert isinstance(dialog, SignInDialog)
        return sign_in_with(qtbot, dialog, "director", PASSWORD)

    asked = drive_with(monkeypatch, driver)
    assert app_module.run_gui(["--database", str(tmp_path / "register.sqlite")]) == 0
    assert [type(d) for d in asked] == [WelcomeDialog, SignInDialog]
    assert [w.windowTitle() for w in shown_windows] == ["Provision Register — Elsewhere Provision"]
    assert str(elsewhere) in shown_windows[0].location_label.text()
    assert not (tmp_path / "register.sqlite").exists()


@pytest.fixture
def welcome(qtbot: QtBot, tmp_path: Path) -> WelcomeDialog:
    dialog = WelcomeDialog(
        database_url(str(tmp_path / "register.sqlite")),
        database_url(str(tmp_path / "demo.sqlite")),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_welcome_restores_a_checked_backup_as_the_register(
    qtbot: QtBot, welcome: WelcomeDialog, tmp_path: Path
) -> None:
    source = tmp_path / "old.sqlite"
    make_register(source)
    db = open_database(database_url(str(source)))
    backup = backup_service.write_backup(db, tmp_path / "backup-2026-11-01.sqlite")
    db.dispose()
    welcome.choose_file = lambda _caption, _filters: str(backup)  # type: ignore[method-assign]
    with qtbot.waitSignal(welcome.accepted):
        qtbot.mouseClick(welcome.restore_button, Qt.MouseButton.LeftButton)
    assert welcome.database is not None
    try:
        assert provision_details(welcome.database).name == "Elsewhere Provision"
        assert (tmp_path / "register.sqlite").exists()
    finally:
        welcome.database.dispose()


def test_a_file_that_is_not_a_good_backup_restores_nothing(
    qtbot: QtBot, welcome: WelcomeDialog, tmp_path: Path
) -> None:
    junk = tmp_path / "backup.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    welcome.choose_file = lambda _caption, _filters: str(junk)  # type: ignore[method-assign]
    qtbot.mouseClick(welcome.restore_button, Qt.MouseButton.LeftButton)
    assert welcome.isVisible() and welcome.database is None
    assert welcome.choice_error.text().startswith("Not restored:")
    assert not (tmp_path / "register.sqlite").exists()


def test_cancelling_the_file_choice_leaves_the_welcome_open(
    qtbot: QtBot, welcome: WelcomeDialog, db: Database
) -> None:
    welcome.choose_file = lambda _caption, _filters: ""  # type: ignore[method-assign]
    qtbot.mouseClick(welcome.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(welcome.restore_button, Qt.MouseButton.LeftButton)
    assert welcome.isVisible() and welcome.existing_url is None and welcome.database is None
