"""Attendance statistics: the denominator, percentages, thresholds, totals and bands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.domain.codes import CODES
from desktop_app.domain.stats import (
    Bands,
    Summary,
    format_percent,
    summarise,
    summarise_counts,
    total,
)


def counts(attended: int = 0, authorised: int = 0, unauthorised: int = 0, **others: int) -> Summary:
    """A summary from '/' (attended), 'I' (authorised) and 'O' (unauthorised) sessions."""
    return summarise_counts({"/": attended, "I": authorised, "O": unauthorised, **others})


def test_every_code_summarises_into_exactly_one_figure() -> None:
    """One session of every code: 8 attended, 10 authorised, 4 unauthorised, 12 not possible."""
    summary = summarise(list(CODES))
    assert summary.attended == 8
    assert summary.authorised == 10
    assert summary.unauthorised == 4
    assert summary.possible == 22


@pytest.mark.parametrize(
    "marks",
    [
        ["/", "\\", "L", "K", "M", "I", "C2", "J1", "G", "N", "O", "U", "D", "Y3", "#"],
        ["U"] * 3 + ["/"] * 7 + ["Z"] * 4,
        ["B", "W", "E", "R", "T", "S", "C1", "C", "X", "Q"],
    ],
)
def test_possible_is_attended_plus_authorised_plus_unauthorised(marks: list[str]) -> None:
    summary = summarise(marks)
    assert summary.possible == summary.attended + summary.authorised + summary.unauthorised
    assert summary.absent == summary.authorised + summary.unauthorised


def test_late_counts_as_attended_and_u_as_unauthorised() -> None:
    summary = summarise(["L", "U"])
    assert (summary.possible, summary.attended, summary.unauthorised) == (2, 1, 1)


@pytest.mark.parametrize("code", ["K", "V", "P", "W", "B"])
def test_approved_activity_counts_as_attended(code: str) -> None:
    summary = summarise([code, code])
    assert (summary.possible, summary.attended, summary.absent) == (2, 2, 0)


@pytest.mark.parametrize("code", ["C2", "J1", "M", "I"])
def test_authorised_absence_codes_count_as_authorised(code: str) -> None:
    summary = summarise([code])
    assert (summary.possible, summary.attended, summary.authorised, summary.unauthorised) == (
        1,
        0,
        1,
        0,
    )


@pytest.mark.parametrize("code", ["G", "N", "O", "U"])
def test_unauthorised_codes_count_as_unauthorised(code: str) -> None:
    summary = summarise([code])
    assert (summary.possible, summary.authorised, summary.unauthorised) == (1, 0, 1)


@pytest.mark.parametrize(
    "code", ["D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#"]
)
def test_not_possible_codes_are_left_out_of_every_figure(code: str) -> None:
    summary = summarise(["/", "O", code, code])
    assert summary == Summary(possible=2, attended=1, unauthorised=1, late=0, late_after_close=0)
    assert summary.attendance_percent == Decimal("50.00")


def test_not_possible_sessions_do_not_dilute_persistent_absence() -> None:
    """1 absence in 10 possible is PA; if 10 D sessions entered the denominator it would not be."""
    summary = summarise(["/"] * 9 + ["O"] + ["D"] * 10)
    assert summary.possible == 10
    assert summary.persistent_absence


def test_attendance_percent_is_attended_over_possible() -> None:
    assert counts(attended=3, unauthorised=1).attendance_percent == Decimal("75.00")


@pytest.mark.parametrize(
    ("attended", "possible", "expected"),
    [
        (765, 800, "95.63"),  # exactly 95.625: half-up, not half-even (95.62) or float rounding
        (5, 800, "0.63"),  # exactly 0.625
        (1, 800, "0.13"),  # exactly 0.125
        (2, 3, "66.67"),
        (1, 3, "33.33"),
        (1801, 2000, "90.05"),
        (7, 7, "100.00"),
        (0, 4, "0.00"),
    ],
)
def test_attendance_percent_rounds_half_up_to_two_places(
    attended: int, possible: int, expected: str
) -> None:
    percent = counts(attended=attended, unauthorised=possible - attended).attendance_percent
    assert percent == Decimal(expected)
    assert str(percent) == expected


@pytest.mark.parametrize("marks", [[], ["D"], ["#", "Z", "Y1", "X", "Q"]])
def test_attendance_percent_is_undefined_when_nothing_was_possible(marks: list[str]) -> None:
    summary = summarise(marks)
    assert summary.possible == 0
    assert summary.attendance_percent is None
    assert not summary.persistent_absence
    assert not summary.severe_absence


def test_undefined_percent_is_shown_as_a_dash() -> None:
    assert format_percent(None) == "–"
    assert format_percent(Decimal("95.63")) == "95.6%"


def test_exactly_ten_percent_absence_is_persistent() -> None:
    summary = counts(attended=18, unauthorised=2)
    assert summary.attendance_percent == Decimal("90.00")
    assert summary.persistent_absence


def test_just_under_ten_percent_absence_is_not_persistent() -> None:
    assert not counts(attended=181, authorised=19).persistent_absence  # 9.5% absent


def test_authorised_absence_counts_toward_persistent_absence() -> None:
    assert counts(attended=9, authorised=1).persistent_absence


def test_attendance_of_90_05_percent_is_not_persistent_absence() -> None:
    summary = counts(attended=1801, unauthorised=199)
    assert summary.attendance_percent == Decimal("90.05")
    assert not summary.persistent_absence


def test_attendance_that_rounds_to_90_but_is_above_it_is_not_persistent_absence() -> None:
    """90.004% shows as 90.00% but absence is 9.996%, under the threshold."""
    summary = counts(attended=22501, unauthorised=2499)
    assert summary.attendance_percent == Decimal("90.00")
    assert not summary.persistent_absence


def test_attendance_that_rounds_up_to_90_but_is_below_it_is_persistent_absence() -> None:
    """89.996% shows as 90.00% but absence is 10.004%, over the threshold."""
    summary = counts(attended=22499, unauthorised=2501)
    assert summary.attendance_percent == Decimal("90.00")
    assert summary.persistent_absence


def test_exactly_fifty_percent_absence_is_severe() -> None:
    assert counts(attended=5, authorised=2, unauthorised=3).severe_absence


def test_just_under_fifty_percent_absence_is_not_severe() -> None:
    summary = counts(attended=1001, unauthorised=999)
    assert summary.persistent_absence
    assert not summary.severe_absence


def test_severe_absence_by_integers_not_rounded_percent() -> None:
    """49.996% attendance rounds to 50.00% but absence is over half: severe."""
    summary = counts(attended=12499, unauthorised=12501)
    assert summary.attendance_percent == Decimal("50.00")
    assert summary.severe_absence


def test_attendance_that_rounds_to_50_but_is_above_it_is_not_severe() -> None:
    """50.004% shows as 50.00% but absence is 49.996%, under half."""
    summary = counts(attended=12501, unauthorised=12499)
    assert summary.attendance_percent == Decimal("50.00")
    assert summary.persistent_absence
    assert not summary.severe_absence


def test_provision_total_is_total_attended_over_total_possible() -> None:
    """100% of 1 session and 0% of 9 sessions: 10% overall, not the 50% mean of percentages."""
    full = counts(attended=1)
    absent = counts(unauthorised=9)
    provision = total([full, absent])
    assert provision.attendance_percent == Decimal("10.00")
    assert provision.possible == 10
    assert provision.attended == 1
    assert provision.severe_absence


def test_provision_total_sums_every_count() -> None:
    a = summarise(["/", "L", "I", "U"])
    b = summarise(["L", "O", "M", "D"])
    assert total([a, b]) == Summary(
        possible=7, attended=3, authorised=2, unauthorised=2, late=2, late_after_close=1
    )


def test_total_of_no_learners_is_empty() -> None:
    assert total([]).attendance_percent is None


def test_late_counts_l_sessions_and_late_after_close_counts_u() -> None:
    summary = summarise(["L", "L", "L", "/", "\\", "U", "N"])
    assert summary.late == 3
    assert summary.late_after_close == 1
    assert summary.attended == 5


@pytest.mark.parametrize("bad", ["H", "", "J"])
def test_unknown_retired_or_blank_code_cannot_be_summarised(bad: str) -> None:
    """A blank (unmarked) session is never silently counted, as present or otherwise."""
    with pytest.raises(KeyError):
        summarise(["/", bad])


@pytest.mark.parametrize(
    ("attended", "possible", "band"),
    [
        (100, 100, "no concern"),
        (95, 100, "no concern"),
        (19, 20, "no concern"),
        (23749, 25000, "upper amber"),  # 94.996% shows as 95.00% but is below 95
        (189, 200, "upper amber"),  # 94.5%
        (94, 100, "upper amber"),
        (23499, 25000, "lower amber"),  # 93.996% shows as 94.00% but is below 94
        (939, 1000, "lower amber"),
        (90, 100, "lower amber"),
        (9, 10, "lower amber"),
        (22499, 25000, "significant concern"),  # 89.996% shows as 90.00% but is below 90
        (89, 100, "significant concern"),
        (0, 5, "significant concern"),
    ],
)
def test_bands_compare_exact_attendance(attended: int, possible: int, band: str) -> None:
    summary = counts(attended=attended, unauthorised=possible - attended)
    assert Bands().band(summary) == band


def test_band_is_blank_when_nothing_was_possible() -> None:
    assert Bands().band(summarise(["D", "#"])) == ""


def test_band_thresholds_are_configurable() -> None:
    strict = Bands(no_concern=Decimal("97"), upper_amber=Decimal("95"), lower_amber=Decimal("92"))
    assert strict.band(counts(attended=96, unauthorised=4)) == "upper amber"
    assert strict.band(counts(attended=91, unauthorised=9)) == "significant concern"
