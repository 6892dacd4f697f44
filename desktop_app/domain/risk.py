"""Scoring the high-needs learner risk assessment (domain.md, "Risk assessment").

Score = likelihood x frequency, each 1 to 5; bands 20-25 RED, 10-19 AMBER, 1-9 GREEN.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.rag import Rating

LIKELIHOOD: dict[int, str] = {
    5: "Certain",
    4: "Probable",
    3: "Possible",
    2: "Not impossible",
    1: "Never",
}
FREQUENCY: dict[int, str] = {
    5: "Daily",
    4: "Weekly",
    3: "Monthly",
    2: "Rarely",
    1: "Never",
}

#: The agencies the form lists, in its order; staff may add others.
AGENCIES: tuple[str, ...] = (
    "Home school",
    "Local authority professional",
    "Social worker",
    "CATE team",
    "Strengthening Families",
    "GP",
    "School nurse",
)

#: The four summary checks at the foot of the form.
CHECKS: dict[str, str] = {
    "reviewed_by_directors": "Reviewed by directors",
    "shared_with_agencies": "Shared with external agencies",
    "approved_by_dsl": "Approved by the DSL",
    "staff_aware": "All staff aware of the learner's risks",
}


def score(likelihood: int, frequency: int) -> int:
    if likelihood not in LIKELIHOOD:
        raise ValueError(f"likelihood must be 1 to 5, not {likelihood}")
    if frequency not in FREQUENCY:
        raise ValueError(f"frequency must be 1 to 5, not {frequency}")
    return likelihood * frequency


def band(value: int) -> Rating:
    """20-25 RED, 10-19 AMBER, 1-9 GREEN."""
    if not 1 <= value <= 25:
        raise ValueError(f"a risk score is 1 to 25, not {value}")
    if value >= 20:
        return Rating.RED
    if value >= 10:
        return Rating.AMBER
    return Rating.GREEN


def highest_band(scores: Iterable[int]) -> Rating | None:
    """The worst band among the risk rows, or None when there are none."""
    bands = [band(s) for s in scores]
    for rating in (Rating.RED, Rating.AMBER, Rating.GREEN):
        if rating in bands:
            return rating
    return None


@dataclass(frozen=True, slots=True)
class Version:
    """What the rules need to know about one version of a learner's assessment."""

    version: int
    review_date: date
    signed_on: date | None


def in_force(versions: Sequence[Version], as_of: date | None = None) -> Version | None:
    """The newest version the DSL has signed (by `as_of`, if given): the assessment in place."""
    signed = [
        v for v in versions if v.signed_on is not None and (as_of is None or v.signed_on <= as_of)
    ]
    return max(signed, key=lambda v: v.version) if signed else None


def is_current(versions: Sequence[Version], as_of: date) -> bool:
    """A signed assessment was in place on `as_of` and its review date had not passed."""
    active = in_force(versions, as_of)
    return active is not None and active.review_date >= as_of


def is_overdue(versions: Sequence[Version], as_of: date) -> bool:
    """The assessment in place on `as_of` should have been reviewed before then."""
    active = in_force(versions, as_of)
    return active is not None and active.review_date < as_of
