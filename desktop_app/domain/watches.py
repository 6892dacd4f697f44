"""The statutory watches: conditions on a learner's register that staff must act on."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from desktop_app.domain.calendar import BOTH_SESSIONS, SchoolCalendar, academic_year_start
from desktop_app.domain.codes import CODES, UNAUTHORISED_CODES, Session
from desktop_app.domain.thresholds import ACCUMULATED, THRESHOLDS, Thresholds

_ONE_DAY = timedelta(days=1)
PENALTY_NOTICE = "penalty_notice_threshold"
UNAUTHORISED_RUN = "unauthorised_10_school_days"
ILLNESS = "illness_15_school_days"
UNRESOLVED_N = "unresolved_n_code"
MISSING_REGISTER = "missing_register"

#: Codes whose every possible session on a day makes that day count toward the 10-day run.
RUN_CODES = frozenset({"G", "N", "O"})


def _default(key: str) -> int:
    return THRESHOLDS[key].default


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """Thresholds for the statutory watches; the defaults are the registry's."""

    penalty_sessions: int = _default("penalty_sessions")
    penalty_weeks: int = _default("penalty_weeks")
    unauthorised_run_days: int = _default("unauthorised_run_days")
    illness_sessions: int = _default("illness_sessions")
    n_resolve_school_days: int = _default("n_resolve_school_days")
    #: The local authority counts unauthorised days accumulated over the academic year too.
    unauthorised_run_accumulated: bool = False

    @classmethod
    def of(cls, values: Thresholds) -> WatchSettings:
        """The statutory watches' thresholds from the values in force."""
        return cls(
            values["penalty_sessions"],
            values["penalty_weeks"],
            values["unauthorised_run_days"],
            values["illness_sessions"],
            values["n_resolve_school_days"],
            values.choice("unauthorised_run_rule") == ACCUMULATED,
        )


@dataclass(frozen=True, slots=True)
class LearnerRegister:
    """One learner's time on roll and marks, keyed by (date, session)."""

    upn: str
    start: date
    leaving: date | None
    marks: Mapping[tuple[date, Session], str]

    def on_roll(self, day: date) -> bool:
        return self.start <= day and (self.leaving is None or day <= self.leaving)


@dataclass(frozen=True, slots=True, order=True)
class Alert:
    """A condition that arose on a school day and still holds."""

    date: date
    kind: str
    upn: str
    detail: str
    #: Tells apart alerts of one kind for one learner that arose the same day (e.g. the session).
    key: str = ""

    @property
    def id(self) -> str:
        """Stable across recomputation: the kind, the learner and the day the condition arose.

        An acknowledgement is kept against this id, so the same condition stays dealt with and a
        new crossing (a new day it arose) is a new alert."""
        text = f"{self.kind}|{self.upn}|{self.date.isoformat()}|{self.key}"
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def _sorted_dates(register: LearnerRegister, codes: frozenset[str], until: date) -> list[date]:
    return sorted(d for (d, _s), c in register.marks.items() if c in codes and d <= until)


def _last_school_day(calendar: SchoolCalendar, as_of: date) -> date | None:
    if calendar.is_school_day(as_of):
        return as_of
    return calendar.school_days_before(as_of, 1)


def penalty_notice(
    register: LearnerRegister, calendar: SchoolCalendar, as_of: date, settings: WatchSettings
) -> Alert | None:
    """Unauthorised sessions within the rolling window of school weeks reach the threshold."""
    dates = _sorted_dates(register, UNAUTHORISED_CODES, as_of)

    def count_at(day: date) -> int:
        weeks = calendar.school_weeks_back(day, settings.penalty_weeks)
        if not weeks:
            return 0
        return bisect_right(dates, day) - bisect_right(dates, weeks[0] - _ONE_DAY)

    day = _last_school_day(calendar, as_of)
    if day is None or count_at(day) < settings.penalty_sessions:
        return None
    count = count_at(day)
    arose = day
    while (earlier := calendar.school_days_before(arose, 1)) and (
        count_at(earlier) >= settings.penalty_sessions
    ):
        arose = earlier
    return Alert(
        arose,
        PENALTY_NOTICE,
        register.upn,
        f"{count} unauthorised sessions in the last {settings.penalty_weeks} school weeks",
    )


def _day_kind(register: LearnerRegister, day: date) -> str:
    """'run' if every possible mark that day is G/N/O, 'break' if any other, 'skip' if none."""
    possible = [
        code
        for session in BOTH_SESSIONS
        if (code := register.marks.get((day, session))) and CODES[code].counts_as_possible
    ]
    if not possible:
        return "skip"
    return "run" if all(code in RUN_CODES for code in possible) else "break"


