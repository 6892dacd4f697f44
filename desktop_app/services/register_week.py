"""A group's register for one week: what the marking grid shows, cell by cell."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.calendar import SchoolCalendar, week_start
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.groups import group_on, groups_in
from desktop_app.domain.mark_rule import Roll, SessionDay, session_day
from desktop_app.domain.permissions import Action
from desktop_app.domain.sessions import DayTimes, Schedule, register_closed
from desktop_app.domain.stats import Summary
from desktop_app.models import Group
from desktop_app.models.engine import Database
from desktop_app.services import read_cache
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.rag import ratings
from desktop_app.services.statistics import summaries
from desktop_app.services.tx import in_transaction
from desktop_app.services.week_rows import OnRoll, WeekMarks, week_marks, week_roll

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


class Cell(NamedTuple):
    """One learner's session in the grid. A named tuple, not a frozen dataclass: a week makes
    one per mark (540 for 55 learners) and a tuple is made in a quarter of the time, with the
    same immutability."""

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


class RegisterRow(NamedTuple):
    """A learner's row of the grid (a named tuple, as Cell)."""

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
class GroupChoice:
    id: int | None
    name: str


#: The first choice of group: everyone on roll.
ALL_LEARNERS = GroupChoice(None, "All learners")


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
    #: The groups to choose from (ALL_LEARNERS first), as the register had them when read.
    groups: tuple[GroupChoice, ...] = ()

    def times_on(self, day: date) -> DayTimes:
        """The session times in force on a day of this week."""
        return self.day_times[day]

    @property
    def missing(self) -> int:
        return sum(c.state is CellState.MISSING for r in self.rows for c in r.cells)


def list_groups(db: Database, user: StaffUser) -> list[GroupChoice]:
    """Every group not archived, after ALL_LEARNERS."""
    require(user, Action.MARK_REGISTER)
    with db.reading() as session:
        return list(_groups(session).choices)


@dataclass(frozen=True, slots=True)
class _Groups:
    names: dict[int | None, str]  # every group's, archived too (a learner may still be in one)
    choices: tuple[GroupChoice, ...]  # ALL_LEARNERS, then the groups not archived


@in_transaction
def _groups(session: Session) -> _Groups:
    query = select(Group.id, Group.name, Group.archived).order_by(Group.name)
    found = session.execute(query).all()
    names: dict[int | None, str] = {i: name for i, name, _archived in found}
    shown = (GroupChoice(i, name) for i, name, archived in found if not archived)
    return _Groups(names, (ALL_LEARNERS, *shown))


def _columns(monday: date) -> list[tuple[date, RegisterSession]]:
    return [(monday + timedelta(days=d), s) for d in range(5) for s in RegisterSession]


def _learners(
    session: Session, group_id: int | None, monday: date, today: date
) -> tuple[list[OnRoll], dict[int, int | None]]:
    """Learners on roll that week (in the group on any of its days), and each one's group as
    the week shows it (the group they were in then: on the Friday, or today in this week)."""
    found = week_roll(session, group_id, monday)
    shown = min(monday + timedelta(days=4), max(monday, today))
    if group_id is None:
        return found, {ln.id: group_on(ln.stays, shown, ln.group_id) for ln in found}
    kept, where = [], {}
    for learner in found:
        groups, where[learner.id] = _groups_in_week(learner, monday, shown)
        if group_id in groups:
            kept.append(learner)
    return kept, where


def _groups_in_week(
    learner: OnRoll, monday: date, shown: date
) -> tuple[set[int | None], int | None]:
    """Every group the learner was in that week: their group on the Monday and on each later
    day of it on which a stay began (between those days it cannot change); and their group on
    the day shown, a day of the week (with no stay begun after Monday, their Monday group)."""
    friday = monday + timedelta(days=4)
    changed = [s.since for s in learner.stays if monday < s.since <= friday]
    if not changed:
        group = group_on(learner.stays, monday, learner.group_id)
        return {group}, group
    groups = groups_in(learner.stays, [monday, *changed], learner.group_id)
    return groups, group_on(learner.stays, shown, learner.group_id)


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


@dataclass(frozen=True, slots=True)
class _Column:
    """What a column says before any learner: its cell for a learner on roll without a mark
    (no school, closed, due or not yet), whether its marks are planned ahead, and whether an N
    in it is overdue (not resolved within N_RESOLVE_DAYS school days)."""

    day: date
    name: RegisterSession
    empty: Cell
    planned: bool
    n_overdue: bool


