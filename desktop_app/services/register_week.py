"""A group's register for one week: what the marking grid shows, cell by cell."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.calendar import SchoolCalendar, week_start
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.groups import group_on, groups_in
from desktop_app.domain.mark_rule import Roll, SessionDay, session_day
from desktop_app.domain.permissions import Action
from desktop_app.domain.sessions import DayTimes, Schedule, register_closed
from desktop_app.domain.stats import Summary
from desktop_app.models import Amendment, Group, Learner, Mark, Staff
from desktop_app.models.engine import Database
from desktop_app.services import read_cache
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.groups import histories
from desktop_app.services.rag import ratings
from desktop_app.services.statistics import summaries

N_RESOLVE_DAYS = 5


class CellState(enum.StrEnum):
    MARKED = "marked"
    PLANNED = "planned"  # a mark recorded ahead of its day
    UNMARKED = "unmarked"  # not yet due
    MISSING = "missing"  # due and not marked: a missing register
    CLOSED = "closed"  # closure: shows '#'
    NO_SCHOOL = "no_school"  # weekday outside the terms
    BEFORE_START = "before_start"  # shows 'Z'
    AFTER_LEAVING = "after_leaving"  # greyed and locked


@dataclass(frozen=True, slots=True)
class Cell:
    state: CellState
    code: str | None = None
    minutes_late: int | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    changes: int = 0
    amendments: int = 0
    n_overdue: bool = False
    note: str | None = None

    @property
    def locked(self) -> bool:
        return self.state in (CellState.AFTER_LEAVING, CellState.NO_SCHOOL, CellState.CLOSED)


@dataclass(frozen=True, slots=True)
class RegisterRow:
    learner_id: int
    upn: str
    name: str
    group: str | None
    rag: str
    term_percent: Decimal | None
    cells: list[Cell]
    #: RED without a current risk assessment: flagged wherever the learner appears.
    needs_assessment: bool = False
    #: Time on roll, for the mark rule the grid applies as keys are typed.
    roll: Roll | None = None


@dataclass(frozen=True, slots=True)
class WeekRegister:
    monday: date
    columns: list[tuple[date, RegisterSession]]
    closed_columns: list[bool]  # register closed (changes are amendments)
    rows: list[RegisterRow]
    today: date
    term_name: str | None
    #: Each weekday's session times in force and, per column, what the calendar says: the mark
    #: rule's inputs.
    day_times: dict[date, DayTimes] = field(default_factory=dict)
    places: list[SessionDay] = field(default_factory=list)

    def times_on(self, day: date) -> DayTimes:
        """The session times in force on a day of this week."""
        return self.day_times[day]

    @property
    def missing(self) -> int:
        return sum(c.state is CellState.MISSING for r in self.rows for c in r.cells)


@dataclass(frozen=True, slots=True)
class GroupChoice:
    id: int | None
    name: str


def list_groups(db: Database, user: StaffUser) -> list[GroupChoice]:
    """Every group not archived, after 'All learners'."""
    require(user, Action.MARK_REGISTER)
    with db.reading() as session:
        query = select(Group.id, Group.name).where(Group.archived.is_(False))
        groups = session.execute(query.order_by(Group.name)).all()
    return [GroupChoice(None, "All learners"), *(GroupChoice(i, n) for i, n in groups)]


def _columns(monday: date) -> list[tuple[date, RegisterSession]]:
    return [(monday + timedelta(days=d), s) for d in range(5) for s in RegisterSession]


def _learners(
    session: Session, group_id: int | None, monday: date, today: date
) -> tuple[list[Learner], dict[int, int | None]]:
    """Learners on roll that week (in the group on any of its days), and each one's group as
    the week shows it (the group they were in then: on the Friday, or today in this week)."""
    friday = monday + timedelta(days=4)
    query = select(Learner).where(
        Learner.start_date <= friday,
        or_(Learner.leaving_date.is_(None), Learner.leaving_date >= monday),
    )
    found = list(session.scalars(query.order_by(Learner.surname, Learner.forename)))
    stays = histories(session, [ln.id for ln in found])
    days = [monday + timedelta(days=d) for d in range(5)]
    shown = min(friday, max(monday, today))
    where = {ln.id: group_on(stays.get(ln.id, []), shown, ln.group_id) for ln in found}
    if group_id is not None:
        found = [
            ln for ln in found if group_id in groups_in(stays.get(ln.id, []), days, ln.group_id)
        ]
    return found, where


def _term_percents(
    session: Session, ids: list[int], calendar: SchoolCalendar, monday: date, today: date
) -> dict[int, Decimal | None]:
    term = calendar.term_of(monday) or calendar.term_of(monday + timedelta(days=4))
    if term is None:
        return {}
    found = summaries(session, term.start, min(term.end, today), ids)
    return {i: found.get(i, Summary()).attendance_percent for i in ids}


@dataclass(frozen=True, slots=True)
class _Context:
    calendar: SchoolCalendar
    schedule: Schedule
    now: datetime


def _empty_cell(learner: Learner, day: date, name: RegisterSession, ctx: _Context) -> Cell:
    calendar = ctx.calendar
    if learner.leaving_date is not None and day > learner.leaving_date:
        return Cell(CellState.AFTER_LEAVING, note=f"Left on {learner.leaving_date}")
    if not calendar.in_term_weekday(day):
        return Cell(CellState.NO_SCHOOL, note="Not a school day")
    if name not in calendar.open_sessions(day):
        return Cell(CellState.CLOSED, "#", note=calendar.closure_reason(day, name))
    if day < learner.start_date:
        return Cell(CellState.BEFORE_START, "Z", note=f"Starts on {learner.start_date}")
    due = register_closed(ctx.schedule.times_on(day)[name], day, ctx.now)
    return Cell(CellState.MISSING if due else CellState.UNMARKED)


def _marked_cell(mark: Any, changes: tuple[int, int], ctx: _Context) -> Cell:
    today = ctx.now.date()
    planned = mark.date > today
    overdue = (
        mark.code == "N" and ctx.calendar.school_days_between(mark.date, today) > N_RESOLVE_DAYS
    )
    return Cell(
        CellState.PLANNED if planned else CellState.MARKED,
        mark.code,
        mark.minutes_late,
        mark.full_name,
        mark.recorded_at,
        changes[0],
        changes[1],
        overdue,
    )


def _marks(
    session: Session, ids: list[int], monday: date
) -> tuple[dict[tuple[int, date, str], Any], dict[int, tuple[int, int]]]:
    """The week's marks as plain rows (no ORM objects to build and expire), who made each, and
    how many times each was changed (and of those, after its register closed)."""
    query = (
        select(
            Mark.id,
            Mark.learner_id,
            Mark.date,
            Mark.session,
            Mark.code,
            Mark.minutes_late,
            Mark.recorded_at,
            Staff.full_name,
        )
        .join(Staff, Staff.id == Mark.recorded_by_id)
        .where(Mark.learner_id.in_(ids), Mark.date.between(monday, monday + timedelta(days=4)))
    )
    marks: dict[tuple[int, date, str], Any] = {
        (m.learner_id, m.date, m.session): m for m in session.execute(query)
    }
    mark_ids = [m.id for m in marks.values()]
    counts: dict[int, tuple[int, int]] = {}
    changes = (
        select(Amendment.mark_id, func.count(), func.sum(case((Amendment.after_close, 1), else_=0)))
        .where(Amendment.mark_id.in_(mark_ids))
        .group_by(Amendment.mark_id)
    )
    for mark_id, total, after in session.execute(changes):
        counts[mark_id] = (total, int(after or 0))
    return marks, counts


def register_version(db: Database) -> int:
    """The register's version now (read_cache): a week read at this version is still true."""
    with db.reading() as session:
        return read_cache.register_version(session)


