"""A register that cannot be read at start: say so, offer the newest good backup, restore it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop_app import app as app_module
from desktop_app.config import database_url
from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database
from desktop_app.services import backup as backups
from desktop_app.services.database import open_database
from desktop_app.services.provision import staff_by_username
from desktop_app.services.setup import create_register
from desktop_app.services.staff import add_staff
from desktop_app.views.shell.damaged_dialog import DamagedDatabaseDialog
from desktop_app.views.shell.main_window import MainWindow
from desktop_app.views.shell.passphrase_dialog import PassphraseDialog
from desktop_app.views.shell.sign_in_dialog import SignInDialog
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

TAKEN = datetime(2026, 1, 2, 3, 4, 5)
SOME_PASSPHRASE = "the right passphrase"


def closed_by_the_failure(qtbot: QtBot, dialog: QDialog) -> bool:
    """The sign-in window shown while the register opens behind it: it closes when that fails."""
    assert isinstance(dialog, SignInDialog)
    qtbot.waitUntil(lambda: not dialog.opening, timeout=20_000)
    assert dialog.failed and dialog.result() == QDialog.DialogCode.Rejected
    return False


def damage(path: Path) -> bytes:
    """Keep the SQLite header, fill the rest with junk (as a failing disk might)."""
    junk = path.read_bytes()[:16] + b"\x07" * 8000
    path.write_bytes(junk)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return junk


@pytest.fixture
def backed_up(db: Database, private_preferences: Path, db_path: Path) -> Path:
    """A good backup of the register, then a change after it, then the register damaged."""
    written = backups.automatic_backup(db, private_preferences, TAKEN)
    assert written is not None
    director = staff_by_username(db, "director")
    assert director is not None
    add_staff(db, director, "late", "Added Later", "Tutor", Role.TUTOR, PASSWORD)
    db.dispose()
    damage(db_path)
    return written


def test_restoring_the_newest_good_backup_then_signing_in(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db_path: Path, backed_up: Path
) -> None:
    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, DamagedDatabaseDialog):
            assert "register.sqlite is damaged or is not a register." in dialog_text(dialog)
            assert "Friday 2 January 2026 at 03:04" in dialog.found.text()
            press(qtbot, dialog.restore_button)
            assert dialog.database is not None
            return dialog.result() == QDialog.DialogCode.Accepted
        if len(asked) == 1:
            return closed_by_the_failure(qtbot, dialog)
        return sign_in(qtbot, dialog, "director", PASSWORD)

    asked = drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(db_path)]) == 0
    assert [type(d) for d in asked] == [SignInDialog, DamagedDatabaseDialog, SignInDialog]
    assert len(windows) == 1 and isinstance(windows[0], MainWindow)
    assert list(db_path.parent.glob("register.sqlite.replaced-*"))  # the damaged file is kept
    reopened = open_database(database_url(str(db_path)))
    try:
        assert staff_by_username(reopened, "late") is None  # as it was when backed up
        assert staff_by_username(reopened, "director") is not None
    finally:
        reopened.dispose()


def test_without_a_good_backup_only_quit_is_offered(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: Database, db_path: Path
) -> None:
    db.dispose()
    junk = damage(db_path)

    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, SignInDialog):
            return closed_by_the_failure(qtbot, dialog)
        assert isinstance(dialog, DamagedDatabaseDialog)
        assert not dialog.restore_button.isVisibleTo(dialog)
        assert "No backup that passes its check was found" in dialog.found.text()
        press(qtbot, dialog.quit_button)
        return dialog.result() == QDialog.DialogCode.Accepted

    asked = drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(db_path)]) == 0
    assert [type(d) for d in asked] == [SignInDialog, DamagedDatabaseDialog] and windows == []
    assert db_path.read_bytes() == junk  # left exactly as it was


def test_a_backup_that_fails_its_check_is_not_restored(
    qtbot: QtBot, db: Database, db_path: Path, tmp_path: Path
) -> None:
    db.dispose()
    junk = damage(db_path)
    bad = tmp_path / "register-20260101-000000.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    url = database_url(str(db_path))
    dialog = shown(qtbot, DamagedDatabaseDialog(url, "it is damaged", bad, None, tmp_path))
    click(qtbot, dialog.restore_button)
    assert dialog.error.isVisible() and "failed its check" in dialog.error.text()
    assert dialog.database is None and dialog.isVisible()
    assert db_path.read_bytes() == junk


def test_an_encrypted_register_is_restored_with_its_key(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, private_preferences: Path
) -> None:
    path = tmp_path / "enc.sqlite"
    db = create_register(database_url(str(path)), "Encrypted AP", "boss", "Boss", PASSWORD)
    backups.automatic_backup(db, private_preferences, TAKEN)
    db.dispose()
    path.write_bytes(path.read_bytes()[:4096] + b"\x00" * 8192)  # keep the key's salt only

    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, DamagedDatabaseDialog):
            assert not dialog.retry_button.isVisibleTo(dialog)  # the key came from the keyring
            press(qtbot, dialog.restore_button)
            return dialog.result() == QDialog.DialogCode.Accepted
        if len(asked) == 1:
            return closed_by_the_failure(qtbot, dialog)
        return sign_in(qtbot, dialog, "boss", PASSWORD)

    asked = drive_dialogs(monkeypatch, driver)
    windows = replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(path)]) == 0
    assert len(windows) == 1


def test_a_wrong_passphrase_can_be_typed_again(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: NoKeyring())
    path = tmp_path / "pass.sqlite"
    url = database_url(str(path))
    create_register(url, "AP", "boss", "Boss", PASSWORD, ask=lambda new: SOME_PASSPHRASE).dispose()
    typed = iter(["a wrong passphrase", SOME_PASSPHRASE])

    def driver(dialog: QDialog) -> bool:
        if isinstance(dialog, PassphraseDialog):
            assert not dialog.new
            dialog.form.edits["passphrase"].setText(next(typed))
            dialog.submit()
            return dialog.result() == QDialog.DialogCode.Accepted
        if isinstance(dialog, DamagedDatabaseDialog):
            assert "the passphrase or recovery key is wrong" in dialog_text(dialog)
            assert not dialog.restore_button.isVisibleTo(dialog)  # no backups at all
            press(qtbot, dialog.retry_button)
            return dialog.result() == QDialog.DialogCode.Accepted
        if len(asked) == 1:  # the passphrase is asked for over it, then it closes
            return closed_by_the_failure(qtbot, dialog)
        return sign_in(qtbot, dialog, "boss", PASSWORD)

    asked = drive_dialogs(monkeypatch, driver)
    replace_event_loop(monkeypatch)
    assert app_module.run_gui(["--database", str(path)]) == 0
    assert [type(d).__name__ for d in asked] == [
        "SignInDialog",
        "PassphraseDialog",
        "DamagedDatabaseDialog",
        "PassphraseDialog",
        "SignInDialog",
    ]
