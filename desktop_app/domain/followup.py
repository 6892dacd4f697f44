"""Following up an absence: the contact log's vocabulary, and when face-to-face contact and a
safe-and-well check fall due (domain.md, "First-day response and the RAG rating").

An absence day is a school day on which every marked possible session is an absence. Sessions
marked `C2` (outside an agreed part-time timetable) are left out first, like not-possible codes, so
a part-time learner who misses every session they should attend is absent. `U` counts as present
here: the learner came in and was seen, only after the register closed. A school day with nothing
left to judge neither extends nor breaks the absence; a day with any attended mark ends it.
Counting is in school days: day 1 is the first day of the absence.

- Face-to-face contact (a home visit or video call in which the learner is seen) is due on the 1st
  day of absence for RED and again every day; every 3rd day for AMBER; every 5th for GREEN. Each
  face-to-face contact restarts the count from the next school day.
- A safe-and-well check (seeing the learner) is due by the 3rd day of an absence while nobody at
  home has been in contact since it began.
- A planned or explained absence is not chased on that cadence: its days were all marked before
  their sessions began (leave granted, `C2` outside a part-time timetable, a notified
  appointment), or home gave the reason on its first day. Leading planned days are set aside, and
  the unexplained cadence counts from the first day that was not planned. A planned or explained
  absence that reaches 5 consecutive school days gets a home visit due on its 5th day, and every
  5th day after the last visit (seed 001 §8.1); no safe-and-well check is owed for it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.domain.codes import CODES, Absence, Session
from desktop_app.domain.rag import Rating
from desktop_app.domain.thresholds import THRESHOLDS

METHODS: dict[str, str] = {
    "phone_call": "Phone call",
    "text": "Text message",
    "email": "Email",
    "home_visit": "Home visit",
    "video_call": "Video call",
}
FACE_TO_FACE_METHODS = frozenset({"home_visit", "video_call"})

OUTCOMES: dict[str, str] = {
    "spoke": "Spoke to them",
    "replied": "Reply received",
    "no_answer": "No answer",
    "message_left": "Left a message",
    "seen_safe": "Learner seen: safe and well",
    "seen_concern": "Learner seen: concerns raised",
    "not_seen": "Learner not seen",
}
#: Outcomes that mean someone at home (or the learner) was in touch.
FROM_HOME = frozenset({"spoke", "replied", "seen_safe", "seen_concern"})

#: Who a contact was with. Only the family and the learner count as contact from home.
PARTIES: dict[str, str] = {
    "family": "Family or carer",
    "learner": "The learner",
    "professional": "School, local authority or other professional",
}
HOME_PARTIES = frozenset({"family", "learner"})
SEEN = frozenset({"seen_safe", "seen_concern"})

#: Face-to-face contact is due every N school days of absence, by rating.
FACE_TO_FACE_EVERY: dict[Rating, int] = {Rating.RED: 1, Rating.AMBER: 3, Rating.GREEN: 5}
SAFE_AND_WELL_BY_DAY = 3
#: A planned or explained absence this many school days long gets a home visit (seed 001 §8.1).
PLANNED_VISIT_DAY = THRESHOLDS["planned_absence_visit_days"].default

#: Absence codes that are planned and so not chased.
NOT_CHASED = frozenset({"C2"})
#: Absence codes that mean the learner was seen on site.
CAME_IN = frozenset({"U"})


def check_entry(method: str, outcome: str) -> str | None:
    """Why this method and outcome cannot go together, or None when they can."""
    if not method:
        return "Choose how the contact was made"
    if method not in METHODS:
        return f"'{method}' is not a way of making contact"
    if not outcome:
        return "Choose what came of the contact"
    if outcome not in OUTCOMES:
        return f"'{outcome}' is not an outcome"
    if outcome in SEEN | {"not_seen"} and method not in FACE_TO_FACE_METHODS:
        return f"'{OUTCOMES[outcome]}' needs a home visit or a video call"
    return None


@dataclass(frozen=True, slots=True)
class Contact:
    """A logged contact, as the rules see it: the school day it happened and what came of it."""

    day: date
    method: str
    outcome: str
    party: str = "family"

    @property
    def face_to_face(self) -> bool:
        return self.method in FACE_TO_FACE_METHODS and self.outcome in SEEN

    @property
    def from_home(self) -> bool:
        return self.party in HOME_PARTIES and self.outcome in FROM_HOME


def day_kind(codes: Iterable[str]) -> str:
    """'absent', 'present' or 'skip' for one school day's marks."""
    judged = [c for c in codes if CODES[c].counts_as_possible and c not in NOT_CHASED]
    if not judged:
        return "skip"
    if any(not CODES[c].is_absence or c in CAME_IN for c in judged):
        return "present"
    return "absent"


