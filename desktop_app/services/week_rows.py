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
    Dialect,
    Select,
    bindparam,
    exists,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from desktop_app.domain.groups import Stay
from desktop_app.models import Amendment, GroupMembership, Learner, Mark, Staff
from desktop_app.services.tx import in_transaction

_LEARNERS, _STAYS, _MARKS, _STAFF = (
    Learner.__table__,
    GroupMembership.__table__,
    Mark.__table__,
    Staff.__table__,
)
_AMENDMENTS = Amendment.__table__
L, S, M, A = _LEARNERS.c, _STAYS.c, _MARKS.c, _AMENDMENTS.c


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
#: recorded it (full name), when, and for each of its amendments, whether made after its
#: register closed (None: never amended). Date, moment and that flag as stored (WeekMarks).
WeekMark = tuple[int, int, Any, str, str, int | None, str, Any, Any]


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
    """The week's marks, each joined to who recorded it and to each of its amendments (a mark
    changed twice comes twice; never changed, once with after_close NULL)."""
    staff = _STAFF.c
    # date, recorded_at and after_close as the driver gives them: WeekMarks reads them
    day, moment, after = (
        type_coerce(c, NullType()) for c in (M.date, M.recorded_at, A.after_close)
    )
    columns = (M.id, M.learner_id, day, M.session, M.code, M.minutes_late)
    return _of_week(
        select(*columns, staff.full_name, moment, after)
        .join_from(_MARKS, _STAFF, staff.id == M.recorded_by_id)
        .outerjoin(_AMENDMENTS, A.mark_id == M.id)
    )


@in_transaction
def week_roll(session: Session, group_id: int | None, monday: date) -> list[OnRoll]:
    """Learners on roll in the week of monday, by surname and forename, with their group
    history (for a group: those in it now or in a stay of their history, to be narrowed)."""
    params: dict[str, Any] = {"monday": monday, "friday": monday + timedelta(days=4)}
    if group_id is not None:
        params["group"] = group_id
    found: list[OnRoll] = []
    query = _roll_query(group_id is not None)
    rows = session.connection().execute(query, params).all()
    for learner_id, upn, forename, surname, start, leaving, group, since, stay_group in rows:
        if not found or found[-1].id != learner_id:
            found.append(OnRoll(learner_id, upn, forename, surname, start, leaving, group))
        if since is not None:
            found[-1].stays.append(Stay(since, stay_group))
    return found


@dataclass(frozen=True, slots=True)
class WeekMarks:
    """The week's marks, a row per mark and amendment. A mark's date and recorded_at are as
    stored: `day` and `moment` give them as their column types read them on this database
    (Date, UtcDateTime); marks share five days, and marks saved together (an import, planned
    marks, a weekly pattern) one moment, so each distinct value is best converted once. An
    amendment's after_close is the driver's (1 or 0, True or False): its truth is the flag."""

    rows: list[WeekMark]
    day: Callable[[Any], date]
    moment: Callable[[Any], datetime]


@in_transaction
def week_marks(session: Session, ids: list[int], monday: date) -> WeekMarks:
    """The marks of these learners in the week of monday, who recorded each and when, and
    their amendments, in one query."""
    params = {"monday": monday, "friday": monday + timedelta(days=4), "ids": ids}
    connection = session.connection()
    rows = cast(list[WeekMark], connection.execute(_marks_query(), params).all())
    dialect = connection.dialect
    return WeekMarks(rows, _reader(M.date, dialect), _reader(M.recorded_at, dialect))


def _reader(column: ColumnElement[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """A stored value of a NOT NULL column as its type reads it on this dialect (the driver's
    value itself when the type does not convert it)."""
    convert = column.type.dialect_impl(dialect).result_processor(dialect, None)
    return _itself if convert is None else convert


def _itself(value: Any) -> Any:
    return value
