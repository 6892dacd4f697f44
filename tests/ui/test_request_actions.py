"""Acting on a chosen request in the learner panel's Case work tab: the home school's later
decision on a leave request (granted leave entered ahead on the register, refused none) and the
review of a part-time timetable (Today's "review due" goes; a next review after it ends is
refused with nothing written). Each button is offered only while the chosen request needs it,
and never to a tutor."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.demo.provision import DemoResult
from desktop_app.models import CaseRequest, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_term, load_calendar
from desktop_app.services.case_file import RequestRow
from desktop_app.services.case_requests import (
    Leave,
    PartTime,
    agree_part_time,
    case_owed,
    record_leave,
)
from desktop_app.services.provision import staff_by_username
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.labels import short_date
from desktop_app.views.learners import request_dialogs as dialogs
from desktop_app.views.learners.casework_dialogs import to_qdate
from desktop_app.views.learners.casework_tab import CaseWorkTab
from desktop_app.views.learners.panel import LearnerPanelWindow
from tests.ui.conftest import context_for
from tests.ui.test_casework_tab import _panel, close_panels
from tests.ui.test_today_page import open_page, reloaded, rows

__all__ = ["close_panels"]  # the fixture (autouse), used by name

LEARNER = 1
REVIEW_DUE = "part_time_review_due"


def _tab(qtbot: QtBot, ctx: AppContext) -> CaseWorkTab:
    return _panel(qtbot, ctx).casework


def _choose(tab: CaseWorkTab, request_id: int) -> None:
    for n in range(tab.requests.count()):
        row = tab.requests.item(n).data(Qt.ItemDataRole.UserRole)
        if isinstance(row, RequestRow) and row.id == request_id:
            tab.requests.setCurrentRow(n)
            return
    raise AssertionError(f"request {request_id} is not listed")


def _school_days_ahead(db: Database, today: date) -> list[date]:
    """The next two school days after today (a term of the test's own when the calendar has
    none left: the summer holiday)."""
    with db.reading() as session:
        days = load_calendar(session).school_days(today + timedelta(days=1), today + timedelta(60))
    if len(days) < 2:
        monday = today + timedelta(days=7 - today.weekday())
        add_term(
            db, _staff(db, "director"), "Test term", monday, monday + timedelta(days=20), today
        )
        return _school_days_ahead(db, today)
    return days[:2]


def _staff(db: Database, username: str) -> StaffUser:
    found = staff_by_username(db, username)
    assert found is not None
    return found


def _waiting_leave(db: Database, today: date) -> tuple[int, list[date]]:
    days = _school_days_ahead(db, today)
    leave = Leave(today, days[0], days[-1], "Family wedding in Leeds", "C")
    return record_leave(db, _staff(db, "officer"), LEARNER, leave), days


def _free_sessions(db: Database, days: list[date]) -> list[tuple[date, str]]:
    """The school sessions of days the register has no mark for yet."""
    with db.reading() as session:
        calendar = load_calendar(session)
        query = select(Mark.date, Mark.session).where(
            Mark.learner_id == LEARNER, Mark.date.in_(days)
        )
        taken = {(d, s) for d, s in session.execute(query)}
    open_ = [(d, s.value) for d in days for s in calendar.open_sessions(d)]
    return [pair for pair in open_ if pair not in taken]


def _planned(db: Database, days: list[date]) -> list[tuple[date, str, str]]:
    with db.reading() as session:
        query = select(Mark.date, Mark.session, Mark.code).where(
            Mark.learner_id == LEARNER, Mark.source == "planned", Mark.date.in_(days)
        )
        return sorted((d, s, c) for d, s, c in session.execute(query))


def _request(db: Database, request_id: int) -> CaseRequest:
    with db.reading() as session:
        found = session.get(CaseRequest, request_id)
        assert found is not None
        session.expunge(found)
        return found


def test_an_undecided_leave_granted_from_the_tab_is_entered_ahead(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    """Keyboard first: Enter on the row opens the decision (and only that); Enter with no
    decision chosen is refused under the field with nothing written; granted enters C for
    every session of its days, says how many, and the row can no longer be decided."""
    db = demo[0]
    ctx = context_for(db, "officer")
    request_id, days = _waiting_leave(db, ctx.clock().date())
    free = _free_sessions(db, days)
    assert free  # school sessions ahead with no mark: granted leave has somewhere to go
    tab = _tab(qtbot, ctx)
    _choose(tab, request_id)
    assert tab.record_the_decision_button.isEnabled()
    assert not tab.record_a_review_button.isEnabled()
    panel, left_site = tab.window(), []
    assert isinstance(panel, LearnerPanelWindow)
    panel.left_site.clicked.connect(lambda: left_site.append(True))
    tab.requests.setFocus()
    qtbot.keyClick(tab.requests, Qt.Key.Key_Return)
    dialog = tab.dialog
    assert isinstance(dialog, dialogs.DecisionDialog) and dialog.isVisible()
    assert left_site == []  # Enter stayed with the list: not the panel's "Learner left site…"
    qtbot.keyClick(dialog.decided_by, Qt.Key.Key_Return)  # nothing chosen yet
    assert dialog.isVisible()
    assert "granted or refused" in dialog.form.errors["decision"].text()
    assert _planned(db, days) == [] and _request(db, request_id).decision == ""
    dialog.decision.setCurrentIndex(dialog.decision.findData("granted"))
    qtbot.keyClicks(dialog.decided_by, "Mr Hall, head of year")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.decided_by, Qt.Key.Key_Return)
    expected = sorted((d, s, "C") for d, s in free)
    assert _planned(db, days) == expected
    stored = _request(db, request_id)
    assert (stored.decision, stored.decided_by) == ("granted", "Mr Hall, head of year")
    assert tab.status.text() == f"Granted: {len(expected)} sessions entered ahead as C."
    qtbot.waitUntil(lambda: "granted by Mr Hall" in tab.requests.currentItem().text())
    assert not tab.record_the_decision_button.isEnabled()  # the same row, still chosen
    tab.request_actions.decide()  # even asked directly, a decided request is not offered again
    assert tab.dialog is dialog and "still waiting" in tab.status.text()


def test_a_refused_leave_enters_nothing(qtbot: QtBot, demo: tuple[Database, DemoResult]) -> None:
    db = demo[0]
    ctx = context_for(db, "officer")
    request_id, days = _waiting_leave(db, ctx.clock().date())
    tab = _tab(qtbot, ctx)
    _choose(tab, request_id)
    qtbot.mouseClick(tab.record_the_decision_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, dialogs.DecisionDialog)
    dialog.decision.setCurrentIndex(dialog.decision.findData("refused"))
    dialog.decided_by.setText("Mrs Patel")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _planned(db, days) == [] and _request(db, request_id).decision == "refused"
    assert tab.status.text() == "Refused: nothing entered on the register."
    qtbot.waitUntil(lambda: "refused by Mrs Patel" in tab.requests.currentItem().text())
    assert not tab.record_the_decision_button.isEnabled()


def _part_time_due(db: Database, today: date) -> tuple[int, date]:
    """A timetable that began a week ago, due its review today, ending in two weeks."""
    start, end = today - timedelta(days=7), today + timedelta(days=14)
    terms = PartTime(start, end, today, ("Mon AM", "Tue AM"), "Phased return", start, start, None)
    return agree_part_time(db, _staff(db, "officer"), LEARNER, terms), end


def _owed_review(db: Database, today: date) -> bool:
    with db.reading() as session:
        owed = case_owed(session, today)
    return any(o.kind == REVIEW_DUE and o.learner_id == LEARNER for o in owed)


def _open_review(qtbot: QtBot, tab: CaseWorkTab, request_id: int) -> dialogs.PartTimeReviewDialog:
    """The timetable chosen, only "Record a review…" offered, and pressed: its dialog."""
    _choose(tab, request_id)
    assert tab.record_a_review_button.isEnabled()
    assert not tab.record_the_decision_button.isEnabled()
    qtbot.mouseClick(tab.record_a_review_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, dialogs.PartTimeReviewDialog)
    return dialog


def test_a_review_from_the_tab_clears_review_due_on_today(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    """The next review is offered three weeks on but never after the end; one after the end
    is refused under its field with nothing written; recorded, Today hears it and drops it."""
    db = demo[0]
    ctx = context_for(db, "officer")
    today = ctx.clock().date()
    request_id, end = _part_time_due(db, today)
    today_page = open_page(qtbot, ctx)
    assert any(
        r.kind == REVIEW_DUE and r.learner_id == LEARNER for r in rows(today_page, "casework")
    )
    tab = _tab(qtbot, ctx)
    dialog = _open_review(qtbot, tab, request_id)
    assert dialog.ends.text() == short_date(end)
    assert dialog.next.value() == end  # three weeks on is after the end: the end instead
    dialog.next.box.setDate(to_qdate(end + timedelta(days=1)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "after the timetable ends" in dialog.form.errors["review_on"].text()
    stored = _request(db, request_id)
    assert (stored.reviewed_on, stored.review_on) == (None, today)
    assert _owed_review(db, today)
    dialog.next.box.setDate(to_qdate(end))
    reloaded(qtbot, today_page, lambda: qtbot.mouseClick(dialog.save_button,
                                                         Qt.MouseButton.LeftButton))  # fmt: skip
    assert not dialog.isVisible()
    stored = _request(db, request_id)
    assert (stored.reviewed_on, stored.review_on) == (today, end)
    assert not _owed_review(db, today)
    assert not any(r.kind == REVIEW_DUE for r in rows(today_page, "casework")
                   if r.learner_id == LEARNER)  # fmt: skip
    assert tab.status.text() == f"Review recorded; next review {short_date(end)}."
    qtbot.waitUntil(lambda: "; reviewed " in tab.requests.currentItem().text())


def test_an_ended_timetable_offers_no_review(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    db = demo[0]
    ctx = context_for(db, "officer")
    today = ctx.clock().date()
    start = today - timedelta(days=30)
    terms = PartTime(start, today - timedelta(days=1), start + timedelta(days=14), ("Mon AM",),
                     "Phased return", start, start, None)  # fmt: skip
    request_id = agree_part_time(db, _staff(db, "officer"), LEARNER, terms)
    tab = _tab(qtbot, ctx)
    _choose(tab, request_id)
    assert not tab.record_a_review_button.isEnabled()
    assert not tab.record_the_decision_button.isEnabled()
    qtbot.keyClick(tab.requests, Qt.Key.Key_Return)
    assert tab.dialog is None and tab.status.text() == "Nothing is owed on this request."


def test_a_tutor_has_no_request_actions(qtbot: QtBot, demo: tuple[Database, DemoResult]) -> None:
    db = demo[0]
    ctx = context_for(db, "tutor1")
    _waiting_leave(db, ctx.clock().date())
    tab = _tab(qtbot, ctx)
    assert not hasattr(tab, "requests") and not hasattr(tab, "request_actions")
    assert not hasattr(tab, "record_the_decision_button")
    assert not hasattr(tab, "record_a_review_button")
    offered = [b.text().replace("&", "").lower() for b in tab.findChildren(QPushButton)]
    assert not any("decision" in text or "review" in text for text in offered)


def test_a_review_not_held_yet_is_refused_under_its_date(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    db = demo[0]
    ctx = context_for(db, "officer")
    today = ctx.clock().date()
    request_id, _end = _part_time_due(db, today)
    dialog = _open_review(qtbot, _tab(qtbot, ctx), request_id)
    dialog.on.setDate(to_qdate(today + timedelta(days=1)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "not after today" in dialog.form.errors["reviewed_on"].text()
    assert _request(db, request_id).reviewed_on is None
