"""Sending the summaries and letters through a real SMTP server on loopback: who gets what, no
learner data outside the protected PDF, the PDF opens only with the right password, every
sending recorded, and a server that refuses or disappears leaves a correct queue."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader
from sqlalchemy import select

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.mail import Status
from desktop_app.models import AuditEntry, EmergencyContact, Sending
from desktop_app.models.engine import Database
from desktop_app.services.errors import PermissionDenied, ValidationFailed
from desktop_app.services.outbox import deliver, recover_interrupted
from desktop_app.services.report_data.commissioner import commissioner_summary
from desktop_app.services.sending import records, resend, send_summary
from desktop_app.services.sending_letters import send_letters
from tests.mail.conftest import PASSWORDS, Inbox, configure, free_port
from tests.reports.conftest import LAST_DAY, NOW, user

AM = RegisterSession.AM


def pdf_of(message: object) -> bytes:
    parts = [p for p in message.walk() if p.get_content_type() == "application/pdf"]  # type: ignore[attr-defined]
    assert len(parts) == 1
    return bytes(parts[0].get_payload(decode=True))


def opened(data: bytes, password: str) -> str:
    reader = PdfReader(BytesIO(data))
    assert reader.is_encrypted
    assert reader.decrypt(password) != 0
    return " ".join(page.extract_text() for page in reader.pages)


def statuses(db: Database) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(Sending.status).order_by(Sending.id)))


def test_am_summary_goes_to_each_commissioner_with_only_their_learners(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    inbox, controller = smtp
    configure(fresh, controller.port)
    officer = user(fresh, "officer")
    expected = commissioner_summary(fresh, officer, LAST_DAY, NOW)
    queued = send_summary(fresh, officer, LAST_DAY, AM, NOW)
    result = deliver(fresh, officer, NOW)
    assert result.reachable and result.sent == len(queued.emails) == len(inbox.messages) >= 2
    by_recipient = {m["To"]: m for m in inbox.messages}
    for comm in expected.commissioners:
        if not comm.learners:
            continue
        message = by_recipient[comm.email]
        visible = f"{message['Subject']}\n{message.get_body().get_content()}"  # type: ignore[union-attr]
        for row in comm.learners:
            assert row.name not in visible and row.upn not in visible
            assert row.name.split()[-1] not in visible
        assert PASSWORDS[comm.name] not in visible
        text = opened(pdf_of(message), PASSWORDS[comm.name])
        assert all(row.upn in text for row in comm.learners)
        others = [r for c in expected.commissioners if c is not comm for r in c.learners]
        assert not any(r.upn in text for r in others)


def test_the_pdf_does_not_open_with_a_wrong_password(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    inbox, controller = smtp
    configure(fresh, controller.port)
    officer = user(fresh, "officer")
    send_summary(fresh, officer, LAST_DAY, AM, NOW)
    deliver(fresh, officer, NOW)
    reader = PdfReader(BytesIO(pdf_of(inbox.messages[0])))
    assert reader.is_encrypted and reader.decrypt("04032012") == 0
    assert reader.decrypt("") == 0


def test_every_sending_is_recorded_and_audited(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    inbox, controller = smtp
    configure(fresh, controller.port)
    officer = user(fresh, "officer")
    send_summary(fresh, officer, LAST_DAY, AM, NOW)
    deliver(fresh, officer, NOW)
    rows = records(fresh, officer)
    assert {r.recipient for r in rows} == {m["To"] for m in inbox.messages}
    assert all(r.status == "sent" and r.created_by == "Sam Patel" and r.sent_at for r in rows)
    with fresh.reading() as session:
        audited = session.scalars(
            select(AuditEntry.detail).where(
                AuditEntry.entity == "sendings", AuditEntry.action == "create"
            )
        ).all()
    assert len(audited) == len(rows)
    assert all("bytes>" in detail and "northgate-pdf" not in detail for detail in audited)


def test_the_same_session_is_not_queued_twice(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    _inbox, controller = smtp
    configure(fresh, controller.port)
    officer = user(fresh, "officer")
    send_summary(fresh, officer, LAST_DAY, AM, NOW)
    with pytest.raises(ValidationFailed, match="already sent"):
        send_summary(fresh, officer, LAST_DAY, AM, NOW)


def test_refused_until_the_sessions_registers_are_taken(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    """The demo's last day has one learner with no PM mark: the PM summary waits for it."""
    _inbox, controller = smtp
    configure(fresh, controller.port)
    with pytest.raises(ValidationFailed, match="PM registers are not all taken: 1 learner"):
        send_summary(fresh, user(fresh, "officer"), LAST_DAY, RegisterSession.PM, NOW)
    assert statuses(fresh) == []


