"""Settings for everyone: what each role sees, and changing your own password."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, authenticate
from desktop_app.services.errors import AuthenticationFailed
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.account import ChangePasswordPanel
from desktop_app.views.settings.page import SettingsPage
from tests.conftest import PASSWORD
from tests.ui.settings_helpers import click, context_as, shown

NEW_PASSWORD = "a brand new password"


def tab_titles(page: SettingsPage) -> list[str]:
    return [page.tabs.tabText(i) for i in range(page.tabs.count())]


@pytest.mark.parametrize("role", [Role.TUTOR, Role.ATTENDANCE_OFFICER, Role.DSL])
def test_staff_other_than_the_director_see_only_their_password(
    qtbot: QtBot, db: Database, make_staff: Callable[[Role], StaffUser], role: Role
) -> None:
    page = shown(qtbot, SettingsPage(context_as(db, make_staff, role)))
    assert tab_titles(page) == ["Your password"]
    assert not page.sections.isVisible()  # one part: no list of parts
    assert set(page.panels) == {"Your password"}
    assert isinstance(page.panels["Your password"], ChangePasswordPanel)


def test_the_director_sees_every_part(qtbot: QtBot, context: AppContext) -> None:
    page = shown(qtbot, SettingsPage(context))
    assert tab_titles(page) == [
        "Your password",
        "Provision",
        "Session times",
        "Groups",
        "Staff",
        "Thresholds",
        "Absconding",
        "Mail",
        "Security",
        "Backups",
        "Retention",
    ]
    assert page.sections.isVisible() and page.sections.count() == page.tabs.count()
    page.sections.setCurrentRow(7)  # choosing a part in the list shows it
    assert page.tabs.currentIndex() == 7 and page.panels["Mail"].isVisible()
    page.show_tab("Staff")  # and opening a part from elsewhere moves the list with it
    assert page.sections.currentItem().text() == "Staff"


@pytest.fixture
def page(qtbot: QtBot, db: Database, make_staff: Callable[[Role], StaffUser]) -> SettingsPage:
    return shown(qtbot, SettingsPage(context_as(db, make_staff, Role.TUTOR)))


@pytest.fixture
def panel(page: SettingsPage) -> ChangePasswordPanel:
    found = page.panels["Your password"]  # the page fixture keeps it alive
    assert isinstance(found, ChangePasswordPanel)
    return found


def type_passwords(
    qtbot: QtBot, panel: ChangePasswordPanel, current: str, new: str, again: str
) -> None:
    for key, text in (("current", current), ("new", new), ("confirm", again)):
        panel.form.edits[key].clear()
        qtbot.keyClicks(panel.form.edits[key], text)
    click(qtbot, panel.change_button)


def shown_errors(panel: ChangePasswordPanel) -> dict[str, str]:
    return {k: label.text() for k, label in panel.form.errors.items() if label.isVisible()}


def test_wrong_current_password_is_refused(
    qtbot: QtBot, db: Database, panel: ChangePasswordPanel
) -> None:
    type_passwords(qtbot, panel, "not my password", NEW_PASSWORD, NEW_PASSWORD)
    assert shown_errors(panel) == {"current": "That is not your current password."}
    assert not panel.done.isVisible()
    assert authenticate(db, "tutor1", PASSWORD).username == "tutor1"


def test_short_new_password_is_refused(qtbot: QtBot, panel: ChangePasswordPanel) -> None:
    type_passwords(qtbot, panel, PASSWORD, "short", "short")
    assert shown_errors(panel) == {"new": "The new password must be at least 8 characters."}
    assert panel.form.edits["new"].property("invalid") is True


def test_mismatched_new_passwords_are_refused(qtbot: QtBot, panel: ChangePasswordPanel) -> None:
    type_passwords(qtbot, panel, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert shown_errors(panel) == {"confirm": "The two new passwords do not match."}


def test_the_same_password_again_is_refused(qtbot: QtBot, panel: ChangePasswordPanel) -> None:
    type_passwords(qtbot, panel, PASSWORD, PASSWORD, PASSWORD)
    assert "different" in shown_errors(panel)["new"]


def test_password_is_changed_and_the_boxes_cleared(
    qtbot: QtBot, db: Database, make_staff: Callable[[Role], StaffUser]
) -> None:
    context = context_as(db, make_staff, Role.TUTOR)
    panel = shown(qtbot, ChangePasswordPanel(context))
    heard: list[Change] = []
    context.changes.sig_staff_changed.connect(heard.append)
    type_passwords(qtbot, panel, "wrong", NEW_PASSWORD, NEW_PASSWORD)
    assert heard == []  # refused: nothing changed, nothing announced
    type_passwords(qtbot, panel, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    assert heard == [Change.of(Kind.STAFF, ids=[context.user.id])]
    assert shown_errors(panel) == {}
    assert panel.done.isVisible() and "has been changed" in panel.done.text()
    assert all(edit.text() == "" for edit in panel.form.edits.values())
    assert authenticate(db, "tutor1", NEW_PASSWORD).username == "tutor1"
    with pytest.raises(AuthenticationFailed):
        authenticate(db, "tutor1", PASSWORD)


def test_return_in_the_last_box_submits(qtbot: QtBot, panel: ChangePasswordPanel) -> None:
    qtbot.keyClicks(panel.form.edits["current"], PASSWORD)
    qtbot.keyClicks(panel.form.edits["new"], "short")
    qtbot.keyClicks(panel.form.edits["confirm"], "short")
    qtbot.keyClick(panel.form.edits["confirm"], Qt.Key.Key_Return)
    assert "at least 8" in shown_errors(panel)["new"]
