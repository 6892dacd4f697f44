"""Signing in: a wrong password is refused inline; the right one signs the director in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.models.engine import Database
from desktop_app.services.errors import Busy
from desktop_app.views.shell import sign_in_dialog
from desktop_app.views.shell.sign_in_dialog import SignInDialog
from tests.conftest import PASSWORD


@pytest.fixture
def dialog(qtbot: QtBot, db: Database) -> SignInDialog:
    sign_in = SignInDialog(db, "Test Provision")
    qtbot.addWidget(sign_in)
    sign_in.show()
    qtbot.waitExposed(sign_in)
    return sign_in


def test_wrong_password_shows_a_message_and_clears_only_the_password(
    qtbot: QtBot, dialog: SignInDialog
) -> None:
    qtbot.keyClicks(dialog.username, "director")
    qtbot.keyClicks(dialog.password, "not the password")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Unknown username or password."
    assert dialog.password.text() == ""
    assert dialog.username.text() == "director"
    assert dialog.isVisible() and dialog.user is None


def test_right_password_signs_in(qtbot: QtBot, dialog: SignInDialog) -> None:
    qtbot.keyClicks(dialog.username, "director")
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.user is not None
    assert dialog.user.full_name == "Dana Director"


def test_success_after_a_failure_clears_nothing_it_should_not(
    qtbot: QtBot, dialog: SignInDialog
) -> None:
    qtbot.keyClicks(dialog.username, "director")
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.user is not None and dialog.user.username == "director"


def test_suggested_username_is_filled_in(qtbot: QtBot, db: Database) -> None:
    dialog = SignInDialog(db, "Test Provision", "director")
    qtbot.addWidget(dialog)
    assert dialog.username.text() == "director"


def test_a_busy_register_is_explained_and_the_password_kept(
    qtbot: QtBot, dialog: SignInDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a wrong password is cleared: a busy register is a reason to try again as typed."""

    def busy_register(db: Database, username: str, password: str) -> None:
        raise Busy()

    monkeypatch.setattr(sign_in_dialog, "authenticate", busy_register)
    qtbot.keyClicks(dialog.username, "director")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "The register is in use; try again."
    assert dialog.password.text() == PASSWORD
    assert dialog.isVisible() and dialog.user is None
