"""The calendar: adding terms and closures, and listing them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain import calendar as cal
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.models import Closure, Mark, Term
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.tx import in_transaction


@dataclass(frozen=True, slots=True)
class CalendarListing:
    terms: list[cal.Term]
    closures: list[cal.Closure]
    bank_holidays: list[tuple[date, str]]
    school_days: int


@in_transaction
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


def _term_checks(
    session: Session, name: str, start: date, end: date, today: date, skip: int | None = None
) -> None:
    if not name.strip():
        raise ValidationFailed([Problem("is required", field="name")])
    if problem := cal.term_problem(start, end, today):
        raise ValidationFailed([Problem(problem, field="dates")])
    for other in session.scalars(select(Term)):
        if other.id == skip:
            continue
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


def add_term(
    db: Database, user: StaffUser, name: str, start: date, end: date, today: date | None = None
) -> cal.Term:
    """Add a term; refused if the name is taken, the dates overlap another term, or they are
    not a believable term (one academic year, at most about 4 months, near today)."""
    require(user, Action.MANAGE_CALENDAR)
    with db.transaction(actor(user)) as session:
        _term_checks(session, name, start, end, today or date.today())
        session.add(Term(name=name.strip(), start_date=start, end_date=end))
    return cal.Term(name.strip(), start, end)


def _named_term(session: Session, name: str) -> Term:
    term = session.scalars(select(Term).where(Term.name == name.strip())).one_or_none()
    if term is None:
        raise NotFound(f"no term called '{name}'")
    return term


def _stranded(session: Session, start: date, end: date) -> int:
    """Marks and closures on days between start and end (which would leave every term)."""
    marks = session.scalar(select(func.count()).where(Mark.date.between(start, end))) or 0
    closures = session.scalar(select(func.count()).where(Closure.day.between(start, end))) or 0
    return int(marks) + int(closures)


def edit_term(
    db: Database,
    user: StaffUser,
    name: str,
    start: date,
    end: date,
    new_name: str | None = None,
    today: date | None = None,
) -> cal.Term:
    """Change a term's dates (and name); refused if marks or closures would fall outside it."""
    require(user, Action.MANAGE_CALENDAR)
    with db.transaction(actor(user)) as session:
        term = _named_term(session, name)
        final = (new_name or term.name).strip()
        _term_checks(session, final, start, end, today or date.today(), skip=term.id)
        left = [(term.start_date, min(term.end_date, start - timedelta(days=1)))]
        left.append((max(term.start_date, end + timedelta(days=1)), term.end_date))
        if stranded := sum(_stranded(session, a, b) for a, b in left if a <= b):
            raise ValidationFailed(
                [Problem(f"{stranded} marks or closures would fall outside the term", "dates")]
            )
        term.name, term.start_date, term.end_date = final, start, end
    return cal.Term(final, start, end)


def remove_term(db: Database, user: StaffUser, name: str) -> cal.Term:
    """Remove a term that has no marks or closures in it (a term set up by mistake)."""
    require(user, Action.MANAGE_CALENDAR)
    with db.transaction(actor(user)) as session:
        term = _named_term(session, name)
        if stranded := _stranded(session, term.start_date, term.end_date):
            raise ValidationFailed(
                [
                    Problem(
                        f"{term.name} has {stranded} marks or closures; only an empty term "
                        "can be removed (change its dates instead)",
                        field="name",
                    )
                ]
            )
        removed = cal.Term(term.name, term.start_date, term.end_date)
        session.delete(term)
    return removed


def add_closure(
    db: Database,
    user: StaffUser,
    day: date,
    session_name: RegisterSession | None,
    reason: str,
    marks: str | None = None,
) -> cal.Closure:
    """Close a whole day or one session in a term; refused outside terms or if already closed.

    If marks are already recorded in the closed sessions, `marks` says what to do with them:
    "keep" them, or "replace" them with # as amendments giving the closure as the reason;
    without it the closure is refused (field "marks") and nothing is written."""
    from desktop_app.services.calendar_edit import settle_marks

    require(user, Action.MANAGE_CALENDAR)
    wanted = cal.Closure(day, session_name, reason.strip())
    with db.transaction(actor(user)) as session:
        found = load_calendar(session).closing_problems(wanted)
        if found:
            raise ValidationFailed([Problem(message, field=field) for field, message in found])
        settle_marks(session, user, day, session_name, wanted.reason, marks)
        session.add(
            Closure(
                day=day,
                session=session_name.value if session_name else None,
                reason=wanted.reason,
            )
        )
    return wanted


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
