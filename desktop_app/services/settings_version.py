"""One version for all of the provision's settings (details, session times, thresholds, the
absconding minutes): `ProvisionSettings.row_version`.

A Settings tab keeps the version it read and passes it back with its save. `claim_settings`,
inside the write transaction, refuses a save based on an older read (StaleWrite, "changed by
NAME at HH:MM") and raises the version, so every other tab open on the older one is refused too.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.models import AuditEntry, ProvisionSettings
from desktop_app.services.errors import NotFound, StaleWrite
from desktop_app.services.tx import in_transaction
from desktop_app.services.versions import bump

WHAT = "The provision's settings"
#: Every table a Settings tab saves into: the newest audit entry among them names who saved.
SETTINGS_TABLES = ("provision_settings", "provision_thresholds", "session_times")


@in_transaction
def settings_row(session: Session) -> ProvisionSettings:
    row = session.get(ProvisionSettings, 1)
    if row is None:
        raise NotFound("this database has not been set up")
    return row


@in_transaction
def settings_version(session: Session) -> int:
    """The version a screen passes back with its save."""
    return settings_row(session).row_version


@in_transaction
def claim_settings(session: Session, version: int | None) -> ProvisionSettings:
    """Refuse a save read at an older version (None: the command line, not checked), then raise
    the version; call it inside the write before changing anything."""
    row = settings_row(session)
    if version is not None and row.row_version != version:
        raise StaleWrite(
            f"{WHAT} were {_last_change(session)} after you opened them; nothing was written. "
            "The newer values are shown: make your change again."
        )
    bump(session, row)
    return row


def _last_change(session: Session) -> str:
    """Who changed any of the settings last, and when (the audit log's newest entry)."""
    newest = session.execute(
        select(AuditEntry.staff_name, AuditEntry.at)
        .where(AuditEntry.entity.in_(SETTINGS_TABLES), AuditEntry.action != "view")
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if newest is None:
        return "changed by someone else"
    return f"changed by {newest.staff_name} at {newest.at.astimezone():%H:%M}"
