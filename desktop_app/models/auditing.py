"""Writes an audit entry for every row a session creates, changes or deletes, at flush time.

Services name the acting member of staff with `session.info["actor"] = (id, name)`; anything
else (set-up, the demo) is recorded as "system". Bulk INSERT statements bypass this on purpose
and are audited by the service that issues them.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Table, event, inspect, select
from sqlalchemy.orm import Session, SessionTransaction

from desktop_app.models.audit import GENESIS, AuditEntry, chain_hash, entry_hash
from desktop_app.models.base import Base
from desktop_app.models.bulk import insert_many

SECRET_COLUMNS = frozenset({"password_hash", "photo", "pdf_password"})
#: session.info key: the hash of the last entry this transaction wrote (the chain's head).
HEAD = "audit_head"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _plain_json(value: Any) -> Any:
    """json.dumps(..., default=) for what it cannot write itself: as `_plain`, then str."""
    plain = _plain(value)
    return str(plain) if plain is value else plain


#: json.dumps(values, sort_keys=True, default=str) of `_plain` values, built once.
_DETAIL = json.JSONEncoder(sort_keys=True, default=_plain_json)


def _changes(obj: Base) -> dict[str, Any]:
    state = inspect(obj)
    found: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if not history.has_changes() or attr.key in SECRET_COLUMNS:
            if history.has_changes():
                found[attr.key] = "(changed)"
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        found[attr.key] = [_plain(old), _plain(new)]
    return found


def _values(obj: Base) -> dict[str, Any]:
    state = inspect(obj)
    return {
        a.key: _plain(getattr(obj, a.key))
        for a in state.mapper.column_attrs
        if a.key not in SECRET_COLUMNS
    }


def _learner_id(obj: Base) -> int | None:
    if obj.__tablename__ == "learners":
        return getattr(obj, "id", None)
    value = getattr(obj, "learner_id", None)
    if value is None:
        value = getattr(obj, "audit_learner_id", None)
    return value if isinstance(value, int) else None


_LOG = AuditEntry.__table__
assert isinstance(_LOG, Table)
#: The newest entry: its id (the register's version) and hash (the chain's head).
_NEWEST = select(_LOG.c.id, _LOG.c.hash).order_by(_LOG.c.id.desc()).limit(1)


def _head(session: Session) -> str:
    """The chain's head: the newest entry's hash. Writers hold the write lock, so no other
    entry can come between reading it and committing ours."""
    if HEAD not in session.info:
        found = session.connection().execute(_NEWEST).first()
        session.info[HEAD] = (None if found is None else found.hash) or GENESIS
    head: str = session.info[HEAD]
    return head


def newest_entry(session: Session) -> int:
    """The newest entry's id as this transaction sees it (0 for an empty log). Its hash is kept
    as the chain's head unless one is known already, so a writer that asks (the register's
    version, read_cache) does not read the head again when it audits."""
    session.flush()  # what is pending is in the log first, as a query through the session has it
    found = session.connection().execute(_NEWEST).first()
    session.info.setdefault(HEAD, GENESIS if found is None else found.hash)
    return 0 if found is None else int(found.id)


def audit_entry(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    learner_id: int | None,
    detail: dict[str, Any] | str,
) -> AuditEntry:
    actor_id, actor_name = session.info.get("actor", (None, "system"))
    text = detail if isinstance(detail, str) else json.dumps(detail, sort_keys=True, default=str)
    entry = AuditEntry(
        at=datetime.now(UTC),
        staff_id=actor_id,
        staff_name=actor_name,
        action=action,
        entity=entity,
        entity_id=entity_id,
        learner_id=learner_id,
        detail=text,
    )
    entry.hash = entry_hash(_head(session), entry)
    session.info[HEAD] = entry.hash
    session.add(entry)
    return entry


_INSERT_ONE = _LOG.insert()


def _chained(
    head: str, at: datetime, staff_id: int | None, staff_name: str, action: str, entity: str,
    entity_id: int | None, learner_id: int | None, detail: str,
) -> dict[str, Any]:  # fmt: skip
    """An entry's columns, its hash chained to `head` (the entry before it)."""
    fields = (at, staff_id, staff_name, action, entity, entity_id, learner_id, detail)
    return {
        "at": at,
        "staff_id": staff_id,
        "staff_name": staff_name,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "learner_id": learner_id,
        "detail": detail,
        "hash": chain_hash(head, *fields),
    }


def audit_written(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    learner_id: int | None,
    detail: dict[str, Any],
) -> None:
    """One entry for a row a service wrote with a Core statement (the register's save), with the
    detail the flush listener gives: a created row's values, or {column: [old, new]} for each
    changed column; secret columns are never written out. Chained and inserted at once."""
    actor_id, actor_name = session.info.get("actor", (None, "system"))
    hidden = SECRET_COLUMNS.intersection(detail)
    if hidden:
        changed = "(changed)" if action == "change" else None
        detail = {k: v for k, v in detail.items() if k not in hidden}
        if changed is not None:
            detail.update(dict.fromkeys(hidden, changed))
    text, at = _DETAIL.encode(detail), datetime.now(UTC)
    row = _chained(
        _head(session), at, actor_id, actor_name, action, entity, entity_id, learner_id, text
    )
    session.connection().execute(_INSERT_ONE, row)
    session.info[HEAD] = row["hash"]


def audit_rows(session: Session, rows: list[Base]) -> None:
    """Audit rows a bulk INSERT wrote (read back as objects): one "create" entry each."""
    for obj in rows:
        audit_entry(
            session,
            "create",
            obj.__tablename__,
            getattr(obj, "id", None),
            _learner_id(obj),
            _values(obj),
        )


def audit_created(session: Session, entity: str, rows: list[dict[str, Any]]) -> None:
    """Audit rows a bulk INSERT wrote, given as their column values (id included): one "create"
    entry each, chained as `audit_entry` chains them, written with one executemany.

    The detail of each entry is what the flush listener would have written for the same row."""
    if not rows:
        return
    actor_id, actor_name = session.info.get("actor", (None, "system"))
    at, head = datetime.now(UTC), _head(session)
    entries = []
    secret = SECRET_COLUMNS.intersection(rows[0])
    for row in rows:
        values = {k: v for k, v in row.items() if k not in secret} if secret else row
        entity_id, learner_id, detail = row.get("id"), row.get("learner_id"), _DETAIL.encode(values)
        entry = _chained(
            head, at, actor_id, actor_name, "create", entity, entity_id, learner_id, detail
        )
        entries.append(entry)
        head = entry["hash"]
    insert_many(session.connection(), AuditEntry, entries)
    session.info[HEAD] = head


def _forget_head(session: Session, _transaction: SessionTransaction) -> None:
    # A commit or rollback (also of a savepoint) ends what we knew: read the head afresh.
    session.info.pop(HEAD, None)


def _after_flush(session: Session, _context: Any) -> None:
    records = []
    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            records.append(("create", obj, _values(obj)))
    for obj in session.dirty:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry) and session.is_modified(obj):
            records.append(("change", obj, _changes(obj)))
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            records.append(("delete", obj, _values(obj)))
    for action, obj, detail in records:
        audit_entry(
            session, action, obj.__tablename__, getattr(obj, "id", None), _learner_id(obj), detail
        )


def install() -> None:
    """Listen on every Session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
    if not event.contains(Session, "after_transaction_end", _forget_head):
        event.listen(Session, "after_transaction_end", _forget_head)
