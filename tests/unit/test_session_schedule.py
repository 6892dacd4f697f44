"""The provision's session times by date and weekday: which set is in force on a day."""

from __future__ import annotations

from datetime import date, time

import pytest

from desktop_app.domain.codes import Session
from desktop_app.domain.sessions import (
    BEGINNING,
    DEFAULT_TIMES,
    Schedule,
    SessionTimes,
    TimeSet,
    change_problem,
    parse_span,
    weekday_number,
)

AM, PM = Session.AM, Session.PM
NINE = TimeSet(BEGINNING, None, DEFAULT_TIMES[AM], DEFAULT_TIMES[PM])
LATER = TimeSet(date(2026, 12, 1), None, SessionTimes(time(9, 15), time(9, 45)), DEFAULT_TIMES[PM])
SHORT_FRIDAY = TimeSet(
    date(2026, 9, 1), 4, DEFAULT_TIMES[AM], SessionTimes(time(12, 0), time(12, 30))
)
MON_30_NOV, TUE_1_DEC, FRI_27_NOV = date(2026, 11, 30), date(2026, 12, 1), date(2026, 11, 27)


def test_with_nothing_set_the_defaults_are_in_force() -> None:
    assert Schedule().times_on(MON_30_NOV) == DEFAULT_TIMES


def test_a_change_applies_from_its_date_not_the_day_before() -> None:
    schedule = Schedule.of([NINE, LATER])
    assert schedule.times_on(MON_30_NOV)[AM].close == time(9, 30)
    assert schedule.times_on(TUE_1_DEC)[AM].close == time(9, 45)


def test_a_friday_override_applies_on_fridays_only() -> None:
    schedule = Schedule.of([NINE, SHORT_FRIDAY])
    assert schedule.times_on(FRI_27_NOV)[PM] == SessionTimes(time(12, 0), time(12, 30))
    assert schedule.times_on(date(2026, 11, 26))[PM] == DEFAULT_TIMES[PM]  # Thursday
    assert schedule.times_on(date(2026, 8, 28))[PM] == DEFAULT_TIMES[PM]  # a Friday before it


def test_a_later_change_for_every_day_replaces_an_older_weekday_override() -> None:
    schedule = Schedule.of([NINE, SHORT_FRIDAY, LATER])
    assert schedule.times_on(date(2026, 12, 4))[PM] == DEFAULT_TIMES[PM]  # Friday after LATER
    assert schedule.times_on(date(2026, 12, 4))[AM].close == time(9, 45)


def test_on_the_same_date_the_weekday_override_wins() -> None:
    friday = TimeSet(LATER.effective_from, 4, DEFAULT_TIMES[AM], DEFAULT_TIMES[PM])
    schedule = Schedule.of([friday, LATER])
    assert schedule.times_on(date(2026, 12, 4))[AM].close == time(9, 30)
    assert schedule.times_on(date(2026, 12, 3))[AM].close == time(9, 45)


def test_the_week_shows_each_weekday() -> None:
    week = Schedule.of([NINE, SHORT_FRIDAY]).week_on(date(2026, 11, 25))
    assert [week[d][PM].close for d in range(5)] == [time(13, 15)] * 4 + [time(12, 30)]


def test_the_afternoon_may_not_start_before_the_morning_register_closes() -> None:
    with pytest.raises(ValueError, match="after the morning register closes"):
        TimeSet(BEGINNING, None, DEFAULT_TIMES[AM], SessionTimes(time(9, 20), time(9, 40)))


def test_a_weekend_day_cannot_have_its_own_times() -> None:
    with pytest.raises(ValueError, match="Monday to Friday"):
        TimeSet(BEGINNING, 5, DEFAULT_TIMES[AM], DEFAULT_TIMES[PM])


@pytest.mark.parametrize(
    ("effective", "last_marked", "refused"),
    [
        (date(2026, 11, 30), date(2026, 11, 30), False),  # today: marks already made stay
        (date(2026, 12, 1), date(2026, 11, 30), False),  # tomorrow
        (date(2026, 11, 29), date(2026, 11, 30), True),  # yesterday, with marks after it
        (date(2026, 11, 29), date(2026, 11, 28), False),  # back-dated, nothing marked since
        (date(2026, 11, 29), None, False),  # a new provision with no marks
    ],
)
def test_a_change_is_dated_today_or_later_once_marks_exist(
    effective: date, last_marked: date | None, refused: bool
) -> None:
    change = TimeSet(effective, None, DEFAULT_TIMES[AM], DEFAULT_TIMES[PM])
    assert (change_problem(change, MON_30_NOV, last_marked) is not None) is refused


def test_spans_and_weekdays_are_read_strictly() -> None:
    assert parse_span("09:15-09:45") == SessionTimes(time(9, 15), time(9, 45))
    assert weekday_number("fri") == 4 and weekday_number("Monday") == 0
    for bad in ("9-10", "09:15", "09:15-09:46", "25:00-25:10", "09:15-09:45-10:00"):
        with pytest.raises(ValueError):
            parse_span(bad)
    with pytest.raises(ValueError, match="not a weekday"):
        weekday_number("sat")
