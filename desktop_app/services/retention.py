"""Retention: register entries are kept 6 years from the day they were made, then may be purged.

Age is judged from the earlier of the clock and the register's newest record, so a clock set
forward cannot age young entries (domain/clock.py). A purge shows what it removes by year, is
made only for the count the director confirmed, after a checked backup, and is audited with
the ids it removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import ColumnElement, delete, extract, func, select
from sqlalchemy.orm import Session

from desktop_app.domain.clock import reference_moment
from desktop_app.domain.permissions import Action
from desktop_app.models import Amendment, Mark
from desktop_app.models.auditing import audit_entry
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import ServiceError
from desktop_app.services.integrity import newest_record

RETENTION_YEARS = 6
CHUNK = 500  # ids per DELETE, well under every database's limit on bound values


@dataclass(frozen=True, slots=True)
class RetentionSummary:
    cutoff: date  # entries made before this day may be purged
    marks: int
    amendments: int
    oldest: date | None
    by_year: tuple[tuple[int, int], ...] = ()  # (year of the session, marks)
    judged_from: date | None = None  # the earlier of the clock and the newest record


def cutoff_for(today: date) -> date:
    try:
        return today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - RETENTION_YEARS, day=28)


def _expired(cutoff: date) -> tuple[ColumnElement[bool], ...]:
    moment = datetime.combine(cutoff, time(), tzinfo=UTC)
    newer_change = select(Amendment.id).where(
        Amendment.mark_id == Mark.id, Amendment.made_at >= moment
    )
    return (Mark.recorded_at < moment, ~newer_change.exists())


def _judged_from(session: Session, today: date) -> date:
    now = datetime.combine(today, time(23, 59, 59), tzinfo=UTC)
    return reference_moment(now, newest_record(session.connection())).date()


def _summary(session: Session, today: date) -> RetentionSummary:
    judged = _judged_from(session, today)
    cutoff = cutoff_for(judged)
    marks, oldest = session.execute(
        select(func.count(), func.min(Mark.date)).where(*_expired(cutoff))
    ).one()
    ids = select(Mark.id).where(*_expired(cutoff))
    changes = session.scalar(select(func.count()).where(Amendment.mark_id.in_(ids)))
    year = extract("year", Mark.date)
    by_year = session.execute(
        select(year, func.count()).where(*_expired(cutoff)).group_by(year).order_by(year)
    ).all()
    years = tuple((int(y), int(n)) for y, n in by_year)
    return RetentionSummary(cutoff, marks, changes or 0, oldest, years, judged)


def expired_entries(db: Database, user: StaffUser, today: date) -> RetentionSummary:
    """How many register entries are past 6 years and may be purged, by year (director)."""
    require(user, Action.MANAGE_SETTINGS)
    with db.reading() as session:
        return _summary(session, today)


def purge_expired(
    db: Database,
    user: StaffUser,
    today: date,
    confirmed_marks: int | None = None,
    backup_first: Callable[[], object] | None = None,
) -> RetentionSummary:
    """Delete register entries (marks with their amendments) made over 6 years ago. Audited.

    `confirmed_marks` is the count the director agreed to; if the register now holds a
    different number the purge is refused. `backup_first` makes a checked backup before
    anything is deleted (its failure stops the purge).
    """
    require(user, Action.MANAGE_SETTINGS)
    if backup_first is not None:
        backup_first()
    with db.transaction(actor(user)) as session:
        summary = _summary(session, today)
        if confirmed_marks is not None and confirmed_marks != summary.marks:
            raise ServiceError(
                f"{summary.marks} marks are now due to be purged, not the {confirmed_marks} "
                "confirmed; nothing was purged"
            )
        ids = sorted(session.scalars(select(Mark.id).where(*_expired(summary.cutoff))))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            session.execute(delete(Amendment).where(Amendment.mark_id.in_(chunk)))
            session.execute(delete(Mark).where(Mark.id.in_(chunk)))
        audit_entry(
            session,
            "purge",
            "marks",
            None,
            None,
            {
                "summary": f"purged {summary.marks} marks and {summary.amendments} amendments "
                f"made before {summary.cutoff}",
                "mark_ids": ids,
            },
        )
    return summary
