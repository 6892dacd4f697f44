"""What every printed report starts with, and the lookups several reports share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql import Select

from desktop_app.domain.calendar import SchoolCalendar, Term
from desktop_app.models import Learner, ProvisionSettings
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import NotFound, ServiceError
from desktop_app.services.tx import in_transaction


@dataclass(frozen=True, slots=True)
class ReportHeader:
    """The provision's letterhead and who printed the report, when (local time)."""

    provision: str
    address: str
    phone: str
    email: str
    generated_by: str
    generated_position: str
    generated_at: datetime


@in_transaction
def report_header(session: Session, user: StaffUser, now: datetime) -> ReportHeader:
    row = session.get(ProvisionSettings, 1)
    if row is None:
        raise ServiceError("this database has not been set up; run 'init' first")
    return ReportHeader(
        row.name,
        row.address or "",
        row.phone or "",
        row.email or "",
        user.full_name,
        user.position,
        now,
    )


def on_roll(query: Select[Any], start: date, end: date) -> Select[Any]:
    """Only learners on roll for some of start..end."""
    return query.where(
        Learner.start_date <= end,
        or_(Learner.leaving_date.is_(None), Learner.leaving_date >= start),
    )


@in_transaction
def learners_on_roll(session: Session, start: date, end: date) -> list[Learner]:
    query = on_roll(
        select(Learner).options(joinedload(Learner.group), joinedload(Learner.commissioner)),
        start,
        end,
    )
    return list(session.scalars(query.order_by(Learner.surname, Learner.forename)))


def find_term(calendar: SchoolCalendar, name: str) -> Term:
    """The term with this name (any case), or NotFound naming the terms there are."""
    for term in calendar.terms:
        if term.name.casefold() == name.strip().casefold():
            return term
    names = ", ".join(t.name for t in calendar.terms) or "none yet"
    raise NotFound(f"no term called '{name}'; the terms are: {names}")


def previous_term(calendar: SchoolCalendar, term: Term) -> Term | None:
    earlier = [t for t in calendar.terms if t.end < term.start]
    return earlier[-1] if earlier else None


def term_for_letters(calendar: SchoolCalendar, day: date) -> Term | None:
    """The term containing day, else the latest term that has begun by then."""
    found = calendar.term_of(day)
    if found is not None:
        return found
    begun = [t for t in calendar.terms if t.start <= day]
    return begun[-1] if begun else None


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start of day and of the next day, in local time, as aware datetimes."""
    start = datetime.combine(day, time()).astimezone()
    end = datetime.combine(date.fromordinal(day.toordinal() + 1), time()).astimezone()
    return start, end
