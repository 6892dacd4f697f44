"""The first-run welcome: create a register, open the demo, or quit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop_app.config import database_url
from desktop_app.services.auth import authenticate
from desktop_app.services.provision import staff_by_username
from desktop_app.services.setup import open_or_create_demo
from desktop_app.views.shell.welcome_dialog import WelcomeDialog

GOOD = {
    "name": "Oak Tree Alternative Provision",
    "username": "jo",
    "full_name": "Jo Adeyemi",
    "password": "a long enough password",
    "confirm": "a long enough password",
}


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "register.sqlite", tmp_path / "demo.sqlite"


@pytest.fixture
def welcome(qtbot: QtBot, paths: tuple[Path, Path]) -> WelcomeDialog:
    register, demo = paths
    dialog = WelcomeDialog(database_url(str(register)), database_url(str(demo)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill_form(qtbot: QtBot, welcome: WelcomeDialog, values: dict[str, str]) -> None:
    qtbot.mouseClick(welcome.create_button, Qt.MouseButton.LeftButton)
    assert welcome.pages.currentWidget() is welcome.form
    for key, text in values.items():
        qtbot.keyClicks(welcome.form.edits[key], text)


def test_create_register_makes_the_file_and_its_director(
    qtbot: QtBot, welcome: WelcomeDialog, paths: tuple[Path, Path]
) -> None:
    fill_form(qtbot, welcome, GOOD)
    with qtbot.waitSignal(welcome.accepted):
        qtbot.mouseClick(welcome.form.create_button, Qt.MouseButton.LeftButton)
    assert welcome.database is not None and welcome.demo is None
    try:
        assert paths[0].exists()
        director = staff_by_username(welcome.database, "jo")
        assert director is not None and director.full_name == "Jo Adeyemi"
        assert authenticate(welcome.database, "jo", GOOD["password"]).id == director.id
    finally:
        welcome.database.dispose()


def test_mismatched_passwords_are_refused_with_a_message(
    qtbot: QtBot, welcome: WelcomeDialog, paths: tuple[Path, Path]
) -> None:
    fill_form(qtbot, welcome, {**GOOD, "confirm": "a different password"})
    qtbot.mouseClick(welcome.form.create_button, Qt.MouseButton.LeftButton)
    error = welcome.form.errors["confirm"]
    assert error.isVisible() and "do not match" in error.text()
    assert welcome.isVisible() and welcome.database is None
    assert not paths[0].exists()


def test_short_password_is_refused_with_a_message(
    qtbot: QtBot, welcome: WelcomeDialog, paths: tuple[Path, Path]
) -> None:
    fill_form(qtbot, welcome, {**GOOD, "password": "short", "confirm": "short"})
    qtbot.mouseClick(welcome.form.create_button, Qt.MouseButton.LeftButton)
    error = welcome.form.errors["password"]
    assert error.isVisible() and "at least 8 characters" in error.text()
    assert not welcome.form.errors["confirm"].isVisible()
    assert welcome.database is None and not paths[0].exists()


def test_every_missing_field_is_named_at_once(
    qtbot: QtBot, welcome: WelcomeDialog, paths: tuple[Path, Path]
) -> None:
    fill_form(qtbot, welcome, {"username": "two words"})
    qtbot.mouseClick(welcome.form.create_button, Qt.MouseButton.LeftButton)
    shown = {key for key, label in welcome.form.errors.items() if label.isVisible()}
    assert shown == {"name", "username", "full_name", "password"}
    assert "one word" in welcome.form.errors["username"].text()
    assert not paths[0].exists()


def test_fixing_the_problem_clears_its_message(qtbot: QtBot, welcome: WelcomeDialog) -> None:
    fill_form(qtbot, welcome, {**GOOD, "confirm": "typo"})
    qtbot.mouseClick(welcome.form.create_button, Qt.MouseButton.LeftButton)
    welcome.form.edits["confirm"].setText(GOOD["password"])
    with qtbot.waitSignal(welcome.accepted):
        qtbot.mouseClick(welcome.form.create_button, Qt.MouseButton.LeftButton)
    assert not welcome.form.errors["confirm"].isVisible()
    assert welcome.database is not None
    welcome.database.dispose()


def test_back_returns_to_the_choices(qtbot: QtBot, welcome: WelcomeDialog) -> None:
    fill_form(qtbot, welcome, {})
    qtbot.mouseClick(welcome.form.back_button, Qt.MouseButton.LeftButton)
    assert welcome.pages.currentIndex() == 0


def test_demo_is_built_and_its_passwords_shown(
    qtbot: QtBot, welcome: WelcomeDialog, paths: tuple[Path, Path]
) -> None:
    qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)
    assert welcome.pages.currentWidget() is welcome.accounts
    assert welcome.database is not None and welcome.demo is not None
    shown = welcome.accounts.accounts.toPlainText()
    for username, _role, password in welcome.demo.staff:
        assert username in shown and password in shown
    qtbot.mouseClick(welcome.accounts.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == shown
    with qtbot.waitSignal(welcome.accepted):
        qtbot.mouseClick(welcome.accounts.continue_button, Qt.MouseButton.LeftButton)
    password = dict((u, p) for u, _r, p in welcome.demo.staff)["director"]
    assert authenticate(welcome.database, "director", password).username == "director"
    assert paths[1].exists() and not paths[0].exists()
    welcome.database.dispose()


def test_an_existing_demo_is_opened_not_rebuilt(
    qtbot: QtBot, welcome: WelcomeDialog, paths: tuple[Path, Path]
) -> None:
    db, built = open_or_create_demo(database_url(str(paths[1])))
    db.dispose()
    assert built is not None
    with qtbot.waitSignal(welcome.accepted):
        qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)
    assert welcome.database is not None and welcome.demo is None
    welcome.database.dispose()


def test_quit_rejects_and_creates_nothing(
    qtbot: QtBot, welcome: WelcomeDialog, paths: tuple[Path, Path]
) -> None:
    with qtbot.waitSignal(welcome.rejected):
        qtbot.mouseClick(welcome.quit_button, Qt.MouseButton.LeftButton)
    assert welcome.database is None
    assert not paths[0].exists() and not paths[1].exists()
