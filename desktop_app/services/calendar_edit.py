"""The calendar screen's services: the year at a glance, closures' marks, changing or removing a
closure, importing term dates from a file and drafting next year's terms from this year's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import calendar as cal
from desktop_app.domain.calendar_year import DayState, copy_pattern, day_state, year_days
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.domain.term_files import RowProblem, TermRow, parse_term_file
from desktop_app.models import Closure, Mark, Staff, Term
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import _term_checks, load_calendar
from desktop_app.services.errors import NotFound, Problem, StaleWrite, ValidationFailed
from desktop_app.services.mark_rows import change_loaded_mark
from desktop_app.services.tx import in_transaction
from desktop_app.services.versions import last_change

#: What a closure may do with marks already recorded in the sessions it closes.
KEEP, REPLACE = "keep", "replace"
CLOSURE_CODE = "#"


@dataclass(frozen=True, slots=True)
class CalendarYear:
    """An academic year (1 September start_year to 31 August) for the calendar screen."""

    start_year: int
    states: dict[date, DayState]
    notes: dict[date, str]
    terms: list[cal.Term]
    closures: list[cal.Closure]


def calendar_year(db: Database, user: StaffUser, start_year: int) -> CalendarYear:
    """Each day's state in the year, what it is (term name, closure reason, holiday name), and
    every term and closure (all years, for the lists)."""
    require(user, Action.VIEW_STATISTICS)
    with db.reading() as session:
        calendar = load_calendar(session)
    days = year_days(start_year)
    holidays = cal.england_bank_holidays({start_year, start_year + 1})
    calendar = cal.SchoolCalendar(calendar.terms, calendar.closures, holidays)
    notes: dict[date, str] = {}
    for closure in calendar.closures:
        notes[closure.day] = closure.reason
    for day in days:
        if day in holidays:
            notes[day] = holidays[day]
        elif (term := calendar.term_of(day)) and day not in notes:
            notes[day] = term.name
    states = {day: day_state(calendar, day) for day in days}
    return CalendarYear(
        start_year, states, notes, list(calendar.terms), sorted(calendar.closures, key=_when)
    )


def _when(closure: cal.Closure) -> tuple[date, str]:
    return closure.day, closure.session.value if closure.session else ""


def _marks_in(session: Session, day: date, closed: RegisterSession | None) -> list[Mark]:
    query = select(Mark).where(Mark.date == day).order_by(Mark.id)
    if closed is not None:
        query = query.where(Mark.session == closed.value)
    return list(session.scalars(query))


@in_transaction
def settle_marks(
    session: Session,
    user: StaffUser,
    day: date,
    closed: RegisterSession | None,
    reason: str,
    choice: str | None,
) -> int:
    """Before a closure is written: refuse while marks exist in its sessions and no choice was
    made; on "replace" amend each to # with the closure as the reason. Returns the count."""
    marks = [m for m in _marks_in(session, day, closed) if m.code != CLOSURE_CODE]
    if not marks:
        return 0
    if choice not in (KEEP, REPLACE):
        what = f"the {closed.value} session" if closed else "that day"
        raise ValidationFailed(
            [
                Problem(
                    f"{_count(len(marks))} already recorded for {what}: keep them, or "
                    f"replace them with {CLOSURE_CODE} as amendments",
                    field="marks",
                )
            ]
        )
    if choice == REPLACE:
        staff = session.get_one(Staff, user.id)
        for mark in marks:
            change_loaded_mark(session, mark, staff, CLOSURE_CODE, None, f"Closure: {reason}", True)
    return len(marks)


def _count(marks: int) -> str:
    return "1 mark is" if marks == 1 else f"{marks} marks are"


@in_transaction
def _closure_row(session: Session, day: date, closed: RegisterSession | None) -> Closure | None:
    query = select(Closure).where(Closure.day == day)
    query = query.where(
        Closure.session.is_(None) if closed is None else Closure.session == closed.value
    )
    return session.scalars(query).first()


def _missing(day: date, closed: RegisterSession | None) -> NotFound:
    what = closed.value if closed else "whole-day"
    return NotFound(f"no {what} closure on {day}")


def _as_read(row: Closure) -> cal.Closure:
    return cal.Closure(row.day, RegisterSession(row.session) if row.session else None, row.reason)


def remove_closure(
    db: Database, user: StaffUser, day: date, closed: RegisterSession | None
) -> cal.Closure:
    """Remove a closure (whole day: closed None); marks amended to # stay as they are."""
    require(user, Action.MANAGE_CALENDAR)
    with db.transaction(actor(user)) as session:
        found = _closure_row(session, day, closed)
        if found is None:
            raise _missing(day, closed)
        removed = _as_read(found)
        session.delete(found)
    return removed


def closure_on(
    db: Database, user: StaffUser, day: date, closed: RegisterSession | None
) -> cal.Closure:
    """The closure on `day` (`closed`: its session, None for the whole day), to be changed."""
    require(user, Action.MANAGE_CALENDAR)
    with db.reading() as session:
        found = _closure_row(session, day, closed)
        if found is None:
            raise _missing(day, closed)
        return _as_read(found)


