"""Session times and the late-arrival rule (L before the register closes, U after)."""

from __future__ import annotations

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
