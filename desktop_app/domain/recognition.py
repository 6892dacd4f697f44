"""Recognition certificates: who earns one for a half-term, decided on whole numbers.

A learner earns a certificate at or above the provision's reward figure (seed 004: 94 %), a
better one at 100 % (every possible session attended), and one for the most improved attendance
on the half-term before (the biggest rise, ties shared; a fall or no change earns nothing). A
learner with no possible sessions earns nothing. Percentages are compared exactly, never rounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

FULL = "full"
REWARD = "reward"
IMPROVED = "improved"

#: (attended, possible) for one learner over a half-term.
Counts = tuple[int, int]


def award_words(award: str, reward_percent: int) -> str:
    return {
        FULL: "100 % attendance",
        REWARD: f"Attendance of {reward_percent} % or more",
        IMPROVED: "Most improved attendance",
    }[award]


def meets_reward(counts: Counts, reward_percent: int) -> bool:
    """At or above the reward figure: 100 × attended ≥ figure × possible."""
    attended, possible = counts
    return possible > 0 and 100 * attended >= reward_percent * possible


def full_attendance(counts: Counts) -> bool:
    attended, possible = counts
    return possible > 0 and attended == possible


def _rate(counts: Counts) -> Fraction | None:
    attended, possible = counts
    return Fraction(attended, possible) if possible > 0 else None


def most_improved(now: Mapping[int, Counts], before: Mapping[int, Counts]) -> set[int]:
    """The learners whose attendance rose most on the half-term before (ties shared)."""
    rises: dict[int, Fraction] = {}
    for learner, counts in now.items():
        this, last = _rate(counts), _rate(before.get(learner, (0, 0)))
        if this is not None and last is not None and this > last:
            rises[learner] = this - last
    if not rises:
        return set()
    best = max(rises.values())
    return {learner for learner, rise in rises.items() if rise == best}


def awards(
    now: Mapping[int, Counts], before: Mapping[int, Counts], reward_percent: int
) -> dict[int, tuple[str, ...]]:
    """Each learner's awards for the half-term (100 % outranks the reward figure)."""
    improved = most_improved(now, before)
    found: dict[int, tuple[str, ...]] = {}
    for learner, counts in now.items():
        earned = []
        if full_attendance(counts):
            earned.append(FULL)
        elif meets_reward(counts, reward_percent):
            earned.append(REWARD)
        if learner in improved:
            earned.append(IMPROVED)
        if earned:
            found[learner] = tuple(earned)
    return found
