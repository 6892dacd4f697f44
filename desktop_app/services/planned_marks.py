"""Planned marks entered ahead from a decision: granted leave, and C2 outside an agreed
part-time timetable. Inside the caller's transaction, so the decision and its marks are written
together or not at all; each mark is judged by the register's own rule (domain/mark_rule.py).

Only sessions that have not started yet are entered (the register records what happened for
the rest), and a session that already has a mark keeps it. `marks_to_plan` says which, writing
nothing: the same selection shows what a decision will enter before it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.mark_rule import Proposal, Roll, judge_mark, session_day
from desktop_app.models import Learner, Mark
from desktop_app.models.auditing import audit_entry
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import load_calendar
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.session_times import load_schedule
from desktop_app.services.tx import in_transaction

#: The source of a mark entered ahead from a case-work decision.
PLANNED = "planned"
#: The code for one session, or None to leave it alone.
CodeFor = Callable[[date, RegisterSession], str | None]


@dataclass(frozen=True, slots=True)
class PlannedMark:
    """A mark a decision enters ahead: the day, the session ("AM"/"PM") and the code."""

    day: date
    session: str
    code: str


@in_transaction
def marks_to_plan(
    session: Session, learner: Learner, first: date, last: date, code_for: CodeFor, now: datetime
) -> list[PlannedMark]:
    """What plan_marks enters, in order, writing nothing: code_for's code for each school
    session from first to last that has not started by `now` (naive local time) and has no
    mark, as the mark rule judges it. A code the rule refuses raises ValidationFailed."""
    calendar, schedule = load_calendar(session), load_schedule(session)
    roll = Roll(learner.start_date, learner.leaving_date, learner.forename)
    taken = {
        (d, s)
        for d, s in session.execute(
            select(Mark.date, Mark.session).where(
                Mark.learner_id == learner.id, Mark.date.between(first, last)
            )
        )
    }
    planned = []
    for day in calendar.school_days(first, last):
        for name in calendar.open_sessions(day):
            code = code_for(day, name)
            times = schedule.times_on(day)
            started = now >= datetime.combine(day, times[name].start)
            if code is None or started or (day, name.value) in taken:
                continue
            verdict = judge_mark(
                Proposal(code, day, name), times=times[name], now=now, roll=roll,
                place=session_day(calendar, day, name),
            )  # fmt: skip
            if not verdict.ok:
                raise ValidationFailed([Problem(verdict.message, field=verdict.field)])
            planned.append(PlannedMark(day, name.value, verdict.code))
    return planned


@in_transaction
def plan_marks(
    session: Session,
    user: StaffUser,
    learner: Learner,
    first: date,
    last: date,
    code_for: CodeFor,
    now: datetime,
) -> int:
    """Enter the marks marks_to_plan finds (a refused code refuses the whole decision);
    how many were entered."""
    planned = marks_to_plan(session, learner, first, last, code_for, now)
    stamp = datetime.now(UTC)
    session.add_all(
        Mark(
            learner_id=learner.id, date=mark.day, session=mark.session, code=mark.code,
            recorded_by_id=user.id, recorded_at=stamp, source=PLANNED,
        )
        for mark in planned
    )  # fmt: skip
    return len(planned)


@in_transaction
def remove_planned_after(session: Session, learner_id: int, after: date) -> int:
    """Remove marks entered ahead (by a pattern or a decision) for sessions after a day: the
    learner leaves the roll. Marks the register made are never removed here."""
    stale = (
        Mark.learner_id == learner_id,
        Mark.date > after,
        Mark.source.in_((PLANNED, "pattern")),
    )
    removed = len(session.scalars(select(Mark.id).where(*stale)).all())
    if removed:
        session.execute(delete(Mark).where(*stale))
        audit_entry(
            session, "delete", "marks", None, learner_id,
            f"{removed} marks planned for sessions after the leaving date {after}",
        )  # fmt: skip
    return removed


@in_transaction
def marks_made_after(session: Session, learner_id: int, after: date) -> int:
    """Marks the register made for sessions after a day (a leaving date cannot come before)."""
    query = select(Mark.id).where(
        Mark.learner_id == learner_id,
        Mark.date > after,
        Mark.source.not_in((PLANNED, "pattern")),
    )
    return len(session.scalars(query).all())
