"""Case work rules: escalation stages, meetings, referrals, requests and support plans, what is
owed next for each, and which entries each role may see (domain.md, the seeds' staged process).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class CaseError(ValueError):
    """A value the case-work rules refuse, with a sentence saying why (field, message)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Stage(StrEnum):
    """The staged process every seed policy follows, in order."""

    CONCERN = "concern"
    SUPPORT_MEETING = "support_meeting"
    PLAN = "plan"
    PANEL = "panel"
    LA_REFERRAL = "la_referral"


STAGE_LABELS = {
    Stage.CONCERN: "Concern raised",
    Stage.SUPPORT_MEETING: "Attendance support meeting",
    Stage.PLAN: "Support plan",
    Stage.PANEL: "Attendance panel",
    Stage.LA_REFERRAL: "Referral to the local authority",
}


class MeetingKind(StrEnum):
    ATTENDANCE_SUPPORT = "attendance_support"
    PANEL = "panel"
    TEAM_AROUND_FAMILY = "team_around_family"
    REVIEW = "review"
    REINTEGRATION = "reintegration"


MEETING_LABELS = {
    MeetingKind.ATTENDANCE_SUPPORT: "Attendance support meeting",
    MeetingKind.PANEL: "Attendance panel",
    MeetingKind.TEAM_AROUND_FAMILY: "Team around the family",
    MeetingKind.REVIEW: "Review meeting",
    MeetingKind.REINTEGRATION: "Reintegration meeting",
}


class Agency(StrEnum):
    EARLY_HELP = "early_help"
    SOCIAL_CARE = "social_care"  # children's social care / MASH
    EDUCATION_WELFARE = "education_welfare"
    CAMHS = "camhs"
    POLICE = "police"
    YOT = "yot"
    SCHOOL_NURSE = "school_nurse"
    OTHER = "other"


AGENCY_LABELS = {
    Agency.EARLY_HELP: "Early Help",
    Agency.SOCIAL_CARE: "Children's social care / MASH",
    Agency.EDUCATION_WELFARE: "Education welfare service",
    Agency.CAMHS: "CAMHS",
    Agency.POLICE: "Police",
    Agency.YOT: "Youth offending team",
    Agency.SCHOOL_NURSE: "School nurse",
    Agency.OTHER: "Other",
}


class RequestKind(StrEnum):
    LEAVE = "leave"  # leave of absence: the home school decides
    HOME_EDUCATION = "home_education"  # elective home education notice
    PART_TIME = "part_time"  # a part-time timetable agreement (C2 outside it)
    LEAVING = "leaving"  # leaving the roll


REQUEST_LABELS = {
    RequestKind.LEAVE: "Leave of absence",
    RequestKind.HOME_EDUCATION: "Elective home education notice",
    RequestKind.PART_TIME: "Part-time timetable",
    RequestKind.LEAVING: "Leaving the roll",
}
#: A part-time timetable is time-limited (DfE: a short-term intervention): at most this long.
PART_TIME_MAX_WEEKS = 12
#: Reviewed at least this often while it runs.
PART_TIME_REVIEW_WEEKS = 4
LEAVE_CODES = frozenset({"C", "C1", "M", "J1", "R", "S", "T"})


def check_text(field: str, value: str, label: str, required: bool = True, limit: int = 4000) -> str:
    text = value.strip()
    if required and not text:
        raise CaseError(field, f"say {label}")
    if len(text) > limit:
        raise CaseError(field, f"is too long ({len(text)} characters; at most {limit})")
    return text


def check_target(current: float, target: float, by: date, start: date) -> None:
    """An attendance target moves up to a figure a person can reach, by a later date."""
    if not 0 <= current <= 100 or not 0 < target <= 100:
        raise CaseError("target", "percentages run from 0 to 100")
    if target <= current:
        raise CaseError("target", "the target must be above the attendance it starts from")
    if by <= start:
        raise CaseError("target_by", "the target date must be after the plan starts")


