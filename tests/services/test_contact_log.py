"""The contact log: every call, text, home visit and video call, with when, who, with whom and
the outcome. A refused entry saves nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.models import AuditEntry, ContactLogEntry
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.contact_log import LoggedContact, contact_history, log_contact
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.learner_records import LearnerDetails, add_learner

NOW = datetime(2025, 9, 10, 15, 0, tzinfo=UTC)
MORNING = datetime(2025, 9, 10, 9, 45, tzinfo=UTC)


@pytest.fixture
def officer(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.ATTENDANCE_OFFICER)


def learner(db: Database, user: StaffUser, body: str) -> int:
    details = LearnerDetails(make_upn(body), "Ahmed", "Ann", date(2011, 3, 14), date(2025, 9, 3))
    return add_learner(db, user, details, today=date(2025, 9, 1))


@pytest.fixture
def ann(db: Database, officer: StaffUser) -> int:
    return learner(db, officer, "820300000001")


def counts(db: Database) -> tuple[int, int]:
    with db.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(ContactLogEntry)) or 0,
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def refused(call: Callable[[], object]) -> list[tuple[str | None, str]]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return [(p.field, p.message) for p in caught.value.problems]


def test_a_contact_is_logged_with_when_who_with_whom_and_outcome(
    db: Database, officer: StaffUser, ann: int
) -> None:
    entry = log_contact(
        db, officer, ann, MORNING, "phone_call", "  Mother (Mary) ", "spoke", " ill ", now=NOW
    )
    assert contact_history(db, officer, ann) == [
        LoggedContact(
            entry,
            MORNING,
            officer.full_name,
            "phone_call",
            "Phone call",
            "Mother (Mary)",
            "family",
            "spoke",
            "Spoke to them",
            "ill",
        )
    ]


def test_logging_a_contact_is_in_the_audit_log_against_the_learner(
    db: Database, officer: StaffUser, ann: int
) -> None:
    entry = log_contact(db, officer, ann, MORNING, "text", "Mother", "no_answer", now=NOW)
    with db.reading() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.learner_id).where(
                AuditEntry.entity == "contact_log", AuditEntry.staff_id == officer.id
            )
        ).all()
    assert [tuple(r) for r in rows] == [("create", entry, ann)]


def test_the_history_is_newest_first_and_only_the_learners_own(
    db: Database, officer: StaffUser, ann: int
) -> None:
    ben = learner(db, officer, "820300000002")
    early = log_contact(db, officer, ann, MORNING, "text", "Mother", "no_answer", now=NOW)
    late = log_contact(
        db, officer, ann, MORNING + timedelta(hours=2), "home_visit", "Mother", "seen_safe", now=NOW
    )
    same_time = log_contact(db, officer, ann, MORNING, "phone_call", "Gran", "spoke", now=NOW)
    log_contact(db, officer, ben, NOW, "phone_call", "Father", "spoke", now=NOW)
    history = contact_history(db, officer, ann)
    assert [c.id for c in history] == [late, same_time, early]
    assert history[0].outcome_label == "Learner seen: safe and well"
    assert history[0].method_label == "Home visit"


def test_a_contact_up_to_two_minutes_ahead_of_this_clock_is_accepted(
    db: Database, officer: StaffUser, ann: int
) -> None:
    at = NOW + timedelta(minutes=2)
    log_contact(db, officer, ann, at, "phone_call", "Mother", "spoke", now=NOW)
    assert [c.at for c in contact_history(db, officer, ann)] == [at]


@pytest.mark.parametrize(
    ("at", "method", "with_whom", "outcome", "problem"),
    [
        (
            NOW + timedelta(minutes=2, seconds=1),
            "phone_call",
            "Mother",
            "spoke",
            ("at", "The time of the contact is in the future"),
        ),
        (
            NOW + timedelta(days=1),
            "phone_call",
            "Mother",
            "spoke",
            ("at", "The time of the contact is in the future"),
        ),
        (MORNING, "phone_call", "  ", "spoke", ("with_whom", "Say who the contact was with")),
        (
            MORNING,
            "phone_call",
            "Mother",
            "seen_safe",
            ("outcome", "'Learner seen: safe and well' needs a home visit or a video call"),
        ),
        (
            MORNING,
            "text",
            "Mother",
            "not_seen",
            ("outcome", "'Learner not seen' needs a home visit or a video call"),
        ),
        (
            MORNING,
            "email",
            "Mother",
            "seen_concern",
            ("outcome", "'Learner seen: concerns raised' needs a home visit or a video call"),
        ),
        (MORNING, "phone_call", "Mother", "fine", ("outcome", "'fine' is not an outcome")),
    ],
)
def test_an_invalid_contact_is_refused_with_its_message_and_nothing_is_saved(
    db: Database,
    officer: StaffUser,
    ann: int,
    at: datetime,
    method: str,
    with_whom: str,
    outcome: str,
    problem: tuple[str, str],
) -> None:
    before = counts(db)
    call = lambda: log_contact(db, officer, ann, at, method, with_whom, outcome, now=NOW)  # noqa: E731
    assert refused(call) == [problem]
    assert counts(db) == before


def test_an_unknown_method_is_refused(db: Database, officer: StaffUser, ann: int) -> None:
    before = counts(db)
    problems = refused(
        lambda: log_contact(db, officer, ann, MORNING, "fax", "Mum", "spoke", now=NOW)
    )
    assert [message for _field, message in problems] == ["'fax' is not a way of making contact"]
    assert counts(db) == before


def test_every_problem_is_listed_at_once(db: Database, officer: StaffUser, ann: int) -> None:
    tomorrow = NOW + timedelta(days=1)
    before = counts(db)
    problems = refused(
        lambda: log_contact(db, officer, ann, tomorrow, "phone_call", "", "not_seen", now=NOW)
    )
    assert [field for field, _message in problems] == ["at", "with_whom", "outcome"]
    assert counts(db) == before


@pytest.mark.parametrize(
    ("method", "outcome"),
    [("home_visit", "seen_safe"), ("home_visit", "not_seen"), ("video_call", "seen_concern")],
)
def test_seen_and_not_seen_are_accepted_for_a_visit_or_video_call(
    db: Database, officer: StaffUser, ann: int, method: str, outcome: str
) -> None:
    log_contact(db, officer, ann, MORNING, method, "Learner and mother", outcome, now=NOW)
    assert [(c.method, c.outcome) for c in contact_history(db, officer, ann)] == [(method, outcome)]


def test_a_time_without_a_timezone_is_a_programming_error(
    db: Database, officer: StaffUser, ann: int
) -> None:
    before = counts(db)
    with pytest.raises(ValueError, match="timezone-aware"):
        log_contact(db, officer, ann, datetime(2025, 9, 10, 9, 45), "text", "Mum", "spoke", now=NOW)
    assert counts(db) == before


def test_a_contact_about_a_learner_who_has_gone_is_not_found(
    db: Database, officer: StaffUser
) -> None:
    before = counts(db)
    with pytest.raises(NotFound, match="no longer on the register"):
        log_contact(db, officer, 999, MORNING, "phone_call", "Mother", "spoke", now=NOW)
    assert counts(db) == before
