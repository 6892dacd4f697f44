"""Sending what the provision shares: the AM/PM commissioner summaries, an urgent absence, and
letters to families, each as a password-protected PDF by email, through one outbox.

Queueing writes every message (with its protected PDF) to `sendings` in one transaction before
anything leaves; `deliver` then hands them to the mail server one by one, recording what the
server said. With no network the messages stay queued and go later; a message is marked
"sending" before it is handed over, so one interrupted mid-send is never sent again unasked.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import mail as rules
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action, Role, allowed
from desktop_app.domain.rag import Rating
from desktop_app.domain.watches import Alert
from desktop_app.domain.worklist import EMAIL_NOT_SENT
from desktop_app.models import Learner, Sending
from desktop_app.models.engine import Database
from desktop_app.reports.commissioner_pdf import commissioner_pdf
from desktop_app.reports.progress import NO_PROGRESS
from desktop_app.reports.protect import protect_pdf
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ServiceError, ValidationFailed
from desktop_app.services.mail_settings import (
    MailServer,
    commissioner_by_name,
    pdf_password_in,
    server_in,
)
from desktop_app.services.provision import provision_info
from desktop_app.services.rag import ratings
from desktop_app.services.report_data.commissioner import (
    NO_SESSION,
    CommissionerDay,
    CommissionerSummary,
    LearnerDay,
    SessionMark,
    summary_in,
)
from desktop_app.services.tx import in_transaction

OPEN = (rules.Status.QUEUED.value, rules.Status.SENDING.value, rules.Status.SENT.value)


@dataclass(frozen=True, slots=True)
class Planned:
    """One email that would be (or was) queued: who gets what. Names stay in the app."""

    recipient: str
    recipient_name: str
    what: str
    learners: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Queued:
    """What a send did: the emails queued, and a sentence for each one not made."""

    emails: list[Planned]
    not_sent: list[str]
    printed: list[Path]


@dataclass(frozen=True, slots=True)
class SendingRecord:
    id: int
    kind: str
    status: str
    recipient: str
    recipient_name: str
    what: str
    created_at: datetime
    created_by: str
    sent_at: datetime | None
    attempts: int
    last_error: str


def _session_mark(row: LearnerDay, session: RegisterSession) -> SessionMark:
    return row.am if session is RegisterSession.AM else row.pm


def _untaken(summary: CommissionerSummary, session: RegisterSession) -> list[str]:
    """Learners whose mark for the session is not in yet (missing or not yet due)."""
    return [
        row.name
        for comm in summary.commissioners
        for row in comm.learners
        if _session_mark(row, session).code is None
        and _session_mark(row, session).state != NO_SESSION
    ]


def _what(session: RegisterSession, day: date, urgent: bool = False) -> str:
    kind = "Urgent absence" if urgent else f"{session.value} summary"
    return f"{kind}, {day.day} {day:%b %Y}"


def _pdf(summary: CommissionerSummary, comm: CommissionerDay) -> bytes:
    only = replace(summary, commissioners=[comm])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "summary.pdf"
        commissioner_pdf(only, path, NO_PROGRESS)
        return path.read_bytes()


def _already(session: Session, commissioner_id: int, day: date, part: str, kind: str) -> bool:
    query = select(Sending.id).where(
        Sending.commissioner_id == commissioner_id,
        Sending.for_date == day,
        Sending.session == part,
        Sending.kind == kind,
        Sending.status.in_(OPEN),
    )
    return session.scalars(query).first() is not None


def _ready(server: MailServer) -> None:
    if not server.configured:
        raise ServiceError("no mail server is set up: Settings › Mail (director)")


@in_transaction
def record_in(orm: Session, user: StaffUser, now: datetime, **values: object) -> Sending:
    row = Sending(
        status=rules.Status.QUEUED.value,
        created_at=now.astimezone(UTC),
        created_by_id=user.id,
        created_by=user.full_name,
        attempts=0,
        last_error="",
        message_id="",
        **values,
    )
    orm.add(row)
    return row


def _summary_emails(
    session: Session,
    summary: CommissionerSummary,
    part: RegisterSession,
    kind: rules.Kind,
    dry_run: bool,
    user: StaffUser,
    now: datetime,
) -> Queued:
    server = server_in(session)
    provision = provision_info(session).name
    wording = rules.summary_wording(provision, summary.day, part.value, kind is rules.Kind.URGENT)
    emails, not_sent = [], []
    for comm in summary.commissioners:
        if not comm.learners:
            continue
        commissioner = commissioner_by_name(session, comm.name)
        password = pdf_password_in(session, commissioner.id)
        problem = _summary_problem(comm, commissioner.email or "", password)
        if problem is None and _already(
            session, commissioner.id, summary.day, part.value, kind.value
        ):
            problem = f"{comm.name}: already sent for this session (resend it from the record)"
        if problem is not None:
            not_sent.append(problem)
            continue
        planned = Planned(
            commissioner.email or "",
            comm.contact or comm.name,
            _what(part, summary.day, kind is rules.Kind.URGENT),
            tuple(row.name for row in comm.learners),
        )
        emails.append(planned)
        if not dry_run:
            record_in(
                session,
                user,
                now,
                kind=kind.value,
                recipient=planned.recipient,
                recipient_name=planned.recipient_name,
                subject=wording.subject,
                body=wording.body,
                attachment=protect_pdf(_pdf(summary, comm), password or ""),
                attachment_name=f"attendance-{summary.day:%Y-%m-%d}-{part.value}.pdf",
                what=planned.what,
                commissioner_id=commissioner.id,
                for_date=summary.day,
                session=part.value,
                learner_id=_only_learner(session, comm) if kind is rules.Kind.URGENT else None,
            )
    if not server.configured:
        if not dry_run:
            _ready(server)
        not_sent.append("no mail server is set up yet: Settings › Mail (director)")
    return Queued(emails, not_sent, [])


def _summary_problem(comm: CommissionerDay, email: str, password: str | None) -> str | None:
    if not email:
        return f"{comm.name}: no email address (Settings › Mail)"
    if password is None:
        return f"{comm.name}: no PDF password agreed yet (Settings › Mail)"
    return None


def _only_learner(session: Session, comm: CommissionerDay) -> int | None:
    upn = comm.learners[0].upn
    return session.scalars(select(Learner.id).where(Learner.upn == upn)).first()


def send_summary(
    db: Database,
    user: StaffUser,
    day: date,
    part: RegisterSession,
    now: datetime,
    dry_run: bool = False,
) -> Queued:
    """Queue one email per commissioner with only their learners' AM or PM, once that
    session's registers are all taken. `dry_run` says who would get what and writes nothing."""
    require(user, Action.COMMISSIONER_REPORTS)
    with db.transaction(actor(user)) as session:
        summary = summary_in(session, user, day, now, printed=not dry_run)
        untaken = _untaken(summary, part)
        if untaken:
            raise ValidationFailed(
                [
                    Problem(
                        f"the {part.value} registers are not all taken: {len(untaken)} learner"
                        f"{'s' if len(untaken) != 1 else ''} not marked yet",
                        "session",
                    )
                ]
            )
        result = _summary_emails(session, summary, part, rules.Kind.SUMMARY, dry_run, user, now)
        if not result.emails and not dry_run:
            raise ValidationFailed(
                [Problem(s) for s in result.not_sent]
                or [Problem("no learner has a commissioner to send to")]
            )
        return result


