"""The learner panel's Contacts tab: emergency contacts, commissioner, professionals and places,
filled in through the real dialogs against a real database, with every problem shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.contacts import ContactDetails, add_contact, remove_contact
from desktop_app.services.learner_panel import LearnerPanel, learner_panel
from desktop_app.services.learner_records import LearnerDetails, add_learner
from desktop_app.views.common.confirm import Confirmation
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.contact_dialogs import (
    CommissionerDialog,
    ContactDialog,
    PlaceDialog,
    ProfessionalDialog,
    RecordDialog,
)
from desktop_app.views.learners.contacts_tab import ContactsTab
from tests.ui.settings_helpers import click, shown

TODAY = date(2025, 10, 16)
NOW = datetime(2025, 10, 16, 15, 0)
JANE = {"name": "Jane Ahmed", "relationship": "Mother", "mobile": "07911 123123"}
EDIT_BUTTONS = {"Add contact…", "Add professional…", "Add place or person…", "Edit…", "Remove…"}
EDIT_BUTTONS |= {"Move up", "Move down", "Edit contact…"}
RELATION_MISSING = "Enter how the contact is related to the learner."


def changed(tab: Any) -> SignalInstance:
    """The change-bus signal the tab's saves announce on (the panel listens to it)."""
    signal: SignalInstance = tab._ctx.changes.sig_contacts_changed
    return signal


@pytest.fixture
def learner(db: Database, director: StaffUser, autumn: tuple[date, date]) -> int:
    details = LearnerDetails(
        make_upn("820300000001"),
        "Ahmed",
        "Ann",
        date(2011, 5, 1),
        date(2025, 9, 3),
        commissioner="Northgate Academy",
    )
    return add_learner(db, director, details, TODAY)


def add(db: Database, user: StaffUser, learner: int, name: str, mobile: str) -> int:
    details = ContactDetails(name, "Aunt", mobile=mobile, landline="0113 496 0001")
    return add_contact(db, user, learner, details)


def panel(db: Database, user: StaffUser, learner: int) -> LearnerPanel:
    return learner_panel(db, user, learner, TODAY)


def open_tab(qtbot: QtBot, db: Database, user: StaffUser, learner: int) -> ContactsTab:
    """The tab as the learner panel holds it: reloaded from the services when it changes."""
    tab = ContactsTab(AppContext(db, user, "Test", "/x", lambda: NOW), panel(db, user, learner))
    changed(tab).connect(lambda: tab.show_panel(panel(db, user, learner)))
    tab.resize(900, 700)
    return shown(qtbot, tab)


def names(db: Database, user: StaffUser, learner: int) -> list[str]:
    return [c.name for c in panel(db, user, learner).contacts]


def titles(tab: ContactsTab) -> list[str]:
    return [card.title.text() for card in tab.contacts.cards]


def errors(dialog: RecordDialog) -> dict[str, str]:
    found = {k: label.text() for k, label in dialog.form.errors.items() if label.isVisible()}
    if dialog.form.form_error.isVisible():
        found["form"] = dialog.form.form_error.text()
    return found


def opened(tab: ContactsTab, kind: type[RecordDialog]) -> RecordDialog:
    dialog = tab.dialog
    assert isinstance(dialog, kind) and dialog.isVisible()
    return dialog


