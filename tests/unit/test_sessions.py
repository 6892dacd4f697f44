"""Session times, the 30-minute register limit and the late-arrival rule."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from desktop_app.domain.codes import Session
from desktop_app.domain.sessions import (
    DEFAULT_TIMES,
    MAX_REGISTER_OPEN_MINUTES,
    Arrival,
    SessionTimes,
    arrival_mark,
    register_closed,
)

AM_TIMES = DEFAULT_TIMES[Session.AM]
PM_TIMES = DEFAULT_TIMES[Session.PM]


def test_default_morning_session_starts_at_nine_and_closes_at_half_past() -> None:
    assert (AM_TIMES.start, AM_TIMES.close) == (time(9, 0), time(9, 30))


def test_default_afternoon_session_starts_at_12_45_and_closes_at_13_15() -> None:
    assert (PM_TIMES.start, PM_TIMES.close) == (time(12, 45), time(13, 15))


def test_register_may_stay_open_thirty_minutes() -> None:
    assert MAX_REGISTER_OPEN_MINUTES == 30
    assert SessionTimes(time(10, 0), time(10, 30)).close == time(10, 30)


@pytest.mark.parametrize(("start", "close"), [(time(9, 0), time(9, 31)), (time(9, 0), time(10))])
def test_register_open_more_than_thirty_minutes_is_refused(start: time, close: time) -> None:
    with pytest.raises(ValueError, match="at most 30 minutes"):
        SessionTimes(start, close)


@pytest.mark.parametrize("close", [time(9, 0), time(8, 59)])
def test_register_must_close_after_the_session_starts(close: time) -> None:
    with pytest.raises(ValueError, match="close after"):
        SessionTimes(time(9, 0), close)


def test_a_shorter_register_window_is_allowed() -> None:
    assert SessionTimes(time(9, 0), time(9, 10)).close == time(9, 10)


@pytest.mark.parametrize(
    ("arrived", "expected"),
    [
        (time(9, 1), Arrival("L", 1)),
        (time(9, 10), Arrival("L", 10)),
        (time(9, 29), Arrival("L", 29)),
        (time(9, 30), Arrival("U", 30)),  # exactly at the close: too late
        (time(9, 45), Arrival("U", 45)),
        (time(11, 0), Arrival("U", 120)),
    ],
)
def test_morning_arrival_is_late_before_the_close_and_unauthorised_from_it(
    arrived: time, expected: Arrival
) -> None:
    assert arrival_mark(AM_TIMES, arrived) == expected


@pytest.mark.parametrize(
    ("arrived", "expected"),
    [
        (time(13, 0), Arrival("L", 15)),
        (time(13, 14), Arrival("L", 29)),
        (time(13, 15), Arrival("U", 30)),
        (time(13, 40), Arrival("U", 55)),
    ],
)
def test_afternoon_arrival_uses_the_afternoon_times(arrived: time, expected: Arrival) -> None:
    assert arrival_mark(PM_TIMES, arrived) == expected


@pytest.mark.parametrize("arrived", [time(9, 0), time(8, 45)])
def test_arriving_by_the_start_is_not_late(arrived: time) -> None:
    assert arrival_mark(AM_TIMES, arrived) == Arrival("", 0)


def test_register_is_open_until_the_close_time() -> None:
    day = date(2025, 9, 8)
    assert not register_closed(AM_TIMES, day, datetime(2025, 9, 8, 9, 29, 59))
    assert register_closed(AM_TIMES, day, datetime(2025, 9, 8, 9, 30))
    assert register_closed(AM_TIMES, day, datetime(2025, 9, 9, 8, 0))
    assert not register_closed(AM_TIMES, day, datetime(2025, 9, 7, 23, 0))