@in_transaction
def _unchanged(session: Session, row: Closure | None, expected: str | None) -> None:
    """Refuse (StaleWrite) a change to a closure read with reason `expected` that someone has
    changed, moved or removed since (None: the command line, which did not read it; not checked)."""
    if expected is None or (row is not None and row.reason == expected):
        return
    if row is None:
        raise StaleWrite(
            "This closure was moved or removed by someone else after you opened it; nothing "
            "was written. The calendar is shown as it is now."
        )
    change = last_change(session, Closure.__tablename__, row.id)
    who = f"changed by {change[0]} at {change[1]}" if change else "changed by someone else"
    raise StaleWrite(
        f"This closure was {who} after you opened it (it is now '{row.reason}'); nothing was "
        "written. The calendar is shown as it is now: make your change again."
    )


@in_transaction
def _settle_once(
    session: Session, user: StaffUser, was: cal.Closure, now: cal.Closure, choice: str | None
) -> None:
    """Settle the marks of the sessions the change newly closes (settle_marks' rule), once."""
    fresh = cal.newly_closed(was, now)
    if fresh:
        closed = fresh[0] if len(fresh) == 1 else None
        settle_marks(session, user, now.day, closed, now.reason, choice)


def edit_closure(
    db: Database,
    user: StaffUser,
    day: date,
    closed: RegisterSession | None,
    to: cal.Closure,
    marks: str | None = None,
    expected: str | None = None,
) -> cal.Closure:
    """Change the closure on `day` (`closed`: its session, None for the whole day) to `to`: its
    reason, its session(s) and its day, in one transaction.

    Checked as a new closure is (a reason; a weekday inside a term; a session still open once
    this closure is set aside). Only sessions it newly closes have their marks settled, by
    settle_marks (`marks`: "keep" or "replace"; refused on field "marks" without one when
    marks are there); sessions it no longer closes keep their marks, as on removal.
    `expected`: the reason the screen read (None: not checked); a closure changed, moved or
    removed since is refused (StaleWrite). Refused means nothing is written."""
    require(user, Action.MANAGE_CALENDAR)
    now = cal.Closure(to.day, to.session, to.reason.strip())
    with db.transaction(actor(user)) as session:
        row = _closure_row(session, day, closed)
        _unchanged(session, row, expected)
        if row is None:
            raise _missing(day, closed)
        was = _as_read(row)
        calendar = load_calendar(session).without(was)
        if problems := calendar.closing_problems(now):
            raise ValidationFailed([Problem(message, field) for field, message in problems])
        if now == was:
            return was
        _settle_once(session, user, was, now, marks)
        row.day, row.reason = now.day, now.reason
        row.session = now.session.value if now.session else None
    return now


@dataclass(frozen=True, slots=True)
class TermPreview:
    """Terms read from a file, and every problem by row; saved only when problems is empty."""

    terms: list[TermRow]
    problems: list[RowProblem]


def _checked(session: Session, rows: list[TermRow], today: date) -> list[RowProblem]:
    """Each row checked against the register's terms and the rows before it, as if added."""
    problems: list[RowProblem] = []
    for row in rows:
        try:
            _term_checks(session, row.name, row.start, row.end, today)
        except ValidationFailed as error:
            problems.extend(
                RowProblem(row.row, p.field or "row", p.message) for p in error.problems
            )
            continue
        session.add(Term(name=row.name.strip(), start_date=row.start, end_date=row.end))
        session.flush()
    return problems


def preview_terms(
    db: Database, user: StaffUser, rows: list[TermRow], today: date | None = None
) -> TermPreview:
    """The rows with every problem they would meet when saved; nothing is written."""
    require(user, Action.MANAGE_CALENDAR)
    with db.reading() as session:
        problems = _checked(session, rows, today or date.today())
    return TermPreview(rows, problems)


def preview_terms_file(
    db: Database, user: StaffUser, filename: str, text: str, today: date | None = None
) -> TermPreview:
    """A term-dates file read and checked (CSV name,start,end or iCalendar); nothing written."""
    rows, problems = parse_term_file(filename, text)
    checked = preview_terms(db, user, rows, today)
    return TermPreview(rows, problems + checked.problems)


def save_terms(
    db: Database, user: StaffUser, rows: list[TermRow], today: date | None = None
) -> list[cal.Term]:
    """Add every term, or none: refused with each row's problems if any row fails."""
    require(user, Action.MANAGE_CALENDAR)
    if not rows:
        raise ValidationFailed([Problem("there are no terms to add", field="file")])
    with db.transaction(actor(user)) as session:
        if problems := _checked(session, rows, today or date.today()):
            raise ValidationFailed([Problem(p.sentence(), field="file") for p in problems])
    return [cal.Term(r.name.strip(), r.start, r.end) for r in rows]


def import_terms_file(
    db: Database, user: StaffUser, filename: str, text: str, today: date | None = None
) -> list[cal.Term]:
    """Read a term-dates file and add all its terms, or none."""
    rows, problems = parse_term_file(filename, text)
    if problems:
        raise ValidationFailed([Problem(p.sentence(), field="file") for p in problems])
    return save_terms(db, user, rows, today)


def copy_year_draft(db: Database, user: StaffUser, from_year: int) -> list[TermRow]:
    """Next year's terms drafted from the year starting 1 September from_year (not saved)."""
    require(user, Action.MANAGE_CALENDAR)
    with db.reading() as session:
        terms = list(load_calendar(session).terms)
    draft = copy_pattern(terms, from_year)
    if not draft:
        raise ValidationFailed(
            [Problem(f"there are no terms in {from_year}/{str(from_year + 1)[2:]}", "year")]
        )
    return [TermRow(n, t.name, t.start, t.end) for n, t in enumerate(draft, start=1)]
