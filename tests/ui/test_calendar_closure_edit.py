"""The Calendar page's "Edit…" for a closure: by keyboard, refusals under the field, stale."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.domain.calendar import Closure
from desktop_app.domain.calendar_year import DayState
from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.models import Amendment, AuditEntry, Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_closure, add_term, list_calendar
from desktop_app.services.calendar_edit import edit_closure
from desktop_app.services.marking import record_mark
from desktop_app.views.calendar.dialogs import ClosureDialog
from desktop_app.views.calendar.page import CalendarPage
from desktop_app.views.common.context import AppContext

MON, TUE = date(2025, 9, 8), date(2025, 9, 9)


@pytest.fixture
def page(qtbot: QtBot, context: AppContext, db: Database, director: StaffUser) -> CalendarPage:
    """The page on 10 September 2025 with a term and a whole-day closure on Monday."""
    add_term(db, director, "Autumn 1", date(2025, 9, 3), date(2025, 10, 24), date(2025, 9, 10))
    add_closure(db, director, MON, None, "INSET")
    shown = CalendarPage(dataclasses.replace(context, clock=lambda: datetime(2025, 9, 10, 10)))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    return shown


def open_by_keyboard(qtbot: QtBot, page: CalendarPage) -> ClosureDialog:
    """Focus the closures list, choose the first, press Enter: the dialog opens prefilled."""
    page.closures.setFocus()
    page.closures.setCurrentRow(0)
    qtbot.keyClick(page.closures, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, ClosureDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def written(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_enter_on_a_closure_opens_it_prefilled_and_a_keyboard_edit_saves_it(
    qtbot: QtBot, page: CalendarPage, db: Database, director: StaffUser
) -> None:
    dialog = open_by_keyboard(qtbot, page)
    assert dialog.windowTitle() == "Change closure"
    assert (dialog.day.date(), dialog.session.currentIndex()) == (QDate(2025, 9, 8), 0)
    assert dialog.reason.text() == "INSET" and dialog.reason.hasFocus()
    qtbot.keyClicks(dialog.reason, "INSET: first aid")  # replaces the selected text
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # the &Closed label
    assert dialog.session.hasFocus()
    qtbot.keyClick(dialog.session, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.session, Qt.Key.Key_Down)  # the afternoon only
    with qtbot.waitSignal(page._context.changes.sig_calendar_changed):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert list_calendar(db, director).closures == [Closure(MON, Session.PM, "INSET: first aid")]
    qtbot.waitUntil(lambda: page.grid.month_of(MON).states[MON] is DayState.CLOSED_PM)
    assert "(PM): INSET: first aid" in page.closures.item(0).text()


def test_escape_cancels_and_double_click_and_the_button_open_it_too(
    qtbot: QtBot, page: CalendarPage, db: Database
) -> None:
    before = written(db)
    dialog = open_by_keyboard(qtbot, page)
    qtbot.keyClicks(dialog.reason, "Never saved")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and written(db) == before
    assert page.edit_closure_button.text() == "&Edit…"
    qtbot.mouseClick(page.edit_closure_button, Qt.MouseButton.LeftButton)
    assert isinstance(page.dialog, ClosureDialog) and page.dialog is not dialog
    page.dialog.reject()
    item = page.closures.item(0)
    where = page.closures.visualItemRect(item).center()
    qtbot.mouseClick(page.closures.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(page.closures.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert isinstance(page.dialog, ClosureDialog) and page.dialog.isVisible()


def test_a_day_outside_the_term_is_refused_under_the_day_with_nothing_written(
    qtbot: QtBot, page: CalendarPage, db: Database
) -> None:
    before = written(db)
    dialog = open_by_keyboard(qtbot, page)
    dialog.day.setDate(QDate(2025, 9, 13))  # a Saturday
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "not a weekday inside a term" in dialog.form.errors["date"].text()
    assert written(db) == before


def test_newly_closed_marked_session_asks_once_and_replaces_only_it(
    qtbot: QtBot, page: CalendarPage, db: Database, director: StaffUser
) -> None:
    with db.transaction() as session:
        learner = Learner(upn="E820300000001", surname="A", forename="B",
                          date_of_birth=date(2011, 1, 1), start_date=date(2025, 9, 3))  # fmt: skip
        session.add(learner)
        session.flush()
        ann = learner.id
    record_mark(db, director, ann, TUE, Session.AM, "/", datetime(2025, 9, 9, 9, 5))
    record_mark(db, director, ann, TUE, Session.PM, "N", datetime(2025, 9, 9, 13, 5))
    asked: list[str] = []
    page.ask_marks = lambda text: asked.append(text) or "replace"
    dialog = open_by_keyboard(qtbot, page)
    dialog.day.setDate(QDate(2025, 9, 9))
    dialog.session.setCurrentIndex(1)  # the morning only
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert asked == ["1 mark is already recorded for the AM session: keep them, or replace "
                     "them with # as amendments."]  # fmt: skip
    assert not dialog.isVisible()
    with db.reading() as session:
        amended = session.scalars(select(Amendment)).one()
        assert (amended.original_code, amended.amended_code) == ("/", "#")


def test_a_closure_changed_by_another_director_meanwhile_is_refused_and_reloaded(
    qtbot: QtBot,
    page: CalendarPage,
    db: Database,
    make_staff: Callable[[Role], StaffUser],
) -> None:
    dialog = open_by_keyboard(qtbot, page)
    edit_closure(
        db, make_staff(Role.DIRECTOR), MON, None, Closure(MON, None, "Snow"), None, "INSET"
    )
    before = written(db)
    qtbot.keyClicks(dialog.reason, "Mine")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and written(db) == before
    assert "changed by A director at" in dialog.form.form_error.text()
    assert dialog.reason.text() == "Snow"  # the newer closure is shown, to change again
    assert "Snow" in page.closures.item(0).text()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
