"""The statutory watches for every learner, as at a date."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from sqlalchemy import select

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.domain.watches import Alert, LearnerRegister, all_alerts
from desktop_app.models import Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.followups import all_safeguarding_alerts
from desktop_app.services.provision import provision_info


def _moment(as_of: date | None, now: datetime) -> datetime:
    if as_of is None or as_of == now.date():
        return now
    if as_of > now.date():
        raise ValidationFailed([Problem(f"{as_of} is in the future", field="as-of")])
    return datetime.combine(as_of, time.max)


def alerts(
    db: Database, user: StaffUser, as_of: date | None = None, now: datetime | None = None
) -> list[Alert]:
    """Every condition that has arisen by as_of (default today) and still holds then.

    `now` is the local wall-clock time; it decides which of today's registers have closed.
    """
    require(user, Action.VIEW_ALERTS)
    moment = _moment(as_of, now or datetime.now())
    with db.reading() as session:
        calendar = load_calendar(session)
        info = provision_info(session)
        marks: dict[int, dict[tuple[date, RegisterSession], str]] = defaultdict(dict)
        rows = session.execute(
            select(Mark.learner_id, Mark.date, Mark.session, Mark.code).where(
                Mark.date <= moment.date()
            )
        )
        by_name = {s.value: s for s in RegisterSession}
        for learner_id, day, session_name, code in rows:
            marks[learner_id][(day, by_name[session_name])] = code
        learners = session.execute(
            select(Learner.id, Learner.upn, Learner.start_date, Learner.leaving_date).where(
                Learner.start_date <= moment.date()
            )
        ).all()
        found = all_safeguarding_alerts(session, calendar, moment.date(), learners, marks)
    close_times = {s: t.close for s, t in info.times.items()}
    for learner_id, upn, start, leaving in learners:
        register = LearnerRegister(upn, start, leaving, marks.get(learner_id, {}))
        found += all_alerts(register, calendar, moment, close_times)
    return sorted(found)
