"""Acknowledgements kept against alert ids, as plain values (helpers inside a session)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.models import AlertAcknowledgement
from desktop_app.services.tx import in_transaction

#: Who a notification can be made to, as the command line and the window name them.
NOTIFIED: dict[str, str] = {
    "la": "Local authority",
    "commissioner": "Commissioner",
    "social_worker": "Social worker",
    "police": "Police",
    "yot": "Youth offending team",
}


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """Who dealt with an alert, when, and how."""

    alert_id: str
    staff: str
    at: datetime
    note: str
    notified_to: str | None
    notified_on: date | None
    reference: str

    @property
    def summary(self) -> str:
        done = f"{self.staff} on {self.at.astimezone():%d %b %Y %H:%M}"
        if self.notified_to is None:
            return f"acknowledged by {done}" + (f": {self.note}" if self.note else "")
        told = NOTIFIED[self.notified_to]
        ref = f", ref {self.reference}" if self.reference else ""
        return f"{told} told on {self.notified_on:%d %b %Y}{ref} (recorded by {done})"


@in_transaction
def acknowledged_by_id(session: Session, alert_ids: Iterable[str]) -> dict[str, Acknowledged]:
    """The acknowledgements kept for these alert ids (a helper inside the caller's session)."""
    ids = list(alert_ids)
    if not ids:
        return {}
    rows = session.scalars(
        select(AlertAcknowledgement).where(AlertAcknowledgement.alert_id.in_(ids))
    )
    return {row.alert_id: to_acknowledged(row) for row in rows}


def to_acknowledged(row: AlertAcknowledgement) -> Acknowledged:
    return Acknowledged(
        row.alert_id,
        row.staff.full_name,
        row.at,
        row.note,
        row.notified_to,
        row.notified_on,
        row.reference,
    )