def fill(qtbot: QtBot, dialog: RecordDialog, values: dict[str, str]) -> None:
    for key, text in values.items():
        dialog.form.edits[key].clear()
        qtbot.keyClicks(dialog.form.edits[key], text)


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its box (its centre may be empty space in a wide form)."""
    assert box.isVisible() and box.isEnabled()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def visible_buttons(tab: ContactsTab) -> set[str]:
    return {b.text() for b in tab.findChildren(QPushButton) if b.isVisible()}


def test_adding_a_contact_through_the_dialog(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    assert tab.contacts.add_button is not None
    click(qtbot, tab.contacts.add_button)
    dialog = opened(tab, ContactDialog)
    assert isinstance(dialog, ContactDialog)
    fill(qtbot, dialog, {**JANE, "email": "jane@example.org"})
    tick(qtbot, dialog.parental_responsibility)
    qtbot.keyClicks(dialog.notes, "Works nights; text first")
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    saved = panel(db, director, learner).contacts
    assert [(c.name, c.relationship, c.phones, c.email) for c in saved] == [
        ("Jane Ahmed", "Mother", [("Mobile", "07911 123123")], "jane@example.org")
    ]
    assert saved[0].parental_responsibility and saved[0].may_collect
    assert saved[0].notes == "Works nights; text first"
    assert titles(tab) == ["1. Jane Ahmed (Mother)"]
    assert tab.status.text() == "Saved."


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {},
            {
                "name": "Enter the contact's name.",
                "relationship": RELATION_MISSING,
                "mobile": "Enter at least one phone number.",
            },
        ),
        ({**JANE, "name": ""}, {"name": "Enter the contact's name."}),
        ({**JANE, "relationship": ""}, {"relationship": RELATION_MISSING}),
        ({**JANE, "mobile": ""}, {"mobile": "Enter at least one phone number."}),
        (
            {**JANE, "mobile": "0770090012"},
            {
                "mobile": "Mobile: '0770090012' is not a valid UK number: check the digits "
                "(a mobile is 07 and 9 more digits)."
            },
        ),
        ({**JANE, "mobile": "hello"}, {"mobile": "Mobile: 'hello' is not a phone number."}),
        ({**JANE, "landline": "hello"}, {"landline": "Home phone: 'hello' is not a phone number."}),
        (
            {**JANE, "work_phone": "123"},
            {"work_phone": "Work: '123' is not a valid UK number: check the digits."},
        ),
        (
            {**JANE, "email": "jane.example.com"},
            {"email": "'jane.example.com' is not an email address."},
        ),
        (
            {**JANE, "email": "jane @example.com"},
            {"email": "'jane @example.com' is not an email address."},
        ),
    ],
)
def test_bad_contact_details_are_shown_and_nothing_is_saved(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    learner: int,
    values: dict[str, str],
    expected: dict[str, str],
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    assert tab.contacts.add_button is not None
    click(qtbot, tab.contacts.add_button)
    dialog = opened(tab, ContactDialog)
    fill(qtbot, dialog, values)
    click(qtbot, dialog.save_button)
    assert errors(dialog) == expected
    assert dialog.isVisible()
    for key in expected:
        assert dialog.form.edits[key].property("invalid") is True
    assert names(db, director, learner) == []
    assert titles(tab) == []


def test_editing_a_contact_starts_from_what_is_stored(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    add(db, director, learner, "Rita Ahmed", "07911 123123")
    tab = open_tab(qtbot, db, director, learner)
    click(qtbot, tab.contacts.cards[0].buttons["edit"])
    dialog = opened(tab, ContactDialog)
    assert isinstance(dialog, ContactDialog)
    assert (dialog.name.text(), dialog.relationship.text()) == ("Rita Ahmed", "Aunt")
    assert (dialog.mobile.text(), dialog.landline.text()) == ("07911 123123", "0113 496 0001")
    fill(qtbot, dialog, {"relationship": "Stepmother", "mobile": "0770090012"})
    click(qtbot, dialog.save_button)
    assert set(errors(dialog)) == {"mobile"}
    assert panel(db, director, learner).contacts[0].relationship == "Aunt"
    fill(qtbot, dialog, {"mobile": "07911 123999"})
    tick(qtbot, dialog.may_collect)
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, dialog.save_button)
    stored = panel(db, director, learner).contacts[0]
    assert (stored.relationship, stored.may_collect) == ("Stepmother", False)
    assert stored.phones == [("Mobile", "07911 123999"), ("Home", "0113 496 0001")]
    assert titles(tab) == ["1. Rita Ahmed (Stepmother)"]
    markers = [label.text() for label in tab.contacts.cards[0].findChildren(QLabel)]
    assert "NOT to collect" in markers and "May collect" not in markers


def test_removing_a_contact_asks_first(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    add(db, director, learner, "Rita Ahmed", "07911 123123")
    add(db, director, learner, "Sam Ahmed", "07911 123456")
    tab = open_tab(qtbot, db, director, learner)
    click(qtbot, tab.contacts.cards[0].buttons["remove"])
    box = tab.dialog
    assert isinstance(box, Confirmation) and "Rita Ahmed" in box.text()
    click(qtbot, box.cancel_button)
    assert names(db, director, learner) == ["Rita Ahmed", "Sam Ahmed"]
    click(qtbot, tab.contacts.cards[0].buttons["remove"])
    box = tab.dialog
    assert isinstance(box, Confirmation)
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, box.confirm_button)
    assert names(db, director, learner) == ["Sam Ahmed"]
    assert titles(tab) == ["1. Sam Ahmed (Aunt)"]
    assert tab.status.text() == "Removed Rita Ahmed."


def test_reordering_contacts(qtbot: QtBot, db: Database, director: StaffUser, learner: int) -> None:
    for name, mobile in (
        ("Rita", "07911 123001"),
        ("Sam", "07911 123002"),
        ("Tom", "07911 123003"),
    ):
        add(db, director, learner, name, mobile)
    tab = open_tab(qtbot, db, director, learner)
    first, last = tab.contacts.cards[0], tab.contacts.cards[-1]
    assert not first.buttons["up"].isEnabled() and not last.buttons["down"].isEnabled()
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, first.buttons["down"])
    assert names(db, director, learner) == ["Sam", "Rita", "Tom"]
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, tab.contacts.cards[2].buttons["up"])
    assert names(db, director, learner) == ["Sam", "Tom", "Rita"]
    assert titles(tab) == ["1. Sam (Aunt)", "2. Tom (Aunt)", "3. Rita (Aunt)"]


def test_a_change_made_elsewhere_is_reported_and_nothing_is_changed(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    first = add(db, director, learner, "Rita", "07911 123001")
    add(db, director, learner, "Sam", "07911 123002")
    tab = open_tab(qtbot, db, director, learner)
    remove_contact(db, director, first)  # someone else, at another PC
    click(qtbot, tab.contacts.cards[0].buttons["down"])
    assert tab.status.text() == (
        "Nothing was changed: The contacts changed while you were reordering them; "
        "reopen the learner."
    )
    assert tab.status.objectName() == "formError"
    assert names(db, director, learner) == ["Sam"]


def test_copy_puts_the_number_as_shown_on_the_clipboard(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    add(db, director, learner, "Rita Ahmed", "+447911123123")
    tab = open_tab(qtbot, db, director, learner)
    QGuiApplication.clipboard().setText("something else")
    mobile, home = tab.contacts.cards[0].copy_buttons
    click(qtbot, home)
    assert QGuiApplication.clipboard().text() == "0113 496 0001"
    click(qtbot, mobile)
    assert QGuiApplication.clipboard().text() == "07911 123123"
    assert mobile.text() == "Copied" and home.text() == "Copied"
    assert tab.status.text() == "Copied Rita Ahmed's mobile number: 07911 123123"
    qtbot.waitUntil(lambda: mobile.text() == "Copy", timeout=5000)


def test_the_warning_shows_with_fewer_than_two_contacts(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    assert tab.warning.isVisible()
    assert tab.warning.text().startswith("No emergency contacts: at least 2 are needed")
    add(db, director, learner, "Rita Ahmed", "07911 123123")
    tab.show_panel(panel(db, director, learner))
    assert tab.warning.isVisible()
    assert tab.warning.text().startswith("Only one emergency contact: at least 2 are needed")
    add(db, director, learner, "Sam Ahmed", "07911 123456")
    tab.show_panel(panel(db, director, learner))
    assert not tab.warning.isVisible()


def test_a_tutor_sees_contacts_but_cannot_change_them_nor_see_professionals(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    learner: int,
    make_staff: Callable[[Role], StaffUser],
) -> None:
    add(db, director, learner, "Rita Ahmed", "07911 123123")
    tab = open_tab(qtbot, db, make_staff(Role.TUTOR), learner)
    assert titles(tab) == ["1. Rita Ahmed (Aunt)"]
    assert visible_buttons(tab) == {"Copy"}
    assert not tab.professionals.isVisible() and tab.places.isVisible()
    assert tab.contacts.cards[0].buttons == {}


def test_an_officer_may_change_contacts_and_sees_professionals(
    qtbot: QtBot, db: Database, learner: int, make_staff: Callable[[Role], StaffUser]
) -> None:
    tab = open_tab(qtbot, db, make_staff(Role.ATTENDANCE_OFFICER), learner)
    assert tab.professionals.isVisible()
    assert {"Add contact…", "Add professional…", "Edit contact…"} <= visible_buttons(tab)
    assert visible_buttons(tab) - {"Copy"} <= EDIT_BUTTONS


def test_adding_a_professional(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    assert tab.professionals.add_button is not None
    click(qtbot, tab.professionals.add_button)
    dialog = opened(tab, ProfessionalDialog)
    assert isinstance(dialog, ProfessionalDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("ewo"))
    fill(qtbot, dialog, {"name": "", "phone": "hello", "email": "nobody"})
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {
        "name": "Enter the professional's name.",
        "phone": "Phone: 'hello' is not a phone number.",
        "email": "'nobody' is not an email address.",
    }
    assert panel(db, director, learner).professionals == []
    fill(qtbot, dialog, {"name": "Kim Lee", "organisation": "Leeds EWS", "phone": "0113 496 0500"})
    fill(qtbot, dialog, {"email": "kim@example.org"})
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, dialog.save_button)
    found = panel(db, director, learner).professionals or []
    assert [(p.kind, p.name, p.phone) for p in found] == [("ewo", "Kim Lee", "0113 496 0500")]
    titles_now = [card.title.text() for card in tab.professionals.cards]
    assert titles_now == ["Education welfare officer (EWO): Kim Lee, Leeds EWS"]
    click(qtbot, tab.professionals.cards[0].buttons["edit"])
    editing = opened(tab, ProfessionalDialog)
    assert isinstance(editing, ProfessionalDialog) and editing.kind.currentData() == "ewo"


def test_adding_and_removing_a_place_they_may_go(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    assert tab.places.add_button is not None and tab.places.empty.isVisible()
    click(qtbot, tab.places.add_button)
    dialog = opened(tab, PlaceDialog)
    assert isinstance(dialog, PlaceDialog)
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {"name": "Enter the place or the person's name."}
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
    fill(qtbot, dialog, {"name": "Cousin Dean"})
    qtbot.keyClicks(dialog.detail, "Harehills; knows the family")
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, dialog.save_button)
    places = panel(db, director, learner).places
    assert [(p.kind, p.name, p.detail) for p in places] == [
        ("person", "Cousin Dean", "Harehills; knows the family")
    ]
    assert [card.title.text() for card in tab.places.cards] == ["Person: Cousin Dean"]
    click(qtbot, tab.places.cards[0].buttons["remove"])
    box = tab.dialog
    assert isinstance(box, Confirmation)
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, box.confirm_button)
    assert panel(db, director, learner).places == []


def test_editing_the_commissioners_contact(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    assert [card.title.text() for card in tab.commissioner.cards] == ["Northgate Academy"]
    click(qtbot, tab.commissioner.cards[0].buttons["edit"])
    dialog = opened(tab, CommissionerDialog)
    fill(qtbot, dialog, {"contact_name": "Ms R. Osei", "email": "r osei", "phone": "0770090012"})
    click(qtbot, dialog.save_button)
    assert set(errors(dialog)) == {"email", "phone"}
    assert errors(dialog)["email"] == "'r osei' is not an email address."
    fill(qtbot, dialog, {"email": "osei@northgate.example.org", "phone": "0161 496 0102"})
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, dialog.save_button)
    info = panel(db, director, learner).header.commissioner
    assert info is not None
    assert (info.contact_name, info.email, info.phone) == (
        "Ms R. Osei",
        "osei@northgate.example.org",
        "0161 496 0102",
    )
    click(qtbot, tab.commissioner.cards[0].copy_buttons[0])
    assert QGuiApplication.clipboard().text() == "0161 496 0102"
