"""One mark read and written as plain rows, inside the caller's write transaction.

The register saves a mark on every key press, so its save is made of prepared Core statements on
the table columns (compiled once, then taken from SQLAlchemy's cache) rather than ORM objects and
a unit-of-work flush: the learner and their mark in one query; the mark inserted, or changed with
its amendment row; each row's audit entry written with the same detail and hash chain the flush
listener gives (models/auditing.py `audit_written`); and, on PostgreSQL, the learner noted for
the other PCs (models/notify.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from sqlalchemy import CursorResult, Table, and_, bindparam, select
from sqlalchemy.orm import Session

from desktop_app.models import Amendment, Learner, Mark
from desktop_app.models.auditing import audit_written
from desktop_app.models.notify import note
from desktop_app.services.tx import in_transaction


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


LEARNERS, MARKS, AMENDMENTS = _table(Learner), _table(Mark), _table(Amendment)
#: The columns a mark's audit entry names, as the flush listener lists them.
MARK_COLUMNS = tuple(c.key for c in MARKS.columns)
AMENDMENT_COLUMNS = tuple(c.key for c in AMENDMENTS.columns)

_LEARNER_AND_MARK = (
    select(
        LEARNERS.c.id,
        LEARNERS.c.start_date,
        LEARNERS.c.leaving_date,
        LEARNERS.c.forename,
        *(MARKS.c[k] for k in MARK_COLUMNS),
    )
    .select_from(
        LEARNERS.outerjoin(
            MARKS,
            and_(
                MARKS.c.learner_id == LEARNERS.c.id,
                MARKS.c.date == bindparam("day"),
                MARKS.c.session == bindparam("session"),
            ),
        )
    )
    .where(LEARNERS.c.id == bindparam("learner"))
)
_INSERT_MARK = MARKS.insert()
_INSERT_AMENDMENT = AMENDMENTS.insert()
_UPDATE_MARK = MARKS.update().where(MARKS.c.id == bindparam("mark"))


@dataclass(frozen=True, slots=True)
class OnRoll:
    """What the mark rule needs of a learner."""

    id: int
    start_date: date
    leaving_date: date | None
    forename: str


@dataclass(frozen=True, slots=True)
class StoredMark:
    """A mark as its row holds it."""

    id: int
    learner_id: int
    date: date
    session: str
    code: str
    minutes_late: int | None
    recorded_by_id: int
    recorded_at: datetime
    source: str

    def values(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in MARK_COLUMNS}


class Staff(Protocol):
    """Who writes: the signed-in member of staff (as the audit log names them)."""

    @property
    def id(self) -> int: ...
    @property
    def full_name(self) -> str: ...
    @property
    def position(self) -> str: ...


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


@in_transaction
def learner_and_mark(
    session: Session, learner_id: int, day: date, session_name: str
) -> tuple[OnRoll, StoredMark | None] | None:
    """The learner and their mark for the session (None if unmarked); None if no such learner."""
    params = {"learner": learner_id, "day": day, "session": session_name}
    row = session.connection().execute(_LEARNER_AND_MARK, params).first()
    if row is None:
        return None
    learner = OnRoll(*row[:4])
    mark = None if row[4] is None else StoredMark(*row[4:])
    return learner, mark


@in_transaction
def insert_mark(
    session: Session, learner_id: int, day: date, session_name: str, code: str,
    minutes: int | None, staff: Staff, source: str = "register",
) -> StoredMark:  # fmt: skip
    """A new mark, recorded now by `staff`, and its audit entry."""
    values: dict[str, Any] = {
        "learner_id": learner_id,
        "date": day,
        "session": session_name,
        "code": code,
        "minutes_late": minutes,
        "recorded_by_id": staff.id,
        "recorded_at": datetime.now(UTC),
        "source": source,
    }
    result = session.connection().execute(_INSERT_MARK, values)
    mark = StoredMark(id=_new_id(result), **values)
    audit_written(session, "create", "marks", mark.id, learner_id, mark.values())
    note(session, "marks", learner_id)
    return mark


@in_transaction
def change_mark(
    session: Session, mark: StoredMark, staff: Staff, code: str, minutes: int | None,
    reason: str, after_close: bool,
) -> StoredMark:  # fmt: skip
    """Change a mark, keeping what it was as an amendment row (after its register closed) or a
    correction (before). A hand change makes the mark the register's own, so a new pattern will
    not replace it. Audited as the flush listener would: the amendment created, the mark
    changed (only the columns whose value changes)."""
    amendment: dict[str, Any] = {
        "mark_id": mark.id,
        "original_code": mark.code,
        "amended_code": code,
        "original_minutes_late": mark.minutes_late,
        "amended_minutes_late": minutes,
        "reason": reason,
        "made_at": datetime.now(UTC),
        "staff_id": staff.id,
        "staff_name": staff.full_name,
        "staff_position": staff.position,
        "after_close": after_close,
    }
    connection = session.connection()
    amendment_id = _new_id(connection.execute(_INSERT_AMENDMENT, amendment))
    audit_written(
        session, "create", "amendments", amendment_id, None, {"id": amendment_id, **amendment}
    )
    new = {"code": code, "minutes_late": minutes, "source": "register"}
    changed = {k: [getattr(mark, k), v] for k, v in new.items() if getattr(mark, k) != v}
    if changed:
        connection.execute(_UPDATE_MARK, {"mark": mark.id, **new})
        audit_written(session, "change", "marks", mark.id, mark.learner_id, changed)
    note(session, "marks", mark.learner_id)
    return StoredMark(**{**mark.values(), **new})


@in_transaction
def change_loaded_mark(
    session: Session, mark: Mark, staff: Staff, code: str, minutes: int | None, reason: str,
    after_close: bool,
) -> None:  # fmt: skip
    """change_mark for a mark the caller read as an ORM object (a closure's marks, an amending
    import's), which is then read afresh if asked again."""
    stored = StoredMark(*(getattr(mark, k) for k in MARK_COLUMNS))
    change_mark(session, stored, staff, code, minutes, reason, after_close)
    session.expire(mark)
