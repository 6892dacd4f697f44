"""The week register's reads as plain rows: who is on roll that week, and their marks.

Each is a Core query on the tables' columns (no ORM object to build, identify and expire per
row, and one fetch of every row), built once and run with the week's dates as parameters. For a
group, the roll keeps in SQL only the learners whose group now is that group or who have a stay
in it (a superset of those in it that week); register_week narrows it by their group history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from desktop_app.domain.groups import Stay
from desktop_app.models import Amendment, Group, GroupMembership, Learner, Mark, Staff
from desktop_app.services.tx import in_transaction

_LEARNERS, _STAYS, _MARKS, _STAFF = (
    Learner.__table__,
    GroupMembership.__table__,
    Mark.__table__,
    Staff.__table__,
)
L, S, M, A = _LEARNERS.c, _STAYS.c, _MARKS.c, Amendment.__table__.c


@dataclass(slots=True)
class OnRoll:
    """A learner on roll in the week: `group_id` is their group now, `stays` their group
    history oldest first (none if never moved)."""

    id: int
    upn: str
    forename: str
    surname: str
    start_date: date
    leaving_date: date | None
    group_id: int | None
    stays: list[Stay] = field(default_factory=list)


#: A mark of the week: its id, learner, date, session ("AM", "PM"), code, minutes late, who
#: recorded it (full name) and when (as stored: WeekMarks.moment reads it).
WeekMark = tuple[int, int, date, str, str, int | None, str, Any]


def _in_group() -> ColumnElement[bool]:
    """In group :group now, or in one of the stays of their group history."""
    group = bindparam("group", type_=L.group_id.type)
    stay = _STAYS.alias("stay").c
    stayed = exists().where(stay.learner_id == L.id, stay.group_id == group)
    return or_(L.group_id == group, stayed)


@cache
def _roll_query(in_group: bool) -> Select[Any]:
    """On roll some day from :monday to :friday (with in_group, _in_group), each learner's row
    once per stay of their history."""
    learner = (L.id, L.upn, L.forename, L.surname, L.start_date, L.leaving_date, L.group_id)
    query = (
        select(*learner, S.from_date, S.group_id)
        .join_from(_LEARNERS, _STAYS, S.learner_id == L.id, isouter=True)
        .where(
            L.start_date <= bindparam("friday", type_=L.start_date.type),
            or_(
                L.leaving_date.is_(None),
                L.leaving_date >= bindparam("monday", type_=L.start_date.type),
            ),
        )
    )
    if in_group:
        query = query.where(_in_group())
    return query.order_by(L.surname, L.forename, L.id, S.from_date)


def _of_week(query: Select[Any]) -> Select[Any]:
    """Marks of the learners :ids from :monday to :friday."""
    return query.where(
        M.date.between(bindparam("monday"), bindparam("friday")),
        M.learner_id.in_(bindparam("ids", expanding=True)),
    )


@cache
def _marks_query() -> Select[Any]:
    staff = _STAFF.c
    columns = (M.id, M.learner_id, M.date, M.session, M.code, M.minutes_late)
    # recorded_at as the driver gives it: _moments converts each distinct value once
    moment = type_coerce(M.recorded_at, NullType())
    return _of_week(
        select(*columns, staff.full_name, moment).join_from(
            _MARKS, _STAFF, staff.id == M.recorded_by_id
        )
    )


@cache
def _changes_query() -> Select[Any]:
    after = func.sum(case((A.after_close, 1), else_=0))
    changed = select(A.mark_id, func.count(), after).join_from(
        Amendment.__table__, _MARKS, M.id == A.mark_id
    )
    return _of_week(changed).group_by(A.mark_id)


@in_transaction
def week_roll(session: Session, group_id: int | None, monday: date) -> list[OnRoll]:
    """Learners on roll in the week of monday, by surname and forename, with their group
    history (for a group: those in it now or in a stay of their history, to be narrowed)."""
    params: dict[str, Any] = {"monday": monday, "friday": monday + timedelta(days=4)}
    if group_id is not None:
        params["group"] = group_id
    found: list[OnRoll] = []
    for *learner, since, stay_group in session.execute(
        _roll_query(group_id is not None), params
    ).all():
        if not found or found[-1].id != learner[0]:
            found.append(OnRoll(*learner))
        if since is not None:
            found[-1].stays.append(Stay(since, stay_group))
    return found


@dataclass(frozen=True, slots=True)
class WeekMarks:
    """The week's marks (`recorded_at` as stored: `moment` gives it as the column type reads
    it), and for each mark changed, how many times (and of those, after its register closed)."""

    rows: list[WeekMark]
    changes: dict[int, tuple[int, int]]
    moment: Callable[[Any], datetime]


@in_transaction
def week_marks(session: Session, ids: list[int], monday: date) -> WeekMarks:
    """The marks of these learners in the week of monday, who recorded each and when, and how
    many times each was changed."""
    params = {"monday": monday, "friday": monday + timedelta(days=4), "ids": ids}
    changed = session.execute(_changes_query(), params).all()
    rows: list[Any] = list(session.execute(_marks_query(), params).all())
    changes = {i: (n, int(after or 0)) for i, n, after in changed}
    return WeekMarks(rows, changes, _moments(session))


def _moments(session: Session) -> Callable[[Any], datetime]:
    """recorded_at as its column type reads it on this database (UtcDateTime), converted once
    per distinct stored value: marks saved together (an import, planned marks, a weekly
    pattern) share one moment."""
    dialect = session.get_bind().dialect
    convert = M.recorded_at.type.dialect_impl(dialect).result_processor(dialect, None)
    assert convert is not None
    seen: dict[Any, datetime] = {}

    def moment(value: Any) -> datetime:
        found = seen.get(value)
        if found is None:
            found = seen[value] = cast(datetime, convert(value))  # NOT NULL: never None
        return found

    return moment


@in_transaction
def group_names(session: Session) -> dict[int | None, str]:
    """Every group's name by id."""
    groups = Group.__table__.c
    return {i: name for i, name in session.execute(select(groups.id, groups.name)).all()}
