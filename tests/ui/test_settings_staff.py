"""Settings › Staff: the director adds, disables and resets accounts, with every problem shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, authenticate
from desktop_app.services.errors import AuthenticationFailed
from desktop_app.services.staff import StaffSummary, add_staff
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.confirm import Confirmation
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.page import SettingsPage
from desktop_app.views.settings.staff_dialogs import AddStaffDialog, ResetPasswordDialog
from desktop_app.views.settings.staff_model import STATUS, StaffModel
from desktop_app.views.settings.staff_page import StaffPanel
from tests.conftest import PASSWORD
from tests.ui.settings_helpers import click, shown

NEW = {
    "username": "sam",
    "full_name": "Sam Okafor",
    "position": "Maths tutor",
    "password": "sams first password",
    "confirm": "sams first password",
}


@pytest.fixture
def page(
    qtbot: QtBot, context: AppContext, make_staff: Callable[[Role], StaffUser]
) -> SettingsPage:
    make_staff(Role.TUTOR)  # tutor1, "A tutor"
    return shown(qtbot, SettingsPage(context))


@pytest.fixture
def panel(page: SettingsPage) -> StaffPanel:
    found = page.panels["Staff"]
    assert isinstance(found, StaffPanel)
    page.show_tab("Staff")
    return found


def usernames(panel: StaffPanel) -> list[str]:
    return [panel.model.staff(row).username for row in range(panel.model.rowCount())]


def open_add(qtbot: QtBot, panel: StaffPanel, values: dict[str, str]) -> AddStaffDialog:
    click(qtbot, panel.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, AddStaffDialog) and dialog.isVisible()
    for key, text in values.items():
        qtbot.keyClicks(dialog.form.edits[key], text)
    return dialog


def errors(dialog: AddStaffDialog | ResetPasswordDialog) -> dict[str, str]:
    shown_now = {k: label.text() for k, label in dialog.form.errors.items() if label.isVisible()}
    if dialog.form.form_error.isVisible():
        shown_now["form"] = dialog.form.form_error.text()
    return shown_now


def select(panel: StaffPanel, username: str) -> None:
    row = panel.model.row_of(username)
    assert row is not None
    panel.table.selectRow(row)


def test_lists_every_account(panel: StaffPanel) -> None:
    assert usernames(panel) == ["tutor1", "director"]  # by full name: "A tutor", "Dana Director"
    assert panel.model.index(0, STATUS).data() == "Active"
    assert not panel.disable_button.isEnabled() and not panel.reset_button.isEnabled()


def test_an_empty_form_names_every_missing_field(qtbot: QtBot, panel: StaffPanel) -> None:
    dialog = open_add(qtbot, panel, {})
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {
        "username": "Username must be one word with no spaces.",
        "full_name": "Full name is required.",
        "position": "Position is required (it is part of every amendment).",
        "password": "Password must be at least 8 characters.",
    }
    assert dialog.isVisible() and usernames(panel) == ["tutor1", "director"]


def test_a_taken_username_is_refused(qtbot: QtBot, panel: StaffPanel) -> None:
    dialog = open_add(qtbot, panel, {**NEW, "username": "director"})
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {"username": "Username 'director' is taken."}


def test_mismatched_passwords_are_refused(qtbot: QtBot, panel: StaffPanel) -> None:
    dialog = open_add(qtbot, panel, {**NEW, "confirm": "something else"})
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {"confirm": "The two passwords do not match."}
    assert "sam" not in usernames(panel)


def test_adding_a_member_of_staff(qtbot: QtBot, db: Database, panel: StaffPanel) -> None:
    dialog = open_add(qtbot, panel, NEW)
    dialog.role.setCurrentIndex(dialog.role.findData(Role.DSL))
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.save_button)
    assert "sam" in usernames(panel)
    chosen = panel.selected()
    assert chosen is not None and chosen.username == "sam" and chosen.role is Role.DSL
    assert panel.message.text() == "Sam Okafor (sam) was added."
    assert authenticate(db, "sam", NEW["password"]).role is Role.DSL


def test_the_director_cannot_disable_themselves(qtbot: QtBot, panel: StaffPanel) -> None:
    select(panel, "director")
    click(qtbot, panel.disable_button)
    box = panel.dialog
    assert isinstance(box, Confirmation) and "Dana Director" in box.text()
    click(qtbot, box.confirm_button)
    assert "You cannot disable your own account." in panel.message.text()
    row = panel.model.row_of("director")
    assert row is not None and panel.model.index(row, STATUS).data() == "Active"


def test_cancelling_disable_changes_nothing(qtbot: QtBot, db: Database, panel: StaffPanel) -> None:
    select(panel, "tutor1")
    click(qtbot, panel.disable_button)
    assert isinstance(panel.dialog, Confirmation)
    click(qtbot, panel.dialog.cancel_button)
    assert authenticate(db, "tutor1", PASSWORD).username == "tutor1"


def test_disabling_an_account_stops_it_signing_in(
    qtbot: QtBot, db: Database, panel: StaffPanel
) -> None:
    select(panel, "tutor1")
    click(qtbot, panel.disable_button)
    assert isinstance(panel.dialog, Confirmation)
    click(qtbot, panel.dialog.confirm_button)
    row = panel.model.row_of("tutor1")
    assert row is not None and panel.model.index(row, STATUS).data() == "Disabled"
    assert not panel.disable_button.isEnabled()  # already disabled
    with pytest.raises(AuthenticationFailed):
        authenticate(db, "tutor1", PASSWORD)


def open_reset(qtbot: QtBot, panel: StaffPanel, password: str, again: str) -> ResetPasswordDialog:
    select(panel, "tutor1")
    click(qtbot, panel.reset_button)
    dialog = panel.dialog
    assert isinstance(dialog, ResetPasswordDialog) and "A tutor" in dialog.windowTitle()
    qtbot.keyClicks(dialog.form.edits["password"], password)
    qtbot.keyClicks(dialog.form.edits["confirm"], again)
    click(qtbot, dialog.save_button)
    return dialog


def test_a_short_reset_password_is_refused(qtbot: QtBot, db: Database, panel: StaffPanel) -> None:
    dialog = open_reset(qtbot, panel, "short", "short")
    assert errors(dialog) == {"password": "Password must be at least 8 characters."}
    assert authenticate(db, "tutor1", PASSWORD).username == "tutor1"


def test_resetting_a_password(qtbot: QtBot, db: Database, panel: StaffPanel) -> None:
    dialog = open_reset(qtbot, panel, "a new password now", "a new password now")
    assert dialog.result() == dialog.DialogCode.Accepted
    assert panel.message.text() == "A tutor (tutor1) was given a new password."
    assert authenticate(db, "tutor1", "a new password now").username == "tutor1"


def test_a_staff_change_made_elsewhere_is_listed_at_once(
    db: Database, context: AppContext, panel: StaffPanel
) -> None:
    add_staff(db, context.user, "sam", "Sam Okafor", "Tutor", Role.TUTOR, NEW["password"])
    assert "sam" not in usernames(panel)  # nobody said yet
    context.changes.announce(Change.of(Kind.STAFF))
    assert "sam" in usernames(panel)


def test_a_staff_change_while_hidden_is_listed_when_shown(
    db: Database, context: AppContext, page: SettingsPage, panel: StaffPanel
) -> None:
    page.show_tab("Your password")
    assert not panel.isVisible()
    add_staff(db, context.user, "sam", "Sam Okafor", "Tutor", Role.TUTOR, NEW["password"])
    context.changes.announce(Change.of(Kind.SETTINGS), Change.of(Kind.STAFF))
    assert panel.refresher.stale and "sam" not in usernames(panel)
    page.show_tab("Staff")
    assert "sam" in usernames(panel) and not panel.refresher.stale


def test_adding_announces_a_staff_change(
    qtbot: QtBot, context: AppContext, panel: StaffPanel
) -> None:
    heard: list[Change] = []
    context.changes.sig_staff_changed.connect(heard.append)
    dialog = open_add(qtbot, panel, NEW)
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.save_button)
    assert heard == [Change.of(Kind.STAFF)]


def test_model_tester_on_the_staff_model(qtmodeltester: object) -> None:
    model = StaffModel()
    model.set_rows(
        [
            StaffSummary("jo", "Jo Adeyemi", "Director", Role.DIRECTOR, True, False),
            StaffSummary("sam", "Sam Okafor", "Tutor", Role.TUTOR, False, False),
            StaffSummary("kim", "Kim Lee", "Tutor", Role.TUTOR, True, True),
        ]
    )
    assert [model.index(r, STATUS).data() for r in range(3)] == [
        "Active",
        "Disabled",
        "Locked (too many failed sign-ins)",
    ]
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_editing_a_member_of_staff_through_the_dialog(
    qtbot: QtBot, db: Database, panel: StaffPanel
) -> None:
    from desktop_app.views.settings.staff_edit import EditStaffDialog

    select(panel, "tutor1")
    click(qtbot, panel.edit_button)
    dialog = panel.dialog
    assert isinstance(dialog, EditStaffDialog) and dialog.isVisible()
    dialog.form.edits["position"].clear()
    click(qtbot, dialog.save_button)
    assert dialog.form.errors["position"].isVisible()
    qtbot.keyClicks(dialog.form.edits["position"], "Tutor, Kestrel")
    dialog.must_change.setChecked(True)
    click(qtbot, dialog.save_button)
    assert panel.message.text() == "A tutor (tutor1) was changed."
    user = authenticate(db, "tutor1", PASSWORD)
    assert user.position == "Tutor, Kestrel" and user.must_change_password
