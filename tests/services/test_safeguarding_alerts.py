"""The `alerts` service's five safeguarding alerts, from a real register, contact log, RAG
criteria, emergency contacts and risk assessments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.domain.safeguarding_watches import (
    FACE_TO_FACE_DUE,
    MISSING_EMERGENCY_CONTACTS,
    RED_WITHOUT_RISK_ASSESSMENT,
    RISK_ASSESSMENT_OVERDUE,
    SAFE_AND_WELL_DUE,
)
from desktop_app.domain.upn import make_upn
from desktop_app.models import Mark, RiskAssessment
from desktop_app.models.engine import Database
from desktop_app.services.alerts import alerts
from desktop_app.services.auth import StaffUser
from desktop_app.services.contact_log import log_contact
from desktop_app.services.contacts import ContactDetails, add_contact
from desktop_app.services.learner_records import LearnerDetails, add_learner
from desktop_app.services.rag import set_factor

SAFEGUARDING = {
    FACE_TO_FACE_DUE,
    SAFE_AND_WELL_DUE,
    RISK_ASSESSMENT_OVERDUE,
    RED_WITHOUT_RISK_ASSESSMENT,
    MISSING_EMERGENCY_CONTACTS,
}
START = date(2025, 9, 3)  # Wednesday, the first day of the autumn fixture's term
FIRST_WEEK = [date(2025, 9, 3), date(2025, 9, 4), date(2025, 9, 5)]
MON, TUE, WED, THU, FRI = (date(2025, 9, n) for n in (8, 9, 10, 11, 12))
MON2 = date(2025, 9, 15)
UPN = make_upn("820300000001")
MUM = ContactDetails("Mary Ahmed", "Mother", True, mobile="07911 123456")
DAD = ContactDetails("Sam Ahmed", "Father", landline="0113 496 0001")


@pytest.fixture
def dsl(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.DSL)


def add(
    db: Database,
    user: StaffUser,
    body: str = "820300000001",
    contacts: int = 2,
    start: date = START,
    leaving: date | None = None,
) -> int:
    details = LearnerDetails(
        make_upn(body), "Ahmed", "Ann", date(2011, 3, 14), start, leaving_date=leaving
    )
    learner_id = add_learner(db, user, details, today=date(2025, 9, 1))
    for contact in [MUM, DAD][:contacts]:
        add_contact(db, user, learner_id, contact)
    return learner_id


@pytest.fixture
def ann(db: Database, autumn: tuple[date, date], dsl: StaffUser) -> int:
    """On roll from the first day of term, two emergency contacts, present the first week."""
    learner_id = add(db, dsl)
    mark(db, dsl, learner_id, FIRST_WEEK, "present")
    return learner_id


def mark(db: Database, user: StaffUser, learner_id: int, days: list[date], code: str) -> None:
    with db.transaction() as session:
        for day in days:
            for sess in (Session.AM, Session.PM):
                value = code
                if code == "present":
                    value = "/" if sess is Session.AM else "\\"
                session.add(
                    Mark(
                        learner_id=learner_id,
                        date=day,
                        session=sess.value,
                        code=value,
                        recorded_by_id=user.id,
                        recorded_at=datetime(2025, 9, 1, tzinfo=UTC),
                    )
                )


def add_assessment(
    db: Database, learner_id: int, review: date, signed_on: date | None = date(2025, 9, 4)
) -> None:
    with db.transaction() as session:
        session.add(
            RiskAssessment(
                learner_id=learner_id,
                version=1,
                date_written=date(2025, 9, 4),
                compiled_by="Dee Dsl",
                review_date=review,
                dsl_signed_on=signed_on,
                created_at=datetime(2025, 9, 4, tzinfo=UTC),
            )
        )


def contact(
    db: Database,
    user: StaffUser,
    learner_id: int,
    day: date,
    method: str,
    who: str,
    outcome: str,
    party: str = "family",
) -> None:
    at = datetime(day.year, day.month, day.day, 11, 0).astimezone()
    log_contact(db, user, learner_id, at, method, who, outcome, now=at, party=party)


def found(db: Database, user: StaffUser, as_of: date) -> list[tuple[date, str, str]]:
    """The safeguarding alerts on `as_of`, looked at on the evening of the Friday after."""
    now = datetime(2025, 9, 19, 18, 0)
    return sorted(
        (a.date, a.kind, a.upn) for a in alerts(db, user, as_of, now) if a.kind in SAFEGUARDING
    )


def kinds(db: Database, user: StaffUser, as_of: date) -> list[str]:
    return [kind for _day, kind, _upn in found(db, user, as_of)]


# --- Emergency contacts ---------------------------------------------------------------------


@pytest.mark.parametrize(("contacts", "expected"), [(0, 1), (1, 1), (2, 0)])
def test_fewer_than_two_emergency_contacts_is_an_alert_from_the_start_date(
    db: Database, autumn: tuple[date, date], dsl: StaffUser, contacts: int, expected: int
) -> None:
    learner_id = add(db, dsl, contacts=contacts)
    mark(db, dsl, learner_id, [*FIRST_WEEK, MON], "present")
    assert found(db, dsl, MON) == [(START, MISSING_EMERGENCY_CONTACTS, UPN)] * expected


def test_a_learner_who_has_left_or_not_yet_started_has_no_safeguarding_alerts(
    db: Database, autumn: tuple[date, date], dsl: StaffUser
) -> None:
    left = add(db, dsl, "820300000001", contacts=0, leaving=date(2025, 9, 5))
    set_factor(db, dsl, left, "cp_plan", START)
    add(db, dsl, "820300000002", contacts=0, start=date(2025, 9, 15))
    assert found(db, dsl, MON) == []


def test_a_learner_is_watched_from_their_first_day_to_their_leaving_day(
    db: Database, autumn: tuple[date, date], dsl: StaffUser
) -> None:
    add(db, dsl, contacts=0, start=MON, leaving=WED)
    assert found(db, dsl, FIRST_WEEK[-1]) == []
    assert found(db, dsl, MON) == [(MON, MISSING_EMERGENCY_CONTACTS, UPN)]
    assert found(db, dsl, WED) == [(MON, MISSING_EMERGENCY_CONTACTS, UPN)]
    assert found(db, dsl, THU) == []


# --- Face-to-face contact -------------------------------------------------------------------


def test_amber_face_to_face_is_due_on_the_third_day_of_absence(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    set_factor(db, dsl, ann, "family_concern", START)
    mark(db, dsl, ann, [MON, TUE, WED], "N")
    assert FACE_TO_FACE_DUE not in kinds(db, dsl, TUE)
    assert (WED, FACE_TO_FACE_DUE, UPN) in found(db, dsl, WED)
    assert (WED, FACE_TO_FACE_DUE, UPN) in found(db, dsl, FRI)


def test_a_home_visit_in_which_the_learner_was_seen_restarts_the_count(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    set_factor(db, dsl, ann, "family_concern", START)
    mark(db, dsl, ann, [MON, TUE, WED, THU, FRI, MON2], "N")
    contact(db, dsl, ann, WED, "home_visit", "Learner and mother", "seen_safe")
    assert FACE_TO_FACE_DUE not in kinds(db, dsl, WED)
    assert FACE_TO_FACE_DUE not in kinds(db, dsl, FRI)
    assert (MON2, FACE_TO_FACE_DUE, UPN) in found(db, dsl, MON2)


def test_a_home_visit_where_the_learner_was_not_seen_does_not_count(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    set_factor(db, dsl, ann, "family_concern", START)
    mark(db, dsl, ann, [MON, TUE, WED], "N")
    contact(db, dsl, ann, TUE, "home_visit", "Mother", "not_seen")
    assert (WED, FACE_TO_FACE_DUE, UPN) in found(db, dsl, WED)


def test_red_face_to_face_is_due_on_the_first_day(db: Database, dsl: StaffUser, ann: int) -> None:
    set_factor(db, dsl, ann, "cp_plan", START)
    add_assessment(db, ann, review=date(2025, 12, 1))
    mark(db, dsl, ann, [MON], "N")
    assert found(db, dsl, MON) == [(MON, FACE_TO_FACE_DUE, UPN), (MON, SAFE_AND_WELL_DUE, UPN)]


def test_absence_from_the_register_makes_a_green_learner_amber_and_chased_on_day_three(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    """No criteria ticked, but 6 of 12 sessions absent by Wednesday is severe absence: AMBER."""
    mark(db, dsl, ann, [MON, TUE, WED], "N")
    assert FACE_TO_FACE_DUE not in kinds(db, dsl, TUE)
    assert (WED, FACE_TO_FACE_DUE, UPN) in found(db, dsl, WED)


def test_a_present_day_ends_the_absence_and_its_alerts(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    set_factor(db, dsl, ann, "family_concern", START)
    mark(db, dsl, ann, [MON, TUE, WED], "N")
    mark(db, dsl, ann, [THU], "present")
    assert found(db, dsl, THU) == []


# --- Safe-and-well check --------------------------------------------------------------------


def test_an_absence_with_no_contact_from_home_owes_a_safe_and_well_check(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    mark(db, dsl, ann, [MON, TUE], "N")
    assert found(db, dsl, TUE) == [(MON, SAFE_AND_WELL_DUE, UPN)]
    (alert,) = [a for a in alerts(db, dsl, TUE, datetime(2025, 9, 19)) if a.kind in SAFEGUARDING]
    assert alert.detail.endswith("safe-and-well check due by Wed 10 Sep")


def test_speaking_to_a_parent_clears_the_safe_and_well_check(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    mark(db, dsl, ann, [MON, TUE, WED], "N")
    assert SAFE_AND_WELL_DUE in kinds(db, dsl, WED)
    contact(db, dsl, ann, TUE, "phone_call", "Mother", "spoke")
    assert SAFE_AND_WELL_DUE not in kinds(db, dsl, WED)


def test_contact_made_after_the_day_checked_does_not_count_for_that_day(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    """`alerts --as-of` gives the conditions that held on that day: a contact logged later
    does not clear them."""
    set_factor(db, dsl, ann, "cp_plan", START)
    add_assessment(db, ann, review=date(2025, 12, 1))
    mark(db, dsl, ann, [MON, TUE], "N")
    monday = found(db, dsl, MON)
    assert monday == [(MON, FACE_TO_FACE_DUE, UPN), (MON, SAFE_AND_WELL_DUE, UPN)]
    contact(db, dsl, ann, TUE, "home_visit", "Learner and mother", "seen_safe")
    assert found(db, dsl, MON) == monday


@pytest.mark.parametrize(
    ("method", "outcome"),
    [("phone_call", "no_answer"), ("text", "message_left"), ("home_visit", "not_seen")],
)
def test_attempts_that_reach_nobody_leave_the_safe_and_well_check_due(
    db: Database, dsl: StaffUser, ann: int, method: str, outcome: str
) -> None:
    mark(db, dsl, ann, [MON, TUE], "N")
    contact(db, dsl, ann, MON, method, "Mother", outcome)
    assert found(db, dsl, TUE) == [(MON, SAFE_AND_WELL_DUE, UPN)]


def test_speaking_to_the_commissioner_is_not_contact_from_home(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    """The first-day response starts by phoning the commissioner: speaking to them is not contact
    from home, so the safe-and-well check is still due; speaking to the mother is."""
    mark(db, dsl, ann, [MON, TUE], "N")
    contact(db, dsl, ann, MON, "phone_call", "Home school (commissioner)", "spoke", "professional")
    assert (MON, SAFE_AND_WELL_DUE, UPN) in found(db, dsl, TUE)
    contact(db, dsl, ann, TUE, "phone_call", "Mother", "spoke", "family")
    assert (MON, SAFE_AND_WELL_DUE, UPN) not in found(db, dsl, TUE)


# --- Risk assessments -----------------------------------------------------------------------


def test_a_risk_assessment_past_its_review_date_is_overdue_from_the_next_day(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    mark(db, dsl, ann, [MON, TUE, WED], "present")
    add_assessment(db, ann, review=TUE)
    assert found(db, dsl, TUE) == []
    assert found(db, dsl, WED) == [(WED, RISK_ASSESSMENT_OVERDUE, UPN)]


def test_an_unsigned_draft_past_its_review_date_is_not_overdue(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    mark(db, dsl, ann, [MON, TUE, WED], "present")
    add_assessment(db, ann, review=TUE, signed_on=None)
    assert found(db, dsl, WED) == []


def test_a_red_learner_without_a_risk_assessment_is_flagged_from_the_day_they_became_red(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    mark(db, dsl, ann, [MON, TUE, WED], "present")
    set_factor(db, dsl, ann, "social_worker", FIRST_WEEK[-1])
    assert found(db, dsl, WED) == [(FIRST_WEEK[-1], RED_WITHOUT_RISK_ASSESSMENT, UPN)]
    add_assessment(db, ann, review=date(2025, 12, 1))
    assert found(db, dsl, WED) == []


def test_red_without_an_assessment_dates_from_the_earliest_red_criterion(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    mark(db, dsl, ann, [MON, TUE, WED], "present")
    set_factor(db, dsl, ann, "cce", MON)
    set_factor(db, dsl, ann, "looked_after", FIRST_WEEK[1])
    set_factor(db, dsl, ann, "family_concern", START)
    assert found(db, dsl, WED) == [(FIRST_WEEK[1], RED_WITHOUT_RISK_ASSESSMENT, UPN)]


def test_a_red_learner_whose_assessment_is_overdue_gets_both_alerts(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    mark(db, dsl, ann, [MON, TUE, WED], "present")
    set_factor(db, dsl, ann, "cse", START)
    add_assessment(db, ann, review=MON)
    assert found(db, dsl, WED) == [
        (TUE, RED_WITHOUT_RISK_ASSESSMENT, UPN),
        (TUE, RISK_ASSESSMENT_OVERDUE, UPN),
    ]


def test_an_amber_learner_needs_no_risk_assessment(db: Database, dsl: StaffUser, ann: int) -> None:
    mark(db, dsl, ann, [MON, TUE, WED], "present")
    set_factor(db, dsl, ann, "police_investigation", START)
    assert found(db, dsl, WED) == []


def test_the_statutory_alerts_still_come_with_the_safeguarding_ones(
    db: Database, dsl: StaffUser, ann: int
) -> None:
    mark(db, dsl, ann, [MON], "N")
    every = {a.kind for a in alerts(db, dsl, TUE, datetime(2025, 9, 19))}
    assert SAFE_AND_WELL_DUE in every
    assert every - SAFEGUARDING  # e.g. Tuesday's unmarked registers
