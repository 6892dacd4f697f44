"""The 10-day unauthorised notice when the local authority counts days accumulated over the
academic year as well as continuous ones (the provision's `unauthorised_run_rule`)."""

from __future__ import annotations

import pytest

from desktop_app.domain.thresholds import DEFAULTS, Thresholds
from desktop_app.domain.watches import UNAUTHORISED_RUN, WatchSettings, unauthorised_run
from tests.unit.helpers import AM, PM, d, learner, make_calendar, marks_for

CALENDAR = make_calendar()
CONTINUOUS = WatchSettings.of(DEFAULTS)
ACCUMULATED = WatchSettings.of(Thresholds({"unauthorised_run_rule": 1}))

# Five school days from Monday 8 and five from Monday 22 September 2025, with the week of the
# 15th present in between: ten days of unauthorised absence, never more than five in a row.
WEEK_0908 = [d(f"2025-09-{n:02}") for n in (8, 9, 10, 11, 12)]
WEEK_0915 = [d(f"2025-09-{n:02}") for n in (15, 16, 17, 18, 19)]
WEEK_0922 = [d(f"2025-09-{n:02}") for n in (22, 23, 24, 25, 26)]


def present(days):
    return {**marks_for(days, "/", [AM]), **marks_for(days, "\\", [PM])}


def broken(first, second, code="O"):
    return marks_for(first, code) | present(WEEK_0915) | marks_for(second, "G")


def test_the_rule_is_read_from_the_registry() -> None:
    assert not CONTINUOUS.unauthorised_run_accumulated
    assert ACCUMULATED.unauthorised_run_accumulated
    assert DEFAULTS.check("unauthorised_run_rule", 2) is not None
    assert DEFAULTS.check("unauthorised_run_rule", 1) is None


def test_ten_days_with_a_break_count_when_accumulated_on_the_tenth() -> None:
    register = learner(broken(WEEK_0908, WEEK_0922))
    alert = unauthorised_run(register, CALENDAR, d("2025-09-26"), ACCUMULATED)
    assert alert is not None and alert.kind == UNAUTHORISED_RUN
    assert alert.date == d("2025-09-26")
    assert "not all continuous" in alert.detail


def test_a_break_stops_the_count_when_only_continuous_days_count() -> None:
    register = learner(broken(WEEK_0908, WEEK_0922))
    assert unauthorised_run(register, CALENDAR, d("2025-09-26"), CONTINUOUS) is None


def test_nine_accumulated_days_are_not_enough() -> None:
    register = learner(broken(WEEK_0908, WEEK_0922[:4]) | present(WEEK_0922[4:]))
    assert unauthorised_run(register, CALENDAR, d("2025-09-26"), ACCUMULATED) is None


def test_the_tenth_day_is_not_reached_before_it_happens() -> None:
    register = learner(broken(WEEK_0908, WEEK_0922))
    assert unauthorised_run(register, CALENDAR, d("2025-09-25"), ACCUMULATED) is None


@pytest.mark.parametrize(("am", "pm"), [("O", "/"), ("U", "N"), ("L", "G")])
def test_a_day_counts_only_when_every_possible_session_is_g_n_or_o(am: str, pm: str) -> None:
    marks = broken(WEEK_0908, WEEK_0922)
    marks[(d("2025-09-26"), AM)], marks[(d("2025-09-26"), PM)] = am, pm
    assert unauthorised_run(learner(marks), CALENDAR, d("2025-09-26"), ACCUMULATED) is None


def test_a_new_academic_year_starts_the_count_again() -> None:
    """Five days in July 2025 (last year) and five in September: not ten this year."""
    july = [d(f"2025-07-{n:02}") for n in (14, 15, 16, 17, 18)]
    marks = marks_for(july, "O") | present([d("2025-07-21"), d("2025-07-22")])
    marks |= present([d("2025-09-03"), d("2025-09-04"), d("2025-09-05")])
    marks |= marks_for(WEEK_0908, "N") | present(WEEK_0915)
    register = learner(marks)
    assert unauthorised_run(register, CALENDAR, d("2025-09-19"), ACCUMULATED) is None
    this_year = marks | marks_for(WEEK_0922, "N")
    alert = unauthorised_run(learner(this_year), CALENDAR, d("2025-09-26"), ACCUMULATED)
    assert alert is not None and alert.date == d("2025-09-26")


def test_a_continuous_run_is_still_reported_when_accumulated_and_dated_its_tenth_day() -> None:
    register = learner(marks_for(WEEK_0908 + WEEK_0915, "O"))
    for settings in (CONTINUOUS, ACCUMULATED):
        alert = unauthorised_run(register, CALENDAR, d("2025-09-19"), settings)
        assert alert is not None and alert.date == d("2025-09-19")
        assert "continuous school days" in alert.detail