def _column(
    day: date, name: RegisterSession, place: SessionDay, due: bool, ctx: _Context
) -> _Column:
    """A column from what the calendar says of it and whether its register has closed."""
    calendar, today = ctx.calendar, ctx.now.date()
    overdue = calendar.school_days_between(day, today) > N_RESOLVE_DAYS
    if not place.school_day:
        empty = Cell(CellState.NO_SCHOOL, note="Not a school day")
    elif place.closure is not None:
        empty = Cell(CellState.CLOSED, "#", note=calendar.closure_reason(day, name))
    else:
        empty = Cell(CellState.MISSING if due else CellState.UNMARKED)
    return _Column(day, name, empty, day > today, overdue)


def _empty_cells(learner: OnRoll, columns: list[_Column]) -> list[Cell]:
    """A learner's cells before their marks: greyed after leaving; then the column's cell if it
    is locked (no school, closed); then 'Z' before the start date; else the column's."""
    start, leaving = learner.start_date, learner.leaving_date
    if start <= columns[0].day and (leaving is None or leaving >= columns[-1].day):
        return [c.empty for c in columns]  # on roll all week
    left = Cell(CellState.AFTER_LEAVING, note=f"Left on {leaving}")
    before = Cell(CellState.BEFORE_START, "Z", note=f"Starts on {start}")
    return [
        left
        if leaving is not None and c.day > leaving
        else c.empty
        if c.empty.locked or c.day >= start
        else before
        for c in columns
    ]


def _place_marks(rows: dict[int, list[Cell]], marks: WeekMarks, columns: list[_Column]) -> None:
    """Put each mark in its learner's row (planned if ahead of its day), with how many times
    it was changed (and after its register closed)."""
    am_column = {c.day: i for i, c in enumerate(columns) if c.name is RegisterSession.AM}
    kinds = [(CellState.PLANNED if c.planned else CellState.MARKED, c.n_overdue) for c in columns]
    # each distinct stored date and moment is read once
    days: dict[Any, int] = {}  # a stored date: its AM column (its PM column is the next)
    moments: dict[Any, datetime] = {}
    amended: dict[int, tuple[int, int]] = {}
    made = tuple.__new__  # a Cell made from all its fields at once, as Cell._make does
    for mark_id, learner_id, day, name, code, late, by, at, after_close in marks.rows:
        i = days.get(day)
        if i is None:
            i = days[day] = am_column[marks.day(day)]
        if name == "PM":
            i += 1
        when = moments.get(at)
        if when is None:
            when = moments[at] = marks.moment(at)
        if after_close is None:
            changed = after = 0
        else:  # a row per amendment: the mark's last row counts them all
            changed, after = amended.get(mark_id, (0, 0))
            changed, after = amended[mark_id] = changed + 1, after + bool(after_close)
        state, overdue = kinds[i]
        rows[learner_id][i] = made(
            Cell, (state, code, late, by, when, changed, after, code == "N" and overdue, None)
        )


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
        # the groups, kept (like the calendar) until a group is added, renamed or archived
        groups = read_cache.cached(
            session, version, "groups", lambda: _groups(session), ("groups",)
        )
        names = groups.names
        ids = [learner.id for learner in learners]
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
        day_times = {d: ctx.schedule.times_on(d) for d in dict.fromkeys(d for d, _ in columns)}
        closed = [register_closed(day_times[d][s], d, now) for d, s in columns]
        places = [session_day(ctx.calendar, d, s) for d, s in columns]
        facts = [
            _column(d, s, p, c, ctx) for (d, s), p, c in zip(columns, places, closed, strict=True)
        ]
        cells = {learner.id: _empty_cells(learner, facts) for learner in learners}
        _place_marks(cells, week_marks(session, ids, monday), facts)
        rows = []
        for learner in learners:
            rag = rated[learner.id]
            rows.append(
                RegisterRow(
                    learner.id,
                    learner.upn,
                    f"{learner.forename} {learner.surname}",
                    names.get(where[learner.id]),
                    rag.rating.value,
                    percents.get(learner.id),
                    cells[learner.id],
                    rag.needs_assessment,
                    Roll(learner.start_date, learner.leaving_date, learner.forename),
                )
            )
        term = ctx.calendar.term_of(monday) or ctx.calendar.term_of(monday + timedelta(days=4))
    name = term.name if term else None
    return WeekRegister(
        monday, columns, closed, rows, now.date(), name, day_times, places, groups.choices
    )
