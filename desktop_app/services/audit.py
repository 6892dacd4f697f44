"""Reading the audit log, and recording that someone opened a learner's safeguarding detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from desktop_app.domain.permissions import Action
from desktop_app.models import AuditEntry, Learner, Staff
from desktop_app.models.auditing import audit_entry
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound

MAX_ROWS = 5000


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    staff: str
    action: str
    entity: str
    entity_id: int | None
    upn: str | None
    detail: str


def record_view(db: Database, user: StaffUser, learner_id: int, what: str) -> None:
    """Note in the audit log that this user opened a learner's safeguarding detail."""
    require(user, Action.VIEW_LEARNERS)
    with db.transaction(actor(user)) as session:
        audit_entry(session, "view", what, None, learner_id, f"opened {what}")


def audit_log(
    db: Database,
    user: StaffUser,
    username: str | None = None,
    upn: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[AuditRow]:
    """Entries newest first, filtered by member of staff, learner and dates (local days)."""
    require(user, Action.VIEW_AUDIT)
    query = select(AuditEntry, Learner.upn).outerjoin(Learner, Learner.id == AuditEntry.learner_id)
    with db.reading() as session:
        if username:
            staff_id = session.scalar(select(Staff.id).where(Staff.username == username))
            if staff_id is None:
                raise NotFound(f"no member of staff with username '{username}'")
            query = query.where(AuditEntry.staff_id == staff_id)
        if upn:
            query = query.where(Learner.upn == upn.strip().upper())
        if start:
            query = query.where(AuditEntry.at >= datetime.combine(start, time()).astimezone())
        if end:
            after = datetime.combine(end + timedelta(days=1), time()).astimezone()
            query = query.where(AuditEntry.at < after)
        rows = session.execute(query.order_by(AuditEntry.id.desc()).limit(MAX_ROWS)).all()
        return [
            AuditRow(e.at, e.staff_name, e.action, e.entity, e.entity_id, u, e.detail)
            for e, u in rows
        ]
