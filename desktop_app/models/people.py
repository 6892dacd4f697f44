"""Learners, their groups and commissioners, and staff."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.models.base import Base, UtcDateTime
from desktop_app.models.versions import Versioned


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    #: An archived group takes no new learners and is left out of the register's choices.
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class GroupTutor(Base):
    """A tutor linked to a group: their register opens on it (migration 0012)."""

    __tablename__ = "group_tutors"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class GroupMembership(Base):
    """A learner's group from a date (NULL: no group): past registers show where they were."""

    __tablename__ = "group_memberships"
    __table_args__ = (UniqueConstraint("learner_id", "from_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    from_date: Mapped[date] = mapped_column(Date)


class Commissioner(Base):
    """The home school or local authority that placed a learner."""

    __tablename__ = "commissioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))


class Learner(Versioned, Base):
    __tablename__ = "learners"
    __table_args__ = (
        CheckConstraint(
            "leaving_date IS NULL OR leaving_date >= start_date", name="leaving_after_start"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    upn: Mapped[str] = mapped_column(String(13), unique=True)
    surname: Mapped[str] = mapped_column(String(100))
    forename: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    start_date: Mapped[date] = mapped_column(Date)
    leaving_date: Mapped[date | None] = mapped_column(Date)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    commissioner_id: Mapped[int | None] = mapped_column(ForeignKey("commissioners.id"))
    #: A passport-style photo (PNG or JPEG bytes) to identify a learner who goes missing.
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    #: Vulnerable for the absconding protocol whatever the RAG rating says.
    marked_vulnerable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Free-text description for the missing-learner sheet (build, hair, distinguishing marks).
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: What the police ask for when a learner is missing (migration 0005).
    home_address: Mapped[str] = mapped_column(Text, default="", server_default="")
    looked_after: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    placing_authority: Mapped[str] = mapped_column(Text, default="", server_default="")
    medical_needs: Mapped[str] = mapped_column(Text, default="", server_default="")
    medication: Mapped[str] = mapped_column(Text, default="", server_default="")

    group: Mapped[Group | None] = relationship()
    commissioner: Mapped[Commissioner | None] = relationship()


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint("role IN ('tutor', 'attendance_officer', 'dsl', 'director')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: Set by a director: the sign-in asks for a new password before anything else (0012).
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
