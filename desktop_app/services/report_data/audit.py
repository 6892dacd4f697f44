"""Noting in the audit log that a report naming learners' safeguarding detail was printed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop_app.models.auditing import audit_entry
from desktop_app.services.tx import in_transaction


@in_transaction
def record_print(session: Session, what: str, learner_id: int | None, detail: str) -> None:
    """One 'print' entry, by the transaction's actor, in the report's own transaction."""
    audit_entry(session, "print", what, None, learner_id, detail)
