"""Dealing with an alert: acknowledging it with a note or recording a notification made, and
logging a reminder to take a register. Each is one transaction, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.domain.watches import Alert
from desktop_app.models import AlertAcknowledgement, Group, RegisterReminder
from desktop_app.models.engine import Database
from desktop_app.services.acknowledged import (
    NOTIFIED,
    Acknowledged,
    acknowledged_by_id,
    to_acknowledged,
)
from desktop_app.services.alerts import current_alerts
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ServiceError, ValidationFailed
from desktop_app.services.tx import in_transaction


@dataclass(frozen=True, slots=True)
class Notification:
    """A notification made about an alert's condition."""

    to: str
    on: date
    reference: str = ""


def check_acknowledgement(note: str, notified: Notification | None, today: date) -> list[Problem]:
    """What is wrong with an acknowledgement before anything is written."""
    problems = []
    if notified is None:
        if not note.strip():
            problems.append(Problem("Say what was done in a note", field="note"))
        return problems
    if notified.to not in NOTIFIED:
        choices = ", ".join(NOTIFIED)
        problems.append(Problem(f"'{notified.to}' is not one of {choices}", field="notified"))
    if notified.on > today:
        problems.append(Problem("The notification date is in the future", field="on"))
    return problems


def acknowledge(
    db: Database,
    user: StaffUser,
    alert_id: str,
    note: str = "",
    notified: Notification | None = None,
    now: datetime | None = None,
) -> Acknowledged:
    """Mark a current alert as dealt with (a note, or a notification made); it leaves the list
    until its condition arises again. Refused if the alert is not current or already dealt with."""
    return acknowledge_alerts(db, user, [alert_id], note, notified, now)[0]


def acknowledge_alerts(
    db: Database,
    user: StaffUser,
    alert_ids: list[str],
    note: str = "",
    notified: Notification | None = None,
    now: datetime | None = None,
) -> list[Acknowledged]:
    """Acknowledge several current alerts at once (a register row stands for each learner
    unmarked), in one transaction: all or none."""
    require(user, Action.LOG_CONTACTS)
    moment = now or datetime.now(UTC)
    problems = check_acknowledgement(note, notified, moment.astimezone().date())
    if problems:
        raise ValidationFailed(problems)
    current = current_alerts(db, user, moment.astimezone().replace(tzinfo=None))
    missing = [i for i in alert_ids if i not in current]
    if missing or not alert_ids:
        raise NotFound(f"no current alert has the id '{(missing or [''])[0]}'")
    with db.transaction(actor(user)) as session:
        earlier = acknowledged_by_id(session, alert_ids)
        if earlier:
            raise ServiceError(f"that alert was already {next(iter(earlier.values())).summary}")
        rows = [_row(current[i], user, note, notified, moment) for i in alert_ids]
        session.add_all(rows)
        session.flush()
        return [to_acknowledged(row) for row in rows]


def _row(
    found: tuple[Alert, int | None],
    user: StaffUser,
    note: str,
    notified: Notification | None,
    moment: datetime,
) -> AlertAcknowledgement:
    alert, learner_id = found
    return AlertAcknowledgement(
        alert_id=alert.id,
        kind=alert.kind,
        learner_id=learner_id,
        arose=alert.date,
        note=note.strip(),
        notified_to=None if notified is None else notified.to,
        notified_on=None if notified is None else notified.on,
        reference="" if notified is None else notified.reference.strip(),
        staff_id=user.id,
        at=moment,
    )


def remind_register(
    db: Database,
    user: StaffUser,
    group_id: int | None,
    day: date,
    session_name: RegisterSession,
    reminded: str = "",
    now: datetime | None = None,
) -> int:
    """Log that the person who should take a group's register was reminded to."""
    require(user, Action.VIEW_ALERTS)
    with db.transaction(actor(user)) as session:
        if group_id is not None and session.get(Group, group_id) is None:
            raise NotFound("that group no longer exists")
        row = RegisterReminder(
            group_id=group_id,
            day=day,
            session=session_name.value,
            reminded=reminded.strip(),
            staff_id=user.id,
            at=now or datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        return row.id


@in_transaction
def reminders_on(session: Session, day: date) -> dict[tuple[int | None, str], str]:
    """Who reminded which group's register that day, and when (inside the caller's session)."""
    rows = session.scalars(select(RegisterReminder).where(RegisterReminder.day == day))
    return {
        (r.group_id, r.session): f"reminded by {r.staff.full_name} at {r.at.astimezone():%H:%M}"
        for r in rows
    }
