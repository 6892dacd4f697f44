"""The safeguarding watches: follow-up owed on an absence, risk assessments and contacts.

Each is an `Alert` with the learner and the day it arose, like the statutory watches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain import risk
from desktop_app.domain.followup import FACE_TO_FACE_EVERY, FollowUp
from desktop_app.domain.rag import Rating
from desktop_app.domain.watches import Alert

FACE_TO_FACE_DUE = "face_to_face_due"
SAFE_AND_WELL_DUE = "safe_and_well_check_due"
RISK_ASSESSMENT_OVERDUE = "risk_assessment_overdue"
RED_WITHOUT_RISK_ASSESSMENT = "red_without_risk_assessment"
MISSING_EMERGENCY_CONTACTS = "missing_emergency_contacts"
MIN_CONTACTS = 2


@dataclass(frozen=True, slots=True)
class LearnerSafeguarding:
    """What the watches need to know about one learner on roll."""

    upn: str
    start: date
    rating: Rating
    red_since: date | None
    versions: Sequence[risk.Version]
    contacts: int
    follow_up: FollowUp | None


def _when(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def follow_up_alerts(learner: LearnerSafeguarding, as_of: date) -> list[Alert]:
    owed = learner.follow_up
    if owed is None:
        return []
    found = []
    if owed.face_to_face_due <= as_of:
        every = FACE_TO_FACE_EVERY[learner.rating]
        rhythm = "every day" if every == 1 else f"every {every} school days"
        detail = (
            f"{learner.rating.label}: face-to-face contact (home visit or video call) due "
            f"{rhythm} of absence; absent since {_when(owed.absent_since)}"
        )
        if owed.explained:
            detail = (
                f"planned or explained absence since {_when(owed.absent_since)}, "
                f"{owed.days_absent} school days: a home visit is due"
            )
        found.append(Alert(owed.face_to_face_due, FACE_TO_FACE_DUE, learner.upn, detail))
    if owed.safe_and_well_due is not None:
        found.append(
            Alert(
                owed.absent_since,
                SAFE_AND_WELL_DUE,
                learner.upn,
                f"no contact from home since the absence began on {_when(owed.absent_since)}; "
                f"safe-and-well check due by {_when(owed.safe_and_well_due)}",
            )
        )
    return found


def assessment_alerts(learner: LearnerSafeguarding, as_of: date) -> list[Alert]:
    found = []
    active = risk.in_force(learner.versions, as_of)
    if active is not None and active.review_date < as_of:
        found.append(
            Alert(
                active.review_date + timedelta(days=1),
                RISK_ASSESSMENT_OVERDUE,
                learner.upn,
                f"risk assessment version {active.version} was due for review on "
                f"{active.review_date:%d %B %Y}",
            )
        )
    if learner.rating is Rating.RED and not risk.is_current(learner.versions, as_of):
        arose = learner.red_since or learner.start
        if active is not None:
            arose = max(arose, active.review_date + timedelta(days=1))
        found.append(
            Alert(
                min(max(arose, learner.start), as_of),
                RED_WITHOUT_RISK_ASSESSMENT,
                learner.upn,
                "RED learner without a current risk assessment: one must be in place"
                if active is None
                else "RED learner whose risk assessment is past its review date",
            )
        )
    return found


def contact_alerts(learner: LearnerSafeguarding) -> list[Alert]:
    if learner.contacts >= MIN_CONTACTS:
        return []
    have = "no emergency contacts" if learner.contacts == 0 else "only one emergency contact"
    return [
        Alert(
            learner.start,
            MISSING_EMERGENCY_CONTACTS,
            learner.upn,
            f"{have}; at least {MIN_CONTACTS} are needed",
        )
    ]


def safeguarding_alerts(learner: LearnerSafeguarding, as_of: date) -> list[Alert]:
    """Every safeguarding watch for one learner on roll on `as_of`."""
    return (
        follow_up_alerts(learner, as_of)
        + assessment_alerts(learner, as_of)
        + contact_alerts(learner)
    )