def test_a_dry_run_says_who_would_get_what_and_writes_nothing(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    inbox, controller = smtp
    configure(fresh, controller.port)
    planned = send_summary(fresh, user(fresh, "officer"), LAST_DAY, AM, NOW, dry_run=True)
    assert planned.emails and all(e.learners for e in planned.emails)
    assert statuses(fresh) == [] and inbox.messages == []


def test_a_tutor_may_not_send(fresh: Database, smtp: tuple[Inbox, Controller]) -> None:
    _inbox, controller = smtp
    configure(fresh, controller.port)
    with pytest.raises(PermissionDenied):
        send_summary(fresh, user(fresh, "tutor1"), LAST_DAY, AM, NOW)


def test_a_server_that_is_down_keeps_the_queue_then_sends_each_once(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    inbox, controller = smtp
    configure(fresh, free_port())  # nothing listens there
    officer = user(fresh, "officer")
    queued = send_summary(fresh, officer, LAST_DAY, AM, NOW)
    offline = deliver(fresh, officer, NOW)
    assert not offline.reachable and offline.waiting == len(queued.emails)
    assert set(statuses(fresh)) == {Status.QUEUED.value}
    configure(fresh, controller.port)
    later = datetime(2025, 12, 19, 17, 0)  # past the retry wait
    first = deliver(fresh, officer, later)
    again = deliver(fresh, officer, later)
    assert first.sent == len(queued.emails) == len(inbox.messages) and again.sent == 0
    assert set(statuses(fresh)) == {Status.SENT.value}


def test_a_refused_recipient_fails_with_the_servers_answer_and_the_rest_go(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    inbox, controller = smtp
    configure(fresh, controller.port)
    inbox.refuse.add("attendance@northgate.example.org")
    officer = user(fresh, "officer")
    queued = send_summary(fresh, officer, LAST_DAY, AM, NOW)
    result = deliver(fresh, officer, NOW)
    assert result.failed == 1 and result.sent == len(queued.emails) - 1
    failed = [r for r in records(fresh, officer) if r.status == "failed"]
    assert len(failed) == 1 and "550" in failed[0].last_error
    assert "no such mailbox" in failed[0].last_error
    inbox.refuse.clear()
    resend(fresh, officer, failed[0].id, NOW)
    assert deliver(fresh, officer, NOW).sent == 1


def test_a_server_that_disappears_mid_batch_leaves_a_correct_queue(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    inbox, controller = smtp
    configure(fresh, controller.port)
    inbox.drop_after = 1
    officer = user(fresh, "officer")
    queued = send_summary(fresh, officer, LAST_DAY, AM, NOW)
    result = deliver(fresh, officer, NOW)
    assert result.sent == 1 and not result.reachable
    assert statuses(fresh).count(Status.SENT.value) == 1
    assert statuses(fresh).count(Status.QUEUED.value) == len(queued.emails) - 1
    inbox.drop_after = None
    later = datetime(2025, 12, 19, 17, 0)
    assert deliver(fresh, officer, later).sent == len(queued.emails) - 1
    assert len({m["Message-ID"] for m in inbox.messages}) == len(queued.emails)


def test_a_message_cut_off_while_being_handed_over_is_never_resent_unasked(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    inbox, controller = smtp
    configure(fresh, controller.port)
    inbox.cut_data_after = 0
    officer = user(fresh, "officer")
    send_summary(fresh, officer, LAST_DAY, AM, NOW)
    deliver(fresh, officer, NOW)
    assert statuses(fresh)[0] == Status.UNCERTAIN.value
    inbox.cut_data_after = None
    deliver(fresh, officer, datetime(2025, 12, 19, 17, 0))
    assert statuses(fresh)[0] == Status.UNCERTAIN.value  # a person checks, then resends


def test_a_send_interrupted_by_a_crash_becomes_uncertain_at_start(fresh: Database) -> None:
    with fresh.transaction() as session:
        session.add(
            Sending(
                kind="summary", status="sending", recipient="a@b.example.org", subject="s",
                body="b", created_at=datetime(2025, 12, 19, 9, 0, tzinfo=UTC),
                claimed_at=datetime(2025, 12, 19, 9, 0, tzinfo=UTC), session="AM",
            )
        )  # fmt: skip
    assert recover_interrupted(fresh, datetime(2025, 12, 19, 9, 5, tzinfo=UTC)) == 0
    assert recover_interrupted(fresh, datetime(2025, 12, 19, 9, 20, tzinfo=UTC)) == 1
    assert statuses(fresh) == [Status.UNCERTAIN.value]


def test_letters_go_by_email_where_there_is_an_address_and_are_printed_otherwise(
    fresh: Database, smtp: tuple[Inbox, Controller], tmp_path: Path
) -> None:
    inbox, controller = smtp
    configure(fresh, controller.port)
    officer = user(fresh, "officer")
    with fresh.transaction() as session:  # half the families have given an email address
        for contact in session.scalars(select(EmergencyContact)):
            contact.email = f"family{contact.id}@example.org" if contact.learner_id % 2 else ""
    result = send_letters(fresh, officer, "persistent_absence", NOW, tmp_path)
    deliver(fresh, officer, NOW)
    assert len(inbox.messages) == len(result.emails) >= 1 and len(result.printed) >= 1
    assert {m["To"] for m in inbox.messages} == {e.recipient for e in result.emails}
    for path in result.printed:
        assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
    for message, planned in zip(inbox.messages, result.emails, strict=True):
        visible = f"{message['Subject']}\n{message.get_body().get_content()}"  # type: ignore[union-attr]
        assert planned.learners[0] not in visible
        assert "date of birth" in visible
        assert PdfReader(BytesIO(pdf_of(message))).is_encrypted


def test_a_refused_email_stays_on_today_until_it_is_resent(
    fresh: Database, smtp: tuple[Inbox, Controller]
) -> None:
    from desktop_app.services.alerts import alert_records

    inbox, controller = smtp
    configure(fresh, controller.port)
    inbox.refuse.add("attendance@northgate.example.org")
    officer = user(fresh, "officer")
    send_summary(fresh, officer, LAST_DAY, AM, NOW)
    deliver(fresh, officer, NOW)

    def not_sent(who: str) -> list[str]:
        found = alert_records(fresh, user(fresh, who), now=NOW)
        return [r.alert.detail for r in found if r.alert.kind == "email_not_sent"]

    assert len(not_sent("officer")) == 1 and "550" in not_sent("officer")[0]
    assert not_sent("tutor1") == []
    failed = next(r for r in records(fresh, officer) if r.status == "failed")
    resend(fresh, officer, failed.id, NOW)
    assert not_sent("officer") == []