def week_register(
    db: Database, user: StaffUser, group_id: int | None, day: date, now: datetime
) -> WeekRegister:
    """The register for the week containing day: learners on roll that week and every cell."""
    require(user, Action.MARK_REGISTER)
    monday = week_start(day)
    columns = _columns(monday)
    today = now.date()
    with db.reading() as session:
        version = read_cache.register_version(session)
        ctx = _Context(
            read_cache.calendar(session, version), read_cache.schedule(session, version), now
        )
        learners, where = _learners(session, group_id, monday, today)
        names: dict[int | None, str] = dict(session.execute(select(Group.id, Group.name)).all())
        ids = [learner.id for learner in learners]
        marks, changes = _marks(session, ids, monday)
        # The term's attendance and the RAG ratings (a year of marks) do not change while the
        # register does not: paging through weeks and groups reads them once.
        percents = read_cache.cached(
            session,
            version,
            ("term %", monday, today, tuple(ids)),
            lambda: _term_percents(session, ids, ctx.calendar, monday, today),
        )
        rated = read_cache.cached(
            session, version, ("rag", today, tuple(ids)), lambda: ratings(session, today, ids)
        )
        rows = []
        for learner in learners:
            cells = []
            for d, s in columns:
                found = marks.get((learner.id, d, s.value))
                cells.append(
                    _empty_cell(learner, d, s, ctx)
                    if found is None
                    else _marked_cell(found, changes.get(found.id, (0, 0)), ctx)
                )
            rows.append(
                RegisterRow(
                    learner.id,
                    learner.upn,
                    f"{learner.forename} {learner.surname}",
                    names.get(where[learner.id]),
                    rated[learner.id].rating.value,
                    percents.get(learner.id),
                    cells,
                    rated[learner.id].needs_assessment,
                    Roll(learner.start_date, learner.leaving_date, learner.forename),
                )
            )
        term = ctx.calendar.term_of(monday) or ctx.calendar.term_of(monday + timedelta(days=4))
        day_times = {d: ctx.schedule.times_on(d) for d, _ in columns}
        closed = [register_closed(day_times[d][s], d, now) for d, s in columns]
        places = [session_day(ctx.calendar, d, s) for d, s in columns]
    name = term.name if term else None
    return WeekRegister(monday, columns, closed, rows, now.date(), name, day_times, places)
