"""What was done about an alert: acknowledged with a note, or a notification made (to whom, when,
the reference), and the reminders sent for registers not taken. Every row is audited."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base, UtcDateTime
from desktop_app.models.people import Group, Learner, Staff


class AlertAcknowledgement(Base):
    """One alert dealt with. `alert_id` is the alert's stable id (kind, learner, the day its
    condition arose), so the same condition stays dealt with and a new crossing is a new alert."""

    __tablename__ = "alert_acknowledgements"
    __table_args__ = (
        CheckConstraint(
            "notified_to IS NULL OR notified_to IN "
            "('la', 'commissioner', 'social_worker', 'police', 'yot')",
            name="notified_to",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    learner_id: Mapped[int | None] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    arose: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    notified_to: Mapped[str | None] = mapped_column(String(20))
    notified_on: Mapped[date | None] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(200), default="")
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    staff: Mapped[Staff] = relationship()
    learner: Mapped[Learner | None] = relationship()


class RegisterReminder(Base):
    """A reminder sent to take a group's register for one session."""

    __tablename__ = "register_reminders"
    __table_args__ = (CheckConstraint("session IN ('AM', 'PM')", name="session"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    session: Mapped[str] = mapped_column(String(2))
    reminded: Mapped[str] = mapped_column(String(200), default="")
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)

    staff: Mapped[Staff] = relationship()
    group: Mapped[Group | None] = relationship()
