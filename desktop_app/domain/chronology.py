"""A learner's chronology: one time-ordered list of what happened, absences told as runs.

Social workers and inspectors ask a DSL for this first; it is made from the records, never
typed twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.codes import CODES


@dataclass(frozen=True, slots=True)
class Entry:
    """One line: when, what kind, what happened, and who recorded or did it."""

    on: date
    kind: str
    summary: str
    by: str = ""
    order: int = 0  # keeps the same day's entries in the order they happened


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive absence sessions: from, to, how many sessions and which codes."""

    first: date
    first_session: str
    last: date
    last_session: str
    sessions: int
    codes: tuple[str, ...]

    def summary(self) -> str:
        codes = ", ".join(f"{c} ({CODES[c].meaning.lower()})" for c in self.codes)
        span = (
            f"{self.first:%a %d %b} {self.first_session}"
            if (self.first, self.first_session) == (self.last, self.last_session)
            else f"{self.first:%a %d %b} {self.first_session} to {self.last:%a %d %b} "
            f"{self.last_session}"
        )
        return f"Absent {self.sessions} session{'s' if self.sessions != 1 else ''}, {span}: {codes}"


def absence_runs(marks: Iterable[tuple[date, str, str]]) -> list[Run]:
    """Runs of absence in (date, 'AM'|'PM', code) marks: an attended mark ends a run; marks that
    are not possible sessions (and unmarked sessions) neither end nor extend one."""
    ordered = sorted(marks, key=lambda m: (m[0], m[1]))
    runs: list[Run] = []
    current: list[tuple[date, str, str]] = []
    for mark in ordered:
        code = CODES.get(mark[2])
        if code is None or not code.counts_as_possible:
            continue
        if code.is_absence:
            current.append(mark)
        elif current:
            runs.append(_run(current))
            current = []
    if current:
        runs.append(_run(current))
    return runs


def _run(marks: list[tuple[date, str, str]]) -> Run:
    codes = tuple(dict.fromkeys(m[2] for m in marks))
    return Run(marks[0][0], marks[0][1], marks[-1][0], marks[-1][1], len(marks), codes)


def in_order(entries: Iterable[Entry]) -> list[Entry]:
    """Oldest first; the same day's entries in the order they happened."""
    return sorted(entries, key=lambda e: (e.on, e.order))
