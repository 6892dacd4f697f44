"""The statutory register: one mark per learner per session, and its append-only amendments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base, UtcDateTime
from desktop_app.models.people import Learner, Staff


class Mark(Base):
    __tablename__ = "marks"
    __table_args__ = (
        UniqueConstraint("learner_id", "date", "session"),
        CheckConstraint("session IN ('AM', 'PM')", name="session"),
        CheckConstraint("minutes_late IS NULL OR minutes_late >= 0", name="minutes_late"),
        Index("ix_marks_date_learner", "date", "learner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"))
    date: Mapped[date] = mapped_column(Date)
    session: Mapped[str] = mapped_column(String(2))
    code: Mapped[str] = mapped_column(String(2))
    minutes_late: Mapped[int | None] = mapped_column(Integer)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

    learner: Mapped[Learner] = relationship()
    recorded_by: Mapped[Staff] = relationship()


class Amendment(Base):
    """A change to a mark after its register closed. Never updated or deleted (triggers)."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    mark_id: Mapped[int] = mapped_column(ForeignKey("marks.id"), index=True)
    original_code: Mapped[str] = mapped_column(String(2))
    amended_code: Mapped[str] = mapped_column(String(2))
    original_minutes_late: Mapped[int | None] = mapped_column(Integer)
    amended_minutes_late: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(500))
    made_at: Mapped[datetime] = mapped_column(UtcDateTime)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    staff_name: Mapped[str] = mapped_column(String(200))
    staff_position: Mapped[str] = mapped_column(String(200))
