"""The closure rules an edit uses: which sessions it newly closes, and what the calendar refuses."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.calendar import Closure, SchoolCalendar, Term, newly_closed
from desktop_app.domain.codes import Session

MON, TUE = date(2025, 9, 8), date(2025, 9, 9)
AM, PM = Session.AM, Session.PM


def test_only_sessions_not_closed_before_on_the_same_day_are_newly_closed() -> None:
    assert newly_closed(Closure(MON, None, "x"), Closure(MON, PM, "y")) == ()
    assert newly_closed(Closure(MON, PM, "x"), Closure(MON, None, "x")) == (AM,)
    assert newly_closed(Closure(MON, AM, "x"), Closure(MON, PM, "x")) == (PM,)
    assert newly_closed(Closure(MON, None, "x"), Closure(TUE, None, "x")) == (AM, PM)
    assert newly_closed(Closure(MON, None, "x"), Closure(MON, None, "y")) == ()


def test_a_closure_is_checked_against_the_calendar_without_itself() -> None:
    inset = Closure(MON, None, "INSET")
    calendar = SchoolCalendar.build([Term("Autumn", date(2025, 9, 3), date(2025, 10, 24))], [inset])
    assert calendar.closing_problems(Closure(MON, PM, "INSET")) == [
        ("date", "2025-09-08 is already closed")
    ]
    assert calendar.without(inset).closing_problems(Closure(MON, PM, "INSET")) == []
    assert calendar.closing_problems(Closure(date(2025, 9, 6), None, "")) == [
        ("reason", "is required"),
        ("date", "2025-09-06 is not a weekday inside a term"),
    ]
