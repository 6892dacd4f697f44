"""The learner panel's Contact log tab: what an absence is owed, and logging a contact through
the dialog, with every problem shown and nothing saved until the whole form is right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt, SignalInstance
from pytestqt.qtbot import QtBot

from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.domain.rag import Rating
from desktop_app.domain.upn import make_upn
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.contact_log import contact_history, log_contact
from desktop_app.services.contacts import ContactDetails, add_contact
from desktop_app.services.learner_panel import LearnerPanel, learner_panel
from desktop_app.services.learner_records import LearnerDetails, add_learner
from desktop_app.services.marking import record_mark
from desktop_app.services.rag import set_factor
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.log_dialog import LogContactDialog, to_qt
from desktop_app.views.learners.log_tab import NOT_FOR_YOU, WHEN, ContactLogTab
from tests.ui.settings_helpers import click, shown

TODAY = date(2025, 10, 16)  # a Thursday
NOW = datetime(2025, 10, 16, 15, 0)
ABSENT = [date(2025, 10, 13), date(2025, 10, 14), date(2025, 10, 15), TODAY]  # Monday on
SEEN_WITH_A_CALL = "'Learner seen: safe and well' needs a home visit or a video call"


def changed(tab: Any) -> SignalInstance:
    """The change-bus signal the tab's saves announce on (the panel listens to it)."""
    signal: SignalInstance = tab._ctx.changes.sig_contacts_changed
    return signal


@pytest.fixture
def learner(db: Database, director: StaffUser, autumn: tuple[date, date]) -> int:
    details = LearnerDetails(
        make_upn("820300000001"), "Ahmed", "Ann", date(2011, 5, 1), date(2025, 9, 3)
    )
    learner_id = add_learner(db, director, details, TODAY)
    for name, mobile in (("Jane Ahmed", "07911 123123"), ("Omar Ahmed", "07911 123456")):
        add_contact(db, director, learner_id, ContactDetails(name, "Parent", mobile=mobile))
    return learner_id


@pytest.fixture
def absent_amber(db: Database, director: StaffUser, learner: int) -> int:
    """Ann has a family concern (AMBER); present on Friday, absent (N) since Monday."""
    set_factor(db, director, learner, "family_concern", date(2025, 9, 10), today=TODAY)
    friday = date(2025, 10, 10)
    record_mark(db, director, learner, friday, Session.AM, "/", datetime.combine(friday, time(9)))
    for day in ABSENT:
        record_mark(db, director, learner, day, Session.AM, "N", datetime.combine(day, time(9)))
    return learner


def panel(db: Database, user: StaffUser, learner: int) -> LearnerPanel:
    return learner_panel(db, user, learner, TODAY)


def open_tab(
    qtbot: QtBot,
    db: Database,
    user: StaffUser,
    learner: int,
    clock: Callable[[], datetime] = lambda: NOW,
) -> ContactLogTab:
    """The tab as the learner panel holds it: reloaded from the services when it changes."""
    tab = ContactLogTab(AppContext(db, user, "Test", "/x", clock), panel(db, user, learner))
    changed(tab).connect(lambda: tab.show_panel(panel(db, user, learner)))
    tab.resize(900, 600)
    return shown(qtbot, tab)


def owed(tab: ContactLogTab) -> list[str]:
    return [label.text() for label in tab.owed]


def open_dialog(qtbot: QtBot, tab: ContactLogTab) -> LogContactDialog:
    click(qtbot, tab.log_button)
    dialog = tab.dialog
    assert isinstance(dialog, LogContactDialog) and dialog.isVisible()
    return dialog


def choose(dialog: LogContactDialog, method: str, with_whom: int | None, outcome: str) -> None:
    dialog.method.setCurrentIndex(dialog.method.findData(method))
    if with_whom is not None:
        dialog.with_whom.setCurrentIndex(with_whom)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(outcome))


def errors(dialog: LogContactDialog) -> dict[str, str]:
    found = {k: label.text() for k, label in dialog.form.errors.items() if label.isVisible()}
    if dialog.form.form_error.isVisible():
        found["form"] = dialog.form.form_error.text()
    return found


def outcomes(dialog: LogContactDialog) -> list[str]:
    return [dialog.outcome.itemData(i) for i in range(dialog.outcome.count())]


