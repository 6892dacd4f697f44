"""Session times and the late-arrival rule (L before the register closes, U after).

A provision's times are a schedule: sets of AM/PM times, each in force from a date, either for
every weekday or for one (a short Friday). `Schedule.times_on(day)` is the one answer to "which
times were in force that day"; every rule asks it. A change never re-judges a mark already made:
marks keep the code and minutes they were saved with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from desktop_app.domain.codes import Session

MAX_REGISTER_OPEN_MINUTES = 30


def _minutes_between(earlier: time, later: time) -> int:
    day = date(2000, 1, 1)
    delta = datetime.combine(day, later) - datetime.combine(day, earlier)
    return int(delta // timedelta(minutes=1))


@dataclass(frozen=True, slots=True)
class SessionTimes:
    """When a session starts and when its register closes."""

    start: time
    close: time

    def __post_init__(self) -> None:
        minutes = _minutes_between(self.start, self.close)
        if minutes <= 0:
            raise ValueError("the register must close after the session starts")
        if minutes > MAX_REGISTER_OPEN_MINUTES:
            raise ValueError(
                f"the register may stay open at most {MAX_REGISTER_OPEN_MINUTES} minutes "
                f"after the session starts (here {minutes})"
            )


DEFAULT_TIMES: dict[Session, SessionTimes] = {
    Session.AM: SessionTimes(time(9, 0), time(9, 30)),
    Session.PM: SessionTimes(time(12, 45), time(13, 15)),
}


@dataclass(frozen=True, slots=True)
class Arrival:
    """The mark a late arrival earns and how many minutes late it was."""

    code: str
    minutes_late: int


def arrival_mark(times: SessionTimes, arrived: time) -> Arrival:
    """L with minutes late if before the register closed, U after; present mark if on time."""
    late = max(0, _minutes_between(times.start, arrived))
    if arrived < times.close:
        return Arrival("L" if late > 0 else "", late)
    return Arrival("U", late)


def open_minutes(times: SessionTimes) -> int:
    """How many minutes the register stays open after the session starts."""
    return _minutes_between(times.start, times.close)


def register_closed(times: SessionTimes, day: date, moment: datetime) -> bool:
    """Whether the register for day's session had closed by moment."""
    return moment >= datetime.combine(day, times.close)


#: Weekdays a time set may be for: Monday 0 to Friday 4 (the CLI and Settings use the names).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
#: The first set of times is in force "from the beginning".
BEGINNING = date(1900, 1, 1)

DayTimes = dict[Session, SessionTimes]


@dataclass(frozen=True, slots=True)
class TimeSet:
    """AM and PM times in force from `effective_from`, for every weekday or one (0 = Monday)."""

    effective_from: date
    weekday: int | None
    am: SessionTimes
    pm: SessionTimes

    def __post_init__(self) -> None:
        if self.weekday is not None and not 0 <= self.weekday <= 4:
            raise ValueError("a weekday is Monday to Friday")
        if self.pm.start < self.am.close:
            raise ValueError(
                f"the afternoon must start after the morning register closes "
                f"({self.am.close:%H:%M})"
            )

    @property
    def times(self) -> DayTimes:
        return {Session.AM: self.am, Session.PM: self.pm}

    def applies_on(self, day: date) -> bool:
        return self.effective_from <= day and self.weekday in (None, day.weekday())

    @property
    def rank(self) -> tuple[date, bool]:
        """The newest set wins; on the same date, one for the weekday beats one for every day."""
        return self.effective_from, self.weekday is not None


@dataclass(frozen=True, slots=True)
class Schedule:
    """Every set of times the provision has had, and will have."""

    sets: tuple[TimeSet, ...] = ()

    @classmethod
    def of(cls, sets: Iterable[TimeSet]) -> Schedule:
        return cls(tuple(sorted(sets, key=lambda s: s.rank)))

    def set_on(self, day: date) -> TimeSet | None:
        """The set in force on day: the newest that applies (a weekday's own on a tie)."""
        found = [s for s in self.sets if s.applies_on(day)]
        return max(found, key=lambda s: s.rank) if found else None

    def times_on(self, day: date) -> DayTimes:
        """The AM and PM times in force on day (the defaults when nothing was ever set)."""
        found = self.set_on(day)
        return dict(DEFAULT_TIMES) if found is None else found.times

    def week_on(self, day: date) -> dict[int, DayTimes]:
        """Monday to Friday's times in force in the week of day, by weekday."""
        monday = day - timedelta(days=day.weekday())
        return {w: self.times_on(monday + timedelta(days=w)) for w in range(5)}

    def changes_after(self, day: date) -> list[TimeSet]:
        """Sets dated after day, soonest first: changes still to come."""
        return [s for s in self.sets if s.effective_from > day]


def change_problem(change: TimeSet, today: date, last_marked: date | None) -> str | None:
    """Why a new set of times may not be saved, or None.

    A change may take effect from today or later; an earlier date only while no mark has been
    made on or after it, so no mark already made is judged by times that were not in force.
    """
    if change.effective_from >= today:
        return None
    if last_marked is not None and last_marked >= change.effective_from:
        return (
            f"marks have been made on or after {change.effective_from:%d/%m/%Y} (the last on "
            f"{last_marked:%d/%m/%Y}); a change of times may take effect from today at the "
            "earliest"
        )
    return None


def parse_span(text: str) -> SessionTimes:
    """'09:15-09:45' as SessionTimes; ValueError with a sentence when it is not one."""
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2:
        raise ValueError(f"'{text}' is not a start and a close like 09:15-09:45")
    start, close = (parse_clock(p.strip()) for p in parts)
    return SessionTimes(start, close)


def parse_clock(text: str) -> time:
    """'09:15' as a time; ValueError with a sentence when it is not one."""
    pieces = text.split(":")
    if len(pieces) != 2 or not all(p.isascii() and p.isdigit() for p in pieces):
        raise ValueError(f"'{text}' is not a time like 09:15")
    hour, minute = int(pieces[0]), int(pieces[1])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"'{text}' is not a time of day")
    return time(hour, minute)


def weekday_number(name: str) -> int:
    """'fri' (or 'Friday') as 4; ValueError for anything but Monday to Friday."""
    key = name.strip().lower()[:3]
    if key not in WEEKDAYS:
        raise ValueError(f"'{name}' is not a weekday: use mon, tue, wed, thu or fri")
    return WEEKDAYS.index(key)


def describe(times: Mapping[Session, SessionTimes]) -> str:
    """'AM 09:15–09:45, PM 12:45–13:15'."""
    return ", ".join(f"{s.value} {t.start:%H:%M}–{t.close:%H:%M}" for s, t in times.items())
