"""The five safeguarding watches, each an alert with the learner and the day it arose."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.domain.followup import FollowUp, current_absence, follow_up, marks_by_day
from desktop_app.domain.rag import Rating
from desktop_app.domain.risk import Version
from desktop_app.domain.safeguarding_watches import (
    FACE_TO_FACE_DUE,
    MISSING_EMERGENCY_CONTACTS,
    RED_WITHOUT_RISK_ASSESSMENT,
    RISK_ASSESSMENT_OVERDUE,
    SAFE_AND_WELL_DUE,
    LearnerSafeguarding,
    assessment_alerts,
    contact_alerts,
    follow_up_alerts,
    safeguarding_alerts,
)
from desktop_app.domain.watches import Alert
from tests.unit.helpers import d, make_calendar, marks_for

CAL = make_calendar()
UPN = "A123456789012"
START = d("2025-09-03")
MON, TUE, WED, THU, FRI = (d(f"2025-09-{n:02}") for n in (8, 9, 10, 11, 12))

#: A GREEN learner with two contacts, no assessment and no absence: no alerts at all.
QUIET = LearnerSafeguarding(UPN, START, Rating.GREEN, None, (), 2, None)


def kinds(alerts: list[Alert]) -> list[str]:
    return [a.kind for a in alerts]


def test_the_alert_kinds_are_the_names_in_the_issue() -> None:
    assert (
        FACE_TO_FACE_DUE,
        SAFE_AND_WELL_DUE,
        RISK_ASSESSMENT_OVERDUE,
        RED_WITHOUT_RISK_ASSESSMENT,
        MISSING_EMERGENCY_CONTACTS,
    ) == (
        "face_to_face_due",
        "safe_and_well_check_due",
        "risk_assessment_overdue",
        "red_without_risk_assessment",
        "missing_emergency_contacts",
    )


def test_a_green_learner_with_two_contacts_and_no_absence_has_no_alerts() -> None:
    assert safeguarding_alerts(QUIET, FRI) == []


# --- Face-to-face due -----------------------------------------------------------------------


def owing(rating: Rating, face_to_face_due: date, safe_and_well_due: date | None = None):
    return replace(
        QUIET, rating=rating, follow_up=FollowUp(MON, 3, face_to_face_due, safe_and_well_due)
    )


def test_face_to_face_not_yet_due_is_no_alert() -> None:
    assert follow_up_alerts(owing(Rating.AMBER, THU), WED) == []


def test_face_to_face_due_today_is_an_alert_dated_the_day_it_fell_due() -> None:
    alerts = follow_up_alerts(owing(Rating.AMBER, WED), WED)
    assert alerts == [
        Alert(
            WED,
            FACE_TO_FACE_DUE,
            UPN,
            "AMBER: face-to-face contact (home visit or video call) due every 3 school days "
            "of absence; absent since Mon 8 Sep",
        )
    ]


def test_face_to_face_overdue_keeps_the_day_it_fell_due() -> None:
    alerts = follow_up_alerts(owing(Rating.AMBER, WED), FRI)
    assert [(a.date, a.kind) for a in alerts] == [(WED, FACE_TO_FACE_DUE)]


@pytest.mark.parametrize(
    ("rating", "rhythm"),
    [
        (Rating.RED, "RED: face-to-face contact (home visit or video call) due every day"),
        (Rating.GREEN, "GREEN: face-to-face contact (home visit or video call) due every 5"),
    ],
)
def test_the_face_to_face_alert_says_how_often_for_the_rating(rating: Rating, rhythm: str) -> None:
    (alert,) = follow_up_alerts(owing(rating, MON), MON)
    assert alert.detail.startswith(rhythm)


def test_no_absence_going_on_means_no_follow_up_alerts() -> None:
    assert follow_up_alerts(QUIET, FRI) == []


# --- Safe-and-well check due ----------------------------------------------------------------


def test_safe_and_well_owed_is_an_alert_from_the_day_the_absence_began() -> None:
    alerts = follow_up_alerts(owing(Rating.GREEN, FRI, WED), MON)
    assert alerts == [
        Alert(
            MON,
            SAFE_AND_WELL_DUE,
            UPN,
            "no contact from home since the absence began on Mon 8 Sep; "
            "safe-and-well check due by Wed 10 Sep",
        )
    ]


def test_no_safe_and_well_alert_once_home_has_been_in_touch() -> None:
    assert follow_up_alerts(owing(Rating.GREEN, FRI, None), THU) == []


def test_both_follow_up_alerts_together() -> None:
    alerts = follow_up_alerts(owing(Rating.RED, MON, WED), TUE)
    assert [(a.date, a.kind) for a in alerts] == [(MON, FACE_TO_FACE_DUE), (MON, SAFE_AND_WELL_DUE)]


def test_follow_up_alerts_from_a_real_register() -> None:
    """AMBER, absent Mon to Wed with no contact: face-to-face due Wed, safe-and-well by Wed."""
    marks = marks_for([MON, TUE, WED], "N")
    run = current_absence(CAL.school_days(START, WED), marks_by_day(marks))
    owed = follow_up(run, Rating.AMBER, [], CAL.school_days_after)
    learner = replace(QUIET, rating=Rating.AMBER, follow_up=owed)
    assert [(a.date, a.kind) for a in safeguarding_alerts(learner, WED)] == [
        (WED, FACE_TO_FACE_DUE),
        (MON, SAFE_AND_WELL_DUE),
    ]
    assert [a.kind for a in safeguarding_alerts(learner, TUE)] == [SAFE_AND_WELL_DUE]


# --- Risk assessment overdue ----------------------------------------------------------------


SIGNED_ON = d("2025-06-01")


def signed(review: date, version: int = 1, on: date = SIGNED_ON) -> Version:
    return Version(version, review, on)


def test_an_assessment_due_for_review_today_is_not_overdue() -> None:
    assert assessment_alerts(replace(QUIET, versions=[signed(WED)]), WED) == []


def test_an_assessment_past_its_review_date_is_overdue_from_the_next_day() -> None:
    learner = replace(QUIET, versions=[signed(TUE, version=2)])
    assert assessment_alerts(learner, FRI) == [
        Alert(
            WED,
            RISK_ASSESSMENT_OVERDUE,
            UPN,
            "risk assessment version 2 was due for review on 09 September 2025",
        )
    ]


def test_an_unsigned_draft_past_its_review_date_is_not_an_overdue_assessment() -> None:
    learner = replace(QUIET, versions=[Version(1, TUE, None)])
    assert assessment_alerts(learner, FRI) == []


def test_a_signed_review_clears_the_overdue_alert() -> None:
    learner = replace(QUIET, versions=[signed(TUE), signed(d("2025-12-01"), 2, WED)])
    assert assessment_alerts(learner, FRI) == []


# --- RED without a risk assessment ----------------------------------------------------------


def test_red_without_any_assessment_is_an_alert_from_the_day_they_became_red() -> None:
    learner = replace(QUIET, rating=Rating.RED, red_since=TUE)
    assert assessment_alerts(learner, FRI) == [
        Alert(
            TUE,
            RED_WITHOUT_RISK_ASSESSMENT,
            UPN,
            "RED learner without a current risk assessment: one must be in place",
        )
    ]


def test_red_before_the_learner_started_arises_on_the_start_date() -> None:
    learner = replace(QUIET, rating=Rating.RED, red_since=d("2025-06-01"))
    (alert,) = assessment_alerts(learner, FRI)
    assert alert.date == START


def test_red_with_no_known_day_arises_on_the_start_date() -> None:
    learner = replace(QUIET, rating=Rating.RED, red_since=None)
    (alert,) = assessment_alerts(learner, FRI)
    assert alert.date == START


def test_red_since_a_later_day_than_the_day_checked_is_dated_the_day_checked() -> None:
    learner = replace(QUIET, rating=Rating.RED, red_since=FRI)
    (alert,) = assessment_alerts(learner, WED)
    assert alert.date == WED


def test_red_with_a_current_assessment_is_no_alert() -> None:
    learner = replace(QUIET, rating=Rating.RED, red_since=TUE, versions=[signed(FRI)])
    assert assessment_alerts(learner, FRI) == []


def test_red_with_only_an_unsigned_draft_is_an_alert() -> None:
    learner = replace(
        QUIET, rating=Rating.RED, red_since=TUE, versions=[Version(1, d("2025-12-01"), None)]
    )
    assert kinds(assessment_alerts(learner, FRI)) == [RED_WITHOUT_RISK_ASSESSMENT]


def test_red_with_an_overdue_assessment_gives_both_alerts_from_the_day_after_review() -> None:
    learner = replace(QUIET, rating=Rating.RED, red_since=MON, versions=[signed(TUE)])
    overdue, red = assessment_alerts(learner, FRI)
    assert (overdue.kind, overdue.date) == (RISK_ASSESSMENT_OVERDUE, WED)
    assert (red.kind, red.date) == (RED_WITHOUT_RISK_ASSESSMENT, WED)
    assert red.detail == "RED learner whose risk assessment is past its review date"


@pytest.mark.parametrize("rating", [Rating.AMBER, Rating.GREEN])
def test_only_red_learners_need_an_assessment(rating: Rating) -> None:
    learner = replace(QUIET, rating=rating, red_since=MON)
    assert assessment_alerts(learner, FRI) == []


# --- Emergency contacts ---------------------------------------------------------------------


def test_no_emergency_contacts_is_an_alert_from_the_start_date() -> None:
    assert contact_alerts(replace(QUIET, contacts=0)) == [
        Alert(
            START,
            MISSING_EMERGENCY_CONTACTS,
            UPN,
            "no emergency contacts; at least 2 are needed",
        )
    ]


def test_one_emergency_contact_is_an_alert() -> None:
    (alert,) = contact_alerts(replace(QUIET, contacts=1))
    assert alert.detail == "only one emergency contact; at least 2 are needed"


@pytest.mark.parametrize("count", [2, 3])
def test_two_or_more_emergency_contacts_are_enough(count: int) -> None:
    assert contact_alerts(replace(QUIET, contacts=count)) == []


# --- All together ---------------------------------------------------------------------------


def test_every_watch_for_one_learner() -> None:
    learner = LearnerSafeguarding(
        UPN,
        START,
        Rating.RED,
        MON,
        [signed(TUE)],
        1,
        FollowUp(MON, 5, MON, WED),
    )
    assert sorted((a.date, a.kind) for a in safeguarding_alerts(learner, FRI)) == [
        (START, MISSING_EMERGENCY_CONTACTS),
        (MON, FACE_TO_FACE_DUE),
        (MON, SAFE_AND_WELL_DUE),
        (WED, RED_WITHOUT_RISK_ASSESSMENT),
        (WED, RISK_ASSESSMENT_OVERDUE),
    ]
    assert {a.upn for a in safeguarding_alerts(learner, FRI)} == {UPN}


def test_a_planned_absence_asks_for_a_home_visit_not_the_unexplained_cadence() -> None:
    owed = FollowUp(MON, 5, FRI, None, explained=True)
    found = follow_up_alerts(LearnerSafeguarding(UPN, START, Rating.RED, None, [], 2, owed), FRI)
    assert [a.kind for a in found] == [FACE_TO_FACE_DUE]
    assert "planned or explained absence" in found[0].detail and "home visit" in found[0].detail
