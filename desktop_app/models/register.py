"""The statutory register: one mark per learner per session, and its append-only amendments."""

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
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base, UtcDateTime
from desktop_app.models.people import Learner, Staff


class Mark(Base):
    __tablename__ = "marks"
    __table_args__ = (
        UniqueConstraint("learner_id", "date", "session"),
        CheckConstraint("session IN ('AM', 'PM')", name="session"),
        CheckConstraint("minutes_late IS NULL OR minutes_late >= 0", name="minutes_late"),
        # Covers the statistics GROUP BY, so SQLite never reads the table rows for it.
        Index("ix_marks_date_learner_code", "date", "learner_id", "code"),
        # Finds one code's marks (every N, a year's I, unauthorised runs) without a scan (0008).
        Index("ix_marks_code_date", "code", "date", "learner_id", "session"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"))
    date: Mapped[date] = mapped_column(Date)
    session: Mapped[str] = mapped_column(String(2))
    code: Mapped[str] = mapped_column(String(2))
    minutes_late: Mapped[int | None] = mapped_column(Integer)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: Where the mark came from: the register screen, an import, or a learner's weekly pattern.
    source: Mapped[str] = mapped_column(String(10), default="register", server_default="register")

    learner: Mapped[Learner] = relationship()
    recorded_by: Mapped[Staff] = relationship()


class Amendment(Base):
    """A change to a mark: an amendment after its register closed, or a correction before.

    Never updated or deleted (database triggers refuse it).
    """

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
    after_close: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class AttendancePattern(Base):
    """A weekly planned mark: a weekday session spent elsewhere (D) or off timetable (C2)."""

    __tablename__ = "attendance_patterns"
    __table_args__ = (
        UniqueConstraint("learner_id", "weekday", "session"),
        CheckConstraint("weekday BETWEEN 0 AND 4", name="weekday"),
        CheckConstraint("session IN ('AM', 'PM')", name="session"),
        CheckConstraint("code IN ('D', 'C2')", name="code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    session: Mapped[str] = mapped_column(String(2))
    code: Mapped[str] = mapped_column(String(2))
