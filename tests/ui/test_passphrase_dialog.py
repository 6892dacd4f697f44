"""The passphrase dialog: choosing one (twice, 12 characters or more) and opening with one."""

from __future__ import annotations

import threading
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop_app import app as app_module
from desktop_app.config import database_url
from desktop_app.models.engine import is_encrypted
from desktop_app.services.auth import authenticate
from desktop_app.services.database import open_database
from desktop_app.services.setup import create_register
from desktop_app.views.shell.passphrase_dialog import PassphraseDialog, PassphrasePrompt
from desktop_app.views.shell.welcome_dialog import WelcomeDialog
from tests.conftest import PASSWORD
from tests.ui.settings_helpers import (
    click,
    dialog_text,
    drive_dialogs,
    press,
    replace_event_loop,
    shown,
    sign_in,
)

GOOD = "a passphrase long enough"


def shown_errors(dialog: PassphraseDialog) -> dict[str, str]:
    return {k: label.text() for k, label in dialog.form.errors.items() if label.isVisible()}


def type_in(qtbot: QtBot, dialog: PassphraseDialog, passphrase: str, again: str = "") -> None:
    qtbot.keyClicks(dialog.form.edits["passphrase"], passphrase)
    if "confirm" in dialog.form.edits:
        qtbot.keyClicks(dialog.form.edits["confirm"], again)


def test_a_short_new_passphrase_is_refused(qtbot: QtBot) -> None:
    dialog = shown(qtbot, PassphraseDialog(new=True))
    type_in(qtbot, dialog, "eleven char", "eleven char")
    click(qtbot, dialog.ok_button)
    assert shown_errors(dialog) == {"passphrase": "The passphrase must be at least 12 characters."}
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted


def test_mismatched_new_passphrases_are_refused(qtbot: QtBot) -> None:
    dialog = shown(qtbot, PassphraseDialog(new=True))
    type_in(qtbot, dialog, GOOD, GOOD + "!")
    click(qtbot, dialog.ok_button)
    assert shown_errors(dialog) == {"confirm": "The two passphrases do not match."}
    assert dialog.form.edits["confirm"].property("invalid") is True


def test_a_good_new_passphrase_is_accepted(qtbot: QtBot) -> None:
    dialog = shown(qtbot, PassphraseDialog(new=True))
    type_in(qtbot, dialog, GOOD, GOOD)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.form.edits["confirm"], Qt.Key.Key_Return)
    assert dialog.passphrase == GOOD


def test_opening_asks_for_the_passphrase_or_recovery_key(qtbot: QtBot) -> None:
    dialog = shown(qtbot, PassphraseDialog(new=False))
    assert list(dialog.form.edits) == ["passphrase"]
    assert "the recovery key printed when it was made" in dialog_text(dialog)
    click(qtbot, dialog.ok_button)
    assert shown_errors(dialog) == {"passphrase": "Type the passphrase or recovery key."}
    type_in(qtbot, dialog, "ABCD1234-...")
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.ok_button)


def test_the_prompt_gives_what_was_typed_or_none_if_cancelled(qtbot: QtBot) -> None:
    def typed(dialog: QDialog) -> bool:
        assert isinstance(dialog, PassphraseDialog)
        dialog.form.edits["passphrase"].setText(GOOD)
        dialog.submit()
        return dialog.result() == QDialog.DialogCode.Accepted

    prompt = PassphrasePrompt(show=typed)
    assert prompt(False) == GOOD and prompt.typed == GOOD
    assert prompt.again(False) == GOOD  # not asked again
    cancelled = PassphrasePrompt(show=lambda dialog: False)
    assert cancelled(True) is None and cancelled.typed is None


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: NoKeyring())


