"""A learner's attendance report for parents and home schools: every mark by week over a date
range, the summary and the attendance band."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from desktop_app.domain.calendar import SchoolCalendar, week_start
from desktop_app.domain.codes import CODES
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.domain.stats import Summary, summarise
from desktop_app.domain.upn import UpnError, validate_upn
from desktop_app.models import Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.report_data.common import ReportHeader, report_header
from desktop_app.services.thresholds import bands_in

#: What a session with no mark shows: a closure, no school, before start or after leaving.
CLOSED, NO_SCHOOL, NOT_ON_ROLL, UNMARKED = "#", "", "–", "?"


@dataclass(frozen=True, slots=True)
class WeekMarks:
    monday: date
    cells: list[str]  # Mon AM, Mon PM, ... Fri PM: a code, or one of the markers above


@dataclass(frozen=True, slots=True)
class LearnerReport:
    header: ReportHeader
    upn: str
    name: str
    date_of_birth: date
    group: str
    commissioner: str
    start: date
    end: date
    weeks: list[WeekMarks]
    summary: Summary
    band: str
    codes_used: list[tuple[str, str]]  # (code, meaning) for the key


def parse_upn(upn: str) -> str:
    try:
        return validate_upn(upn)
    except UpnError as error:
        raise ValidationFailed([Problem(str(error), field="upn")]) from None


def check_range(start: date, end: date) -> None:
    if end < start:
        raise ValidationFailed([Problem(f"{end} is before {start}", field="to")])
    if (end - start).days > 366:
        raise ValidationFailed([Problem("choose a range of a year or less", field="to")])


def _empty(learner: Learner, day: date, name: RegisterSession, calendar: SchoolCalendar) -> str:
    if not calendar.in_term_weekday(day):
        return NO_SCHOOL
    if name not in calendar.open_sessions(day):
        return CLOSED
    if day < learner.start_date or (learner.leaving_date and day > learner.leaving_date):
        return NOT_ON_ROLL
    return UNMARKED


def _weeks(
    learner: Learner,
    marks: dict[tuple[date, str], str],
    calendar: SchoolCalendar,
    span: tuple[date, date],
) -> list[WeekMarks]:
    start, end = span
    weeks = []
    monday = week_start(start)
    while monday <= end:
        cells = []
        for offset in range(5):
            day = monday + timedelta(days=offset)
            for name in RegisterSession:
                if day < start or day > end:
                    cells.append(NO_SCHOOL)
                elif (code := marks.get((day, name.value))) is not None:
                    cells.append(code)
                else:
                    cells.append(_empty(learner, day, name, calendar))
        if any(cells):
            weeks.append(WeekMarks(monday, cells))
        monday += timedelta(days=7)
    return weeks


def learner_report(
    db: Database, user: StaffUser, upn: str, start: date, end: date, now: datetime
) -> LearnerReport:
    """One learner's marks from start to end with the summary and band (a year at most)."""
    require(user, Action.COMMISSIONER_REPORTS)
    check_range(start, end)
    upn = parse_upn(upn)
    with db.reading() as session:
        learner = session.scalars(
            select(Learner)
            .options(joinedload(Learner.group), joinedload(Learner.commissioner))
            .where(Learner.upn == upn)
        ).one_or_none()
        if learner is None:
            raise NotFound(f"no learner with UPN {upn}")
        rows = session.execute(
            select(Mark.date, Mark.session, Mark.code).where(
                Mark.learner_id == learner.id, Mark.date.between(start, end)
            )
        ).all()
        marks = {(d, s): c for d, s, c in rows}
        calendar = load_calendar(session)
        summary = summarise(marks.values())
        used = sorted(set(marks.values()))
        return LearnerReport(
            report_header(session, user, now),
            learner.upn,
            f"{learner.forename} {learner.surname}",
            learner.date_of_birth,
            learner.group.name if learner.group else "",
            learner.commissioner.name if learner.commissioner else "",
            start,
            end,
            _weeks(learner, marks, calendar, (start, end)),
            summary,
            bands_in(session).band(summary),
            [(c, CODES[c].meaning) for c in used],
        )
