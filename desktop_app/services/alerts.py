"""The watches for every learner, as at a date: what needs someone to act, and what was done.

The rules run over a bounded read of the register (services/alert_rules.py, alert_data.py).
An acknowledged alert leaves the list; it comes back only as a new alert, when its condition
arises again on another day. A tutor sees register items only (missing registers): the link
from a tutor to their own group is not in the register yet, and the rest is safeguarding detail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from desktop_app.domain.permissions import Action, Role
from desktop_app.domain.watches import MISSING_REGISTER, Alert
from desktop_app.models.engine import Database
from desktop_app.services.absconding_queries import return_interview_alerts
from desktop_app.services.acknowledged import Acknowledged, acknowledged_by_id
from desktop_app.services.alert_rules import compute_alerts
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.case_alerts import case_alerts
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.sending import sending_alerts

#: What a tutor sees: the register's own items, no safeguarding detail.
TUTOR_KINDS = frozenset({MISSING_REGISTER})


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """An alert, the learner it is about, and what was done about it (None: nothing yet)."""

    alert: Alert
    learner_id: int | None
    acknowledged: Acknowledged | None = None


def _moment(as_of: date | None, now: datetime) -> datetime:
    if as_of is None or as_of == now.date():
        return now
    if as_of > now.date():
        raise ValidationFailed([Problem(f"{as_of} is in the future", field="as-of")])
    return datetime.combine(as_of, time.max)


def alert_records(
    db: Database,
    user: StaffUser,
    as_of: date | None = None,
    now: datetime | None = None,
    include_acknowledged: bool = False,
) -> list[AlertRecord]:
    """Every condition that has arisen by as_of (default today) and still holds then, oldest
    first; acknowledged ones only when asked, with who and when.

    `now` is the local wall-clock time; it decides which of today's registers have closed.
    """
    require(user, Action.VIEW_ALERTS)
    moment = _moment(as_of, now or datetime.now())
    with db.reading() as session:
        found, ids = compute_alerts(session, moment)
        found += return_interview_alerts(session, moment)  # after an absconding incident
        found += case_alerts(session, moment, user.role)  # reviews, follow-ups, requests
        found += sending_alerts(session, moment, user.role)  # emails refused, until resent
        if user.role is Role.TUTOR:
            found = [a for a in found if a.kind in TUTOR_KINDS]
        done = acknowledged_by_id(session, [a.id for a in found])
    records = [AlertRecord(a, ids.get(a.upn), done.get(a.id)) for a in sorted(found)]
    if include_acknowledged:
        return records
    return [r for r in records if r.acknowledged is None]


def alerts(
    db: Database, user: StaffUser, as_of: date | None = None, now: datetime | None = None
) -> list[Alert]:
    """The alerts still to act on (not acknowledged), oldest first."""
    return [r.alert for r in alert_records(db, user, as_of, now)]


def current_alerts(
    db: Database, user: StaffUser, now: datetime | None = None
) -> dict[str, tuple[Alert, int | None]]:
    """Every current alert (acknowledged or not) by id, with its learner."""
    records = alert_records(db, user, now=now, include_acknowledged=True)
    return {r.alert.id: (r.alert, r.learner_id) for r in records}
