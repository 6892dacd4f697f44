"""The school calendar: school days, closures, bank holidays and school weeks."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.calendar import (
    Closure,
    SchoolCalendar,
    Term,
    academic_year_start,
    week_start,
)
from tests.unit.helpers import AM, PM, d, make_calendar


@pytest.mark.parametrize(
    "day",
    ["2025-09-03", "2025-09-05", "2025-09-08", "2025-10-24", "2025-11-03", "2026-07-22"],
)
def test_weekdays_inside_a_term_are_school_days(day: str) -> None:
    calendar = make_calendar()
    assert calendar.is_school_day(d(day))
    assert calendar.open_sessions(d(day)) == (AM, PM)


@pytest.mark.parametrize("day", ["2025-09-06", "2025-09-07", "2025-10-25", "2026-01-04"])
def test_weekends_are_not_school_days(day: str) -> None:
    calendar = make_calendar()
    assert not calendar.is_school_day(d(day))
    assert calendar.open_sessions(d(day)) == ()


@pytest.mark.parametrize(
    "day",
    [
        "2025-09-02",  # the day before term starts
        "2025-10-27",  # October half-term
        "2025-10-31",
        "2025-12-22",  # Christmas holiday
        "2026-02-16",  # February half-term
        "2026-07-23",  # the day after the year ends
        "2025-07-23",  # summer holiday of the previous year
        "2025-08-29",
    ],
)
def test_weekdays_outside_terms_are_not_school_days(day: str) -> None:
    calendar = make_calendar()
    assert d(day).weekday() < 5
    assert not calendar.in_term_weekday(d(day))
    assert not calendar.is_school_day(d(day))


@pytest.mark.parametrize(
    ("holiday", "name"),
    [
        ("2025-12-25", "Christmas"),
        ("2025-12-26", "Boxing"),
        ("2026-01-01", "New Year"),
        ("2026-05-04", "May"),  # early May bank holiday
        ("2026-08-31", "Summer"),  # late summer bank holiday
        ("2026-04-06", "Easter"),
    ],
)
def test_england_bank_holidays_inside_a_term_are_closures_automatically(
    holiday: str, name: str
) -> None:
    """A term spanning the holiday (and the turn of the year) closes it with no closure entered."""
    day = d(holiday)
    calendar = SchoolCalendar.build([Term("Open all year", date(2025, 12, 1), date(2026, 9, 30))])
    assert calendar.in_term_weekday(day)
    assert not calendar.is_school_day(day)
    assert calendar.open_sessions(day) == ()
    reason = calendar.closure_reason(day, AM)
    assert reason is not None and name.lower() in reason.lower()
    assert day not in calendar.school_days(date(2025, 12, 1), date(2026, 9, 30))


def test_early_may_bank_holiday_closes_a_normal_summer_term_day() -> None:
    calendar = make_calendar()
    assert not calendar.is_school_day(d("2026-05-04"))
    assert calendar.is_school_day(d("2026-05-05"))
    assert calendar.school_days_after(d("2026-05-01"), 1) == d("2026-05-05")


def test_day_after_a_bank_holiday_is_a_school_day() -> None:
    calendar = SchoolCalendar.build([Term("Open all year", date(2025, 12, 1), date(2026, 9, 30))])
    assert calendar.is_school_day(d("2026-09-01"))
    assert calendar.closure_reason(d("2026-09-01"), AM) is None


def test_whole_day_closure_removes_the_day() -> None:
    inset = Closure(d("2025-09-10"), None, "INSET day")
    calendar = make_calendar(inset)
    assert calendar.in_term_weekday(d("2025-09-10"))
    assert not calendar.is_school_day(d("2025-09-10"))
    assert calendar.open_sessions(d("2025-09-10")) == ()
    assert calendar.closure_reason(d("2025-09-10"), AM) == "INSET day"
    assert calendar.closure_reason(d("2025-09-10"), PM) == "INSET day"
    assert calendar.school_days(d("2025-09-08"), d("2025-09-12")) == [
        d("2025-09-08"),
        d("2025-09-09"),
        d("2025-09-11"),
        d("2025-09-12"),
    ]


@pytest.mark.parametrize(("closed", "still_open"), [(PM, AM), (AM, PM)])
def test_one_session_closure_keeps_a_school_day_with_one_open_session(closed, still_open) -> None:
    calendar = make_calendar(Closure(d("2025-09-10"), closed, "Staff training"))
    assert calendar.is_school_day(d("2025-09-10"))
    assert calendar.open_sessions(d("2025-09-10")) == (still_open,)
    assert calendar.closure_reason(d("2025-09-10"), closed) == "Staff training"
    assert calendar.closure_reason(d("2025-09-10"), still_open) is None
    assert d("2025-09-10") in calendar.school_days(d("2025-09-08"), d("2025-09-12"))


def test_closing_both_sessions_separately_removes_the_day() -> None:
    calendar = make_calendar(
        Closure(d("2025-09-10"), AM, "Staff training"), Closure(d("2025-09-10"), PM, "Open evening")
    )
    assert not calendar.is_school_day(d("2025-09-10"))


def test_closure_does_not_affect_other_days() -> None:
    calendar = make_calendar(Closure(d("2025-09-10"), None, "INSET day"))
    assert calendar.open_sessions(d("2025-09-11")) == (AM, PM)
    assert calendar.closure_reason(d("2025-09-11"), AM) is None


def test_term_of_names_the_containing_term() -> None:
    calendar = make_calendar()
    term = calendar.term_of(d("2025-11-03"))
    assert term is not None and term.name == "Autumn 2"
    assert calendar.term_of(d("2025-10-29")) is None


def test_term_includes_both_end_dates() -> None:
    term = Term("Autumn 1", d("2025-09-03"), d("2025-10-24"))
    assert d("2025-09-03") in term
    assert d("2025-10-24") in term
    assert d("2025-09-02") not in term
    assert d("2025-10-25") not in term


def test_term_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Term("Backwards", d("2025-10-24"), d("2025-09-03"))


def test_school_days_lists_only_school_days_in_order() -> None:
    calendar = make_calendar()
    assert calendar.school_days(d("2025-10-22"), d("2025-11-04")) == [
        d("2025-10-22"),
        d("2025-10-23"),
        d("2025-10-24"),
        d("2025-11-03"),
        d("2025-11-04"),
    ]


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-09-08", 1, "2025-09-09"),
        ("2025-09-05", 1, "2025-09-08"),  # Friday to Monday
        ("2025-09-06", 1, "2025-09-08"),  # from a Saturday
        ("2025-09-08", 5, "2025-09-15"),
        ("2025-10-24", 1, "2025-11-03"),  # across half-term
        ("2025-10-20", 5, "2025-11-03"),
        ("2025-07-22", 1, "2025-09-03"),  # across the summer into a new academic year
    ],
)
def test_school_days_after(start: str, n: int, expected: str) -> None:
    assert make_calendar().school_days_after(d(start), n) == d(expected)


def test_school_days_after_the_end_of_the_calendar_is_none() -> None:
    assert make_calendar().school_days_after(d("2026-07-21"), 2) is None


def test_school_days_after_skips_closures() -> None:
    calendar = make_calendar(Closure(d("2025-09-09"), None, "INSET day"))
    assert calendar.school_days_after(d("2025-09-08"), 1) == d("2025-09-10")


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-09-09", 1, "2025-09-08"),
        ("2025-09-08", 1, "2025-09-05"),  # Monday to Friday
        ("2025-09-07", 1, "2025-09-05"),  # from a Sunday
        ("2025-09-15", 5, "2025-09-08"),
        ("2025-11-03", 1, "2025-10-24"),  # across half-term
        ("2025-09-03", 1, "2025-07-22"),  # back across the summer into the previous year
    ],
)
def test_school_days_before(start: str, n: int, expected: str) -> None:
    assert make_calendar().school_days_before(d(start), n) == d(expected)


def test_school_days_before_the_start_of_the_calendar_is_none() -> None:
    assert make_calendar().school_days_before(d("2025-06-03"), 1) == d("2025-06-02")
    assert make_calendar().school_days_before(d("2025-06-02"), 1) is None
    assert make_calendar().school_days_before(d("2025-06-03"), 2) is None


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("2025-09-08", "2025-09-08", 0),
        ("2025-09-08", "2025-09-09", 1),
        ("2025-09-05", "2025-09-08", 1),  # the weekend does not count
        ("2025-09-08", "2025-09-15", 5),
        ("2025-10-24", "2025-11-03", 1),  # half-term does not count
        ("2025-10-25", "2025-11-02", 0),
        ("2025-09-15", "2025-09-08", 0),  # the wrong way round
    ],
)
def test_school_days_between_counts_after_earlier_up_to_later(
    earlier: str, later: str, expected: int
) -> None:
    assert make_calendar().school_days_between(d(earlier), d(later)) == expected


@pytest.mark.parametrize(
    ("day", "monday"),
    [("2025-09-08", "2025-09-08"), ("2025-09-10", "2025-09-08"), ("2025-09-14", "2025-09-08")],
)
def test_week_start_is_the_monday(day: str, monday: str) -> None:
    assert week_start(d(day)) == d(monday)


@pytest.mark.parametrize(
    ("day", "start"),
    [
        ("2025-09-01", "2025-09-01"),
        ("2025-08-31", "2024-09-01"),
        ("2026-07-22", "2025-09-01"),
        ("2025-12-31", "2025-09-01"),
        ("2026-01-01", "2025-09-01"),
    ],
)
def test_academic_year_runs_from_september(day: str, start: str) -> None:
    assert academic_year_start(d(day)) == d(start)


@pytest.mark.parametrize(
    "monday",
    ["2025-09-01", "2025-09-08", "2025-10-20", "2025-11-03", "2025-07-21"],
)
def test_weeks_with_school_sessions_are_school_weeks(monday: str) -> None:
    """Including the week term starts on a Wednesday."""
    assert make_calendar().is_school_week(d(monday))


@pytest.mark.parametrize("monday", ["2025-10-27", "2025-07-28", "2025-08-25", "2025-12-22"])
def test_holiday_weeks_are_not_school_weeks(monday: str) -> None:
    assert not make_calendar().is_school_week(d(monday))


def test_school_week_is_the_monday_to_sunday_week_of_any_of_its_days() -> None:
    calendar = make_calendar()
    assert calendar.is_school_week(d("2025-09-07"))  # Sunday of the week term starts
    assert not calendar.is_school_week(d("2025-11-02"))  # Sunday at the end of half-term


def test_a_week_with_a_single_open_session_is_a_school_week() -> None:
    closures = [Closure(d("2025-09-08"), PM, "Training")] + [
        Closure(d(f"2025-09-{day:02}"), None, "Closed") for day in range(9, 13)
    ]
    calendar = make_calendar(*closures)
    assert calendar.school_days(d("2025-09-08"), d("2025-09-14")) == [d("2025-09-08")]
    assert calendar.is_school_week(d("2025-09-08"))


def test_a_week_closed_every_day_is_not_a_school_week() -> None:
    closures = [Closure(d(f"2025-09-{day:02}"), None, "Closed") for day in range(8, 13)]
    assert not make_calendar(*closures).is_school_week(d("2025-09-08"))


def test_school_weeks_back_skips_holiday_weeks() -> None:
    weeks = make_calendar().school_weeks_back(d("2025-11-05"), 3)
    assert weeks == [d("2025-10-13"), d("2025-10-20"), d("2025-11-03")]


def test_school_weeks_back_includes_the_week_of_the_day_checked() -> None:
    weeks = make_calendar().school_weeks_back(d("2025-09-12"), 1)
    assert weeks == [d("2025-09-08")]


def test_school_weeks_back_crosses_terms_and_academic_years() -> None:
    weeks = make_calendar().school_weeks_back(d("2025-09-10"), 4)
    assert weeks == [d("2025-07-14"), d("2025-07-21"), d("2025-09-01"), d("2025-09-08")]


def test_ten_school_weeks_back_across_half_term() -> None:
    weeks = make_calendar().school_weeks_back(d("2025-11-14"), 10)
    assert len(weeks) == 10
    assert weeks[0] == d("2025-09-01")
    assert weeks[-1] == d("2025-11-10")
    assert d("2025-10-27") not in weeks


def test_school_weeks_back_from_a_holiday_ends_at_the_last_school_week() -> None:
    weeks = make_calendar().school_weeks_back(d("2025-10-29"), 2)
    assert weeks == [d("2025-10-13"), d("2025-10-20")]


def test_school_weeks_back_stops_at_the_start_of_the_calendar() -> None:
    weeks = make_calendar().school_weeks_back(d("2025-06-10"), 10)
    assert weeks == [d("2025-06-02"), d("2025-06-09")]
