"""Settings › Security: the idle-lock minutes preference and encrypting the register in place."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop_app.config import database_url
from desktop_app.models.engine import Database, is_encrypted
from desktop_app.services.auth import authenticate
from desktop_app.services.database import is_encrypted_file, open_database
from desktop_app.services.setup import create_register
from desktop_app.views.common import options
from desktop_app.views.common.confirm import Confirmation
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.page import SettingsPage
from desktop_app.views.settings.security import SecurityPanel
from desktop_app.views.shell import passphrase_dialog
from desktop_app.views.shell.passphrase_dialog import PassphraseDialog
from desktop_app.views.shell.recovery_key_dialog import RecoveryKeyDialog
from tests.conftest import PASSWORD
from tests.ui.conftest import context_for
from tests.ui.settings_helpers import click, shown


@pytest.fixture
def page(qtbot: QtBot, context: AppContext) -> SettingsPage:
    settings = shown(qtbot, SettingsPage(context))
    settings.show_tab("Security")
    return settings


@pytest.fixture
def panel(page: SettingsPage) -> SecurityPanel:
    found = page.panels["Security"]
    assert isinstance(found, SecurityPanel)
    return found


def test_idle_minutes_start_at_five_and_are_kept_as_a_preference(panel: SecurityPanel) -> None:
    assert panel.minutes.value() == 5
    assert (panel.minutes.minimum(), panel.minutes.maximum()) == (1, 60)
    panel.minutes.setValue(12)
    assert options.get(options.IDLE_LOCK_MINUTES) == 12
    assert options.idle_lock_ms() == 12 * 60_000
    panel.minutes.setValue(500)  # the box stops at 60
    assert options.get(options.IDLE_LOCK_MINUTES) == 60


def test_a_bad_stored_preference_falls_back_to_its_default(tmp_path: Path) -> None:
    previous = options.use_file(tmp_path / "odd.ini")
    try:
        (tmp_path / "odd.ini").write_text("[security]\nidle_lock_minutes=many\n")
        assert options.get(options.IDLE_LOCK_MINUTES) == 5
        (tmp_path / "odd.ini").write_text("[security]\nidle_lock_minutes=900\n")
        assert options.get(options.IDLE_LOCK_MINUTES) == 5
        with pytest.raises(ValueError, match="not allowed"):
            options.put(options.IDLE_LOCK_MINUTES, 0)
    finally:
        options.use_file(previous)


def test_an_unencrypted_register_says_so_and_offers_encryption(panel: SecurityPanel) -> None:
    assert "not encrypted" in panel.status.text()
    assert panel.encrypt_button.isVisible()


def test_encrypting_shows_the_recovery_key_then_hands_on_the_reopened_register(
    qtbot: QtBot, panel: SecurityPanel, db_path: Path
) -> None:
    click(qtbot, panel.encrypt_button)
    box = panel.dialog
    assert isinstance(box, Confirmation) and "recovery key" in box.text()
    click(qtbot, box.confirm_button)
    assert is_encrypted(db_path)
    dialog = panel.dialog
    assert isinstance(dialog, RecoveryKeyDialog) and dialog.isVisible()
    assert len(dialog.key) == 71
    assert "encrypted at rest" in panel.status.text() and not panel.encrypt_button.isVisible()
    with qtbot.waitSignal(panel.sig_database_replaced) as replaced:
        dialog.tick.setChecked(True)
        click(qtbot, dialog.continue_button)
    reopened = replaced.args[0]
    assert isinstance(reopened, Database)
    try:
        assert authenticate(reopened, "director", PASSWORD).username == "director"
    finally:
        reopened.dispose()


def test_cancelling_the_question_leaves_the_register_as_it_is(
    qtbot: QtBot, panel: SecurityPanel, db_path: Path
) -> None:
    click(qtbot, panel.encrypt_button)
    assert isinstance(panel.dialog, Confirmation)
    click(qtbot, panel.dialog.cancel_button)
    assert not is_encrypted(db_path) and panel.encrypt_button.isVisible()


def test_without_a_keyring_a_passphrase_is_chosen(
    qtbot: QtBot, panel: SecurityPanel, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: NoKeyring())
    asked: list[bool] = []

    def type_passphrase(dialog: QDialog) -> bool:
        assert isinstance(dialog, PassphraseDialog)
        asked.append(dialog.new)
        dialog.form.edits["passphrase"].setText("a passphrase long enough")
        dialog.form.edits["confirm"].setText("a passphrase long enough")
        dialog.submit()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(passphrase_dialog, "exec_modal", type_passphrase)
    with qtbot.waitSignal(panel.sig_database_replaced) as replaced:
        panel.encrypt()
    replaced.args[0].dispose()
    assert asked == [True] and is_encrypted(db_path)
    again = open_database(database_url(str(db_path)), ask=lambda new: "a passphrase long enough")
    again.dispose()


def test_a_refused_passphrase_leaves_the_register_unencrypted(
    qtbot: QtBot, panel: SecurityPanel, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: NoKeyring())
    monkeypatch.setattr(passphrase_dialog, "exec_modal", lambda dialog: False)
    panel.encrypt()
    assert panel.error.isVisible() and "was not encrypted" in panel.error.text()
    assert not is_encrypted(db_path) and panel.encrypt_button.isVisible()


def test_an_encrypted_register_offers_nothing_more(qtbot: QtBot, tmp_path: Path) -> None:
    url = database_url(str(tmp_path / "enc.sqlite"))
    db = create_register(url, "Encrypted AP", "boss", "Boss", PASSWORD)
    try:
        assert is_encrypted_file(url)
        page = shown(qtbot, SettingsPage(context_for(db, "boss")))
        page.show_tab("Security")
        panel = page.panels["Security"]
        assert isinstance(panel, SecurityPanel)
        assert "encrypted at rest" in panel.status.text()
        assert not panel.encrypt_button.isVisible()
    finally:
        db.dispose()
