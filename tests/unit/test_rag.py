"""The RAG rating (domain.md, "First-day response and the RAG rating").

RED if any RED criterion; else AMBER if any AMBER criterion or persistent/severe absence; else
GREEN. Criteria identified after the day checked do not count yet. The DSL may override."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain.rag import (
    AMBER_FACTORS,
    FACTORS,
    PERSISTENT_REASON,
    RED_FACTORS,
    SEVERE_REASON,
    Factor,
    Override,
    Rating,
    compute,
    is_vulnerable,
)
from tests.unit.helpers import d

AS_OF = d("2025-09-10")
BEFORE = d("2025-09-01")


def rate(*keys: str, persistent: bool = False, severe: bool = False, as_of=AS_OF):
    return compute([Factor(k, BEFORE) for k in keys], as_of, persistent, severe)


# --- The criteria ---------------------------------------------------------------------------


def test_the_red_criteria_are_exactly_the_eight_in_domain_md() -> None:
    assert set(RED_FACTORS) == {
        "ehcp",
        "looked_after",
        "cse",
        "cce",
        "social_worker",
        "cp_plan",
        "section_47",
        "suicide_risk",
    }


def test_the_amber_criteria_are_the_four_ticked_ones_and_absence_is_not_stored() -> None:
    assert set(AMBER_FACTORS) == {
        "external_agency",
        "family_concern",
        "ewo_ast",
        "police_investigation",
    }
    assert set(FACTORS) == set(RED_FACTORS) | set(AMBER_FACTORS)
    assert not set(RED_FACTORS) & set(AMBER_FACTORS)


def test_the_labels_are_the_words_of_domain_md() -> None:
    assert RED_FACTORS == {
        "ehcp": "EHCP",
        "looked_after": "Looked-after child (LAC/CIC)",
        "cse": "Child sexual exploitation (CSE)",
        "cce": "Child criminal exploitation (CCE)",
        "social_worker": "Allocated social worker",
        "cp_plan": "Child protection plan",
        "section_47": "Section 47 investigation",
        "suicide_risk": "Mental health linked to suicide risk (learner or family)",
    }
    assert AMBER_FACTORS == {
        "external_agency": "Working with an external agency",
        "family_concern": "Family concern",
        "ewo_ast": "EWO/AST involvement",
        "police_investigation": "Police investigation",
    }


def test_an_unknown_criterion_is_refused() -> None:
    with pytest.raises(ValueError, match="'persistent' is not a RAG criterion"):
        Factor("persistent", BEFORE)


# --- GREEN, AMBER, RED ----------------------------------------------------------------------


def test_no_criteria_and_good_attendance_is_green_with_no_reasons() -> None:
    result = rate()
    assert result.computed is Rating.GREEN
    assert result.rating is Rating.GREEN
    assert result.reasons == ()
    assert result.override is None


@pytest.mark.parametrize("key", sorted(RED_FACTORS))
def test_each_red_criterion_alone_makes_the_learner_red(key: str) -> None:
    result = rate(key)
    assert result.computed is Rating.RED
    assert result.reasons == (RED_FACTORS[key],)


@pytest.mark.parametrize("key", sorted(AMBER_FACTORS))
def test_each_amber_criterion_alone_makes_the_learner_amber(key: str) -> None:
    result = rate(key)
    assert result.computed is Rating.AMBER
    assert result.reasons == (AMBER_FACTORS[key],)


def test_red_beats_amber_and_only_the_red_reasons_are_given() -> None:
    result = rate("family_concern", "cp_plan", "police_investigation", severe=True, persistent=True)
    assert result.computed is Rating.RED
    assert result.reasons == (RED_FACTORS["cp_plan"],)


def test_several_red_reasons_are_listed_in_the_panel_order() -> None:
    result = rate("suicide_risk", "ehcp")
    assert result.reasons == (RED_FACTORS["ehcp"], RED_FACTORS["suicide_risk"])


def test_persistent_absence_alone_makes_the_learner_amber() -> None:
    result = rate(persistent=True)
    assert result.computed is Rating.AMBER
    assert result.reasons == (PERSISTENT_REASON,)


def test_severe_absence_alone_makes_the_learner_amber_with_the_severe_reason() -> None:
    result = rate(severe=True)
    assert result.computed is Rating.AMBER
    assert result.reasons == (SEVERE_REASON,)


def test_severe_absence_is_given_instead_of_persistent_not_as_well() -> None:
    """Severe absence is also persistent; the panel shows the worse of the two once."""
    assert rate(severe=True, persistent=True).reasons == (SEVERE_REASON,)


def test_severe_absence_comes_before_the_ticked_amber_criteria() -> None:
    result = rate("external_agency", "police_investigation", severe=True)
    assert result.reasons == (
        SEVERE_REASON,
        AMBER_FACTORS["external_agency"],
        AMBER_FACTORS["police_investigation"],
    )


def test_the_absence_reason_comes_before_the_ticked_amber_criteria() -> None:
    result = rate("ewo_ast", "family_concern", persistent=True)
    assert result.computed is Rating.AMBER
    assert result.reasons == (
        PERSISTENT_REASON,
        AMBER_FACTORS["family_concern"],
        AMBER_FACTORS["ewo_ast"],
    )


# --- As at a date ---------------------------------------------------------------------------


def test_a_criterion_identified_on_the_day_checked_counts() -> None:
    assert compute([Factor("ehcp", AS_OF)], AS_OF, False, False).computed is Rating.RED


def test_a_criterion_identified_tomorrow_does_not_count_yet() -> None:
    tomorrow = AS_OF + timedelta(days=1)
    result = compute([Factor("ehcp", tomorrow)], AS_OF, False, False)
    assert result.computed is Rating.GREEN
    assert result.reasons == ()


def test_a_future_red_criterion_does_not_hide_a_current_amber_one() -> None:
    factors = [Factor("looked_after", AS_OF + timedelta(days=1)), Factor("family_concern", AS_OF)]
    result = compute(factors, AS_OF, False, False)
    assert result.computed is Rating.AMBER
    assert result.reasons == (AMBER_FACTORS["family_concern"],)


def test_factors_may_be_any_iterable_such_as_a_generator() -> None:
    factors = (Factor(k, BEFORE) for k in ["cse"])
    assert compute(factors, AS_OF, False, False).computed is Rating.RED


# --- Override -------------------------------------------------------------------------------

AT = datetime(2025, 9, 10, 11, 0, tzinfo=UTC)


def test_an_override_sets_the_rating_in_force_and_keeps_the_computed_one() -> None:
    override = Override(Rating.GREEN, "social worker closed the case", "Dee Dsl", AT)
    result = compute([Factor("social_worker", BEFORE)], AS_OF, False, False, override)
    assert result.computed is Rating.RED
    assert result.rating is Rating.GREEN
    assert result.reasons == (RED_FACTORS["social_worker"],)
    assert (result.override.by, result.override.at) == ("Dee Dsl", AT)


def test_an_override_can_raise_a_green_learner_to_red() -> None:
    override = Override(Rating.RED, "disclosure today", "Dee Dsl", AT)
    result = compute([], AS_OF, False, False, override)
    assert (result.computed, result.rating) == (Rating.GREEN, Rating.RED)


def test_rating_labels_are_upper_case() -> None:
    assert [r.label for r in Rating] == ["RED", "AMBER", "GREEN"]


# --- Vulnerable for the absconding protocol -------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "marked", "expected"),
    [
        (Rating.RED, False, True),
        (Rating.AMBER, False, True),
        (Rating.GREEN, False, False),
        (Rating.GREEN, True, True),
        (Rating.RED, True, True),
    ],
)
def test_red_amber_or_marked_vulnerable_is_vulnerable(
    rating: Rating, marked: bool, expected: bool
) -> None:
    assert is_vulnerable(rating, marked) is expected
