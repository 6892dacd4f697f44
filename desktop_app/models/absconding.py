"""Absconding incidents and their timeline. Entries are append-only; a closed incident is
read-only apart from appended entries (both enforced by triggers, migration 0004). Corrections of
the start form are entries too, keeping the old value (migration 0005)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base, UtcDateTime
from desktop_app.models.people import Learner, Staff


class Incident(Base):
    """A learner who left site without permission. The clock runs from `last_seen_at`."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_open", "closed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_where: Mapped[str] = mapped_column(Text)
    seen_by: Mapped[str] = mapped_column(String(200))
    direction: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    clothing: Mapped[str] = mapped_column(Text, default="")
    #: Whether the police must be told at the thresholds (under 16 or vulnerable), decided when
    #: the incident was started and kept, so the record shows what staff were told.
    police_required: Mapped[bool] = mapped_column(Boolean)
    police_reason: Mapped[str] = mapped_column(Text, default="")
    first_minutes: Mapped[int] = mapped_column(Integer)
    second_minutes: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    returned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handed_to_police: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str] = mapped_column(Text, default="")
    #: Closed as started by mistake: kept and audited, left out of every count and report.
    opened_in_error: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    error_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Protocol steps not done at closing (comma-separated kinds) and why (migration 0005).
    skipped_steps: Mapped[str] = mapped_column(Text, default="", server_default="")
    skipped_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    learner: Mapped[Learner] = relationship()
    started_by: Mapped[Staff] = relationship(foreign_keys=[started_by_id])
    closed_by: Mapped[Staff | None] = relationship(foreign_keys=[closed_by_id])
    entries: Mapped[list[IncidentEntry]] = relationship(
        back_populates="incident", order_by="(IncidentEntry.at, IncidentEntry.id)"
    )


class IncidentEntry(Base):
    """One step of the protocol or a note, with the time it happened and who recorded it."""

    __tablename__ = "incident_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"))
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    detail: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(20), default="")
    channel: Mapped[str] = mapped_column(String(20), default="")
    reference: Mapped[str] = mapped_column(String(100), default="")
    officer: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(Text, default="")
    person: Mapped[str] = mapped_column(String(200), default="")
    condition: Mapped[str] = mapped_column(Text, default="")
    #: For a correction: which start field, what it said and what it says now (ISO for times).
    field: Mapped[str] = mapped_column(String(30), default="", server_default="")
    old_value: Mapped[str] = mapped_column(Text, default="", server_default="")
    new_value: Mapped[str] = mapped_column(Text, default="", server_default="")

    incident: Mapped[Incident] = relationship(back_populates="entries")
    staff: Mapped[Staff] = relationship()
