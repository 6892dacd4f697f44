"""Examples for the printed reports on top of the demo provision (which has families, RAG
criteria and risk assessments already): a letterhead, a day's follow-up calls and two absconding
incidents.

Used by `scripts/samples.py` (the PDFs in docs/samples/), the report tests and the benchmark."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.models import (
    ContactLogEntry,
    Incident,
    IncidentEntry,
    Learner,
    Mark,
    ProvisionSettings,
    Staff,
)
from desktop_app.models.engine import Database

ADDRESS = "Unit 4, Riverside Works\nMill Lane\nManchester\nM4 6AB"
PHONE, EMAIL = "0161 496 0000", "office@riverside.example.org"


def _local(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone(UTC)


def _follow_up(session: Session, day: date, staff_id: int) -> None:
    """Calls and a home visit on `day` for the learners absent that morning."""
    absent = session.execute(
        select(Mark.learner_id).where(
            Mark.date == day, Mark.session == "AM", Mark.code.in_(["O", "G", "I", "M", "N"])
        )
    ).scalars()
    for n, learner_id in enumerate(sorted(set(absent))):
        session.add(
            ContactLogEntry(
                learner_id=learner_id, at=_local(day, 9, 40 + n), staff_id=staff_id,
                method="phone_call", with_whom="Parent", outcome="spoke" if n % 2 else "no_answer",
                notes="" if n % 2 else "Text sent; will try again at lunch.",
            )
        )  # fmt: skip
        if n == 0:
            session.add(
                ContactLogEntry(
                    learner_id=learner_id, at=_local(day, 14, 15), staff_id=staff_id,
                    method="home_visit", with_whom="Learner and parent", outcome="seen_safe",
                    notes="Unwell; expects to be back tomorrow.",
                )
            )  # fmt: skip


def _incident(session: Session, learner_id: int, seen: datetime, back: int, staff: int) -> None:
    incident = Incident(
        learner_id=learner_id, last_seen_at=seen, last_seen_where="Main gate",
        seen_by="Tom Reilly", police_required=True, first_minutes=10, second_minutes=15,
        started_at=seen + timedelta(minutes=2), started_by_id=staff,
        returned_at=seen + timedelta(minutes=back), closed_at=seen + timedelta(minutes=back + 5),
        closed_by_id=staff, handed_to_police=False, outcome="Found at the bus station",
    )  # fmt: skip
    session.add(incident)
    session.flush()
    if back > 15:
        session.add(
            IncidentEntry(
                incident_id=incident.id, learner_id=learner_id, kind="police_told",
                at=seen + timedelta(minutes=15), recorded_at=seen + timedelta(minutes=16),
                staff_id=staff, channel="101", reference="GMP-0001",
            )
        )  # fmt: skip


def add_report_examples(db: Database, day: date) -> None:
    """Add the examples; `day` is the commissioner summary's day (a school day with marks)."""
    with db.transaction() as session:
        settings = session.get(ProvisionSettings, 1)
        assert settings is not None
        settings.address, settings.phone, settings.email = ADDRESS, PHONE, EMAIL
        learners = list(session.scalars(select(Learner).order_by(Learner.id)))
        staff_id = session.scalars(select(Staff.id).order_by(Staff.id)).first() or 1
        _follow_up(session, day, staff_id)
        _incident(session, learners[1].id, _local(day - timedelta(days=8), 11, 5), 25, staff_id)
        _incident(session, learners[4].id, _local(day - timedelta(days=20), 13, 40), 9, staff_id)
