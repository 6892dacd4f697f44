"""The RAG rating that drives how hard staff chase an absence (domain.md, "First-day response").

RED if any RED criterion applies; else AMBER if any AMBER criterion applies or the register shows
persistent or severe absence; else GREEN. The DSL may override the computed rating.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime


class Rating(enum.StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        return self.value.upper()


RED_FACTORS: dict[str, str] = {
    "ehcp": "EHCP",
    "looked_after": "Looked-after child (LAC/CIC)",
    "cse": "Child sexual exploitation (CSE)",
    "cce": "Child criminal exploitation (CCE)",
    "social_worker": "Allocated social worker",
    "cp_plan": "Child protection plan",
    "section_47": "Section 47 investigation",
    "suicide_risk": "Mental health linked to suicide risk (learner or family)",
}
AMBER_FACTORS: dict[str, str] = {
    "external_agency": "Working with an external agency",
    "family_concern": "Family concern",
    "ewo_ast": "EWO/AST involvement",
    "police_investigation": "Police investigation",
}
#: Every criterion staff tick, in the order the panel shows them.
FACTORS: dict[str, str] = {**RED_FACTORS, **AMBER_FACTORS}

PERSISTENT_REASON = "Persistent absence (from the register)"
SEVERE_REASON = "Severe absence (from the register)"


@dataclass(frozen=True, slots=True)
class Factor:
    """A ticked criterion and the day it was identified."""

    key: str
    since: date

    def __post_init__(self) -> None:
        if self.key not in FACTORS:
            raise ValueError(f"'{self.key}' is not a RAG criterion")


@dataclass(frozen=True, slots=True)
class Override:
    rating: Rating
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class RagResult:
    """The computed rating, its reasons, and the rating in force after any override."""

    computed: Rating
    reasons: tuple[str, ...]
    override: Override | None = None

    @property
    def rating(self) -> Rating:
        return self.override.rating if self.override else self.computed


def compute(
    factors: Iterable[Factor],
    as_of: date,
    persistent: bool,
    severe: bool,
    override: Override | None = None,
) -> RagResult:
    """The rating as at `as_of`: criteria identified after that day do not count yet."""
    current = {f.key for f in factors if f.since <= as_of}
    red = [label for key, label in RED_FACTORS.items() if key in current]
    if red:
        return RagResult(Rating.RED, tuple(red), override)
    amber = [label for key, label in AMBER_FACTORS.items() if key in current]
    if severe:
        amber.insert(0, SEVERE_REASON)
    elif persistent:
        amber.insert(0, PERSISTENT_REASON)
    if amber:
        return RagResult(Rating.AMBER, tuple(amber), override)
    return RagResult(Rating.GREEN, (), override)


def is_vulnerable(rating: Rating, marked_vulnerable: bool) -> bool:
    """Vulnerable for the absconding protocol: RED, AMBER, or marked so by staff."""
    return marked_vulnerable or rating in (Rating.RED, Rating.AMBER)
