"""The Calendar page: the year at a glance; terms, closures, term files and drafts through it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.domain.calendar_year import DayState
from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.models import Amendment, Learner, Term
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_term, list_calendar
from desktop_app.services.marking import record_mark
from desktop_app.views.calendar.dialogs import ClosureDialog, TermDialog, TermsPreview
from desktop_app.views.calendar.page import CalendarPage
from desktop_app.views.common.changes import Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.shell.main_window import MainWindow

MON = date(2025, 9, 8)


@pytest.fixture
def page(qtbot: QtBot, context: AppContext) -> CalendarPage:
    timed = dataclasses.replace(context, clock=lambda: datetime(2025, 9, 10, 10))
    shown = CalendarPage(timed)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def save(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def click_day(qtbot: QtBot, page: CalendarPage, day: date) -> None:
    month = page.grid.month_of(day)
    qtbot.mouseClick(month, Qt.MouseButton.LeftButton, pos=month.day_rect(day).center())


def test_a_term_added_through_the_dialog_colours_the_year(
    qtbot: QtBot, page: CalendarPage, db: Database, director: StaffUser
) -> None:
    assert page.title.text().startswith("2025/26")
    assert page.grid.month_of(MON).states[MON] is DayState.BREAK
    click_day(qtbot, page, date(2025, 9, 3))
    qtbot.mouseClick(page.add_term_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, TermDialog)
    assert dialog.start.date() == QDate(2025, 9, 3)  # the day chosen on the grid
    qtbot.keyClicks(dialog.name, "Autumn 1")
    dialog.end.setDate(QDate(2025, 10, 24))
    with qtbot.waitSignal(page._context.changes.sig_calendar_changed) as changed:
        save(qtbot, dialog.buttons)
    assert changed.args[0].kind is Kind.CALENDAR
    assert not dialog.isVisible()
    assert page.grid.month_of(MON).states[MON] is DayState.TERM
    assert page.terms.count() == 1 and "Autumn 1" in page.terms.item(0).text()


def test_an_overlapping_term_is_refused_under_its_field(
    qtbot: QtBot, page: CalendarPage, db: Database, director: StaffUser
) -> None:
    add_term(db, director, "Autumn 1", date(2025, 9, 3), date(2025, 10, 24), date(2025, 9, 10))
    qtbot.mouseClick(page.add_term_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, TermDialog)
    qtbot.keyClicks(dialog.name, "Extra")
    dialog.start.setDate(QDate(2025, 10, 1))
    dialog.end.setDate(QDate(2025, 10, 30))
    save(qtbot, dialog.buttons)
    assert dialog.isVisible()
    assert "Overlaps Autumn 1" in dialog.form.errors["dates"].text()
    assert len(list_calendar(db, director).terms) == 1


def test_a_closure_on_marked_day_asks_and_replaces_the_marks(
    qtbot: QtBot, page: CalendarPage, db: Database, director: StaffUser
) -> None:
    add_term(db, director, "Autumn 1", date(2025, 9, 3), date(2025, 10, 24), date(2025, 9, 10))
    with db.transaction() as session:
        learner = Learner(
            upn="E820300000001", surname="Ahmed", forename="Ann",
            date_of_birth=date(2011, 1, 1), start_date=date(2025, 9, 3),
        )  # fmt: skip
        session.add(learner)
        session.flush()
        ann = learner.id
    record_mark(db, director, ann, MON, Session.AM, "/", datetime(2025, 9, 8, 9, 5))
    page.refresh()
    asked: list[str] = []
    page.ask_marks = lambda text: asked.append(text) or "replace"
    click_day(qtbot, page, MON)
    qtbot.mouseClick(page.add_closure_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ClosureDialog)
    dialog.session.setCurrentIndex(1)  # the morning only
    qtbot.keyClicks(dialog.reason, "Boiler failure")
    save(qtbot, dialog.buttons)
    assert asked and "1 mark is already recorded for the AM session" in asked[0]
    assert page.grid.month_of(MON).states[MON] is DayState.CLOSED_AM
    with db.reading() as session:
        amended = session.scalars(select(Amendment)).one()
        assert (amended.amended_code, amended.reason) == ("#", "Closure: Boiler failure")
    page.closures.setCurrentRow(0)
    qtbot.mouseClick(page.remove_closure_button, Qt.MouseButton.LeftButton)
    assert page.grid.month_of(MON).states[MON] is DayState.TERM


def test_cancelling_the_marks_question_closes_nothing(
    qtbot: QtBot, page: CalendarPage, db: Database, director: StaffUser
) -> None:
    add_term(db, director, "Autumn 1", date(2025, 9, 3), date(2025, 10, 24), date(2025, 9, 10))
    with db.transaction() as session:
        born, started = date(2011, 1, 1), date(2025, 9, 3)
        session.add(Learner(upn="E820300000001", surname="A", forename="B",
                            date_of_birth=born, start_date=started))  # fmt: skip
    with db.reading() as session:
        ann = session.scalars(select(Learner.id)).one()
    record_mark(db, director, ann, MON, Session.PM, "N", datetime(2025, 9, 8, 13, 5))
    page.ask_marks = lambda text: None
    click_day(qtbot, page, MON)
    qtbot.mouseClick(page.add_closure_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ClosureDialog)
    qtbot.keyClicks(dialog.reason, "INSET")
    save(qtbot, dialog.buttons)
    assert dialog.isVisible() and list_calendar(db, director).closures == []


def test_a_file_of_term_dates_is_previewed_then_added_whole(
    qtbot: QtBot, page: CalendarPage, db: Database, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,start,end\nSpring 1,2026-01-05,2026-02-13\nSpring 2,2026-02-30,x\n")
    page.choose_file = lambda: str(bad)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    preview = page.dialog
    assert isinstance(preview, TermsPreview)
    problems = [preview.problems.item(i).text() for i in range(preview.problems.count())]
    assert problems[0].startswith("Row 3, start:") and problems[1].startswith("Row 3, end:")
    assert not preview.save_button.isEnabled()
    preview.reject()
    good = tmp_path / "la.csv"
    good.write_text(
        "name,start,end\nSpring 1,2026-01-05,2026-02-13\nSpring 2,2026-02-23,2026-03-27\n"
    )
    page.choose_file = lambda: str(good)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    preview = page.dialog
    assert isinstance(preview, TermsPreview) and preview.problems.count() == 0
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    with db.reading() as session:
        assert list(session.scalars(select(Term.name).order_by(Term.start_date))) == [
            "Spring 1",
            "Spring 2",
        ]
    assert page.grid.month_of(date(2026, 1, 5)).states[date(2026, 1, 5)] is DayState.TERM


def test_last_years_pattern_is_a_draft_to_adjust_before_saving(
    qtbot: QtBot, page: CalendarPage, db: Database, director: StaffUser
) -> None:
    add_term(db, director, "Autumn 2025", date(2025, 9, 3), date(2025, 12, 19), date(2025, 9, 10))
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.title.text().startswith("2026/27")
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    draft = page.dialog
    assert isinstance(draft, TermsPreview)
    assert [draft.table.item(0, c).text() for c in range(3)] == [
        "Autumn 2026", "2026-09-02", "2026-12-18",
    ]  # fmt: skip
    assert len(list_calendar(db, director).terms) == 1  # nothing saved yet
    draft.table.item(0, 2).setText("2026-12-17")
    qtbot.mouseClick(draft.save_button, Qt.MouseButton.LeftButton)
    terms = list_calendar(db, director).terms
    assert [(t.name, t.end) for t in terms][1] == ("Autumn 2026", date(2026, 12, 17))


def test_the_calendar_page_is_in_the_navigation_for_the_director_only(
    qtbot: QtBot, context: AppContext, make_staff: Callable[[Role], StaffUser]
) -> None:
    def labels(who: AppContext) -> list[str]:
        window = MainWindow(who)
        qtbot.addWidget(window)
        return [window.navigation.item(i).text() for i in range(window.navigation.count())]

    assert any("Calendar" in label for label in labels(context))
    tutor = dataclasses.replace(context, user=make_staff(Role.TUTOR))
    assert not any("Calendar" in label for label in labels(tutor))