def send_urgent(
    db: Database,
    user: StaffUser,
    learner_id: int,
    day: date,
    part: RegisterSession,
    now: datetime,
    dry_run: bool = False,
) -> Queued:
    """Queue a high-risk (RED) learner's absence to their commissioner alone, as soon as the
    learner's mark for the session is in: it need not wait for the other registers."""
    require(user, Action.COMMISSIONER_REPORTS)
    with db.transaction(actor(user)) as session:
        summary = summary_in(session, user, day, now, printed=not dry_run)
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("no such learner")
        rating = ratings(session, day, [learner_id])[learner_id].rating
        mine = _just(summary, learner.upn)
        problems = _urgent_problems(mine, part, rating)
        if problems:
            raise ValidationFailed(problems)
        result = _summary_emails(session, mine, part, rules.Kind.URGENT, dry_run, user, now)
        if not result.emails:
            raise ValidationFailed([Problem(s) for s in result.not_sent])
        return result


def _just(summary: CommissionerSummary, upn: str) -> CommissionerSummary:
    for comm in summary.commissioners:
        rows = [row for row in comm.learners if row.upn == upn]
        if rows:
            return replace(summary, commissioners=[replace(comm, learners=rows)])
    return replace(summary, commissioners=[])


def _urgent_problems(
    mine: CommissionerSummary, part: RegisterSession, rating: Rating
) -> list[Problem]:
    if not mine.commissioners:
        return [Problem("this learner has no commissioner to tell", "learner")]
    row = mine.commissioners[0].learners[0]
    mark = _session_mark(row, part)
    if mark.code is None:
        return [Problem(f"the learner's {part.value} mark is not in yet", "session")]
    if not mark.absent:
        return [Problem(f"the learner is not absent this {part.value} session", "session")]
    if rating is not Rating.RED:
        return [
            Problem(
                "only a RED (high-risk) learner's absence is sent on its own; "
                "the others go in the session's summary",
                "learner",
            )
        ]
    return []


