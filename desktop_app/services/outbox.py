"""Delivering the outbox: queued messages handed to the mail server one by one, each result
recorded at once, so a crash or a lost network never loses a message or sends one twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import Select, or_, select, update

from desktop_app.domain import mail as rules
from desktop_app.domain.permissions import Action, allowed
from desktop_app.models import Sending
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor
from desktop_app.services.errors import PermissionDenied, Problem, ServiceError, ValidationFailed
from desktop_app.services.mail_settings import MailServer, server_in
from desktop_app.services.mail_transport import Connect, Interrupted, Refused, Unreachable, connect
from desktop_app.services.sending import message_of

#: A message still "sending" after this long was interrupted (the app or PC stopped mid-send).
STALE_CLAIM = timedelta(minutes=10)
BATCH = 200


@dataclass(frozen=True, slots=True)
class Delivery:
    """What one pass over the outbox did, and whether the server could be reached."""

    sent: int
    failed: int
    waiting: int
    reachable: bool
    note: str = ""


def _may_send(user: StaffUser) -> None:
    if not (
        allowed(user.role, Action.COMMISSIONER_REPORTS) or allowed(user.role, Action.SEND_LETTERS)
    ):
        raise PermissionDenied(f"{user.full_name} may not send email")


def _set(db: Database, user: StaffUser, ids: list[int], **values: object) -> None:
    if ids:
        with db.transaction(actor(user)) as session:
            for row in session.scalars(select(Sending).where(Sending.id.in_(ids))):
                for key, value in values.items():
                    setattr(row, key, value)


def _due(now: datetime) -> Select[Sending]:
    return select(Sending).where(
        Sending.status == rules.Status.QUEUED.value,
        or_(Sending.next_attempt_at.is_(None), Sending.next_attempt_at <= now),
    )


def _any_due(db: Database, now: datetime) -> bool:
    with db.reading() as session:
        return session.scalars(_due(now).limit(1)).first() is not None


def _claim(db: Database, user: StaffUser, now: datetime) -> tuple[MailServer, list[int]]:
    """Mark the due queued messages "sending" (in one write transaction) and return them."""
    with db.transaction(actor(user)) as session:
        server = server_in(session)
        if not server.configured:
            return server, []
        due = _due(now)
        # On PostgreSQL two PCs delivering at once skip each other's rows; SQLite's write
        # transaction (BEGIN IMMEDIATE) already lets only one claim at a time.
        due = due.order_by(Sending.id).limit(BATCH).with_for_update(skip_locked=True)
        rows = list(session.scalars(due))
        for row in rows:
            row.status, row.claimed_at = rules.Status.SENDING.value, now
            row.message_id = row.message_id or make_msgid(domain="provision-register.local")
        return server, [row.id for row in rows]


def _message(db: Database, sending_id: int, server: MailServer) -> EmailMessage:
    with db.reading() as session:
        row = session.get(Sending, sending_id)
        assert row is not None
        return message_of(row, server)


def _release(db: Database, user: StaffUser, ids: list[int], why: str, now: datetime) -> None:
    """Back to the queue, to be tried again later (never sent, so safe to send again)."""
    with db.transaction(actor(user)) as session:
        for row in session.scalars(select(Sending).where(Sending.id.in_(ids))):
            row.attempts += 1
            row.status, row.last_error = rules.Status.QUEUED.value, why
            row.next_attempt_at, row.claimed_at = rules.next_try(row.attempts, now), None


def deliver(db: Database, user: StaffUser, now: datetime, through: Connect = connect) -> Delivery:
    """Hand every due queued message to the server; record each answer as it comes."""
    _may_send(user)
    now = now.astimezone(UTC)
    if not _any_due(db, now):  # the minute's usual case: no write transaction at all
        return Delivery(0, 0, 0, True, "nothing to send")
    server, ids = _claim(db, user, now)
    if not server.configured:
        return Delivery(0, 0, waiting_count(db), False, "no mail server is set up")
    sent = failed = 0
    try:
        with through(server) as connection:
            for n, sending_id in enumerate(ids):
                try:
                    connection.send(_message(db, sending_id, server))
                except Refused as error:
                    failed += 1
                    _set(
                        db,
                        user,
                        [sending_id],
                        status=rules.Status.FAILED.value,
                        last_error=str(error),
                        attempts=1,
                        claimed_at=None,
                    )
                except Interrupted as error:
                    _set(
                        db,
                        user,
                        [sending_id],
                        status=rules.Status.UNCERTAIN.value,
                        last_error=str(error),
                        claimed_at=None,
                    )
                    _release(db, user, ids[n + 1 :], str(error), now)
                    return Delivery(sent, failed, waiting_count(db), False, str(error))
                except Unreachable as error:
                    _release(db, user, ids[n:], str(error), now)
                    return Delivery(sent, failed, waiting_count(db), False, str(error))
                else:
                    sent += 1
                    _set(
                        db,
                        user,
                        [sending_id],
                        status=rules.Status.SENT.value,
                        sent_at=datetime.now(UTC),
                        last_error="",
                        claimed_at=None,
                    )
    except (Unreachable, Refused) as error:
        _release(db, user, ids[sent + failed :], str(error), now)
        return Delivery(sent, failed, waiting_count(db), False, str(error))
    return Delivery(sent, failed, waiting_count(db), True)


def waiting_count(db: Database) -> int:
    with db.reading() as session:
        query = select(Sending.id).where(Sending.status == rules.Status.QUEUED.value)
        return len(list(session.scalars(query)))


def recover_interrupted(db: Database, now: datetime) -> int:
    """At start: messages left "sending" by a stopped app become "uncertain" (a person checks
    and resends them); never sent again on their own. Returns how many."""
    cutoff = now.astimezone(UTC) - STALE_CLAIM
    with db.transaction() as session:
        result = session.execute(
            update(Sending)
            .where(Sending.status == rules.Status.SENDING.value, Sending.claimed_at < cutoff)
            .values(
                status=rules.Status.UNCERTAIN.value,
                last_error="the app stopped while sending: check with the recipient, then resend",
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)


def send_test(db: Database, user: StaffUser, to: str, through: Connect = connect) -> str:
    """Send a test message now (not queued); the server's refusal or absence is the error."""
    _may_send(user)
    try:
        address = rules.check_address(to)
    except rules.MailError as error:
        raise ValidationFailed([Problem(str(error), "to")]) from None
    with db.reading() as session:
        server = server_in(session)
    if not server.configured:
        raise ValidationFailed([Problem("set up the mail server first", "host")])
    message = EmailMessage()
    message["From"], message["To"] = server.from_address, address
    message["Subject"] = "Provision Register: test message"
    message.set_content("This is a test message from Provision Register. Email works.\n")
    try:
        with through(server) as connection:
            connection.send(message)
    except (Unreachable, Refused, Interrupted) as error:
        raise ServiceError(f"the test message was not sent: {error}") from None
    return f"A test message was sent to {address} through {server.host}:{server.port}."