def unauthorised_run_days(
    register: LearnerRegister, calendar: SchoolCalendar, as_of: date
) -> list[date]:
    """The run of unauthorised school days still unbroken at as_of (oldest first)."""
    run: list[date] = []  # walk back to the first day that breaks it
    for day in reversed(calendar.school_days(register.start, as_of)):
        kind = _day_kind(register, day)
        if kind == "break":
            break
        if kind == "run":
            run.append(day)
    run.reverse()
    return run


def accumulated_unauthorised_days(
    register: LearnerRegister, calendar: SchoolCalendar, as_of: date
) -> list[date]:
    """Every school day of this academic year to as_of whose possible marks are all G/N/O."""
    first = max(academic_year_start(as_of), register.start)
    days = calendar.school_days(first, as_of)
    return [day for day in days if _day_kind(register, day) == "run"]


def unauthorised_run(
    register: LearnerRegister, calendar: SchoolCalendar, as_of: date, settings: WatchSettings
) -> Alert | None:
    """School days of unauthorised absence reach the threshold: continuous and unbroken, or,
    where the local authority counts them so, also accumulated over the academic year (then the
    register must hold the year's marks). Dated the day the threshold was reached; when both
    hold, the earlier."""
    needed = settings.unauthorised_run_days
    run = unauthorised_run_days(register, calendar, as_of)
    found: list[Alert] = []
    if len(run) >= needed:
        found.append(
            Alert(
                run[needed - 1],
                UNAUTHORISED_RUN,
                register.upn,
                f"{len(run)} continuous school days of unauthorised absence since "
                f"{run[0].isoformat()}; tell the local authority",
            )
        )
    if settings.unauthorised_run_accumulated:
        days = accumulated_unauthorised_days(register, calendar, as_of)
        if len(days) >= needed:
            found.append(
                Alert(
                    days[needed - 1],
                    UNAUTHORISED_RUN,
                    register.upn,
                    f"{len(days)} school days of unauthorised absence this academic year, "
                    f"not all continuous (the first {days[0].isoformat()}); "
                    "tell the local authority",
                )
            )
    return min(found, key=lambda alert: alert.date) if found else None


def illness(register: LearnerRegister, as_of: date, settings: WatchSettings) -> Alert | None:
    """Illness sessions in the academic year reach the threshold (15 days, 30 sessions)."""
    year_start = academic_year_start(as_of)
    dates = [d for d in _sorted_dates(register, frozenset({"I"}), as_of) if d >= year_start]
    if len(dates) < settings.illness_sessions:
        return None
    return Alert(
        dates[settings.illness_sessions - 1],
        ILLNESS,
        register.upn,
        f"{len(dates)} sessions of illness this academic year; "
        "tell the home school or local authority",
    )


def unresolved_n(
    register: LearnerRegister, calendar: SchoolCalendar, as_of: date, settings: WatchSettings
) -> list[Alert]:
    """Each N still on the register more than the allowed school days after its session."""
    alerts = []
    for (day, session), code in sorted(register.marks.items()):
        if code != "N" or day > as_of:
            continue
        overdue_from = calendar.school_days_after(day, settings.n_resolve_school_days + 1)
        if overdue_from is not None and overdue_from <= as_of:
            alerts.append(
                Alert(
                    overdue_from,
                    UNRESOLVED_N,
                    register.upn,
                    f"N for {day.isoformat()} {session} not replaced within "
                    f"{settings.n_resolve_school_days} school days",
                    f"{day.isoformat()} {session}",
                )
            )
    return alerts


def missing_registers(
    register: LearnerRegister,
    calendar: SchoolCalendar,
    moment: datetime,
    close_times: Mapping[Session, time],
) -> list[Alert]:
    """Past sessions (today's once the register has closed) with no mark for this learner."""
    alerts = []
    today = moment.date()
    last = today if register.leaving is None else min(today, register.leaving)
    for day in calendar.school_days(register.start, last):
        for session in calendar.open_sessions(day):
            if day == today and moment.time() < close_times[session]:
                continue
            if (day, session) not in register.marks:
                alerts.append(
                    Alert(
                        day,
                        MISSING_REGISTER,
                        register.upn,
                        f"{session} register not taken",
                        str(session),
                    )
                )
    return alerts


def all_alerts(
    register: LearnerRegister,
    calendar: SchoolCalendar,
    moment: datetime,
    close_times: Mapping[Session, time],
    settings: WatchSettings | None = None,
) -> list[Alert]:
    """Every watch for one learner as at moment, oldest first."""
    settings = settings or WatchSettings()
    as_of = moment.date()
    found: list[Alert | None] = [
        penalty_notice(register, calendar, as_of, settings),
        unauthorised_run(register, calendar, as_of, settings),
        illness(register, as_of, settings),
    ]
    alerts = [a for a in found if a is not None]
    alerts += unresolved_n(register, calendar, as_of, settings)
    alerts += missing_registers(register, calendar, moment, close_times)
    return sorted(alerts)
