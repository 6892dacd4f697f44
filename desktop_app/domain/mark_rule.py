"""The mark rule: whether a proposed mark may be recorded, judged from plain values.

One function, `judge_mark`, used by every way a mark is made: the register grid (for instant
feedback), the marking service, the bulk "mark all present" action and the CSV import. It checks,
in this order: the code and the session; minutes late; the calendar; the learner's time on roll;
whether the session has started (only planned codes may be entered ahead); and, when a mark is
already there and the register has closed, the right to amend and a reason.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time

from desktop_app.domain.calendar import SchoolCalendar
from desktop_app.domain.codes import CODES, CodeError, Group, Session, check_code_for_session
from desktop_app.domain.sessions import SessionTimes, open_minutes, register_closed

#: Codes that may be recorded before their session starts, besides leave already granted:
#: closures, dual registration, part-time timetable, not yet on roll, not of compulsory age.
PLANNED_CODES = frozenset({"#", "D", "C2", "Z", "X"})
LATE_CODES = frozenset({"L", "U"})
MAX_MINUTES_LATE = 240


class Outcome(enum.StrEnum):
    OK = "ok"
    REFUSED = "refused"
    NEEDS_REASON = "needs_reason"  # an amendment after close: allowed once a reason is given


@dataclass(frozen=True, slots=True)
class Roll:
    """The learner's time on roll (both dates inclusive), and a name for messages."""

    start: date
    leaving: date | None = None
    name: str = "the learner"


@dataclass(frozen=True, slots=True)
class SessionDay:
    """What the calendar says of one session: a weekday in term? closed, and why?"""

    school_day: bool
    closure: str | None = None  # the reason when this session is closed


@dataclass(frozen=True, slots=True)
class Existing:
    """The mark already recorded for the session."""

    code: str
    minutes_late: int | None = None


@dataclass(frozen=True, slots=True)
class Proposal:
    """The mark someone wants to record."""

    code: str
    day: date
    session: Session
    minutes_late: int | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement: ok, refused (with a reason a person can act on), or needs a reason."""

    outcome: Outcome
    code: str  # the code, normalised (upper case, trimmed)
    message: str = ""
    field: str = "code"
    amendment: bool = False  # a change to a mark after the register closed
    unchanged: bool = False  # the same code and minutes are already recorded

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


def may_plan(code: str) -> bool:
    """Whether a code may be entered before its session starts."""
    return code in PLANNED_CODES or (code in CODES and CODES[code].group is Group.LEAVE_OF_ABSENCE)


def session_day(calendar: SchoolCalendar, day: date, session: Session) -> SessionDay:
    """The calendar's answer for one session."""
    if not calendar.in_term_weekday(day):
        return SessionDay(False)
    if session in calendar.open_sessions(day):
        return SessionDay(True)
    return SessionDay(True, calendar.closure_reason(day, session) or "closed")


def _refused(code: str, message: str, field: str = "code") -> Verdict:
    return Verdict(Outcome.REFUSED, code, message, field)


def _hhmm(moment: time) -> str:
    return f"{moment:%H:%M}"


def _check_minutes(code: str, minutes: int | None, times: SessionTimes) -> str | None:
    if minutes is None:
        return None
    if code not in LATE_CODES:
        return f"minutes late only go with L or U, not '{code}'"
    if not 0 <= minutes <= MAX_MINUTES_LATE:
        return f"minutes late must be 0 to {MAX_MINUTES_LATE}, not {minutes}"
    window = open_minutes(times)
    close = _hhmm(times.close)
    if code == "L" and not 1 <= minutes < window:
        should = "on time: '/' or '\\'" if minutes < 1 else "U"
        return (
            f"L is for arriving 1 to {window - 1} minutes late (before the register closes at "
            f"{close}); {minutes} minutes late is {should}"
        )
    if code == "U" and minutes < window:
        return f"U is for arriving after the register closed at {close}; {minutes} min late is L"
    return None


def _check_calendar(code: str, proposal: Proposal, place: SessionDay) -> str | None:
    when = f"{proposal.day:%a %d %b %Y} {proposal.session.value}"
    if not place.school_day:
        why = "a weekend" if proposal.day.weekday() >= 5 else "outside every term"
        return f"{proposal.day} is {why}, not a school session"
    if place.closure is not None and code != "#":
        return f"the {when} session is closed ({place.closure}); it shows '#'"
    if place.closure is None and code == "#":
        return f"'#' is for planned closures only, and the {when} session is open"
    return None


def _check_roll(code: str, day: date, roll: Roll) -> tuple[str, str] | None:
    if day < roll.start and code != "Z":
        return f"{day} is before {roll.name}'s start date {roll.start}; only Z", "date"
    if day >= roll.start and code == "Z":
        return f"Z is only for sessions before the start date {roll.start}", "code"
    if roll.leaving is not None and day > roll.leaving:
        return f"{day} is after {roll.name}'s leaving date {roll.leaving}", "date"
    return None


def _check_started(code: str, proposal: Proposal, times: SessionTimes, now: datetime) -> str | None:
    if now >= datetime.combine(proposal.day, times.start) or may_plan(code):
        return None
    return (
        f"'{code}' cannot be recorded ahead: {proposal.session.value} on "
        f"{proposal.day:%a %d %b} starts at {_hhmm(times.start)}; before a session starts only "
        "planned codes (#, D, C2, Z, X, or leave such as M)"
    )


def judge_mark(
    proposal: Proposal,
    *,
    times: SessionTimes,
    now: datetime,
    roll: Roll,
    place: SessionDay,
    existing: Existing | None = None,
    may_amend: bool = False,
    reason: str | None = None,
) -> Verdict:
    """Whether `proposal` may be recorded now; `now` is naive local time like `times`."""
    try:
        code = check_code_for_session(proposal.code.strip().upper(), proposal.session).code
    except CodeError as error:
        return _refused(proposal.code.strip(), str(error))
    if (problem := _check_minutes(code, proposal.minutes_late, times)) is not None:
        return _refused(code, problem, "minutes_late")
    if (problem := _check_calendar(code, proposal, place)) is not None:
        return _refused(code, problem, "date" if not place.school_day else "code")
    if (found := _check_roll(code, proposal.day, roll)) is not None:
        return _refused(code, *found)
    if (problem := _check_started(code, proposal, times, now)) is not None:
        return _refused(code, problem)
    return _judge_change(code, proposal, times, now, existing, may_amend, reason)


def _judge_change(
    code: str,
    proposal: Proposal,
    times: SessionTimes,
    now: datetime,
    existing: Existing | None,
    may_amend: bool,
    reason: str | None,
) -> Verdict:
    if existing is None:
        return Verdict(Outcome.OK, code)
    if (existing.code, existing.minutes_late) == (code, proposal.minutes_late):
        return Verdict(Outcome.OK, code, unchanged=True)
    if not register_closed(times, proposal.day, now):
        return Verdict(Outcome.OK, code)  # a correction while the register is open
    if not may_amend:
        message = (
            f"the register closed at {_hhmm(times.close)}; "
            "ask the attendance officer to amend this mark"
        )
        return Verdict(Outcome.REFUSED, code, message, amendment=True)
    if not (reason or "").strip():
        message = "the register has closed: give a reason for the amendment"
        return Verdict(Outcome.NEEDS_REASON, code, message, "reason", amendment=True)
    return Verdict(Outcome.OK, code, amendment=True)
