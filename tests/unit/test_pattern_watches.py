"""Persistent lateness and illness evidence, judged within a half-term (seed 001 §4.5, §5.3)."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.pattern_watches import (
    ILLNESS_EVIDENCE,
    PERSISTENT_LATENESS,
    half_term,
    illness_evidence,
    illness_spells,
    persistent_lateness,
)
from desktop_app.domain.thresholds import DEFAULTS, Thresholds
from tests.unit.helpers import AM, PM, d, learner, make_calendar, marks_for

CAL = make_calendar()
# Autumn 1 ends Friday 24 October 2025; Autumn 2 begins Monday 3 November.
LAST_WEEK_A1 = [d(f"2025-10-{n}") for n in (20, 21, 22, 23, 24)]
FIRST_WEEK_A2 = [d(f"2025-11-0{n}") for n in (3, 4, 5, 6, 7)]
SECOND_WEEK_A2 = [d(f"2025-11-{n}") for n in (10, 11, 12, 13, 14)]


def present(days: list[date]) -> dict:
    return {**marks_for(days, "/", [AM]), **marks_for(days, "\\", [PM])}


def lates(days: list[date], code: str = "L") -> dict:
    return {**present(days), **marks_for(days, code, [AM])}


# --- Persistent lateness ------------------------------------------------------------------


def test_four_late_marks_in_a_half_term_are_not_persistent_lateness() -> None:
    register = learner(lates(FIRST_WEEK_A2[:4]))
    assert persistent_lateness(register, CAL, d("2025-11-14"), DEFAULTS) is None


def test_the_fifth_late_mark_makes_persistent_lateness_on_its_day() -> None:
    register = learner(lates(FIRST_WEEK_A2[:4]) | lates([SECOND_WEEK_A2[2]], "U"))
    alert = persistent_lateness(register, CAL, d("2025-11-14"), DEFAULTS)
    assert alert is not None
    assert (alert.kind, alert.date) == (PERSISTENT_LATENESS, SECOND_WEEK_A2[2])
    assert "5 late marks in Autumn 2" in alert.detail


def test_lates_in_the_previous_half_term_do_not_count() -> None:
    """Three lates in the last days of Autumn 1 and two in Autumn 2's first days: 2, not 5."""
    register = learner(lates(LAST_WEEK_A1[2:]) | lates(FIRST_WEEK_A2[:2]))
    assert persistent_lateness(register, CAL, d("2025-11-07"), DEFAULTS) is None
    # ...while on the last day of Autumn 1, five there do count.
    register = learner(lates(LAST_WEEK_A1))
    alert = persistent_lateness(register, CAL, d("2025-10-24"), DEFAULTS)
    assert alert is not None and alert.date == d("2025-10-24")


def test_during_the_half_term_holiday_the_half_term_just_ended_is_judged() -> None:
    register = learner(lates(LAST_WEEK_A1))
    assert half_term(CAL, d("2025-10-29")).name == "Autumn 1"
    assert persistent_lateness(register, CAL, d("2025-10-29"), DEFAULTS) is not None


def test_the_lateness_threshold_is_a_setting() -> None:
    register = learner(lates(FIRST_WEEK_A2[:4]))
    lower = Thresholds({"lateness_marks": 4})
    assert persistent_lateness(register, CAL, d("2025-11-07"), lower) is not None


# --- Illness evidence -----------------------------------------------------------------------


def ill(days: list[date]) -> dict:
    return marks_for(days, "I")


def test_illness_of_five_consecutive_school_days_does_not_ask_for_evidence() -> None:
    register = learner(present(FIRST_WEEK_A2) | ill(SECOND_WEEK_A2))
    assert illness_evidence(register, CAL, d("2025-11-14"), DEFAULTS) is None


def test_illness_longer_than_five_school_days_asks_for_evidence_on_the_sixth() -> None:
    days = [*SECOND_WEEK_A2, d("2025-11-17")]
    register = learner(ill(days))
    alert = illness_evidence(register, CAL, d("2025-11-17"), DEFAULTS)
    assert alert is not None
    assert (alert.kind, alert.date) == (ILLNESS_EVIDENCE, d("2025-11-17"))
    assert "more than 5 consecutive school days" in alert.detail


def test_a_weekend_does_not_break_an_illness_run() -> None:
    """Thu 6 to Thu 13 November is six school days across a weekend."""
    days = FIRST_WEEK_A2[3:] + SECOND_WEEK_A2[:4]
    spells = illness_spells(learner(ill(days)), CAL, d("2025-11-03"), d("2025-11-14"))
    assert [len(s) for s in spells] == [6]


def test_three_separate_illness_absences_in_a_half_term_ask_for_evidence() -> None:
    marks = present(FIRST_WEEK_A2 + SECOND_WEEK_A2)
    marks |= ill([FIRST_WEEK_A2[0], FIRST_WEEK_A2[3], SECOND_WEEK_A2[1]])
    alert = illness_evidence(learner(marks), CAL, d("2025-11-14"), DEFAULTS)
    assert alert is not None
    assert alert.date == SECOND_WEEK_A2[1]
    assert "3 separate illness absences in Autumn 2" in alert.detail


def test_two_illness_absences_are_not_enough() -> None:
    marks = present(FIRST_WEEK_A2 + SECOND_WEEK_A2)
    marks |= ill([FIRST_WEEK_A2[0], FIRST_WEEK_A2[3]])
    assert illness_evidence(learner(marks), CAL, d("2025-11-14"), DEFAULTS) is None


def test_an_illness_absence_in_the_previous_half_term_is_not_counted() -> None:
    marks = present(LAST_WEEK_A1 + FIRST_WEEK_A2)
    marks |= ill([LAST_WEEK_A1[4], FIRST_WEEK_A2[0], FIRST_WEEK_A2[3]])
    assert illness_evidence(learner(marks), CAL, d("2025-11-07"), DEFAULTS) is None


def test_an_unmarked_day_neither_extends_nor_breaks_an_illness_spell() -> None:
    marks = present(FIRST_WEEK_A2) | ill([FIRST_WEEK_A2[1]]) | ill([FIRST_WEEK_A2[3]])
    del marks[(FIRST_WEEK_A2[2], AM)], marks[(FIRST_WEEK_A2[2], PM)]
    spells = illness_spells(learner(marks), CAL, FIRST_WEEK_A2[0], FIRST_WEEK_A2[4])
    assert spells == [[FIRST_WEEK_A2[1], FIRST_WEEK_A2[3]]]
