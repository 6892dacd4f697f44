"""Is the register what its audit log says? The hash chain, the protective triggers, every mark
against the audit log, and a clock that runs behind the newest record.

Messages name entries and marks by id, never a learner.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, create_engine, func, select, text

from desktop_app.models import Mark, migrate
from desktop_app.models.audit import GENESIS, AuditEntry, entry_hash
from desktop_app.services.tx import in_transaction

#: On PostgreSQL the names are fixed by migrations 0001, 0003, 0004 and 0007.
POSTGRES_TRIGGERS = frozenset(
    {
        "amendments_no_update",
        "amendments_no_early_delete",
        "audit_log_append_only",
        "incident_entries_append_only",
        "incidents_closed",
        "incidents_no_delete",
        "risk_assessments_signed",
    }
)
#: How many disagreeing marks are listed before "and N more".
MAX_LISTED = 10


@dataclass
class IntegrityReport:
    entries: int = 0
    head: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@in_transaction
def check_chain(connection: Connection, report: IntegrityReport) -> None:
    """Every entry's hash follows from the one before; names the first that does not."""
    previous = GENESIS
    count = 0
    for entry in _entries(connection):
        count += 1
        expected = entry_hash(previous, entry)
        if entry.hash != expected:
            report.problems.append(
                f"audit log entry {entry.id} ({entry.at:%Y-%m-%d %H:%M} UTC, {entry.action} "
                f"{entry.entity}) does not match its hash: the log was changed at or before it"
            )
            return
        previous = expected
    report.entries, report.head = count, previous


def _entries(connection: Connection) -> Any:
    columns = [c for c in AuditEntry.__table__.c]
    result = connection.execute(select(*columns).order_by(AuditEntry.id)).yield_per(2000)
    for row in result:
        entry = AuditEntry(**row._mapping)
        yield entry


@cache
def _fresh_sqlite_triggers() -> dict[str, str]:
    """The triggers a register made by this version has: name -> SQL."""
    engine = create_engine("sqlite://")
    try:
        migrate.upgrade(engine)
        with engine.connect() as connection:
            return _sqlite_triggers(connection)
    finally:
        engine.dispose()


def _sqlite_triggers(connection: Connection) -> dict[str, str]:
    query = text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    return {name: " ".join(sql.split()) for name, sql in connection.execute(query)}


@in_transaction
def check_triggers(connection: Connection, report: IntegrityReport) -> None:
    """Every protective trigger is there, unchanged (SQLite) or enabled (PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        found = set(
            connection.execute(
                text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")
            ).scalars()
        )
        missing = sorted(POSTGRES_TRIGGERS - found)
        changed: list[str] = []
    else:
        expected = _fresh_sqlite_triggers()
        present = _sqlite_triggers(connection)
        missing = sorted(set(expected) - set(present))
        changed = sorted(n for n in expected if n in present and present[n] != expected[n])
    if missing:
        report.problems.append(f"protective trigger(s) missing: {', '.join(missing)}")
    if changed:
        report.problems.append(f"protective trigger(s) altered: {', '.join(changed)}")


@dataclass
class _Expected:
    code: str | None
    minutes: int | None
    entry: int


def _replay(connection: Connection) -> tuple[dict[int, _Expected], bool]:
    """Each mark as the audit log says it should be now; and whether bulk deletions happened."""
    marks: dict[int, _Expected] = {}
    bulk_delete = False
    query = (
        select(AuditEntry.id, AuditEntry.action, AuditEntry.entity_id, AuditEntry.detail)
        .where(AuditEntry.entity == "marks")
        .order_by(AuditEntry.id)
    )
    for entry_id, action, mark_id, detail in connection.execute(query).yield_per(5000):
        if mark_id is None:
            removed = _detail(detail).get("mark_ids")
            if isinstance(removed, list):  # a purge names what it removed
                for gone in removed:
                    marks.pop(gone, None)
            else:
                bulk_delete = bulk_delete or action in ("delete", "purge")
            continue
        if action == "delete":
            marks.pop(mark_id, None)
            continue
        values = _detail(detail)
        if action == "create":
            marks[mark_id] = _Expected(values.get("code"), values.get("minutes_late"), entry_id)
        elif action == "change" and mark_id in marks:
            _apply_change(marks[mark_id], values, entry_id)
    return marks, bulk_delete


def _detail(detail: str) -> dict[str, Any]:
    try:
        value = json.loads(detail)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _apply_change(expected: _Expected, change: dict[str, Any], entry_id: int) -> None:
    if isinstance(change.get("code"), list):
        expected.code = change["code"][1]
        expected.entry = entry_id
    if isinstance(change.get("minutes_late"), list):
        expected.minutes = change["minutes_late"][1]
        expected.entry = entry_id


@in_transaction
def check_marks(connection: Connection, report: IntegrityReport) -> None:
    """Every mark is what the audit log says; names the entry a mark disagrees with."""
    expected, bulk_delete = _replay(connection)
    disagree: list[str] = []
    rows = connection.execute(
        select(Mark.id, Mark.date, Mark.session, Mark.code, Mark.minutes_late).order_by(Mark.id)
    )
    for mark_id, day, session, code, minutes in rows:
        said = expected.pop(mark_id, None)
        if said is None:
            disagree.append(f"mark {mark_id} ({day} {session}) has no entry in the audit log")
        elif (said.code, said.minutes) != (code, minutes):
            disagree.append(
                f"mark {mark_id} ({day} {session}) is '{code}' but audit log entry "
                f"{said.entry} says '{said.code}'"
            )
    if not bulk_delete:
        disagree.extend(
            f"mark {mark_id} is missing; audit log entry {said.entry} recorded it"
            for mark_id, said in sorted(expected.items())
        )
    report.problems.extend(disagree[:MAX_LISTED])
    if len(disagree) > MAX_LISTED:
        report.problems.append(f"and {len(disagree) - MAX_LISTED} more marks disagree")


@in_transaction
def newest_record(connection: Connection) -> datetime | None:
    """When the register's newest record was made: its newest audit entry (UTC)."""
    at = connection.execute(select(func.max(AuditEntry.at))).scalar()
    if isinstance(at, str):  # a bare aggregate is not typed on SQLite
        at = datetime.fromisoformat(at)
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at


@in_transaction
def check_all(connection: Connection) -> IntegrityReport:
    report = IntegrityReport()
    check_chain(connection, report)
    check_triggers(connection, report)
    check_marks(connection, report)
    return report
