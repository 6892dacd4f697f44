"""Which group a learner was in on a day, from their group history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Stay:
    """In group `group_id` (None: no group) from `since`, until the next stay begins."""

    since: date
    group_id: int | None


def group_on(history: Sequence[Stay], day: date, current: int | None) -> int | None:
    """The learner's group on day: the newest stay begun by then.

    With no history the current group stands for every day (a learner never moved); before
    their first stay, the first stay's group.
    """
    if not history:
        return current
    ordered = sorted(history, key=lambda s: s.since)
    found = [s for s in ordered if s.since <= day]
    return (found[-1] if found else ordered[0]).group_id


def groups_in(
    history: Sequence[Stay], days: Sequence[date], current: int | None
) -> set[int | None]:
    """Every group the learner was in on any of these days."""
    return {group_on(history, d, current) for d in days}