def current_absence(
    school_days: Sequence[date], marks_on: Callable[[date], Iterable[str]]
) -> list[date]:
    """The absence days of the absence still going on at the last of `school_days`.

    `school_days` are in order and end at the day being checked."""
    run: list[date] = []
    for day in reversed(school_days):
        kind = day_kind(marks_on(day))
        if kind == "present":
            break
        if kind == "absent":
            run.insert(0, day)
    return run


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What is owed for an absence that is still going on."""

    absent_since: date
    days_absent: int
    face_to_face_due: date
    safe_and_well_due: date | None
    #: Planned or explained: only the home visit after 5 consecutive school days is owed.
    explained: bool = False


def known_ahead(code: str, recorded: datetime, session_began: datetime) -> bool:
    """Whether a mark was a planned absence: an authorised code (leave granted, `C2`, a notified
    appointment) recorded before its session began. `N`, `O`, `G` and `U` never are: nobody
    knows ahead that a reason will be missing or refused."""
    return CODES[code].absence is Absence.AUTHORISED and recorded < session_began


#: The code that says no reason has been given yet.
NO_REASON = "N"


def reason_given(codes: Iterable[str]) -> bool:
    """Whether a day's absence carries a reason: none of its possible marks is still `N`."""
    return NO_REASON not in codes


def unexplained_part(
    run: Sequence[date],
    planned: Collection[date],
    reasoned: Collection[date],
    contacts: Iterable[Contact],
) -> list[date]:
    """The days of `run` chased as unexplained: those after its leading planned days, and none
    when home gave the reason on the first of them (someone at home was in touch that day and
    the day's absence carries a reason, not `N`)."""
    first = 0
    while first < len(run) and run[first] in planned:
        first += 1
    rest = list(run[first:])
    if rest and rest[0] in reasoned and any(c.from_home and c.day == rest[0] for c in contacts):
        return []
    return rest


def follow_up(
    run: Sequence[date],
    rating: Rating,
    contacts: Iterable[Contact],
    next_school_day: Callable[[date, int], date | None],
    planned: Collection[date] = frozenset(),
    reasoned: Collection[date] = frozenset(),
    visit_day: int = PLANNED_VISIT_DAY,
) -> FollowUp | None:
    """What is due for the absence `run` (from `current_absence`), or None if there is none.

    `planned` are the days whose absence was marked before their sessions began; `reasoned` the
    days whose absence carries a reason (`reason_given`).
    `next_school_day(day, n)` is the n-th school day after `day`; future days are assumed to
    continue the absence, so a due date can be ahead of today."""
    if not run:
        return None
    since = [c for c in contacts if c.day >= run[0]]
    seen = [c.day for c in since if c.face_to_face]
    chased = unexplained_part(run, planned, reasoned, since)
    if not chased:
        due = _due(run, seen, visit_day, next_school_day)
        return FollowUp(run[0], len(run), due, None, explained=True)
    due = _due(chased, seen, FACE_TO_FACE_EVERY[rating], next_school_day)
    safe_and_well = None
    if not any(c.from_home for c in since if c.day >= chased[0]):
        safe_and_well = _nth_day_of(chased, SAFE_AND_WELL_BY_DAY, next_school_day)
    return FollowUp(chased[0], len(chased), due, safe_and_well)


def _due(
    run: Sequence[date],
    seen: Sequence[date],
    every: int,
    next_school_day: Callable[[date, int], date | None],
) -> date:
    """The day face-to-face contact is next due: every `every` absence days, after the last."""
    after = [d for d in seen if d >= run[0]]
    if after:
        return _nth_day_from(run, max(after), every, next_school_day)
    return _nth_day_of(run, every, next_school_day)


def _nth_day_of(
    run: Sequence[date], n: int, next_school_day: Callable[[date, int], date | None]
) -> date:
    """The n-th absence day (1-based), projecting past the end of the run."""
    if n <= len(run):
        return run[n - 1]
    return next_school_day(run[-1], n - len(run)) or run[-1]


def _nth_day_from(
    run: Sequence[date],
    after: date,
    n: int,
    next_school_day: Callable[[date, int], date | None],
) -> date:
    """The n-th absence day after `after`, projecting past the end of the run."""
    later = [d for d in run if d > after]
    if n <= len(later):
        return later[n - 1]
    last = later[-1] if later else max(after, run[-1])
    return next_school_day(last, n - len(later)) or last


def marks_by_day(marks: Mapping[tuple[date, Session], str]) -> Callable[[date], list[str]]:
    """Adapts a {(day, session): code} mapping for `current_absence`."""
    by_day: dict[date, list[str]] = {}
    for (day, _session), code in marks.items():
        by_day.setdefault(day, []).append(code)
    return lambda day: by_day.get(day, [])