def test_creating_a_register_without_a_keyring_asks_for_a_passphrase(
    qtbot: QtBot, tmp_path: Path, no_keyring: None
) -> None:
    asked: list[bool] = []

    def choose(dialog: QDialog) -> bool:
        assert isinstance(dialog, PassphraseDialog)
        asked.append(dialog.new)
        dialog.form.edits["passphrase"].setText(GOOD)
        dialog.form.edits["confirm"].setText(GOOD)
        dialog.submit()
        return dialog.result() == QDialog.DialogCode.Accepted

    path = tmp_path / "register.sqlite"
    welcome = shown(
        qtbot,
        WelcomeDialog(
            database_url(str(path)),
            database_url(str(tmp_path / "demo.sqlite")),
            ask=PassphrasePrompt(show=choose),
        ),
    )
    click(qtbot, welcome.create_button)
    for key, text in {"name": "AP", "username": "jo", "full_name": "Jo A"}.items():
        welcome.form.edits[key].setText(text)
    welcome.form.edits["password"].setText(PASSWORD)
    welcome.form.edits["confirm"].setText(PASSWORD)
    with qtbot.waitSignal(welcome.accepted):
        click(qtbot, welcome.form.create_button)
    assert asked == [True] and welcome.created and welcome.database is not None
    assert welcome.database.recovery_key is None  # a passphrase, not a keyring key
    welcome.database.dispose()
    assert is_encrypted(path)
    reopened = open_database(database_url(str(path)), ask=lambda new: GOOD)
    assert authenticate(reopened, "jo", PASSWORD).username == "jo"
    reopened.dispose()


def test_cancelling_the_passphrase_creates_nothing_and_says_why(
    qtbot: QtBot, tmp_path: Path, no_keyring: None
) -> None:
    path = tmp_path / "register.sqlite"
    welcome = shown(
        qtbot,
        WelcomeDialog(
            database_url(str(path)),
            database_url(str(tmp_path / "demo.sqlite")),
            ask=PassphrasePrompt(show=lambda dialog: False),
        ),
    )
    click(qtbot, welcome.create_button)
    for key in ("name", "username", "full_name"):
        welcome.form.edits[key].setText("x")
    welcome.form.edits["password"].setText(PASSWORD)
    welcome.form.edits["confirm"].setText(PASSWORD)
    click(qtbot, welcome.form.create_button)
    assert "no keyring is available" in welcome.form.form_error.text()
    assert welcome.database is None and not path.exists()


def test_the_demo_without_a_keyring_is_locked_with_a_passphrase(
    qtbot: QtBot, tmp_path: Path, no_keyring: None
) -> None:
    asked: list[bool] = []

    def choose(dialog: QDialog) -> bool:
        assert isinstance(dialog, PassphraseDialog)
        asked.append(dialog.new)
        dialog.form.edits["passphrase"].setText(GOOD)
        dialog.form.edits["confirm"].setText(GOOD)
        dialog.submit()
        return True

    demo = tmp_path / "demo.sqlite"
    welcome = shown(
        qtbot,
        WelcomeDialog(
            database_url(str(tmp_path / "register.sqlite")),
            database_url(str(demo)),
            ask=PassphrasePrompt(show=choose),
        ),
    )
    click(qtbot, welcome.demo_button)
    assert asked == [True] and welcome.database is not None and welcome.demo is not None
    assert not welcome.created
    welcome.database.dispose()
    assert is_encrypted(demo)


def test_run_gui_asks_for_the_passphrase_of_an_existing_register(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_keyring: None
) -> None:
    path = tmp_path / "register.sqlite"
    url = database_url(str(path))
    create_register(url, "Passphrase AP", "boss", "Boss", PASSWORD, ask=lambda new: GOOD).dispose()

    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, PassphraseDialog):
            assert not dialog.new
            assert threading.current_thread() is threading.main_thread()  # asked on the GUI thread
            qtbot.keyClicks(dialog.form.edits["passphrase"], GOOD)
            press(qtbot, dialog.ok_button)
            return dialog.result() == QDialog.DialogCode.Accepted
        return sign_in(qtbot, dialog, "boss", PASSWORD)

    asked = drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(path)]) == 0
    # The sign-in window is up first; the passphrase is asked for over it while the register opens.
    assert [type(d).__name__ for d in asked] == ["SignInDialog", "PassphraseDialog"]
    assert "Passphrase AP" in windows[0].windowTitle()
