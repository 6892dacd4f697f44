"""Settings › Backups: the folder preference, Back up now, the list, and asking to restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.models.engine import Database
from desktop_app.services import backup as backups
from desktop_app.views.common import options
from desktop_app.views.common.confirm import Confirmation
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings import backups as settings_backups
from desktop_app.views.settings.backups import BackupsPanel
from desktop_app.views.settings.page import SettingsPage
from tests.ui.settings_helpers import click, shown


@pytest.fixture
def page(qtbot: QtBot, context: AppContext) -> SettingsPage:
    settings = shown(qtbot, SettingsPage(context))
    settings.show_tab("Backups")
    return settings


@pytest.fixture
def panel(page: SettingsPage) -> BackupsPanel:
    found = page.panels["Backups"]
    assert isinstance(found, BackupsPanel)
    return found


def test_the_default_folder_is_shown_with_no_backups_yet(
    panel: BackupsPanel, private_preferences: Path
) -> None:
    assert panel.folder.text() == str(private_preferences)
    assert panel.list.count() == 1 and "No backups" in panel.list.item(0).text()
    assert panel.selected() is None and not panel.restore_button.isEnabled()


def test_back_up_now_writes_a_file_and_lists_it(
    qtbot: QtBot, panel: BackupsPanel, private_preferences: Path
) -> None:
    click(qtbot, panel.backup_button)
    written = backups.backups_in(private_preferences)
    assert len(written) == 1 and written[0].stat().st_size > 0
    assert backups.check_file(written[0], None).ok
    assert panel.message.text() == f"Backed up to {written[0]}."
    assert panel.list.count() == 1 and written[0].name in panel.list.item(0).text()


def test_a_backup_that_cannot_be_written_says_why(
    qtbot: QtBot, panel: BackupsPanel, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    options.put(options.BACKUP_FOLDER, str(blocked))
    assert panel.back_up_now() is None
    assert panel.message.text().startswith("The backup failed:")


def test_changing_the_folder_keeps_it_as_a_preference(
    qtbot: QtBot, panel: BackupsPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "usb"
    chosen.mkdir()
    offered: list[str] = []

    def choose(parent: QWidget, start: str) -> str:
        offered.append(start)
        return str(chosen)

    monkeypatch.setattr(settings_backups, "choose_folder", choose)
    click(qtbot, panel.change_button)
    assert options.backup_folder() == chosen and panel.folder.text() == str(chosen)
    click(qtbot, panel.backup_button)
    assert len(backups.backups_in(chosen)) == 1
    assert offered and offered[0] != str(chosen)


def test_cancelling_the_folder_choice_changes_nothing(
    qtbot: QtBot, panel: BackupsPanel, monkeypatch: pytest.MonkeyPatch, private_preferences: Path
) -> None:
    monkeypatch.setattr(settings_backups, "choose_folder", lambda parent, start: "")
    click(qtbot, panel.change_button)
    assert options.backup_folder() == private_preferences


def test_restore_asks_first_then_requests_the_chosen_backup(
    qtbot: QtBot, page: SettingsPage, panel: BackupsPanel, db: Database
) -> None:
    first = panel.back_up_now()
    assert first is not None
    panel.list.setCurrentRow(0)
    assert panel.selected() == first and panel.restore_button.isEnabled()
    click(qtbot, panel.restore_button)
    box = panel.dialog
    assert isinstance(box, Confirmation)
    assert "register.sqlite.replaced-" in box.text() and "sign in again" in box.text()
    with qtbot.waitSignal(page.sig_restore_requested) as requested:
        click(qtbot, box.confirm_button)
    assert requested.args == [first]


def test_cancelling_a_restore_requests_nothing(qtbot: QtBot, page: SettingsPage) -> None:
    panel = page.panels["Backups"]
    assert isinstance(panel, BackupsPanel)
    panel.back_up_now()
    panel.list.setCurrentRow(0)
    click(qtbot, panel.restore_button)
    assert isinstance(panel.dialog, Confirmation)
    with qtbot.assertNotEmitted(page.sig_restore_requested):
        qtbot.keyClick(panel.dialog, Qt.Key.Key_Escape)
    assert not panel.dialog.isVisible()
