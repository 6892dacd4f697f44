"""The provision's own settings and its calendar: terms and closures."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import CheckConstraint, Date, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base
from desktop_app.models.versions import Versioned


class ProvisionSettings(Versioned, Base):
    """One row: the provision's name and letterhead (session times: `session_times`)."""

    __tablename__ = "provision_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Minutes after "last seen" at which the absconding timer prompts, then insists on, police.
    absconding_first_minutes: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    absconding_second_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    #: Letterhead for printed letters and reports.
    address: Mapped[str] = mapped_column(Text, default="", server_default="")
    phone: Mapped[str] = mapped_column(String(50), default="", server_default="")
    email: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Term(Base):
    __tablename__ = "terms"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)


class Closure(Base):
    """A planned closure: a whole day (session NULL) or one session."""

    __tablename__ = "closures"
    __table_args__ = (
        UniqueConstraint("day", "session"),
        CheckConstraint("session IN ('AM', 'PM')", name="session"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    session: Mapped[str | None] = mapped_column(String(2))
    reason: Mapped[str] = mapped_column(String(300))


class SessionTimeSet(Base):
    """AM and PM times in force from a date, for every weekday (NULL) or one (0 = Monday).

    Rows are added, never changed once their date has come (migration 0012).
    """

    __tablename__ = "session_times"
    __table_args__ = (
        UniqueConstraint("effective_from", "weekday"),
        CheckConstraint("weekday IS NULL OR weekday BETWEEN 0 AND 4", name="weekday"),
        CheckConstraint("am_close > am_start AND pm_close > pm_start", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date)
    weekday: Mapped[int | None] = mapped_column(Integer)
    am_start: Mapped[time] = mapped_column(Time)
    am_close: Mapped[time] = mapped_column(Time)
    pm_start: Mapped[time] = mapped_column(Time)
    pm_close: Mapped[time] = mapped_column(Time)


class ProvisionThreshold(Base):
    """A threshold the provision has set; the registry's default applies when there is no row."""

    __tablename__ = "provision_thresholds"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
