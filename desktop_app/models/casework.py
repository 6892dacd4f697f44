"""Case work: support plans (actions, reviews), meetings, escalation, referrals, requests and
letters filed against a learner. Every row is audited like any other."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base, UtcDateTime

LEARNER = "learners.id"


class SupportPlan(Base):
    """A support (action) plan: an attendance target, other targets, agreement and reviews."""

    __tablename__ = "support_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey(LEARNER, ondelete="CASCADE"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    start_pct: Mapped[float] = mapped_column(Float)
    target_pct: Mapped[float] = mapped_column(Float)
    target_by: Mapped[date] = mapped_column(Date)
    targets: Mapped[str] = mapped_column(Text, default="")  # other targets, one a line
    safeguarding: Mapped[str] = mapped_column(Text, default="")  # DSL and director only
    parent_agreed_on: Mapped[date | None] = mapped_column(Date)
    parent_agreed_by: Mapped[str] = mapped_column(String(200), default="")
    commissioner_agreed_on: Mapped[date | None] = mapped_column(Date)
    commissioner_agreed_by: Mapped[str] = mapped_column(String(200), default="")
    next_review_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))

    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="plan", order_by="PlanAction.id", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[PlanReview]] = relationship(
        back_populates="plan", order_by="PlanReview.reviewed_on", cascade="all, delete-orphan"
    )


class PlanAction(Base):
    __tablename__ = "plan_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("support_plans.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[SupportPlan] = relationship(back_populates="actions")


class PlanReview(Base):
    __tablename__ = "plan_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("support_plans.id", ondelete="CASCADE"))
    reviewed_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text)
    attendance_pct: Mapped[float | None] = mapped_column(Float)
    next_review_on: Mapped[date | None] = mapped_column(Date)
    by_name: Mapped[str] = mapped_column(String(200))

    plan: Mapped[SupportPlan] = relationship(back_populates="reviews")


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey(LEARNER, ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    held_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")
    next_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


class Escalation(Base):
    """A move to a stage of the staged process, made by a person, with the reason."""

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey(LEARNER, ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(30))
    moved_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Referral(Base):
    """A referral made, or considered and not made (with why, as KCSIE asks)."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey(LEARNER, ondelete="CASCADE"), index=True)
    agency: Mapped[str] = mapped_column(String(30))
    made: Mapped[bool] = mapped_column(Boolean)
    on: Mapped[date] = mapped_column(Date)
    by_name: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    not_made_because: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    followed_up_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseRequest(Base):
    """Leave of absence, an elective home education notice, a part-time timetable agreement,
    or leaving the roll: what was asked, decided and who was told."""

    __tablename__ = "case_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey(LEARNER, ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date)
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    code: Mapped[str] = mapped_column(String(3), default="")
    sessions: Mapped[str] = mapped_column(String(200), default="")  # "Mon AM, Tue AM"
    decision: Mapped[str] = mapped_column(String(20), default="")  # granted / refused / ''
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    home_school_told_on: Mapped[date | None] = mapped_column(Date)
    la_told_on: Mapped[date | None] = mapped_column(Date)
    meeting_offered_on: Mapped[date | None] = mapped_column(Date)
    parent_agreed_on: Mapped[date | None] = mapped_column(Date)
    commissioner_agreed_on: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    destination: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))


class FiledLetter(Base):
    """A letter sent to a family, filed against the learner: what, when, to whom, how."""

    __tablename__ = "filed_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey(LEARNER, ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(40))
    sent_on: Mapped[date] = mapped_column(Date)
    to_whom: Mapped[str] = mapped_column(String(200))
    how: Mapped[str] = mapped_column(String(20))  # printed / email
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
