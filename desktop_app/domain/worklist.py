"""The morning's worklist: which section each alert belongs to, in the order the morning happens,
and what is still owed today for a learner absent this session (domain.md, "First-day response").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.domain import notification_watches as notify
from desktop_app.domain import pattern_watches as patterns
from desktop_app.domain import safeguarding_watches as care
from desktop_app.domain import watches
from desktop_app.domain.absconding import RETURN_INTERVIEW_OWED
from desktop_app.domain.followup import Contact
from desktop_app.domain.rag import Rating

OPEN_INCIDENT = "open_incident"
ABSENT_NOW = "absent_now"


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str


#: An email the mail server refused, or that was cut off while being sent (services/sending).
EMAIL_NOT_SENT = "email_not_sent"

#: The sections, in the order the morning happens.
SECTIONS = (
    Section("registers", "Registers not taken"),
    Section("absent", "Absent this session: contact owed"),
    Section("visits", "Face-to-face and safe-and-well checks due"),
    Section("n_codes", "N codes to resolve"),
    Section("statutory", "Statutory notifications owed"),
    Section("patterns", "Patterns: lateness and illness"),
    Section("records", "Risk assessments and emergency contacts"),
    Section("casework", "Case work: reviews, follow-ups and requests"),
    Section("incidents", "Absconding: open incidents and return interviews"),
    Section("sharing", "Emails refused or interrupted: resend from Send › Outbox"),
)

SECTION_OF_KIND: dict[str, str] = {
    watches.MISSING_REGISTER: "registers",
    ABSENT_NOW: "absent",
    care.FACE_TO_FACE_DUE: "visits",
    care.SAFE_AND_WELL_DUE: "visits",
    watches.UNRESOLVED_N: "n_codes",
    watches.PENALTY_NOTICE: "statutory",
    watches.UNAUTHORISED_RUN: "statutory",
    watches.ILLNESS: "statutory",
    notify.CHILDREN_MISSING_EDUCATION: "statutory",
    notify.EHCP_BELOW_BAND: "statutory",
    patterns.PERSISTENT_LATENESS: "patterns",
    patterns.ILLNESS_EVIDENCE: "patterns",
    care.RISK_ASSESSMENT_OVERDUE: "records",
    care.RED_WITHOUT_RISK_ASSESSMENT: "records",
    care.MISSING_EMERGENCY_CONTACTS: "records",
    OPEN_INCIDENT: "incidents",
    RETURN_INTERVIEW_OWED: "incidents",
    "plan_review_due": "casework",
    "referral_follow_up_due": "casework",
    "part_time_review_due": "casework",
    "part_time_ends": "casework",
    "home_education_notice": "casework",
    EMAIL_NOT_SENT: "sharing",
}

#: Sections a tutor sees: the register, without safeguarding detail.
TUTOR_SECTIONS = frozenset({"registers"})

_RATING_ORDER = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2}


def section_of(kind: str) -> str:
    """The section an alert of this kind is listed in (unknown kinds go with the records)."""
    return SECTION_OF_KIND.get(kind, "records")


def rating_order(rating: Rating | None) -> int:
    """RED first, then AMBER, GREEN, and learners with no rating last."""
    return 3 if rating is None else _RATING_ORDER[rating]


def owed_today(day_of_absence: int, today: Iterable[Contact], has_commissioner: bool) -> list[str]:
    """What is still owed today for a learner absent this session, given today's contacts:
    text the family, phone the commissioner, the first-day (or daily) call, and the emergency
    contacts when the family did not answer. Empty once all of it is done."""
    done = list(today)
    owed = []
    if not any(c.method == "text" and c.party == "family" for c in done):
        owed.append("text the family")
    if has_commissioner and not any(c.party == "professional" for c in done):
        owed.append("phone the commissioner")
    family_calls = [c for c in done if c.method == "phone_call" and c.party != "professional"]
    if not any(c.from_home for c in done):
        if any(c.outcome == "no_answer" for c in family_calls):
            owed.append("no answer: ring the emergency contacts")
        else:
            owed.append("first-day call" if day_of_absence <= 1 else "follow-up call")
    return owed
