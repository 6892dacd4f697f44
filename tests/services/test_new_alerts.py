"""The alerts service's new watches and what is done about alerts, on a real database: children
missing education, persistent lateness, planned absence, acknowledgements and notifications,
register reminders, and what a tutor sees."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop_app.domain.codes import Session
from desktop_app.domain.notification_watches import CHILDREN_MISSING_EDUCATION
from desktop_app.domain.pattern_watches import PERSISTENT_LATENESS
from desktop_app.domain.permissions import Role
from desktop_app.domain.safeguarding_watches import FACE_TO_FACE_DUE, SAFE_AND_WELL_DUE
from desktop_app.domain.watches import MISSING_REGISTER
from desktop_app.models import AuditEntry, Mark, RegisterReminder
from desktop_app.models.engine import Database
from desktop_app.services.acknowledgements import Notification, acknowledge, remind_register
from desktop_app.services.alerts import alert_records, alerts
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import NotFound, PermissionDenied, ValidationFailed
from desktop_app.services.rag import set_factor
from tests.services.test_safeguarding_alerts import (
    FIRST_WEEK,
    MON,
    START,
    THU,
    TUE,
    UPN,
    add,
    contact,
    mark,
)


@pytest.fixture
def dsl(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.DSL)


@pytest.fixture
def ann(db: Database, autumn: tuple[date, date], dsl: StaffUser) -> int:
    """On roll from the first day of term, two emergency contacts, present the first week."""
    learner_id = add(db, dsl)
    mark(db, dsl, learner_id, FIRST_WEEK, "present")
    return learner_id


TEN = [START + timedelta(days=n) for n in range(5, 40) if (START + timedelta(days=n)).weekday() < 5]
NIGHT = datetime(2025, 10, 24, 18, 0)


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0)


def kinds_on(db: Database, user: StaffUser, day: date) -> dict[str, list[date]]:
    found: dict[str, list[date]] = {}
    for a in alerts(db, user, now=at(day)):
        found.setdefault(a.kind, []).append(a.date)
    return found


def test_ten_school_days_absent_without_contact_is_children_missing_education(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    days = TEN[:10]  # Mon 8 to Fri 19 September
    mark(db, dsl, ann, days, "N")
    assert CHILDREN_MISSING_EDUCATION not in kinds_on(db, dsl, days[8])
    assert kinds_on(db, dsl, days[9])[CHILDREN_MISSING_EDUCATION] == [days[9]]


def test_contact_from_home_stops_the_missing_education_alert(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    mark(db, dsl, ann, TEN[:10], "N")
    contact(db, dsl, ann, TEN[4], "phone_call", "Mary Ahmed", "spoke")
    assert CHILDREN_MISSING_EDUCATION not in kinds_on(db, dsl, TEN[9])


def test_five_lates_in_the_half_term_are_persistent_lateness(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    mark(db, dsl, ann, TEN[:2], "L")  # both sessions: four late marks
    mark(db, dsl, ann, TEN[2:4], "present")
    assert PERSISTENT_LATENESS not in kinds_on(db, dsl, TEN[3])
    mark(db, dsl, ann, TEN[4:5], "U")  # the fifth (and sixth) on Monday 15th
    assert kinds_on(db, dsl, TEN[4])[PERSISTENT_LATENESS] == [TEN[4]]


def test_leave_entered_before_the_session_is_not_chased_until_the_fifth_day(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    """RED learner; M (a notified appointment) entered the week before: no visit on day 1 and
    no safe-and-well check; on the 5th school day of it a home visit is due."""
    set_factor(db, dsl, ann, "cp_plan", START)
    days = TEN[:5]
    with db.transaction() as session:
        for day in days:
            for sess in (Session.AM, Session.PM):
                session.add(
                    Mark(
                        learner_id=ann,
                        date=day,
                        session=sess.value,
                        code="M",
                        recorded_by_id=dsl.id,
                        recorded_at=datetime(2025, 9, 5, 12, tzinfo=UTC),
                    )
                )
    first = kinds_on(db, dsl, days[0])
    assert FACE_TO_FACE_DUE not in first and SAFE_AND_WELL_DUE not in first
    assert FACE_TO_FACE_DUE not in kinds_on(db, dsl, days[3])
    assert kinds_on(db, dsl, days[4])[FACE_TO_FACE_DUE] == [days[4]]


def test_the_same_absence_marked_after_the_session_began_is_chased_from_day_one(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    set_factor(db, dsl, ann, "cp_plan", START)
    mark(db, dsl, ann, [MON], "N")
    assert kinds_on(db, dsl, MON)[FACE_TO_FACE_DUE] == [MON]


# --- Acknowledging ----------------------------------------------------------------------------


def missing_ids(db: Database, user: StaffUser, now: datetime) -> list[str]:
    return [a.id for a in alerts(db, user, now=now) if a.kind == MISSING_REGISTER]


def test_an_acknowledged_alert_keeps_who_and_when_and_leaves_the_list(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    first = missing_ids(db, dsl, at(TUE))[0]
    done = acknowledge(db, dsl, first, "Register taken on paper", now=at(TUE).astimezone())
    assert done.staff == dsl.full_name and done.note == "Register taken on paper"
    assert first not in missing_ids(db, dsl, at(TUE))
    kept = [r for r in alert_records(db, dsl, now=at(TUE), include_acknowledged=True)]
    record = next(r for r in kept if r.alert.id == first)
    assert record.acknowledged is not None and record.learner_id == ann
    with db.reading() as session:
        audited = session.execute(
            select(AuditEntry.action, AuditEntry.staff_id, AuditEntry.learner_id).where(
                AuditEntry.entity == "alert_acknowledgements"
            )
        ).all()
    assert audited == [("create", dsl.id, ann)]


def test_an_acknowledged_condition_comes_back_only_when_it_arises_again(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    """Safe-and-well for an absence from Monday, acknowledged; back at school Tuesday; a new
    absence from Thursday is a new condition, so a new alert."""
    mark(db, dsl, ann, [MON], "N")
    owed = next(a for a in alerts(db, dsl, now=at(MON)) if a.kind == SAFE_AND_WELL_DUE)
    acknowledge(db, dsl, owed.id, "Mum rang the office", now=at(MON).astimezone())
    assert SAFE_AND_WELL_DUE not in kinds_on(db, dsl, MON)
    mark(db, dsl, ann, [TUE], "present")
    mark(db, dsl, ann, [TUE + timedelta(days=1)], "present")
    mark(db, dsl, ann, [THU], "N")
    again = [a for a in alerts(db, dsl, now=at(THU)) if a.kind == SAFE_AND_WELL_DUE]
    assert [a.date for a in again] == [THU] and again[0].id != owed.id


def test_a_notification_is_kept_with_whom_when_and_the_reference(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    target = missing_ids(db, dsl, at(TUE))[0]
    told = Notification("commissioner", date(2025, 9, 8), "REF-77")
    done = acknowledge(db, dsl, target, notified=told, now=at(TUE).astimezone())
    assert (done.notified_to, done.notified_on, done.reference) == (
        "commissioner",
        date(2025, 9, 8),
        "REF-77",
    )
    assert "Commissioner told on 08 Sep 2025, ref REF-77" in done.summary


def test_acknowledging_is_refused_for_unknown_alerts_bad_input_and_tutors(
    db: Database, dsl: StaffUser, ann: int, make_staff: Callable[[Role], StaffUser]
) -> None:
    target = missing_ids(db, dsl, at(TUE))[0]
    with pytest.raises(NotFound):
        acknowledge(db, dsl, "000000000000", "note", now=at(TUE).astimezone())
    with pytest.raises(ValidationFailed):
        acknowledge(db, dsl, target, "   ", now=at(TUE).astimezone())
    with pytest.raises(ValidationFailed):
        acknowledge(db, dsl, target, notified=Notification("press", date(2025, 9, 8)))
    with pytest.raises(PermissionDenied):
        acknowledge(db, make_staff(Role.TUTOR), target, "note", now=at(TUE).astimezone())
    assert target in missing_ids(db, dsl, at(TUE))


def test_a_tutor_sees_register_items_only(
    db: Database, dsl: StaffUser, ann: int, make_staff: Callable[[Role], StaffUser]
) -> None:
    mark(db, dsl, ann, [MON], "N")
    everyone = {a.kind for a in alerts(db, dsl, now=at(TUE, 10))}
    assert SAFE_AND_WELL_DUE in everyone
    assert {a.kind for a in alerts(db, make_staff(Role.TUTOR), now=at(TUE, 10))} == {
        MISSING_REGISTER
    }


def test_a_register_reminder_is_logged(db: Database, dsl: StaffUser, ann: int) -> None:
    remind_register(db, dsl, None, TUE, Session.AM, "Tom Tutor", now=at(TUE, 10).astimezone())
    with db.reading() as session:
        rows = session.execute(
            select(RegisterReminder.day, RegisterReminder.session, RegisterReminder.reminded)
        ).all()
    assert rows == [(TUE, "AM", "Tom Tutor")]
    assert FIRST_WEEK and UPN  # the shared fixture's learner is on roll
