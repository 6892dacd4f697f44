"""Reads that the register screen repeats on every week it shows, kept until the register changes.

Every row created, changed or deleted is written to the audit log in the same transaction
(models/auditing.py; bulk writes are audited by their service), and writers take turns (BEGIN
IMMEDIATE on SQLite, the writers' lock on PostgreSQL). So the newest audit entry's id is a
version of the whole register as the reading transaction sees it: a value worked out from the
register is still true while that id has not moved, on this PC or any other sharing the server.

Only values that depend on nothing but the register and the key are kept: the calendar, the
session times, and per day and learners the RAG ratings and the term's attendance. What depends
on the clock (a register closing) is never kept.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine, bindparam, event, select
from sqlalchemy.orm import Session, SessionTransaction

from desktop_app.domain.calendar import SchoolCalendar
from desktop_app.domain.sessions import Schedule
from desktop_app.models.audit import AuditEntry
from desktop_app.models.auditing import newest_entry
from desktop_app.services.calendar import load_calendar
from desktop_app.services.session_times import load_schedule
from desktop_app.services.tx import in_transaction

T = TypeVar("T")
#: Entries kept (a few weeks of a few groups).
SIZE = 64
#: The tables (audit entities) the calendar and the session times are read from.
CALENDAR, TIMES = ("terms", "closures"), ("session_times",)
#: Audit entries since a kept value that are read whole (their tables) rather than searched.
SHORT_RANGE = 200
#: session.info key: the tables written in each range of the log read in this transaction.
WRITTEN = "read_cache.written"

_LOG = AuditEntry.__table__
#: The tables the log's entries in a range of ids were written for (prepared once).
_TABLES_IN = (
    select(_LOG.c.entity)
    .where(_LOG.c.id > bindparam("since"), _LOG.c.id <= bindparam("upto"))
    .distinct()
)

_lock = threading.Lock()
_kept: OrderedDict[tuple[int, Hashable], tuple[weakref.ref[Engine], int, Any]] = OrderedDict()


@in_transaction
def register_version(session: Session) -> int:
    """The newest audit entry's id as this transaction sees it (0 for an empty log)."""
    return newest_entry(session)


@in_transaction
def cached(
    session: Session,
    version: int,
    key: Hashable,
    compute: Callable[[], T],
    tables: tuple[str, ...] = (),
) -> T:
    """compute(), or the value it gave for this key on this database at this version.

    With `tables` (what compute reads), a value kept from an older version is still given when
    no audit entry since then touched those tables: a saved mark does not re-read the calendar.
    """
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    slot = (id(engine), key)
    with _lock:
        found = _kept.get(slot)
    if found is not None and found[0]() is engine:
        kept_at = found[1]
        if kept_at == version or (
            tables and kept_at < version and not _written(session, kept_at, version, tables)
        ):
            with _lock:
                _kept[slot] = (found[0], version, found[2])
                _kept.move_to_end(slot)
            value: T = found[2]
            return value
    value = compute()
    with _lock:
        _kept[slot] = (weakref.ref(engine), version, value)
        _kept.move_to_end(slot)
        while len(_kept) > SIZE:
            _kept.popitem(last=False)
    return value


def _written(session: Session, since: int, upto: int, tables: tuple[str, ...]) -> bool:
    """Whether an audit entry after `since` up to `upto` is for one of these tables (a range of
    the log's primary key: only the entries written since, usually one or two).

    A short range is read once per transaction, every table it touched, for all the values
    kept at `since` (the calendar and the session times alike); a long one is asked about
    these tables only."""
    if upto - since > SHORT_RANGE:
        query = select(AuditEntry.id).where(
            AuditEntry.id > since, AuditEntry.id <= upto, AuditEntry.entity.in_(tables)
        )
        return session.execute(query.limit(1)).first() is not None
    known: dict[tuple[int, int], frozenset[str]] = session.info.setdefault(WRITTEN, {})
    if (since, upto) not in known:
        found = session.connection().execute(_TABLES_IN, {"since": since, "upto": upto})
        known[(since, upto)] = frozenset(found.scalars())
    return not known[(since, upto)].isdisjoint(tables)


@in_transaction
def calendar(session: Session, version: int | None = None) -> SchoolCalendar:
    """The school calendar (load_calendar), read again only when the register has changed."""
    known = register_version(session) if version is None else version
    return cached(session, known, "calendar", lambda: load_calendar(session), CALENDAR)


@in_transaction
def schedule(session: Session, version: int | None = None) -> Schedule:
    """Every set of session times (load_schedule), read again only when the register changed."""
    known = register_version(session) if version is None else version
    return cached(session, known, "schedule", lambda: load_schedule(session), TIMES)


def forget() -> None:
    """Drop everything kept (benchmarks time a first read with this)."""
    with _lock:
        _kept.clear()


def _forget_written(session: Session, _transaction: SessionTransaction) -> None:
    # What a range of the log holds is known for this transaction only (a rollback takes ids
    # back, and the next transaction may write them again).
    session.info.pop(WRITTEN, None)


if not event.contains(Session, "after_transaction_end", _forget_written):
    event.listen(Session, "after_transaction_end", _forget_written)
