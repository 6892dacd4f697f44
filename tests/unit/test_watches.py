"""The statutory watches: penalty notice, 10-day runs, illness, unresolved N, missing registers."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from desktop_app.domain.calendar import Closure
from desktop_app.domain.watches import (
    ILLNESS,
    MISSING_REGISTER,
    PENALTY_NOTICE,
    UNAUTHORISED_RUN,
    UNRESOLVED_N,
    Alert,
    WatchSettings,
    all_alerts,
    illness,
    missing_registers,
    penalty_notice,
    unauthorised_run,
    unresolved_n,
)
from tests.unit.helpers import AM, PM, d, learner, make_calendar, marks_for

SETTINGS = WatchSettings()
CLOSE = {AM: time(9, 30), PM: time(13, 15)}
CALENDAR = make_calendar()

# Mon 8 to Fri 12 September 2025, and the following week.
WEEK_0908 = [d(f"2025-09-{n:02}") for n in (8, 9, 10, 11, 12)]
WEEK_0915 = [d(f"2025-09-{n:02}") for n in (15, 16, 17, 18, 19)]
WEEK_0922 = [d(f"2025-09-{n:02}") for n in (22, 23, 24, 25, 26)]
# The ten school days from Monday 8 September: the 10th is Friday 19 September.
TEN_DAYS = WEEK_0908 + WEEK_0915


def present(days):
    """Present in both sessions of each day."""
    return {**marks_for(days, "/", [AM]), **marks_for(days, "\\", [PM])}


# --- Penalty notice threshold --------------------------------------------------------------


def test_ten_unauthorised_sessions_in_ten_school_weeks_reach_the_penalty_threshold() -> None:
    register = learner(marks_for(WEEK_0908, "U"))
    alert = penalty_notice(register, CALENDAR, d("2025-09-12"), SETTINGS)
    assert alert is not None
    assert alert.kind == PENALTY_NOTICE
    assert alert.upn == register.upn
    assert alert.date == d("2025-09-12")
    assert "10 unauthorised sessions" in alert.detail


def test_nine_unauthorised_sessions_are_not_enough_for_a_penalty_notice() -> None:
    marks = marks_for(WEEK_0908, "U")
    marks[(d("2025-09-12"), PM)] = "\\"
    assert penalty_notice(learner(marks), CALENDAR, d("2025-09-30"), SETTINGS) is None


@pytest.mark.parametrize("code", ["G", "N", "O", "U"])
def test_each_unauthorised_code_counts_toward_the_penalty_threshold(code: str) -> None:
    register = learner(marks_for(WEEK_0908, code))
    assert penalty_notice(register, CALENDAR, d("2025-09-12"), SETTINGS) is not None


@pytest.mark.parametrize("code", ["I", "M", "C2", "L", "D", "#"])
def test_other_codes_do_not_count_toward_the_penalty_threshold(code: str) -> None:
    """Nine U sessions plus one session of another code stay below the threshold."""
    marks = marks_for(WEEK_0908, "U")
    marks[(d("2025-09-12"), PM)] = code
    assert penalty_notice(learner(marks), CALENDAR, d("2025-09-12"), SETTINGS) is None


def test_penalty_window_skips_a_holiday_week() -> None:
    """5 in the week of 1 Sept and 5 in the week of 10 Nov: 10 school weeks apart, 11 calendar."""
    marks = {
        (d("2025-09-03"), AM): "O",
        (d("2025-09-03"), PM): "O",
        (d("2025-09-04"), AM): "O",
        (d("2025-09-04"), PM): "O",
        (d("2025-09-05"), AM): "O",
        (d("2025-11-10"), AM): "U",
        (d("2025-11-10"), PM): "U",
        (d("2025-11-11"), AM): "U",
        (d("2025-11-11"), PM): "U",
        (d("2025-11-12"), AM): "U",
    }
    alert = penalty_notice(learner(marks), CALENDAR, d("2025-11-14"), SETTINGS)
    assert alert is not None
    assert alert.date == d("2025-11-12")


def test_penalty_window_is_ten_school_weeks_not_eleven() -> None:
    """The same absences with the second five a week later: the first five are out of window."""
    marks = {
        (d("2025-09-03"), AM): "O",
        (d("2025-09-03"), PM): "O",
        (d("2025-09-04"), AM): "O",
        (d("2025-09-04"), PM): "O",
        (d("2025-09-05"), AM): "O",
        (d("2025-11-17"), AM): "U",
        (d("2025-11-17"), PM): "U",
        (d("2025-11-18"), AM): "U",
        (d("2025-11-18"), PM): "U",
        (d("2025-11-19"), AM): "U",
    }
    assert penalty_notice(learner(marks), CALENDAR, d("2025-11-21"), SETTINGS) is None


def test_penalty_window_crosses_the_summer_holiday_and_academic_year() -> None:
    """Week of 14 July 2025 and week of 22 Sept 2025 are within 10 school weeks."""
    july = [d(f"2025-07-{n:02}") for n in (14, 15)]
    marks = {**marks_for(july, "G"), (d("2025-07-16"), AM): "G"}
    marks |= {**marks_for(WEEK_0922[:2], "N"), (d("2025-09-24"), AM): "N"}
    alert = penalty_notice(learner(marks), CALENDAR, d("2025-09-26"), SETTINGS)
    assert alert is not None
    assert alert.date == d("2025-09-24")


def test_penalty_alert_is_dated_the_school_day_the_tenth_session_was_missed() -> None:
    marks = {
        (d("2025-09-08"), AM): "U",
        (d("2025-09-09"), PM): "O",
        (d("2025-09-10"), AM): "U",
        (d("2025-09-11"), AM): "N",
        (d("2025-09-12"), PM): "G",
        (d("2025-09-15"), AM): "U",
        (d("2025-09-15"), PM): "U",
        (d("2025-09-16"), AM): "O",
        (d("2025-09-16"), PM): "O",
        (d("2025-09-17"), AM): "U",  # the 10th
        (d("2025-09-18"), AM): "U",
    }
    alert = penalty_notice(learner(marks), CALENDAR, d("2025-10-01"), SETTINGS)
    assert alert is not None
    assert alert.date == d("2025-09-17")


def test_penalty_threshold_counts_only_sessions_up_to_the_day_checked() -> None:
    marks = marks_for(WEEK_0908[3:], "U") | marks_for(WEEK_0915[:3], "U")
    register = learner(marks)
    assert penalty_notice(register, CALENDAR, d("2025-09-16"), SETTINGS) is None
    alert = penalty_notice(register, CALENDAR, d("2025-09-17"), SETTINGS)
    assert alert is not None and alert.date == d("2025-09-17")


def test_penalty_alert_stops_holding_when_old_absences_leave_the_window() -> None:
    """Ten U in the week of 8 Sept: still in window in the week of 17 Nov, gone on 24 Nov."""
    register = learner(marks_for(WEEK_0908, "U"))
    still = penalty_notice(register, CALENDAR, d("2025-11-21"), SETTINGS)
    assert still is not None
    assert still.date == d("2025-09-12")
    assert penalty_notice(register, CALENDAR, d("2025-11-24"), SETTINGS) is None


def test_penalty_threshold_is_re_evaluated_after_an_amendment() -> None:
    marks = marks_for(WEEK_0908, "U")
    assert penalty_notice(learner(marks), CALENDAR, d("2025-09-12"), SETTINGS) is not None
    marks[(d("2025-09-10"), AM)] = "M"  # amended: it was a medical appointment
    assert penalty_notice(learner(marks), CALENDAR, d("2025-09-12"), SETTINGS) is None


def test_penalty_threshold_checked_at_a_weekend_uses_the_week_just_ended() -> None:
    register = learner(marks_for(WEEK_0908, "U"))
    alert = penalty_notice(register, CALENDAR, d("2025-09-14"), SETTINGS)
    assert alert is not None and alert.date == d("2025-09-12")


# --- Unauthorised absence for 10 continuous school days ------------------------------------


def test_ten_continuous_school_days_of_g_n_o_trigger_the_run_alert() -> None:
    marks = (
        marks_for(TEN_DAYS[:3], "G") | marks_for(TEN_DAYS[3:7], "N") | marks_for(TEN_DAYS[7:], "O")
    )
    alert = unauthorised_run(learner(marks), CALENDAR, d("2025-09-19"), SETTINGS)
    assert alert is not None
    assert alert.kind == UNAUTHORISED_RUN
    assert alert.date == d("2025-09-19")


def test_nine_continuous_days_are_not_enough() -> None:
    marks = marks_for(TEN_DAYS[:9], "O") | present(TEN_DAYS[9:])
    assert unauthorised_run(learner(marks), CALENDAR, d("2025-09-19"), SETTINGS) is None


def test_run_alert_is_dated_the_tenth_day_even_when_the_run_goes_on() -> None:
    marks = marks_for(TEN_DAYS + WEEK_0922, "O")
    alert = unauthorised_run(learner(marks), CALENDAR, d("2025-09-26"), SETTINGS)
    assert alert is not None
    assert alert.date == d("2025-09-19")


@pytest.mark.parametrize(
    ("am", "pm"),
    [("U", "U"), ("O", "U"), ("/", "O"), ("O", "\\"), ("L", "L"), ("I", "O"), ("M", "M")],
)
def test_a_day_with_any_other_possible_mark_breaks_the_run(am: str, pm: str) -> None:
    """5 days O, a breaking day, then 9 days O: the longest unbroken run is 9."""
    days = WEEK_0908 + WEEK_0915 + WEEK_0922
    marks = marks_for(days, "O")
    marks[(d("2025-09-15"), AM)] = am
    marks[(d("2025-09-15"), PM)] = pm
    assert unauthorised_run(learner(marks), CALENDAR, d("2025-09-26"), SETTINGS) is None


def test_run_carries_over_a_weekend_and_half_term() -> None:
    days = [d(f"2025-10-{n}") for n in (20, 21, 22, 23, 24)] + [
        d(f"2025-11-{n:02}") for n in (3, 4, 5, 6, 7)
    ]
    alert = unauthorised_run(learner(marks_for(days, "N")), CALENDAR, d("2025-11-07"), SETTINGS)
    assert alert is not None
    assert alert.date == d("2025-11-07")


def test_run_carries_over_a_closure_day() -> None:
    calendar = make_calendar(Closure(d("2025-09-15"), None, "INSET day"))
    days = [day for day in TEN_DAYS + WEEK_0922 if day != d("2025-09-15")]
    alert = unauthorised_run(learner(marks_for(days, "O")), calendar, d("2025-09-26"), SETTINGS)
    assert alert is not None
    assert alert.date == d("2025-09-22")


@pytest.mark.parametrize("code", ["D", "Y2", "#", "Q"])
def test_a_day_of_only_not_possible_marks_is_skipped_without_breaking_the_run(code: str) -> None:
    days = TEN_DAYS + WEEK_0922
    marks = marks_for(days, "O")
    marks[(d("2025-09-15"), AM)] = code
    marks[(d("2025-09-15"), PM)] = code
    alert = unauthorised_run(learner(marks), CALENDAR, d("2025-09-26"), SETTINGS)
    assert alert is not None
    assert alert.date == d("2025-09-22")


def test_a_day_with_one_not_possible_and_one_unauthorised_session_counts() -> None:
    """Only the possible session decides the day: D in the afternoon, N in the morning."""
    marks = marks_for(TEN_DAYS, "N")
    marks[(d("2025-09-19"), PM)] = "D"
    alert = unauthorised_run(learner(marks), CALENDAR, d("2025-09-19"), SETTINGS)
    assert alert is not None and alert.date == d("2025-09-19")


def test_a_day_with_one_session_closed_counts_on_its_open_session() -> None:
    calendar = make_calendar(Closure(d("2025-09-19"), PM, "Training"))
    marks = marks_for(TEN_DAYS[:9], "G") | {(d("2025-09-19"), AM): "G"}
    alert = unauthorised_run(learner(marks), calendar, d("2025-09-19"), SETTINGS)
    assert alert is not None and alert.date == d("2025-09-19")


def test_run_ignores_days_after_the_day_checked() -> None:
    register = learner(marks_for(TEN_DAYS, "O"))
    assert unauthorised_run(register, CALENDAR, d("2025-09-18"), SETTINGS) is None


# --- Illness ---------------------------------------------------------------------------------


def test_thirty_illness_sessions_in_the_academic_year_trigger_the_alert() -> None:
    days = WEEK_0908 + WEEK_0915 + WEEK_0922  # 15 days, 30 sessions
    alert = illness(learner(marks_for(days, "I")), d("2025-09-30"), SETTINGS)
    assert alert is not None
    assert alert.kind == ILLNESS
    assert alert.date == d("2025-09-26")
    assert "30 sessions" in alert.detail


def test_twenty_nine_illness_sessions_do_not_trigger_the_alert() -> None:
    days = WEEK_0908 + WEEK_0915 + WEEK_0922
    marks = marks_for(days, "I")
    marks[(d("2025-09-26"), PM)] = "\\"
    assert illness(learner(marks), d("2025-09-30"), SETTINGS) is None


def test_illness_sessions_after_the_day_checked_do_not_count() -> None:
    days = WEEK_0908 + WEEK_0915 + WEEK_0922
    assert illness(learner(marks_for(days, "I")), d("2025-09-25"), SETTINGS) is None


def test_illness_sessions_need_not_be_consecutive() -> None:
    """One morning of illness on each of 30 separate school days."""
    days = CALENDAR.school_days(d("2025-09-03"), d("2025-12-19"))[::2][:30]
    alert = illness(learner(marks_for(days, "I", [AM])), d("2025-12-19"), SETTINGS)
    assert alert is not None
    assert alert.date == days[29]


def test_illness_in_the_previous_academic_year_does_not_count() -> None:
    july = CALENDAR.school_days(d("2025-07-09"), d("2025-07-22"))
    assert len(july) == 10
    marks = marks_for(july, "I") | marks_for(TEN_DAYS, "I")  # 20 + 20 sessions
    assert illness(learner(marks), d("2025-09-30"), SETTINGS) is None


def test_illness_academic_year_runs_to_the_end_of_august() -> None:
    summer = CALENDAR.school_days(d("2025-07-02"), d("2025-07-22"))[:15]
    register = learner(marks_for(summer, "I"))
    alert = illness(register, d("2025-08-31"), SETTINGS)
    assert alert is not None and alert.date == summer[14]
    assert illness(register, d("2025-09-01"), SETTINGS) is None


def test_other_authorised_absence_is_not_illness() -> None:
    days = WEEK_0908 + WEEK_0915 + WEEK_0922
    marks = marks_for(days, "I")
    marks[(d("2025-09-26"), PM)] = "M"
    assert illness(learner(marks), d("2025-09-30"), SETTINGS) is None


# --- Unresolved N ----------------------------------------------------------------------------


def test_n_is_not_flagged_within_five_school_days() -> None:
    register = learner({(d("2025-09-08"), AM): "N"})
    assert unresolved_n(register, CALENDAR, d("2025-09-15"), SETTINGS) == []


def test_n_is_flagged_on_the_sixth_school_day_after_the_session() -> None:
    register = learner({(d("2025-09-08"), AM): "N"})
    alerts = unresolved_n(register, CALENDAR, d("2025-09-16"), SETTINGS)
    assert [(a.date, a.kind) for a in alerts] == [(d("2025-09-16"), UNRESOLVED_N)]
    assert "2025-09-08" in alerts[0].detail


def test_weekend_does_not_count_toward_the_five_days() -> None:
    """N on Wednesday 10 Sept: 11, 12, 15, 16, 17 are the five; flagged Thursday 18."""
    register = learner({(d("2025-09-10"), PM): "N"})
    assert unresolved_n(register, CALENDAR, d("2025-09-17"), SETTINGS) == []
    alerts = unresolved_n(register, CALENDAR, d("2025-09-18"), SETTINGS)
    assert [a.date for a in alerts] == [d("2025-09-18")]


def test_holiday_delays_the_unresolved_n_flag() -> None:
    """N on Friday 17 Oct: 20-24 Oct are the five, half-term does not count; flagged 3 Nov."""
    register = learner({(d("2025-10-17"), AM): "N"})
    assert unresolved_n(register, CALENDAR, d("2025-10-31"), SETTINGS) == []
    alerts = unresolved_n(register, CALENDAR, d("2025-11-03"), SETTINGS)
    assert [a.date for a in alerts] == [d("2025-11-03")]


def test_a_closure_delays_the_unresolved_n_flag() -> None:
    calendar = make_calendar(Closure(d("2025-09-12"), None, "INSET day"))
    register = learner({(d("2025-09-08"), AM): "N"})
    assert unresolved_n(register, calendar, d("2025-09-16"), SETTINGS) == []
    assert [a.date for a in unresolved_n(register, calendar, d("2025-09-17"), SETTINGS)] == [
        d("2025-09-17")
    ]


def test_each_unresolved_n_is_flagged_separately_and_replaced_ones_are_not() -> None:
    marks = {
        (d("2025-09-08"), AM): "N",
        (d("2025-09-08"), PM): "N",
        (d("2025-09-09"), AM): "I",  # was N, since replaced
        (d("2025-09-10"), AM): "N",
    }
    alerts = unresolved_n(learner(marks), CALENDAR, d("2025-09-16"), SETTINGS)
    assert len(alerts) == 2
    assert {a.date for a in alerts} == {d("2025-09-16")}


# --- Missing registers -----------------------------------------------------------------------


def test_past_unmarked_session_is_a_missing_register() -> None:
    marks = present([d("2025-09-08"), d("2025-09-10")]) | {(d("2025-09-09"), AM): "/"}
    register = learner(marks, start=d("2025-09-08"))
    alerts = missing_registers(register, CALENDAR, datetime(2025, 9, 11, 8, 0), CLOSE)
    assert [(a.date, a.kind) for a in alerts] == [(d("2025-09-09"), MISSING_REGISTER)]
    assert "PM" in alerts[0].detail


def test_todays_session_is_not_missing_before_its_register_closes() -> None:
    register = learner({}, start=d("2025-09-08"))
    moment = datetime(2025, 9, 8, 9, 29, 59)
    assert missing_registers(register, CALENDAR, moment, CLOSE) == []


def test_todays_session_is_missing_once_its_register_has_closed() -> None:
    register = learner({}, start=d("2025-09-08"))
    at_close = missing_registers(register, CALENDAR, datetime(2025, 9, 8, 9, 30), CLOSE)
    assert [(a.date, a.detail) for a in at_close] == [(d("2025-09-08"), "AM register not taken")]
    afternoon = missing_registers(register, CALENDAR, datetime(2025, 9, 8, 13, 15), CLOSE)
    assert len(afternoon) == 2


def test_marked_sessions_are_not_missing_whatever_the_code() -> None:
    marks = {(d("2025-09-08"), AM): "N", (d("2025-09-08"), PM): "D"}
    register = learner(marks, start=d("2025-09-08"))
    assert missing_registers(register, CALENDAR, datetime(2025, 9, 8, 18, 0), CLOSE) == []


def test_sessions_before_the_start_date_are_not_missing() -> None:
    register = learner(present([d("2025-09-10")]), start=d("2025-09-10"))
    assert missing_registers(register, CALENDAR, datetime(2025, 9, 10, 18, 0), CLOSE) == []


def test_sessions_after_the_leaving_date_are_not_missing() -> None:
    register = learner(present(WEEK_0908[:3]), start=d("2025-09-08"), leaving=d("2025-09-10"))
    assert missing_registers(register, CALENDAR, datetime(2025, 9, 19, 18, 0), CLOSE) == []


def test_the_leaving_day_itself_is_still_on_roll() -> None:
    register = learner(present(WEEK_0908[:2]), start=d("2025-09-08"), leaving=d("2025-09-10"))
    alerts = missing_registers(register, CALENDAR, datetime(2025, 9, 19, 18, 0), CLOSE)
    assert {a.date for a in alerts} == {d("2025-09-10")}
    assert len(alerts) == 2


def test_closed_sessions_weekends_and_holidays_are_not_missing() -> None:
    calendar = make_calendar(
        Closure(d("2025-10-22"), None, "INSET day"), Closure(d("2025-10-23"), PM, "Training")
    )
    marks = present([d("2025-10-20"), d("2025-10-21"), d("2025-10-24")]) | {
        (d("2025-10-23"), AM): "/"
    }
    register = learner(marks, start=d("2025-10-20"))
    assert missing_registers(register, calendar, datetime(2025, 11, 2, 12, 0), CLOSE) == []


# --- All watches together --------------------------------------------------------------------


def test_all_alerts_reports_every_watch_oldest_first() -> None:
    marks = marks_for(TEN_DAYS, "N")
    register = learner(marks, start=d("2025-09-08"))
    alerts = all_alerts(register, CALENDAR, datetime(2025, 9, 22, 10, 0), CLOSE)
    assert alerts == sorted(alerts)
    kinds = {a.kind for a in alerts}
    assert kinds == {PENALTY_NOTICE, UNAUTHORISED_RUN, UNRESOLVED_N, MISSING_REGISTER}
    penalty = next(a for a in alerts if a.kind == PENALTY_NOTICE)
    assert penalty.date == d("2025-09-12")
    missing = [a for a in alerts if a.kind == MISSING_REGISTER]
    assert missing == [
        Alert(d("2025-09-22"), MISSING_REGISTER, register.upn, "AM register not taken", "AM")
    ]
    run = next(a for a in alerts if a.kind == UNAUTHORISED_RUN)
    assert run.date == d("2025-09-19")
    # Every N from the week of 8 Sept is more than five school days old by 22 Sept; none later.
    flagged = [a for a in alerts if a.kind == UNRESOLVED_N]
    assert len(flagged) == 10
    assert max(a.date for a in flagged) == d("2025-09-22")
