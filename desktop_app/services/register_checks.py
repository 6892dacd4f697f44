"""Checks shared by every way of recording a mark: code, roll, calendar and time."""

from __future__ import annotations

from datetime import date, datetime

from desktop_app.domain.calendar import SchoolCalendar
from desktop_app.domain.codes import CODES, CodeError, Group, check_code_for_session
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.models import Learner
from desktop_app.services.errors import Problem, ValidationFailed

#: Marks known ahead: closures, dual registration, part-time timetable, not yet on roll, not of
#: compulsory age, and leave already granted. Present marks are never pre-filled.
PLANNED_CODES = frozenset({"#", "D", "C2", "Z", "X"})


def may_plan(code: str) -> bool:
    return code in PLANNED_CODES or CODES[code].group is Group.LEAVE_OF_ABSENCE


def refuse(message: str, field: str = "code") -> ValidationFailed:
    return ValidationFailed([Problem(message, field=field)])


def check_mark(
    learner: Learner,
    day: date,
    session: RegisterSession,
    code: str,
    calendar: SchoolCalendar,
    now: datetime,
) -> str:
    """The code to record, normalised; raises ValidationFailed with the reason if it cannot be."""
    try:
        code = check_code_for_session(code.strip().upper(), session).code
    except CodeError as error:
        raise refuse(str(error)) from None
    if not calendar.in_term_weekday(day):
        raise refuse(f"{day} is not a school day", "date")
    if session not in calendar.open_sessions(day) and code != "#":
        reason = calendar.closure_reason(day, session)
        raise refuse(f"the {session} session on {day} is closed ({reason}); it shows '#'")
    if day < learner.start_date and code != "Z":
        raise refuse(f"{learner.forename} starts on {learner.start_date}; before that only Z")
    if day >= learner.start_date and code == "Z":
        raise refuse(f"Z is only for sessions before the start date {learner.start_date}")
    if learner.leaving_date is not None and day > learner.leaving_date:
        raise refuse(f"{learner.forename} left on {learner.leaving_date}", "date")
    if day > now.date() and not may_plan(code):
        raise refuse(f"'{code}' cannot be recorded ahead; only planned marks such as D, C2 or M")
    return code
