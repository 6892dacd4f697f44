"""Email: the provision's mail server, commissioners' PDF passwords, and every message sent.

`sendings` is the outbox and the record in one: a message is written there (with its protected
PDF) before anything is sent, so nothing is lost when the network is down, and its status says
whether the server took it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, UtcDateTime


class MailSettings(Base):
    """The one row of mail server settings; the password is in the OS keyring, never here."""

    __tablename__ = "mail_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(253), default="")
    port: Mapped[int] = mapped_column(Integer, default=587)
    security: Mapped[str] = mapped_column(String(20), default="starttls")
    username: Mapped[str] = mapped_column(String(254), default="")
    from_address: Mapped[str] = mapped_column(String(254), default="")
    letter_password_rule: Mapped[str] = mapped_column(String(30), default="dob_ddmmyyyy")
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CommissionerPassword(Base):
    """The password a commissioner holds for the PDFs sent to them (set once, never emailed)."""

    __tablename__ = "commissioner_passwords"

    commissioner_id: Mapped[int] = mapped_column(
        ForeignKey("commissioners.id", ondelete="CASCADE"), primary_key=True
    )
    pdf_password: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Sending(Base):
    """One email: what, to whom, when, by whom, and what the server said."""

    __tablename__ = "sendings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    attachment_name: Mapped[str] = mapped_column(String(200), default="")
    what: Mapped[str] = mapped_column(String(300), default="")  # e.g. "AM summary, 30 Nov 2026"
    learner_id: Mapped[int | None] = mapped_column(
        ForeignKey("learners.id", ondelete="SET NULL"), index=True
    )
    commissioner_id: Mapped[int | None] = mapped_column(ForeignKey("commissioners.id"))
    for_date: Mapped[date | None] = mapped_column(Date)
    session: Mapped[str] = mapped_column(String(2), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_by: Mapped[str] = mapped_column(String(200), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # when "sending" began
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    message_id: Mapped[str] = mapped_column(String(200), default="")
