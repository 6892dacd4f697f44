"""Signing in: a wrong password is refused inline; the right one signs the director in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.models.engine import Database
from desktop_app.services import auth
from desktop_app.services.errors import Busy
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

    monkeypatch.setattr(auth, "authenticate", busy_register)
    qtbot.keyClicks(dialog.username, "director")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "The register is in use; try again."
    assert dialog.password.text() == PASSWORD
    assert dialog.isVisible() and dialog.user is None


def test_an_account_that_must_change_its_password_chooses_one_before_signing_in(
    qtbot: QtBot, dialog: SignInDialog, db: Database
) -> None:
    from desktop_app.services.auth import authenticate
    from desktop_app.services.provision import staff_by_username
    from desktop_app.services.staff import edit_staff

    director = staff_by_username(db, "director")
    assert director is not None
    edit_staff(db, director, "director", must_change_password=True)
    qtbot.keyClicks(dialog.username, "director")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.user is None and dialog.change_box.isVisible()
    qtbot.keyClicks(dialog.new_password, "a brand new password")
    qtbot.keyClicks(dialog.new_again, "a different one here")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "The two new passwords differ." and dialog.user is None
    qtbot.keyClicks(dialog.new_again, "a brand new password")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.user is not None and not dialog.user.must_change_password
    assert not authenticate(db, "director", "a brand new password").must_change_password
