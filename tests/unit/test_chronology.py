"""Absences told as runs, and the case-work rules at their edges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.domain import casework as cases
from desktop_app.domain.chronology import Entry, absence_runs, in_order

MON = date(2026, 11, 30)


def day(n: int) -> date:
    return MON + timedelta(days=n)


def test_consecutive_absences_make_one_run_and_a_present_mark_ends_it() -> None:
    marks = [(day(0), "AM", "N"), (day(0), "PM", "N"), (day(1), "AM", "O"), (day(1), "PM", "/"),
             (day(2), "AM", "I")]  # fmt: skip
    runs = absence_runs(marks)
    assert [(r.first, r.first_session, r.last, r.last_session, r.sessions) for r in runs] == [
        (day(0), "AM", day(1), "AM", 3),
        (day(2), "AM", day(2), "AM", 1),
    ]
    assert runs[0].codes == ("N", "O")
    assert runs[0].summary().startswith("Absent 3 sessions, Mon 30 Nov AM to Tue 01 Dec AM")


def test_not_possible_marks_neither_end_nor_extend_a_run() -> None:
    marks = [(day(0), "PM", "G"), (day(1), "AM", "#"), (day(1), "PM", "X"), (day(2), "AM", "G")]
    (run,) = absence_runs(marks)
    assert run.sessions == 2 and run.first == day(0) and run.last == day(2)


def test_the_order_of_the_marks_given_does_not_matter() -> None:
    marks = [(day(1), "AM", "N"), (day(0), "PM", "/"), (day(0), "AM", "N")]
    assert [r.sessions for r in absence_runs(marks)] == [1, 1]


def test_same_day_entries_keep_the_order_they_happened() -> None:
    late = Entry(day(0), "contact", "b", order=50_000)
    early = Entry(day(0), "absence", "a", order=1)
    assert in_order([late, Entry(day(-1), "x", "c"), early])[1:] == [early, late]


def test_a_target_must_rise_and_come_later() -> None:
    cases.check_target(78, 90, day(30), day(0))
    with pytest.raises(cases.CaseError, match="above"):
        cases.check_target(90, 90, day(30), day(0))
    with pytest.raises(cases.CaseError, match="after the plan starts"):
        cases.check_target(78, 90, day(0), day(0))
    with pytest.raises(cases.CaseError, match="0 to 100"):
        cases.check_target(78, 101, day(30), day(0))


def test_a_part_time_timetable_is_time_limited_and_reviewed() -> None:
    sessions = ["Mon AM", "Tue AM"]
    cases.check_part_time(day(0), day(84), day(28), sessions)  # 12 weeks, reviewed at 4
    with pytest.raises(cases.CaseError, match="at most 12 weeks"):
        cases.check_part_time(day(0), day(85), day(28), sessions)
    with pytest.raises(cases.CaseError, match="within 4 weeks"):
        cases.check_part_time(day(0), day(84), day(29), sessions)
    with pytest.raises(cases.CaseError, match="not a session"):
        cases.check_part_time(day(0), day(30), day(14), ["Sat AM"])
    with pytest.raises(cases.CaseError, match="full-time"):
        cases.check_part_time(day(0), day(30), day(14),
                              [f"{d} {p}" for d in ("Mon", "Tue", "Wed", "Thu", "Fri")
                               for p in ("AM", "PM")])  # fmt: skip


def test_a_review_is_owed_from_its_day_until_done() -> None:
    assert not cases.is_owed(day(1), False, day(0))
    assert cases.is_owed(day(1), False, day(1)) and cases.is_owed(day(1), False, day(9))
    assert not cases.is_owed(day(1), True, day(9)) and not cases.is_owed(None, False, day(9))


def test_progress_runs_from_the_start_figure_to_the_target() -> None:
    assert cases.plan_progress(78, 90, 84) == pytest.approx(0.5)
    assert cases.plan_progress(78, 90, 90) == pytest.approx(1.0)
    assert cases.plan_progress(78, 90, 72) == pytest.approx(-0.5)
    assert cases.plan_progress(78, 90, None) is None


def test_a_part_time_review_sets_the_next_within_the_interval_and_before_the_end() -> None:
    cases.check_next_review(day(28), day(56), day(84))  # four weeks on, before the end
    cases.check_next_review(day(28), None, day(84))  # no further review
    cases.check_next_review(day(56), day(84), day(84))  # on the day it ends
    with pytest.raises(cases.CaseError, match="after this one"):
        cases.check_next_review(day(28), day(28), day(84))
    with pytest.raises(cases.CaseError, match="within 4 weeks"):
        cases.check_next_review(day(28), day(57), day(84))
    with pytest.raises(cases.CaseError, match=r"after the timetable ends \("):
        cases.check_next_review(day(70), day(85), day(84))


def test_a_part_time_review_is_recorded_once_held_and_while_it_runs() -> None:
    cases.check_review(day(0), day(84), day(28), day(56), today=day(28))
    with pytest.raises(cases.CaseError, match="not after today") as future:
        cases.check_review(day(0), day(84), day(29), day(56), today=day(28))
    assert future.value.field == "reviewed_on"
    with pytest.raises(cases.CaseError, match=r"before the timetable starts \("):
        cases.check_review(day(7), day(84), day(6), day(28), today=day(28))
    with pytest.raises(cases.CaseError, match="within 4 weeks"):  # the next one checked too
        cases.check_review(day(0), day(84), day(28), day(57), today=day(28))
