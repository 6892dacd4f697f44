"""The provision's session times: which were in force on a day, and changing them from a date.

`times_on(session, day)` is the one place every rule (the mark rule, arrivals, missing
registers, the register's banner, the commissioner summary) gets a day's times from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.domain.sessions import (
    BEGINNING,
    DEFAULT_TIMES,
    DayTimes,
    Schedule,
    SessionTimes,
    TimeSet,
    change_problem,
)
from desktop_app.models import Mark, SessionTimeSet
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.settings_version import claim_settings, settings_version
from desktop_app.services.tx import in_transaction


def _time_set(row: SessionTimeSet) -> TimeSet:
    return TimeSet(
        row.effective_from,
        row.weekday,
        SessionTimes(row.am_start, row.am_close),
        SessionTimes(row.pm_start, row.pm_close),
    )


@in_transaction
def load_schedule(session: Session) -> Schedule:
    """Every set of times, inside the caller's session."""
    return Schedule.of(_time_set(r) for r in session.scalars(select(SessionTimeSet)))


@in_transaction
def times_on(session: Session, day: date) -> DayTimes:
    """The AM and PM times in force on day."""
    return load_schedule(session).times_on(day)


@in_transaction
def add_first_times(session: Session) -> None:
    """The default times, in force from the beginning (set-up and the demo)."""
    am, pm = DEFAULT_TIMES[RegisterSession.AM], DEFAULT_TIMES[RegisterSession.PM]
    session.add(_row(TimeSet(BEGINNING, None, am, pm)))


def _row(change: TimeSet) -> SessionTimeSet:
    return SessionTimeSet(
        effective_from=change.effective_from,
        weekday=change.weekday,
        am_start=change.am.start,
        am_close=change.am.close,
        pm_start=change.pm.start,
        pm_close=change.pm.close,
    )


@dataclass(frozen=True, slots=True)
class ScheduleView:
    """What Settings and `settings show` say: each weekday's times today, and changes to come."""

    today: date
    this_week: dict[int, DayTimes]
    coming: list[TimeSet]
    schedule: Schedule
    version: int = 0  # the settings' version read: a save passes it back


def session_schedule(db: Database, user: StaffUser, today: date) -> ScheduleView:
    """The times in force this week, weekday by weekday, and every change dated after today."""
    require(user, Action.MARK_REGISTER)
    with db.reading() as session:
        schedule = load_schedule(session)
        version = settings_version(session)
    week, coming = schedule.week_on(today), schedule.changes_after(today)
    return ScheduleView(today, week, coming, schedule, version)


def set_session_times(
    db: Database,
    user: StaffUser,
    am: SessionTimes,
    pm: SessionTimes,
    effective_from: date,
    today: date,
    weekday: int | None = None,
    version: int | None = None,
) -> TimeSet:
    """New AM and PM times from a date, for every weekday or one (0 = Monday).

    Refused from a day before today once marks exist on or after it: marks already made are
    never judged by times that were not in force when they were made. The same date and weekday
    again replaces that change. `version`: the settings' version the screen read (None: not
    checked); a save since is refused (StaleWrite).
    """
    require(user, Action.MANAGE_SETTINGS)
    try:
        change = TimeSet(effective_from, weekday, am, pm)
    except ValueError as error:
        raise ValidationFailed([Problem(str(error), field="pm")]) from None
    with db.transaction(actor(user)) as session:
        last = session.scalar(select(func.max(Mark.date)).where(Mark.date >= effective_from))
        if problem := change_problem(change, today, last):
            raise ValidationFailed([Problem(problem, field="from")])
        claim_settings(session, version)
        same = select(SessionTimeSet).where(
            SessionTimeSet.effective_from == effective_from,
            SessionTimeSet.weekday.is_(None)
            if weekday is None
            else SessionTimeSet.weekday == weekday,
        )
        for old in session.scalars(same):
            session.delete(old)
        session.flush()
        session.add(_row(change))
    return change
