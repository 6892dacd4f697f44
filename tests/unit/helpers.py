"""Shared builders for the domain unit tests: a realistic English school calendar and marks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from desktop_app.domain.calendar import Closure, SchoolCalendar, Term
from desktop_app.domain.codes import Session
from desktop_app.domain.watches import LearnerRegister

AM = Session.AM
PM = Session.PM

#: The end of academic year 2024-25, so windows can cross the summer holiday and the year.
SUMMER_2025 = Term("Summer 2 2025", date(2025, 6, 2), date(2025, 7, 22))

#: Academic year 2025-26 with half-term breaks (October half-term is 27-31 October 2025).
YEAR_2025_26 = (
    Term("Autumn 1", date(2025, 9, 3), date(2025, 10, 24)),
    Term("Autumn 2", date(2025, 11, 3), date(2025, 12, 19)),
    Term("Spring 1", date(2026, 1, 5), date(2026, 2, 13)),
    Term("Spring 2", date(2026, 2, 23), date(2026, 3, 27)),
    Term("Summer 1", date(2026, 4, 13), date(2026, 5, 22)),
    Term("Summer 2", date(2026, 6, 1), date(2026, 7, 22)),
)


def make_calendar(*closures: Closure) -> SchoolCalendar:
    """The summer term of 2025 and the whole of 2025-26, with the given closures."""
    return SchoolCalendar.build((SUMMER_2025, *YEAR_2025_26), closures)


def d(text: str) -> date:
    """A date from 'YYYY-MM-DD'."""
    return date.fromisoformat(text)


def marks_for(
    days: Iterable[date], code: str, sessions: Iterable[Session] = (AM, PM)
) -> dict[tuple[date, Session], str]:
    """The same code in the given sessions of each day."""
    chosen = tuple(sessions)
    return {(day, session): code for day in days for session in chosen}


def learner(
    marks: dict[tuple[date, Session], str],
    start: date = date(2025, 6, 2),
    leaving: date | None = None,
    upn: str = "A123456789012",
) -> LearnerRegister:
    """A learner on roll from start (default the first day of the calendar) with these marks."""
    return LearnerRegister(upn, start, leaving, marks)
