"""Risk assessment scoring (domain.md, "Risk assessment: high-needs learner").

Score = likelihood x frequency, each 1 to 5; band 20-25 RED, 10-19 AMBER, 1-9 GREEN. The
assessment in force is the newest signed version; its review date passing makes it overdue."""

from __future__ import annotations

import pytest

from desktop_app.domain.rag import Rating
from desktop_app.domain.risk import (
    CHECKS,
    FREQUENCY,
    LIKELIHOOD,
    Version,
    band,
    highest_band,
    in_force,
    is_current,
    is_overdue,
    score,
)
from tests.unit.helpers import d

# --- The scales -----------------------------------------------------------------------------


def test_the_likelihood_and_frequency_scales_are_the_forms() -> None:
    assert LIKELIHOOD == {
        5: "Certain",
        4: "Probable",
        3: "Possible",
        2: "Not impossible",
        1: "Never",
    }
    assert FREQUENCY == {5: "Daily", 4: "Weekly", 3: "Monthly", 2: "Rarely", 1: "Never"}


def test_the_four_sign_off_checks() -> None:
    assert set(CHECKS) == {
        "reviewed_by_directors",
        "shared_with_agencies",
        "approved_by_dsl",
        "staff_aware",
    }


# --- Score ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("likelihood", "frequency", "expected"),
    [(1, 1, 1), (3, 3, 9), (2, 5, 10), (5, 2, 10), (4, 4, 16), (4, 5, 20), (5, 4, 20), (5, 5, 25)],
)
def test_score_is_likelihood_times_frequency(
    likelihood: int, frequency: int, expected: int
) -> None:
    assert score(likelihood, frequency) == expected


def test_score_is_a_product_not_a_sum() -> None:
    assert score(2, 3) == 6  # a sum would be 5
    assert score(1, 5) == 5  # a sum would be 6


@pytest.mark.parametrize("likelihood", [0, 6, -1])
def test_likelihood_outside_1_to_5_is_refused(likelihood: int) -> None:
    with pytest.raises(ValueError, match=f"likelihood must be 1 to 5, not {likelihood}"):
        score(likelihood, 3)


@pytest.mark.parametrize("frequency", [0, 6, -1])
def test_frequency_outside_1_to_5_is_refused(frequency: int) -> None:
    with pytest.raises(ValueError, match=f"frequency must be 1 to 5, not {frequency}"):
        score(3, frequency)


# --- Band -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, Rating.GREEN),
        (9, Rating.GREEN),
        (10, Rating.AMBER),
        (19, Rating.AMBER),
        (20, Rating.RED),
        (25, Rating.RED),
    ],
)
def test_band_boundaries(value: int, expected: Rating) -> None:
    assert band(value) is expected


@pytest.mark.parametrize("value", [0, 26, -5])
def test_a_score_outside_1_to_25_has_no_band(value: int) -> None:
    with pytest.raises(ValueError, match=f"a risk score is 1 to 25, not {value}"):
        band(value)


def test_every_pair_on_the_form_has_the_band_its_score_falls_in() -> None:
    """All 25 choices: 3x3 is the highest GREEN, 2x5 the lowest AMBER, 4x5 the lowest RED."""
    for likelihood in LIKELIHOOD:
        for frequency in FREQUENCY:
            value = likelihood * frequency
            expected = Rating.RED if value >= 20 else Rating.AMBER if value >= 10 else Rating.GREEN
            assert band(score(likelihood, frequency)) is expected, (likelihood, frequency)


# --- Highest band ---------------------------------------------------------------------------


def test_no_risk_rows_have_no_band() -> None:
    assert highest_band([]) is None


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([9], Rating.GREEN),
        ([3, 10, 1], Rating.AMBER),
        ([25, 3, 12], Rating.RED),
        ([12, 20], Rating.RED),
        ([1, 9, 4], Rating.GREEN),
    ],
)
def test_highest_band_is_the_worst_row(scores: list[int], expected: Rating) -> None:
    assert highest_band(scores) is expected


def test_highest_band_refuses_an_impossible_score() -> None:
    with pytest.raises(ValueError):
        highest_band([4, 30])


# --- The version in force, current and overdue ----------------------------------------------

TODAY = d("2025-10-01")


def test_no_versions_means_nothing_in_force_current_or_overdue() -> None:
    assert in_force([]) is None
    assert is_current([], TODAY) is False
    assert is_overdue([], TODAY) is False


def test_an_unsigned_draft_is_not_in_force_even_when_its_review_date_has_passed() -> None:
    draft = [Version(1, d("2025-09-01"), None)]
    assert in_force(draft) is None
    assert is_current(draft, TODAY) is False
    assert is_overdue(draft, TODAY) is False


def test_the_newest_signed_version_is_in_force_whatever_the_order_given() -> None:
    v1 = Version(1, d("2025-09-15"), d("2025-06-15"))
    v2 = Version(2, d("2025-12-15"), d("2025-09-14"))
    assert in_force([v1, v2]) == v2
    assert in_force([v2, v1]) == v2


def test_a_newer_unsigned_draft_leaves_the_signed_version_in_force() -> None:
    v1 = Version(1, d("2025-12-15"), d("2025-09-14"))
    v2 = Version(2, d("2026-03-15"), None)
    assert in_force([v1, v2]) == v1


def test_an_assessment_is_current_up_to_and_including_its_review_date() -> None:
    versions = [Version(1, TODAY, d("2025-07-01"))]
    assert is_current(versions, TODAY) is True
    assert is_overdue(versions, TODAY) is False


def test_the_day_after_the_review_date_it_is_overdue_and_not_current() -> None:
    versions = [Version(1, d("2025-09-30"), d("2025-07-01"))]
    assert is_current(versions, TODAY) is False
    assert is_overdue(versions, TODAY) is True


def test_a_signed_review_replaces_an_overdue_version() -> None:
    versions = [
        Version(1, d("2025-09-01"), d("2025-06-01")),
        Version(2, d("2025-12-01"), d("2025-09-20")),
    ]
    assert is_current(versions, TODAY) is True
    assert is_overdue(versions, TODAY) is False


def test_an_unsigned_review_does_not_stop_the_signed_version_being_overdue() -> None:
    versions = [
        Version(1, d("2025-09-01"), d("2025-06-01")),
        Version(2, d("2025-12-01"), None),
    ]
    assert is_current(versions, TODAY) is False
    assert is_overdue(versions, TODAY) is True


def test_an_assessment_signed_after_the_day_checked_was_not_in_place_that_day() -> None:
    """Like RAG criteria, which count only from the day identified, an assessment counts
    only from the day the DSL signed it, so `alerts --as-of` an earlier day does not see it."""
    versions = [Version(1, d("2025-12-01"), d("2025-09-20"))]
    assert is_current(versions, d("2025-09-15")) is False
