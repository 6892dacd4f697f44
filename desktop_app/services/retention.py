"""Retention: register entries are kept 6 years from the day they were made, then may be purged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import ColumnElement, delete, func, select

from desktop_app.domain.permissions import Action
from desktop_app.models import Amendment, Mark
from desktop_app.models.auditing import audit_entry
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require

RETENTION_YEARS = 6


@dataclass(frozen=True, slots=True)
class RetentionSummary:
    cutoff: date  # entries made before this day may be purged
    marks: int
    amendments: int
    oldest: date | None


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


def expired_entries(db: Database, user: StaffUser, today: date) -> RetentionSummary:
    """How many register entries are past 6 years and may be purged (director)."""
    require(user, Action.MANAGE_SETTINGS)
    cutoff = cutoff_for(today)
    with db.reading() as session:
        marks, oldest = session.execute(
            select(func.count(), func.min(Mark.date)).where(*_expired(cutoff))
        ).one()
        ids = select(Mark.id).where(*_expired(cutoff))
        changes = session.scalar(select(func.count()).where(Amendment.mark_id.in_(ids)))
    return RetentionSummary(cutoff, marks, changes or 0, oldest)


def purge_expired(db: Database, user: StaffUser, today: date) -> RetentionSummary:
    """Delete register entries (marks with their amendments) made over 6 years ago. Audited."""
    summary = expired_entries(db, user, today)
    with db.transaction(actor(user)) as session:
        ids = select(Mark.id).where(*_expired(summary.cutoff))
        session.execute(delete(Amendment).where(Amendment.mark_id.in_(ids)))
        session.execute(delete(Mark).where(*_expired(summary.cutoff)))
        audit_entry(
            session,
            "purge",
            "marks",
            None,
            None,
            f"purged {summary.marks} marks and {summary.amendments} amendments made before "
            f"{summary.cutoff}",
        )
    return summary
