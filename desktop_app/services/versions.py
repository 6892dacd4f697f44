"""Refusing a write based on a stale read of a versioned record (migration 0009).

A screen keeps the `row_version` it showed and passes it back with the change; inside the write
transaction (under the write lock) the service calls `check_version`. A different version means
someone else saved the record since: the write is refused with StaleWrite naming who and when,
from the audit log's newest entry for that row, and nothing is written.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.models import AuditEntry
from desktop_app.models.versions import Versioned
from desktop_app.services.errors import StaleWrite
from desktop_app.services.tx import in_transaction


@in_transaction
def last_change(session: Session, table: str, row_id: int) -> tuple[str, str] | None:
    """(who, HH:MM local) of the newest audit entry for one row, or None if there is none."""
    query = (
        select(AuditEntry.staff_name, AuditEntry.at)
        .where(AuditEntry.entity == table, AuditEntry.entity_id == row_id)
        .where(AuditEntry.action != "view")
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    newest = session.execute(query).first()
    if newest is None:
        return None
    return newest.staff_name, f"{newest.at.astimezone():%H:%M}"


@in_transaction
def check_version(session: Session, row: Versioned, expected: int | None, what: str) -> None:
    """Refuse (StaleWrite) if the row is no longer at the version the screen showed.

    `expected` None: the caller did not read the row first (the command line), so no check.
    `what` names the record at the start of the message ("This contact").
    """
    if expected is None or row.row_version == expected:
        return
    table = row.__tablename__  # type: ignore[attr-defined]
    change = last_change(session, table, row.id)  # type: ignore[attr-defined]
    who = f"changed by {change[0]} at {change[1]}" if change else "changed by someone else"
    raise StaleWrite(
        f"{what} was {who} after you opened it; nothing was written. "
        "The newer version is shown: make your change again."
    )


@in_transaction
def bump(session: Session, row: Versioned) -> None:
    """Raise the row's version even when only its child rows changed (a risk draft's risks and
    agencies), so a screen that read the older children is refused too."""
    if not session.is_modified(row, include_collections=False):
        row.row_version += 1  # the UPDATE still says AND row_version = <the one read>
    session.flush()