def message_of(row: Sending, server: MailServer) -> EmailMessage:
    """The email for an outbox row, its Message-ID kept so the record can name it."""
    message = EmailMessage()
    message["From"] = server.from_address
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Message-ID"] = row.message_id or make_msgid(domain="provision-register.local")
    message.set_content(row.body)
    if row.attachment is not None:
        message.add_attachment(
            row.attachment,
            maintype="application",
            subtype="pdf",
            filename=row.attachment_name or "document.pdf",
        )
    return message


def records(
    db: Database,
    user: StaffUser,
    learner_id: int | None = None,
    statuses: Iterable[str] | None = None,
) -> list[SendingRecord]:
    """The record of sendings, newest first: all, one learner's, or those in some states."""
    require(user, Action.COMMISSIONER_REPORTS)
    query = select(Sending).order_by(Sending.created_at.desc(), Sending.id.desc())
    if learner_id is not None:
        query = query.where(Sending.learner_id == learner_id)
    if statuses is not None:
        query = query.where(Sending.status.in_(list(statuses)))
    with db.reading() as session:
        return [
            SendingRecord(
                r.id,
                r.kind,
                r.status,
                r.recipient,
                r.recipient_name,
                r.what,
                r.created_at,
                r.created_by,
                r.sent_at,
                r.attempts,
                r.last_error,
            )
            for r in session.scalars(query)
        ]


def resend(db: Database, user: StaffUser, sending_id: int, now: datetime) -> None:
    """Put a failed (or uncertain) message back in the queue, as a person decided."""
    require(user, Action.COMMISSIONER_REPORTS)
    with db.transaction(actor(user)) as session:
        row = session.get(Sending, sending_id)
        if row is None:
            raise NotFound("no such message")
        if row.status not in (rules.Status.FAILED.value, rules.Status.UNCERTAIN.value):
            raise ServiceError(f"this message is {row.status}; only failed ones are resent")
        row.status, row.next_attempt_at = rules.Status.QUEUED.value, now.astimezone(UTC)


@in_transaction
def sending_alerts(session: Session, moment: datetime, role: Role) -> list[Alert]:
    """Emails refused by the server, or cut off mid-send, as alerts until resent (for the roles
    that send). Named by recipient: a summary is about several learners."""
    if not (allowed(role, Action.COMMISSIONER_REPORTS) or allowed(role, Action.SEND_LETTERS)):
        return []
    query = select(Sending).where(
        Sending.status.in_([rules.Status.FAILED.value, rules.Status.UNCERTAIN.value])
    )
    found = []
    for row in session.scalars(query.order_by(Sending.id)):
        why = "refused" if row.status == rules.Status.FAILED.value else "may not have gone"
        detail = f"{row.what} to {row.recipient_name or row.recipient} {why}: {row.last_error}"
        day = row.created_at.astimezone().date()
        found.append(Alert(day, EMAIL_NOT_SENT, row.recipient, detail, key=f"sending {row.id}"))
    return found