def check_review(
    start: date | None, end: date | None, reviewed: date, next_review: date | None, today: date
) -> None:
    """A part-time timetable's review as recorded: held already (not after today), not before
    the timetable started, and its next review (check_next_review)."""
    if reviewed > today:
        raise CaseError("reviewed_on", "record a review once it has been held: not after today")
    if start is not None and reviewed < start:
        raise CaseError(
            "reviewed_on", f"the review falls before the timetable starts ({_day(start)})"
        )
    check_next_review(reviewed, next_review, end)


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def check_next_review(reviewed: date, next_review: date | None, end: date | None) -> None:
    """A part-time timetable's next review, set at a review: after this one, within
    PART_TIME_REVIEW_WEEKS of it, and not after the timetable ends (None: no further review)."""
    if next_review is None:
        return
    if not reviewed < next_review or (next_review - reviewed).days > PART_TIME_REVIEW_WEEKS * 7:
        raise CaseError(
            "review_on",
            f"set the next review after this one and within {PART_TIME_REVIEW_WEEKS} weeks of it",
        )
    if end is not None and next_review > end:
        raise CaseError(
            "review_on", f"the next review falls after the timetable ends ({_day(end)})"
        )


def check_part_time(start: date, end: date, review: date, sessions: list[str]) -> None:
    """Time-limited, reviewed while it runs, and naming the sessions attended."""
    if end <= start:
        raise CaseError("end", "the agreement must end after it starts")
    if (end - start).days > PART_TIME_MAX_WEEKS * 7:
        raise CaseError(
            "end",
            f"a part-time timetable lasts at most {PART_TIME_MAX_WEEKS} weeks; "
            "agree a new one at its review if it must go on",
        )
    if not start < review <= end or (review - start).days > PART_TIME_REVIEW_WEEKS * 7:
        raise CaseError("review", f"review it within {PART_TIME_REVIEW_WEEKS} weeks of the start")
    if not sessions:
        raise CaseError("sessions", "choose the sessions the learner attends")
    days = {"Mon", "Tue", "Wed", "Thu", "Fri"}
    for name in sessions:
        day, _, part = name.partition(" ")
        if day not in days or part not in ("AM", "PM"):
            raise CaseError("sessions", f"'{name}' is not a session such as 'Mon AM'")
    if len(sessions) >= 10:
        raise CaseError("sessions", "every session is a full-time timetable, not a part-time one")


def check_leave(start: date, end: date, code: str) -> None:
    if end < start:
        raise CaseError("end", "the leave must end on or after its first day")
    if code not in LEAVE_CODES:
        raise CaseError("code", f"{code} is not a code for leave granted ahead")


@dataclass(frozen=True, slots=True)
class Owed:
    """Something case work owes on a day: a review, a follow-up, the end of an agreement."""

    kind: str  # plan_review_due, referral_follow_up_due, part_time_review_due, part_time_ends,
    # home_education_notice
    learner_id: int
    due: date
    summary: str


def is_owed(due: date | None, done: bool, as_of: date) -> bool:
    """A review or follow-up is owed from its date until it is recorded."""
    return due is not None and not done and due <= as_of


def plan_progress(start_pct: float, target_pct: float, now_pct: float | None) -> float | None:
    """How far from the starting figure to the target the learner has come (0 to 1, may go
    below 0), or None when nothing has been counted since the plan began."""
    if now_pct is None:
        return None
    return (now_pct - start_pct) / (target_pct - start_pct)


# Chronology: each entry's kind, and who may see it.
ATTENDANCE_KINDS = frozenset(
    {
        "absence",
        "contact",
        "letter",
        "plan",
        "plan_review",
        "meeting",
        "request",
        "escalation",
        "sending",
    }
)
SAFEGUARDING_KINDS = frozenset({"referral", "rag", "risk_assessment", "absconding"})
ALL_KINDS = ATTENDANCE_KINDS | SAFEGUARDING_KINDS
