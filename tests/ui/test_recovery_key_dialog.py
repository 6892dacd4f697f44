"""The recovery key: shown large, copied, printed, and put away before the person carries on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop_app import app as app_module
from desktop_app import resources
from desktop_app.models.engine import is_encrypted
from desktop_app.services.keys import parse_recovery_key
from desktop_app.views.shell import recovery_key_dialog
from desktop_app.views.shell.recovery_key_dialog import RecoveryKeyDialog, two_lines
from desktop_app.views.shell.sign_in_dialog import SignInDialog
from desktop_app.views.shell.welcome_dialog import WelcomeDialog
from tests.conftest import PASSWORD
from tests.ui.settings_helpers import click, drive_dialogs, press, replace_event_loop, shown

KEY = "0123ABCD-4567EF01-89ABCDEF-01234567-89ABCDEF-01234567-89ABCDEF-FEDCBA98"


@pytest.fixture
def dialog(qtbot: QtBot) -> RecoveryKeyDialog:
    return shown(qtbot, RecoveryKeyDialog(KEY, "Oak Tree AP"))


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[None]:
    """The application's stylesheet, as the app runs with it (it sets every font's size)."""
    before = qapp.styleSheet()
    qapp.setStyleSheet(resources.stylesheet())
    yield
    qapp.setStyleSheet(before)


def test_the_key_is_large_monospace_text_in_two_lines(
    app_style: None, dialog: RecoveryKeyDialog
) -> None:
    assert dialog.key_label.text() == two_lines(KEY)
    assert dialog.key_label.text().replace("\n", "") == KEY
    info = QFontInfo(dialog.key_label.font())
    assert info.fixedPitch() and info.pointSize() >= 18


def test_continue_waits_for_the_tick(qtbot: QtBot, dialog: RecoveryKeyDialog) -> None:
    assert not dialog.continue_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # not dismissed: the key is never shown again
    dialog.close()
    assert dialog.isVisible()
    click(qtbot, dialog.tick)
    assert dialog.tick.isChecked() and dialog.continue_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.continue_button)


def test_copy_puts_the_key_on_the_clipboard(qtbot: QtBot, dialog: RecoveryKeyDialog) -> None:
    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == KEY
    assert dialog.copy_button.text() == "Copied"


def test_print_sends_the_key_to_the_printer(
    qtbot: QtBot, dialog: RecoveryKeyDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed: list[tuple[str, str]] = []

    def fake_print(key: str, title: str, parent: QWidget | None = None) -> bool:
        printed.append((key, title))
        return True

    monkeypatch.setattr(recovery_key_dialog, "print_recovery_key", fake_print)
    click(qtbot, dialog.print_button)
    assert printed == [(KEY, "Oak Tree AP")]
    assert dialog.printed.text() == "Sent to the printer."


def test_a_cancelled_print_says_nothing(
    qtbot: QtBot, dialog: RecoveryKeyDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery_key_dialog, "print_recovery_key", lambda *args: False)
    click(qtbot, dialog.print_button)
    assert dialog.printed.text() == ""


def test_a_new_register_shows_its_recovery_key_before_sign_in(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """First run: create the register, put the key away, then sign in as its director."""
    path = tmp_path / "register.sqlite"
    keys_seen: list[str] = []

    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, WelcomeDialog):
            press(qtbot, dialog.create_button)
            values = {"name": "Oak Tree AP", "username": "jo", "full_name": "Jo Adeyemi"}
            for key, text in {**values, "password": PASSWORD, "confirm": PASSWORD}.items():
                dialog.form.edits[key].setText(text)
            press(qtbot, dialog.form.create_button)
            return dialog.result() == QDialog.DialogCode.Accepted
        if isinstance(dialog, RecoveryKeyDialog):
            keys_seen.append(dialog.key)
            qtbot.keyClick(dialog.tick, Qt.Key.Key_Space)  # ticked from the keyboard
            press(qtbot, dialog.continue_button)
            return dialog.result() == QDialog.DialogCode.Accepted
        assert isinstance(dialog, SignInDialog)
        assert dialog.username.text() == "jo"  # suggested: the director just made
        qtbot.keyClicks(dialog.password, PASSWORD)
        press(qtbot, dialog.sign_in_button)
        return dialog.result() == QDialog.DialogCode.Accepted

    asked = drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(path)]) == 0
    assert [type(d).__name__ for d in asked] == [
        "WelcomeDialog",
        "RecoveryKeyDialog",
        "SignInDialog",
    ]
    assert len(keys_seen) == 1 and parse_recovery_key(keys_seen[0]) is not None
    assert is_encrypted(path) and "Oak Tree AP" in windows[0].windowTitle()
