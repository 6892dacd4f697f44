"""Words people read for values the services return as codes."""

from __future__ import annotations

from datetime import date

from desktop_app.domain import safeguarding_watches as safeguarding
from desktop_app.domain import watches
from desktop_app.domain.permissions import Role

ALERT_KINDS = {
    watches.PENALTY_NOTICE: "Penalty notice threshold",
    watches.UNAUTHORISED_RUN: "10 days unauthorised absence",
    watches.ILLNESS: "15 days illness",
    watches.UNRESOLVED_N: "N not resolved",
    watches.MISSING_REGISTER: "Missing register",
    safeguarding.FACE_TO_FACE_DUE: "Face-to-face contact due",
    safeguarding.SAFE_AND_WELL_DUE: "Safe-and-well check due",
    safeguarding.RISK_ASSESSMENT_OVERDUE: "Risk assessment overdue",
    safeguarding.RED_WITHOUT_RISK_ASSESSMENT: "RED without risk assessment",
    safeguarding.MISSING_EMERGENCY_CONTACTS: "Too few emergency contacts",
    "children_missing_education": "Children missing education",
    "ehcp_below_concern_band": "EHCP below the concern band",
    "persistent_lateness": "Persistent lateness",
    "illness_evidence": "Ask for medical evidence",
    "absent_now": "Absent now",
    "open_incident": "Incident open",
    "return_interview_owed": "Return interview owed",
    "plan_review_due": "Support plan review due",
    "referral_follow_up_due": "Referral follow-up due",
    "part_time_review_due": "Part-time timetable review due",
    "part_time_ends": "Part-time timetable ends",
    "home_education_notice": "Home education notice",
    "email_not_sent": "Email not sent",
}

ROLES = {
    Role.TUTOR: "Tutor",
    Role.ATTENDANCE_OFFICER: "Attendance officer",
    Role.DSL: "Designated safeguarding lead",
    Role.DIRECTOR: "Director",
}


def alert_kind(kind: str) -> str:
    """A readable name for an alert kind; unknown kinds are tidied rather than hidden."""
    return ALERT_KINDS.get(kind, kind.replace("_", " ").capitalize())


def role(value: Role) -> str:
    return ROLES.get(value, value.value.replace("_", " ").capitalize())


def short_date(day: date) -> str:
    """'Fri 20 Nov 2026'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def long_date(day: date) -> str:
    """'Friday 20 November 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"
