"""The calendar: adding terms and closures, and listing them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import calendar as cal
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.models import Closure, Term
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import Problem, ValidationFailed


@dataclass(frozen=True, slots=True)
class CalendarListing:
    terms: list[cal.Term]
    closures: list[cal.Closure]
    bank_holidays: list[tuple[date, str]]
    school_days: int


def load_calendar(session: Session) -> cal.SchoolCalendar:
    """The school calendar from the database, with England's bank holidays added."""
    terms = [
        cal.Term(t.name, t.start_date, t.end_date)
        for t in session.scalars(select(Term).order_by(Term.start_date))
    ]
    closures = [
        cal.Closure(c.day, RegisterSession(c.session) if c.session else None, c.reason)
        for c in session.scalars(select(Closure).order_by(Closure.day))
    ]
    return cal.SchoolCalendar.build(terms, closures)


def add_term(db: Database, user: StaffUser, name: str, start: date, end: date) -> cal.Term:
    """Add a term; refused if the name is taken or the dates overlap another term."""
    require(user, Action.MANAGE_CALENDAR)
    if not name.strip():
        raise ValidationFailed([Problem("is required", field="name")])
    if end < start:
        raise ValidationFailed([Problem(f"ends {end}, before it starts {start}", field="end")])
    with db.transaction(actor(user)) as session:
        for other in session.scalars(select(Term)):
            if other.name == name.strip():
                raise ValidationFailed([Problem(f"'{name}' already exists", field="name")])
            if other.start_date <= end and start <= other.end_date:
                raise ValidationFailed(
                    [
                        Problem(
                            f"overlaps {other.name} ({other.start_date} to {other.end_date})",
                            field="dates",
                        )
                    ]
                )
        session.add(Term(name=name.strip(), start_date=start, end_date=end))
    return cal.Term(name.strip(), start, end)


def add_closure(
    db: Database, user: StaffUser, day: date, session_name: RegisterSession | None, reason: str
) -> cal.Closure:
    """Close a whole day or one session in a term; refused outside terms or if already closed."""
    require(user, Action.MANAGE_CALENDAR)
    if not reason.strip():
        raise ValidationFailed([Problem("is required", field="reason")])
    with db.transaction(actor(user)) as session:
        calendar = load_calendar(session)
        if not calendar.in_term_weekday(day):
            raise ValidationFailed([Problem(f"{day} is not a weekday inside a term", field="date")])
        wanted = (session_name,) if session_name else cal.BOTH_SESSIONS
        if not any(s in calendar.open_sessions(day) for s in wanted):
            raise ValidationFailed([Problem(f"{day} is already closed", field="date")])
        session.add(
            Closure(
                day=day,
                session=session_name.value if session_name else None,
                reason=reason.strip(),
            )
        )
    return cal.Closure(day, session_name, reason.strip())


def list_calendar(db: Database, user: StaffUser) -> CalendarListing:
    """Terms, closures and the bank holidays that fall in terms."""
    require(user, Action.VIEW_STATISTICS)
    with db.reading() as session:
        calendar = load_calendar(session)
    holidays = sorted(
        (d, n) for d, n in calendar.bank_holidays.items() if calendar.in_term_weekday(d)
    )
    days = sum(len(calendar.school_days(t.start, t.end)) for t in calendar.terms)
    return CalendarListing(list(calendar.terms), list(calendar.closures), holidays, days)
