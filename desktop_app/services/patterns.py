"""Weekly attendance patterns: sessions at the home school (D) or off timetable (C2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.models import AttendancePattern, Learner, Mark
from desktop_app.models.auditing import audit_entry
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.errors import NotFound, Problem, ValidationFailed

PATTERN_CODES = ("D", "C2")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


@dataclass(frozen=True, slots=True)
class PatternEntry:
    weekday: int  # 0 = Monday
    session: RegisterSession
    code: str


@dataclass(frozen=True, slots=True)
class PatternApplied:
    entries: list[PatternEntry]
    planned_marks: int
    removed_marks: int


def get_pattern(db: Database, user: StaffUser, learner_id: int) -> list[PatternEntry]:
    require(user, Action.MARK_REGISTER)
    with db.reading() as session:
        rows = session.scalars(
            select(AttendancePattern)
            .where(AttendancePattern.learner_id == learner_id)
            .order_by(AttendancePattern.weekday, AttendancePattern.session)
        )
        return [PatternEntry(r.weekday, RegisterSession(r.session), r.code) for r in rows]


def _check(entries: list[PatternEntry]) -> None:
    problems = []
    seen = set()
    for entry in entries:
        if entry.code not in PATTERN_CODES:
            problems.append(Problem(f"'{entry.code}' is not D or C2", field="code"))
        if not 0 <= entry.weekday <= 4:
            problems.append(Problem("a pattern covers Monday to Friday", field="weekday"))
        if (entry.weekday, entry.session) in seen:
            problems.append(Problem("each session appears once", field="weekday"))
        seen.add((entry.weekday, entry.session))
    if problems:
        raise ValidationFailed(problems)


def set_pattern(
    db: Database, user: StaffUser, learner_id: int, entries: list[PatternEntry], today: date
) -> PatternApplied:
    """Replace the learner's pattern and re-plan future sessions from tomorrow to the last term.

    Marks an earlier pattern planned for future sessions are removed first; a session someone
    already marked by hand is left as it is.
    """
    require(user, Action.MANAGE_LEARNERS)
    _check(entries)
    with db.transaction(actor(user)) as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("that learner is no longer on the register")
        session.execute(delete(AttendancePattern).where(AttendancePattern.learner_id == learner_id))
        stale = (Mark.learner_id == learner_id, Mark.date > today, Mark.source == "pattern")
        removed = len(session.scalars(select(Mark.id).where(*stale)).all())
        session.execute(delete(Mark).where(*stale))
        if removed:
            audit_entry(
                session,
                "delete",
                "marks",
                None,
                learner_id,
                f"{removed} future marks planned by the previous pattern",
            )
        session.add_all(
            AttendancePattern(
                learner_id=learner_id, weekday=e.weekday, session=e.session.value, code=e.code
            )
            for e in entries
        )
        calendar = load_calendar(session)
        last = max((t.end for t in calendar.terms), default=today)
        if learner.leaving_date is not None:
            last = min(last, learner.leaving_date)
        first = max(today + timedelta(days=1), learner.start_date)
        taken = {
            (d, s)
            for d, s in session.execute(
                select(Mark.date, Mark.session).where(
                    Mark.learner_id == learner_id, Mark.date >= first
                )
            )
        }
        wanted = {(e.weekday, e.session): e.code for e in entries}
        now = datetime.now(UTC)
        planned = 0
        for day in calendar.school_days(first, last):
            for name in calendar.open_sessions(day):
                code = wanted.get((day.weekday(), name))
                if code is None or (day, name.value) in taken:
                    continue
                session.add(
                    Mark(
                        learner_id=learner_id,
                        date=day,
                        session=name.value,
                        code=code,
                        recorded_by_id=user.id,
                        recorded_at=now,
                        source="pattern",
                    )
                )
                planned += 1
    return PatternApplied(entries, planned, removed)
