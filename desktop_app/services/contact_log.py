"""The contact log: every call, text, home visit and video call made about a learner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from desktop_app.domain.followup import METHODS, OUTCOMES, PARTIES, check_entry
from desktop_app.domain.permissions import Action
from desktop_app.models import ContactLogEntry, Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed

#: How far into the future a time may be (a PC clock a little behind another's).
_LEEWAY = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class LoggedContact:
    id: int
    at: datetime
    staff: str
    method: str
    method_label: str
    with_whom: str
    party: str
    outcome: str
    outcome_label: str
    notes: str  # internal: never shared outside the provision
    commissioner_note: str = ""  # the line the commissioner's daily summary may show


def log_contact(
    db: Database,
    user: StaffUser,
    learner_id: int,
    at: datetime,
    method: str,
    with_whom: str,
    outcome: str,
    notes: str = "",
    now: datetime | None = None,
    party: str = "family",
    commissioner_note: str = "",
) -> int:
    """Record a contact made (or attempted) about a learner; `at` is when it happened.

    `party` says whether it was with the family, the learner or a professional: only the first two
    count as contact from home for the safe-and-well check. The notes stay inside the provision;
    `commissioner_note` is what the commissioner's daily summary may say about it ('' = only the
    time, method and outcome)."""
    require(user, Action.LOG_CONTACTS)
    problems = []
    if at.tzinfo is None:
        raise ValueError("contact times must be timezone-aware")
    if at > (now or datetime.now(UTC)) + _LEEWAY:
        problems.append(Problem("The time of the contact is in the future", field="at"))
    if not with_whom.strip():
        problems.append(Problem("Say who the contact was with", field="with_whom"))
    if party not in PARTIES:
        problems.append(
            Problem("Say whether this was the family, the learner or a professional", field="party")
        )
    if (mismatch := check_entry(method, outcome)) is not None:
        field = "outcome" if method in METHODS else "method"
        problems.append(Problem(mismatch, field=field))
    with db.transaction(actor(user)) as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("that learner is no longer on the register")
        if problems:
            raise ValidationFailed(problems)
        row = ContactLogEntry(
            learner_id=learner_id,
            at=at,
            staff_id=user.id,
            method=method,
            with_whom=with_whom.strip(),
            party=party,
            outcome=outcome,
            notes=notes.strip(),
            commissioner_note=commissioner_note.strip(),
        )
        session.add(row)
        session.flush()
        return row.id


def contact_history(db: Database, user: StaffUser, learner_id: int) -> list[LoggedContact]:
    """A learner's contact log, newest first."""
    require(user, Action.LOG_CONTACTS)
    with db.reading() as session:
        rows = session.scalars(
            select(ContactLogEntry)
            .where(ContactLogEntry.learner_id == learner_id)
            .order_by(ContactLogEntry.at.desc(), ContactLogEntry.id.desc())
        )
        return [to_logged(r) for r in rows]


def to_logged(row: ContactLogEntry) -> LoggedContact:
    return LoggedContact(
        row.id,
        row.at,
        row.staff.full_name,
        row.method,
        METHODS[row.method],
        row.with_whom,
        row.party,
        row.outcome,
        OUTCOMES[row.outcome],
        row.notes,
        row.commissioner_note,
    )
