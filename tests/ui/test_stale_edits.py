"""A dialog whose record someone else saved meanwhile: the save is refused, the newer values are
loaded into the form and the form line says who changed it and when (issue 16 point 3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.contacts import (
    ContactDetails,
    add_contact,
    stored_contact,
    update_contact,
)
from desktop_app.services.learner_panel import learner_panel
from desktop_app.services.learner_records import LearnerDetails, add_learner
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.contact_dialogs import ContactDialog
from tests.ui.settings_helpers import click, shown

TODAY = date(2025, 9, 10)
MUM = ContactDetails("Mary Ahmed", "Mother", mobile="07911 123456")


@pytest.fixture
def learner(db: Database, director: StaffUser) -> int:
    details = LearnerDetails(
        make_upn("820300000001"), "Ahmed", "Ann", date(2011, 5, 1), date(2025, 9, 3)
    )
    return add_learner(db, director, details, TODAY)


def test_a_contact_saved_by_someone_else_meanwhile_is_reloaded_not_overwritten(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    make_staff: Callable[[Role], StaffUser],
    learner: int,
) -> None:
    contact = add_contact(db, director, learner, MUM)
    shown_contact = learner_panel(db, director, learner, TODAY).contacts[0]
    ctx = AppContext(db, director, "Test", "/x", lambda: datetime(2025, 9, 10, 9, 5))
    dialog = shown(qtbot, ContactDialog(ctx, learner, shown_contact))
    other = make_staff(Role.ATTENDANCE_OFFICER)  # on another PC, saves first
    update_contact(db, other, contact, replace(MUM, notes="Works nights"), shown_contact.version)
    dialog.name.setText("Mary Ahmed-Khan")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    line = dialog.form.form_error.text()
    assert f"changed by {other.full_name} at " in line and "nothing was written" in line
    assert (dialog.name.text(), dialog.notes.toPlainText()) == ("Mary Ahmed", "Works nights")
    assert stored_contact(db, director, contact)[0].notes == "Works nights"
    dialog.name.setText("Mary Ahmed-Khan")  # made again on the newer version: saved
    click(qtbot, dialog.save_button)
    now = stored_contact(db, director, contact)[0]
    assert (now.name, now.notes) == ("Mary Ahmed-Khan", "Works nights")
