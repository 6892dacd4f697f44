"""The learner panel's safeguarding record: RAG criteria and overrides, emergency contacts,
professionals, places a learner may go if missing, and the log of every contact made."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base, UtcDateTime
from desktop_app.models.people import Learner, Staff
from desktop_app.models.versions import Versioned


class RagFactor(Base):
    """One RED or AMBER criterion that applies to a learner, from the date it was identified.

    The keys are `desktop_app.domain.rag.FACTORS`; persistent and severe absence are never stored
    here, they are computed from the register."""

    __tablename__ = "rag_factors"
    __table_args__ = (UniqueConstraint("learner_id", "factor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    factor: Mapped[str] = mapped_column(String(40))
    since: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class RagOverride(Base):
    """The DSL's override of the computed rating. Rows are never edited: clearing one sets
    `cleared_at`, and a new override is a new row, so who decided what, and when, is kept."""

    __tablename__ = "rag_overrides"
    __table_args__ = (CheckConstraint("rating IN ('red', 'amber', 'green')", name="rating"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    rating: Mapped[str] = mapped_column(String(5))
    reason: Mapped[str] = mapped_column(Text)
    set_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)
    cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    cleared_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    set_by: Mapped[Staff] = relationship(foreign_keys=[set_by_id])
    cleared_by: Mapped[Staff | None] = relationship(foreign_keys=[cleared_by_id])


class EmergencyContact(Versioned, Base):
    """A safe adult to ring. Phone numbers are stored in E.164 (+44...)."""

    __tablename__ = "emergency_contacts"
    __table_args__ = (Index("ix_emergency_contacts_learner", "learner_id", "priority"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    priority: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    relationship_to_learner: Mapped[str] = mapped_column(String(100))
    parental_responsibility: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile: Mapped[str] = mapped_column(String(20), default="")
    landline: Mapped[str] = mapped_column(String(20), default="")
    work_phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    may_collect: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class Professional(Versioned, Base):
    """A professional involved with the learner: social worker, EWO, YOT, CAMHS, GP and so on."""

    __tablename__ = "professionals"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class MissingPlace(Versioned, Base):
    """Somewhere, or someone, a learner may go if they leave site: for the police sheet."""

    __tablename__ = "missing_places"
    __table_args__ = (CheckConstraint("kind IN ('place', 'person')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="")


class ContactLogEntry(Base):
    """A call, text, visit or video call about a learner, with its outcome.

    `method` and `outcome` keys are `desktop_app.domain.followup.METHODS` and `OUTCOMES`."""

    __tablename__ = "contact_log"
    __table_args__ = (Index("ix_contact_log_learner_at", "learner_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    method: Mapped[str] = mapped_column(String(20))
    with_whom: Mapped[str] = mapped_column(String(200))
    #: 'family', 'learner' or 'professional' (`domain.followup.PARTIES`).
    party: Mapped[str] = mapped_column(String(12), default="family", server_default="family")
    outcome: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    #: What the commissioner may be told of this contact (the notes are internal): '' = nothing.
    commissioner_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    staff: Mapped[Staff] = relationship()
    learner: Mapped[Learner] = relationship()
