"""A year of the calendar at a glance: each day's state, and next year's terms drafted from this."""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import Enum

from desktop_app.domain.calendar import SchoolCalendar, Term, academic_year_start
from desktop_app.domain.codes import Session


class DayState(Enum):
    """What a day is, in the order the legend lists them."""

    TERM = "Term day"
    CLOSED = "Closed all day"
    CLOSED_AM = "Closed in the morning"
    CLOSED_PM = "Closed in the afternoon"
    BANK_HOLIDAY = "Bank holiday"
    BREAK = "Holiday or half-term break"
    WEEKEND = "Weekend"


def day_state(calendar: SchoolCalendar, day: date) -> DayState:
    """A weekend, a bank holiday, a break (no term), a closure (whole day or one session) or a
    term day; a bank holiday outside a term is still shown as one."""
    if day.weekday() >= 5:
        return DayState.WEEKEND
    if day in calendar.bank_holidays:
        return DayState.BANK_HOLIDAY
    if calendar.term_of(day) is None:
        return DayState.BREAK
    open_now = calendar.open_sessions(day)
    if not open_now:
        return DayState.CLOSED
    if open_now == (Session.PM,):
        return DayState.CLOSED_AM
    if open_now == (Session.AM,):
        return DayState.CLOSED_PM
    return DayState.TERM


def year_days(start_year: int) -> list[date]:
    """Every day from 1 September start_year to 31 August the next year."""
    first, last = date(start_year, 9, 1), date(start_year + 1, 8, 31)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


#: A year later on the same weekday: 52 weeks on (53 if that would fall in the year before).
ONE_YEAR_OF_WEEKS = timedelta(weeks=52)


def same_weekday_next_year(day: date) -> date:
    """The same weekday about a year later, in the next academic year."""
    moved = day + ONE_YEAR_OF_WEEKS
    if academic_year_start(moved) == academic_year_start(day):
        moved += timedelta(weeks=1)
    return moved


def _next_name(name: str) -> str:
    return re.sub(r"\b(\d{4})\b", lambda m: str(int(m.group(1)) + 1), name)


def copy_pattern(terms: list[Term], from_year: int) -> list[Term]:
    """A draft of the next academic year's terms: each term of the academic year starting
    1 September from_year moved to the same weekday positions, years in names moved on."""
    start = date(from_year, 9, 1)
    chosen = [t for t in terms if academic_year_start(t.start) == start]
    return [
        Term(_next_name(t.name), same_weekday_next_year(t.start), same_weekday_next_year(t.end))
        for t in chosen
    ]
