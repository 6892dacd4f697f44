"""The week register's plain-row read (services/week_rows.py) gives exactly the WeekRegister
the ORM read it replaced gave, kept below as the reference: on a register with learners joining,
leaving and moving group mid-week, stays that begin after the week, no group, planned codes,
closures, amendments (before and after the register closed), late minutes, overdue Ns, marks
after leaving and moments shared by several marks; for every group, several weeks and clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.calendar import SchoolCalendar, week_start
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.groups import Stay, group_on, groups_in
from desktop_app.domain.mark_rule import Roll, session_day
from desktop_app.domain.sessions import register_closed
from desktop_app.domain.stats import Summary
from desktop_app.models import (
    Amendment,
    Closure,
    Group,
    GroupMembership,
    Learner,
    Mark,
    Staff,
)
from desktop_app.models.engine import Database
from desktop_app.services import read_cache
from desktop_app.services.auth import StaffUser
from desktop_app.services.groups import add_group, move_learner, rename_group
from desktop_app.services.rag import ratings
from desktop_app.services.register_week import (
    ALL_LEARNERS,
    N_RESOLVE_DAYS,
    Cell,
    CellState,
    GroupChoice,
    RegisterRow,
    WeekRegister,
    list_groups,
    week_register,
)
from desktop_app.services.statistics import summaries

# --- the reference: week_register as it read before (ORM entities, cell by cell) ---------------


def _old_histories(session: Session, ids: list[int]) -> dict[int, list[Stay]]:
    found: dict[int, list[Stay]] = {}
    query = select(GroupMembership).where(GroupMembership.learner_id.in_(ids))
    for row in session.scalars(query.order_by(GroupMembership.from_date)):
        found.setdefault(row.learner_id, []).append(Stay(row.from_date, row.group_id))
    return found


def _old_learners(
    session: Session, group_id: int | None, monday: date, today: date
) -> tuple[list[Learner], dict[int, int | None]]:
    friday = monday + timedelta(days=4)
    query = select(Learner).where(
        Learner.start_date <= friday,
        or_(Learner.leaving_date.is_(None), Learner.leaving_date >= monday),
    )
    found = list(session.scalars(query.order_by(Learner.surname, Learner.forename)))
    stays = _old_histories(session, [ln.id for ln in found])
    days = [monday + timedelta(days=d) for d in range(5)]
    shown = min(friday, max(monday, today))
    where = {ln.id: group_on(stays.get(ln.id, []), shown, ln.group_id) for ln in found}
    if group_id is not None:
        found = [
            ln for ln in found if group_id in groups_in(stays.get(ln.id, []), days, ln.group_id)
        ]
    return found, where


def _old_empty_cell(
    learner: Learner, day: date, name: RegisterSession, calendar: SchoolCalendar, ctx: Any
) -> Cell:
    if learner.leaving_date is not None and day > learner.leaving_date:
        return Cell(CellState.AFTER_LEAVING, note=f"Left on {learner.leaving_date}")
    if not calendar.in_term_weekday(day):
        return Cell(CellState.NO_SCHOOL, note="Not a school day")
    if name not in calendar.open_sessions(day):
        return Cell(CellState.CLOSED, "#", note=calendar.closure_reason(day, name))
    if day < learner.start_date:
        return Cell(CellState.BEFORE_START, "Z", note=f"Starts on {learner.start_date}")
    due = register_closed(ctx[0].times_on(day)[name], day, ctx[1])
    return Cell(CellState.MISSING if due else CellState.UNMARKED)


def _old_marked_cell(
    mark: Any, changes: tuple[int, int], calendar: SchoolCalendar, now: datetime
) -> Cell:
    today = now.date()
    overdue = mark.code == "N" and calendar.school_days_between(mark.date, today) > N_RESOLVE_DAYS
    state = CellState.PLANNED if mark.date > today else CellState.MARKED
    return Cell(
        state, mark.code, mark.minutes_late, mark.full_name, mark.recorded_at, *changes, overdue
    )


def _old_marks(
    session: Session, ids: list[int], monday: date
) -> tuple[dict[Any, Any], dict[int, tuple[int, int]]]:
    query = (
        select(
            Mark.id, Mark.learner_id, Mark.date, Mark.session, Mark.code, Mark.minutes_late,
            Mark.recorded_at, Staff.full_name,
        )
        .join(Staff, Staff.id == Mark.recorded_by_id)
        .where(Mark.learner_id.in_(ids), Mark.date.between(monday, monday + timedelta(days=4)))
    )  # fmt: skip
    marks = {(m.learner_id, m.date, m.session): m for m in session.execute(query)}
    changes = (
        select(Amendment.mark_id, func.count(), func.sum(case((Amendment.after_close, 1), else_=0)))
        .where(Amendment.mark_id.in_([m.id for m in marks.values()]))
        .group_by(Amendment.mark_id)
    )
    counts = {i: (n, int(after or 0)) for i, n, after in session.execute(changes)}
    return marks, counts


def _old_percents(
    session: Session, ids: list[int], calendar: SchoolCalendar, monday: date, today: date
) -> dict[int, Decimal | None]:
    term = calendar.term_of(monday) or calendar.term_of(monday + timedelta(days=4))
    if term is None:
        return {}
    found = summaries(session, term.start, min(term.end, today), ids)
    return {i: found.get(i, Summary()).attendance_percent for i in ids}


def reference(db: Database, group_id: int | None, day: date, now: datetime) -> WeekRegister:
    monday, today = week_start(day), now.date()
    columns = [(monday + timedelta(days=d), s) for d in range(5) for s in RegisterSession]
    with db.reading() as session:
        calendar, schedule = read_cache.calendar(session), read_cache.schedule(session)
        learners, where = _old_learners(session, group_id, monday, today)
        names = dict(session.execute(select(Group.id, Group.name)).all())
        ids = [ln.id for ln in learners]
        marks, changes = _old_marks(session, ids, monday)
        percents = _old_percents(session, ids, calendar, monday, today)
        rated = ratings(session, today, ids)
        rows = []
        for ln in learners:
            roll, cells = Roll(ln.start_date, ln.leaving_date, ln.forename), []
            for d, s in columns:
                found = marks.get((ln.id, d, s.value))
                cells.append(
                    _old_empty_cell(ln, d, s, calendar, (schedule, now))
                    if found is None
                    else _old_marked_cell(found, changes.get(found.id, (0, 0)), calendar, now)
                )
            rows.append(
                RegisterRow(
                    ln.id, ln.upn, f"{ln.forename} {ln.surname}", names.get(where[ln.id]),
                    rated[ln.id].rating.value, percents.get(ln.id), cells,
                    rated[ln.id].needs_assessment, roll,
                )
            )  # fmt: skip
        term = calendar.term_of(monday) or calendar.term_of(monday + timedelta(days=4))
        day_times = {d: schedule.times_on(d) for d, _ in columns}
        closed = [register_closed(day_times[d][s], d, now) for d, s in columns]
        places = [session_day(calendar, d, s) for d, s in columns]
        query = select(Group.id, Group.name).where(Group.archived.is_(False)).order_by(Group.name)
        groups = (ALL_LEARNERS, *(GroupChoice(i, n) for i, n in session.execute(query)))
    name = term.name if term else None
    return WeekRegister(monday, columns, closed, rows, today, name, day_times, places, groups)


# --- a varied register ------------------------------------------------------------------------

MON = date(2025, 9, 15)  # the week most of it happens in (term from Wed 3 September)
WEEKS = [date(2025, 9, 1), date(2025, 9, 8), MON, date(2025, 9, 22), date(2025, 10, 20)]
NOWS = [
    datetime(2025, 9, 5, 8, 0),  # before most of it: marks ahead are planned
    datetime(2025, 9, 17, 9, 30),  # mid-week, the morning register open
    datetime(2025, 9, 19, 17, 0),  # after the week
    datetime(2025, 10, 1, 12, 0),  # the week's Ns long overdue
]
#  (surname, forename, start, leaving, group now)
LEARNERS = [
    ("Ahmed", "Ann", date(2025, 9, 3), None, "Kestrel"),
    ("Brown", "Ben", date(2025, 9, 3), None, "Kestrel"),  # to Falcon on Wednesday
    ("Clark", "Cal", date(2025, 9, 1), None, "Falcon"),  # to Kestrel before, no group later
    ("Day", "Dee", date(2025, 9, 17), None, "Kestrel"),  # joins on Wednesday
    ("Evans", "Eve", date(2025, 9, 3), date(2025, 9, 16), "Kestrel"),  # leaves on Tuesday
    ("Ford", "Fay", date(2025, 9, 1), None, None),  # no group
    ("Green", "Gus", date(2025, 10, 22), None, "Falcon"),  # starts in a later week
    ("Hill", "Hal", date(2025, 9, 3), date(2025, 9, 5), "Kestrel"),  # left before the week
    ("Ives", "Ivy", date(2025, 9, 3), None, "Falcon"),  # to Kestrel only after the week
    ("Jones", "Kim", date(2025, 9, 3), None, "Falcon"),  # history: Kestrel, Falcon later
    ("Jones", "Jay", date(2025, 9, 3), None, "Falcon"),  # first stay after the week
]
SHARED = datetime(2025, 9, 1, 7, 0, tzinfo=UTC)  # an import's one moment


def _learner(
    row: tuple[str, str, date, date | None, str | None], groups: dict[str, int]
) -> Learner:
    surname, forename, start, leaving, group = row
    return Learner(
        upn=f"E8203{len(surname) * 1000 + ord(forename[0]):08d}",
        surname=surname,
        forename=forename,
        date_of_birth=date(2011, 1, 1),
        start_date=start,
        leaving_date=leaving,
        group_id=groups[group] if group else None,
    )


def _mark(staff: Staff, learner: Learner, day: date, name: str, code: str, **more: Any) -> Mark:
    at = more.pop("at", datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9))
    return Mark(
        learner=learner, date=day, session=name, code=code, recorded_by=staff,
        recorded_at=at, **more,
    )  # fmt: skip


def _amend(staff: Staff, mark: Mark, after_close: bool) -> Amendment:
    return Amendment(
        mark_id=mark.id, original_code="N", amended_code=mark.code, original_minutes_late=None,
        amended_minutes_late=mark.minutes_late, reason="corrected", made_at=SHARED,
        staff_id=staff.id, staff_name=staff.full_name, staff_position="Director",
        after_close=after_close,
    )  # fmt: skip


def _marks(staff: Staff, people: dict[str, Learner]) -> list[Mark]:
    ann, ben, cal, dee, eve, fay = (people[n] for n in ("Ann", "Ben", "Cal", "Dee", "Eve", "Fay"))
    found = []
    for d in range(5):
        day = MON + timedelta(days=d)
        found.append(_mark(staff, ann, day, "AM", "/", at=SHARED))
        found.append(_mark(staff, ben, day, "PM", "\\", at=SHARED))
    found += [
        _mark(staff, ann, MON, "PM", "L", minutes_late=12),
        _mark(staff, cal, MON, "AM", "N"),
        _mark(staff, cal, MON + timedelta(days=1), "PM", "N"),
        _mark(staff, cal, MON + timedelta(days=2), "AM", "O"),
        _mark(staff, dee, MON + timedelta(days=4), "AM", "C2"),  # planned for some clocks
        _mark(staff, dee, MON + timedelta(days=4), "PM", "D"),
        _mark(staff, eve, MON + timedelta(days=3), "AM", "/"),  # a mark after leaving
        _mark(staff, fay, MON + timedelta(days=3), "AM", "/"),  # on a closed session (kept)
        _mark(staff, fay, MON + timedelta(days=7), "AM", "U", minutes_late=40),
        _mark(staff, people["Kim"], date(2025, 9, 10), "PM", "N"),
    ]
    return found


@pytest.fixture
def varied(db: Database, director: StaffUser, autumn: tuple[date, date]) -> None:
    for name in ("Kestrel", "Falcon", "Owl"):
        add_group(db, director, name)
    with db.transaction() as session:
        groups = {n: i for n, i in session.execute(select(Group.name, Group.id))}
        staff = session.get_one(Staff, director.id)
        people = {row[1]: _learner(row, groups) for row in LEARNERS}
        session.add_all(people.values())
        session.flush()
        stays = {
            "Kim": [(date(2025, 9, 3), "Kestrel"), (date(2025, 9, 24), "Falcon")],
            "Jay": [(date(2025, 9, 22), "Falcon")],
        }
        for name, history in stays.items():
            for since, group in history:
                stay = GroupMembership(group_id=groups[group], from_date=since)
                stay.learner_id = people[name].id
                session.add(stay)
        marks = _marks(staff, people)
        session.add_all(marks)
        inset, trip = date(2025, 9, 12), MON + timedelta(days=3)
        session.add(Closure(day=inset, reason="INSET day"))
        session.add(Closure(day=trip, session="AM", reason="Trip"))
        session.flush()
        session.add_all([_amend(staff, marks[11], True), _amend(staff, marks[11], False),
                         _amend(staff, marks[12], False)])  # fmt: skip
        upn = {name: learner.upn for name, learner in people.items()}
    move_learner(db, director, upn["Ben"], "Falcon", MON + timedelta(days=2))
    move_learner(db, director, upn["Cal"], "Kestrel", date(2025, 9, 8))
    move_learner(db, director, upn["Cal"], None, date(2025, 10, 20))
    move_learner(db, director, upn["Ivy"], "Kestrel", date(2025, 10, 20))


@pytest.mark.usefixtures("varied")
def test_the_week_read_equals_the_orm_read_it_replaced(db: Database, director: StaffUser) -> None:
    groups = [g.id for g in list_groups(db, director)]
    seen = 0
    for group_id in groups:
        for w, monday in enumerate(WEEKS):
            for n, now in enumerate(NOWS):
                day = monday + timedelta(days=(w + n) % 5)  # any day of the week
                read = week_register(db, director, group_id, day, now)
                assert read == reference(db, group_id, day, now), (group_id, day, now)
                seen += len(read.rows)
    assert seen > 300  # the weeks are not empty


@pytest.mark.usefixtures("varied")
def test_the_varied_week_shows_what_it_was_built_for(db: Database, director: StaffUser) -> None:
    kestrel = next(g.id for g in list_groups(db, director) if g.name == "Kestrel")
    week = week_register(db, director, kestrel, MON, datetime(2025, 9, 17, 9, 30))
    rows = {r.name: r for r in week.rows}
    assert list(rows) == [
        "Ann Ahmed",
        "Ben Brown",
        "Cal Clark",
        "Dee Day",
        "Eve Evans",
        "Kim Jones",
    ]
    assert rows["Ben Brown"].group == "Falcon"  # moved on Wednesday: in both groups that week
    assert rows["Ann Ahmed"].cells[1].minutes_late == 12
    assert [c.state for c in rows["Dee Day"].cells[:4]] == [CellState.BEFORE_START] * 4
    assert rows["Dee Day"].cells[8].state is CellState.PLANNED
    assert rows["Eve Evans"].cells[6].code == "/"  # a mark after leaving stays
    assert rows["Eve Evans"].cells[7].state is CellState.AFTER_LEAVING
    assert (rows["Cal Clark"].cells[0].changes, rows["Cal Clark"].cells[0].amendments) == (2, 1)
    later = week_register(db, director, None, MON, datetime(2025, 10, 1, 12, 0))
    cal = next(r for r in later.rows if r.name == "Cal Clark")
    assert cal.cells[0].n_overdue and cal.cells[3].n_overdue


@pytest.mark.usefixtures("varied")
def test_a_renamed_group_shows_in_the_next_read(db: Database, director: StaffUser) -> None:
    kestrel = next(g.id for g in list_groups(db, director) if g.name == "Kestrel")
    now = datetime(2025, 9, 17, 9, 30)
    assert "Kestrel" in {r.group for r in week_register(db, director, kestrel, MON, now).rows}
    rename_group(db, director, "Kestrel", "Merlin")  # the names are kept until "groups" change
    read = week_register(db, director, kestrel, MON, now)
    assert read == reference(db, kestrel, MON, now)
    assert "Merlin" in {r.group for r in read.rows}
    assert "Kestrel" not in {r.group for r in read.rows}
