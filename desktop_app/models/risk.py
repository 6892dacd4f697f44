"""The high-needs learner risk assessment: versioned, and read-only once the DSL signs it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base, UtcDateTime
from desktop_app.models.people import Learner
from desktop_app.models.versions import Versioned


class RiskAssessment(Versioned, Base):
    """One version of a learner's risk assessment.

    A version is a draft until the DSL signs it (`dsl_signed_on`); from then on it is read-only,
    and a review starts the next version as a copy of it."""

    __tablename__ = "risk_assessments"
    __table_args__ = (UniqueConstraint("learner_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    date_written: Mapped[date] = mapped_column(Date)
    compiled_by: Mapped[str] = mapped_column(String(200))
    review_date: Mapped[date] = mapped_column(Date)
    task_analysis: Mapped[str] = mapped_column(Text, default="")
    concerns: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_directors: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_with_agencies: Mapped[bool] = mapped_column(Boolean, default=False)
    approved_by_dsl: Mapped[bool] = mapped_column(Boolean, default=False)
    staff_aware: Mapped[bool] = mapped_column(Boolean, default=False)
    writer_signature: Mapped[str] = mapped_column(String(200), default="")
    writer_signed_on: Mapped[date | None] = mapped_column(Date)
    dsl_signature: Mapped[str] = mapped_column(String(200), default="")
    dsl_signed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    learner: Mapped[Learner] = relationship()
    risks: Mapped[list[RiskRow]] = relationship(
        back_populates="assessment", order_by="RiskRow.position", cascade="all, delete-orphan"
    )
    agencies: Mapped[list[RiskAgency]] = relationship(
        back_populates="assessment", order_by="RiskAgency.position", cascade="all, delete-orphan"
    )

    @property
    def signed(self) -> bool:
        return self.dsl_signed_on is not None


class RiskRow(Base):
    """One identified risk, scored likelihood x frequency."""

    __tablename__ = "risk_rows"
    __table_args__ = (
        CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood"),
        CheckConstraint("frequency BETWEEN 1 AND 5", name="frequency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("risk_assessments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    risk: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int] = mapped_column(Integer)
    frequency: Mapped[int] = mapped_column(Integer)
    actions: Mapped[str] = mapped_column(Text, default="")
    staff_lead: Mapped[str] = mapped_column(String(200), default="")
    escalation: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[RiskAssessment] = relationship(back_populates="risks")

    @property
    def audit_learner_id(self) -> int | None:
        return self.assessment.learner_id if self.assessment is not None else None


class RiskAgency(Base):
    """An agency or professional on the form, with a name and contact details."""

    __tablename__ = "risk_agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("risk_assessments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    agency: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[RiskAssessment] = relationship(back_populates="agencies")

    @property
    def audit_learner_id(self) -> int | None:
        return self.assessment.learner_id if self.assessment is not None else None