def rows(tab: ContactLogTab) -> list[list[str]]:
    model = tab.table.model()
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_an_absent_amber_learner_is_owed_a_visit_and_a_safe_and_well_check(
    qtbot: QtBot, db: Database, director: StaffUser, absent_amber: int
) -> None:
    tab = open_tab(qtbot, db, director, absent_amber)
    assert panel(db, director, absent_amber).rag.result.rating is Rating.AMBER
    assert owed(tab) == [
        "Absent since Mon 13 Oct (4 school days)",
        "Next face-to-face contact (home visit or video call) due: Wed 15 Oct — overdue",
        "No contact from home yet: safe-and-well check due by Wed 15 Oct — overdue",
    ]
    assert [label.objectName() for label in tab.owed] == ["", "fieldError", "fieldError"]
    assert tab.rhythm.text() == (
        "Rated AMBER: face-to-face contact is due every 3rd school day of an absence."
    )


def test_a_learner_who_is_not_absent_is_owed_nothing(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    assert owed(tab) == ["Not absent: nothing due."]
    assert tab.rhythm.text() == (
        "Rated GREEN: face-to-face contact is due every 5th school day of an absence."
    )


def test_logging_a_home_visit_through_the_dialog(
    qtbot: QtBot, db: Database, director: StaffUser, absent_amber: int
) -> None:
    tab = open_tab(qtbot, db, director, absent_amber)
    dialog = open_dialog(qtbot, tab)
    assert dialog.when.dateTime() == to_qt(NOW)
    people = [dialog.with_whom.itemText(i) for i in range(dialog.with_whom.count())]
    assert people == ["Jane Ahmed (Parent)", "Omar Ahmed (Parent)", "Learner", "Commissioner"]
    assert dialog.with_whom.currentText() == ""
    choose(dialog, "home_visit", 0, "seen_safe")
    qtbot.keyClicks(dialog.notes, "Ann at home with a cold; back Monday")
    qtbot.keyClicks(dialog.commissioner_note, "Seen at home, safe and well")
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    logged = contact_history(db, director, absent_amber)
    assert [(e.at, e.method, e.with_whom, e.outcome, e.staff) for e in logged] == [
        (NOW.astimezone(), "home_visit", "Jane Ahmed (Parent)", "seen_safe", director.full_name)
    ]
    assert logged[0].notes == "Ann at home with a cold; back Monday"
    assert logged[0].commissioner_note == "Seen at home, safe and well"
    assert rows(tab) == [
        [
            "Thu 16 Oct 2025  15:00",
            director.full_name,
            "Home visit",
            "Jane Ahmed (Parent)",
            "Learner seen: safe and well",
            "Ann at home with a cold; back Monday",
            "Seen at home, safe and well",
        ]
    ]
    # Seen today: the next visit is three school days on, and the check is done.
    assert owed(tab) == [
        "Absent since Mon 13 Oct (4 school days)",
        "Next face-to-face contact (home visit or video call) due: Tue 21 Oct",
    ]
    assert tab.status.text() == "Contact logged."


def test_a_name_can_be_typed_and_an_earlier_time_chosen(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    dialog = open_dialog(qtbot, tab)
    earlier = NOW - timedelta(days=1, hours=6)
    dialog.when.setDateTime(to_qt(earlier))
    choose(dialog, "phone_call", None, "no_answer")
    qtbot.keyClicks(dialog.with_whom, "Aunt Rita")
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, dialog.save_button)
    logged = contact_history(db, director, learner)
    assert [(e.at, e.with_whom, e.outcome) for e in logged] == [
        (earlier.astimezone(), "Aunt Rita", "no_answer")
    ]


def test_seen_outcomes_are_only_offered_for_a_visit_or_video_call(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    dialog = open_dialog(qtbot, open_tab(qtbot, db, director, learner))
    choose(dialog, "phone_call", 0, "spoke")
    assert outcomes(dialog) == ["spoke", "replied", "no_answer", "message_left"]
    choose(dialog, "video_call", 0, "seen_concern")
    assert "seen_safe" in outcomes(dialog) and "not_seen" in outcomes(dialog)
    assert dialog.outcome.currentData() == "seen_concern"
    choose(dialog, "home_visit", 0, "no_answer")  # a kept outcome survives a change of method
    dialog.method.setCurrentIndex(dialog.method.findData("text"))
    assert dialog.outcome.currentData() == "no_answer" and errors(dialog) == {}


def test_learner_seen_with_a_phone_call_is_refused_with_its_message(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    dialog = open_dialog(qtbot, tab)
    choose(dialog, "home_visit", 0, "seen_safe")
    dialog.method.setCurrentIndex(dialog.method.findData("phone_call"))
    assert errors(dialog) == {"outcome": f"{SEEN_WITH_A_CALL}: choose another outcome."}
    assert dialog.outcome.currentIndex() == -1 and "seen_safe" not in outcomes(dialog)
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {"outcome": "Choose what came of the contact."}
    assert dialog.isVisible() and contact_history(db, director, learner) == []


def test_who_it_was_with_is_required(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = open_tab(qtbot, db, director, learner)
    dialog = open_dialog(qtbot, tab)
    dialog.method.setCurrentIndex(dialog.method.findData("text"))
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {
        "with_whom": "Say who the contact was with.",
        "outcome": "Choose what came of the contact.",
    }
    assert dialog.isVisible() and contact_history(db, director, learner) == []


def test_a_future_time_cannot_be_chosen(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    dialog = open_dialog(qtbot, open_tab(qtbot, db, director, learner))
    dialog.when.setFocus()
    qtbot.keyClick(dialog.when, Qt.Key.Key_Up)  # a day later, were it allowed
    dialog.when.setDateTime(to_qt(NOW + timedelta(hours=2)))
    assert dialog.when.dateTime() == to_qt(NOW) == dialog.when.maximumDateTime()


def test_a_time_after_now_is_refused_by_the_log(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    """The PC's clock put back while the dialog was open: the time chosen is now in the future."""
    now = [NOW]
    tab = open_tab(qtbot, db, director, learner, lambda: now[-1])
    dialog = open_dialog(qtbot, tab)
    choose(dialog, "phone_call", 0, "spoke")
    now.append(NOW - timedelta(hours=1))
    click(qtbot, dialog.save_button)
    assert errors(dialog) == {"at": "The time of the contact is in the future."}
    assert dialog.isVisible() and contact_history(db, director, learner) == []


def test_the_log_is_newest_first_and_sortable(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    for hours, who in ((30, "Learner"), (2, "Jane Ahmed (Parent)"), (50, "Commissioner")):
        at = (NOW - timedelta(hours=hours)).astimezone()
        log_contact(db, director, learner, at, "phone_call", who, "spoke", now=NOW.astimezone())
    tab = open_tab(qtbot, db, director, learner)
    newest_first = ["Jane Ahmed (Parent)", "Learner", "Commissioner"]
    assert [row[3] for row in rows(tab)] == newest_first
    tab.table.sortByColumn(WHEN, Qt.SortOrder.AscendingOrder)
    assert [row[3] for row in rows(tab)] == newest_first[::-1]
    assert rows(tab)[0][0] == "Tue 14 Oct 2025  13:00"


def test_a_tutor_is_told_the_log_is_for_others(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    absent_amber: int,
    make_staff: Callable[[Role], StaffUser],
) -> None:
    log_contact(db, director, absent_amber, NOW.astimezone(), "text", "Learner", "replied")
    tutor = make_staff(Role.TUTOR)
    assert panel(db, tutor, absent_amber).log is None
    tab = open_tab(qtbot, db, tutor, absent_amber)
    assert not tab.log_button.isVisible() and not tab.table.isVisible()
    assert tab.note.isVisible() and tab.note.text() == NOT_FOR_YOU
    assert tab.model.rowCount() == 0
    assert owed(tab)[0] == "Absent since Mon 13 Oct (4 school days)"


def test_a_call_with_the_commissioner_is_not_contact_from_home(
    qtbot: QtBot, db: Database, director: StaffUser, absent_amber: int
) -> None:
    """Choosing who it was with sets whether it counts as contact from home; the commissioner
    does not, so the safe-and-well check stays due."""
    tab = open_tab(qtbot, db, director, absent_amber)
    dialog = open_dialog(qtbot, tab)
    dialog.with_whom.setCurrentIndex(3)  # Commissioner
    assert dialog.party.currentData() == "professional"
    dialog.with_whom.setCurrentIndex(2)  # Learner
    assert dialog.party.currentData() == "learner"
    dialog.with_whom.setCurrentIndex(0)  # an emergency contact
    assert dialog.party.currentData() == "family"
    choose(dialog, "phone_call", 3, "spoke")
    assert dialog.party.currentData() == "professional"
    with qtbot.waitSignal(changed(tab)):
        click(qtbot, dialog.save_button)
    assert [e.party for e in contact_history(db, director, absent_amber)] == ["professional"]
    assert any("safe-and-well" in line for line in owed(tab))
