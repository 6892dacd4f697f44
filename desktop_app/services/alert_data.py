"""The register the watches need, read in a bounded way (a helper inside the caller's session).

Only learners on roll during the window are read, and every mark only inside it (the current
half-term, and at least a month). The longer watches read one code each through the index on
(code, date): every `N` however old, the unauthorised marks of the penalty window, the year's
illness for learners with enough of it. Older gaps are found by counting in SQL: a learner whose
older register is complete costs one row of a GROUP BY. A watch whose condition reaches back to
the window's start reads that learner's register again in full (alert_rules), so the day it arose,
and so the alert's id, never depends on the window.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from desktop_app.domain.calendar import SchoolCalendar, Term, academic_year_start
from desktop_app.domain.codes import UNAUTHORISED_CODES
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.thresholds import ACCUMULATED, Thresholds
from desktop_app.domain.watches import RUN_CODES
from desktop_app.models import Learner, Mark
from desktop_app.services.thresholds import thresholds_in
from desktop_app.services.tx import in_transaction

Marks = dict[tuple[date, RegisterSession], str]
LearnerRow = tuple[int, str, date, date | None]
#: Every mark is read at least this far back (a current absence rarely starts earlier; one that
#: does is read again in full).
RECENT = timedelta(days=31)
_SESSIONS = {s.value: s for s in RegisterSession}


@in_transaction
def current_thresholds(session: Session) -> Thresholds:
    """The thresholds in force: the provision's saved values over the registry's defaults."""
    return thresholds_in(session)


def window_start(calendar: SchoolCalendar, as_of: date) -> date:
    """The first day whose every mark is read: the current half-term, and at least a month."""
    starts = [as_of - RECENT]
    term = calendar.term_of(as_of) or _last_term(calendar, as_of)
    if term is not None:
        starts.append(term.start)
    return min(starts)


def penalty_start(calendar: SchoolCalendar, as_of: date, values: Thresholds) -> date:
    """The first day of the penalty-notice window of school weeks ending at as_of."""
    weeks = calendar.school_weeks_back(as_of, values["penalty_weeks"])
    return weeks[0] if weeks else as_of


def _last_term(calendar: SchoolCalendar, as_of: date) -> Term | None:
    day = calendar.school_days_before(as_of, 1)
    return None if day is None else calendar.term_of(day)


@dataclass(slots=True)
class WatchData:
    """The learners in the window, their marks in it, and single codes read further back."""

    since: date
    learners: list[LearnerRow]
    marks: dict[int, Marks] = field(default_factory=dict)
    #: Every N up to the day checked, however old.
    unresolved: dict[int, Marks] = field(default_factory=dict)
    #: Unauthorised marks from the penalty window's start (by learner on roll).
    unauthorised: dict[int, Marks] = field(default_factory=dict)
    unauthorised_since: date | None = None
    #: This academic year's illness marks, for learners with enough to matter.
    illness: dict[int, Marks] = field(default_factory=dict)
    #: This academic year's marks, for learners with enough G/N/O marks in it to reach the
    #: 10-day notice by accumulated days (read only when the local authority counts them so).
    year_runs: dict[int, Marks] = field(default_factory=dict)
    #: Which sessions are marked before the window, for learners with a gap there.
    older: dict[int, Marks] = field(default_factory=dict)

    def on_roll(self, as_of: date) -> list[LearnerRow]:
        return [r for r in self.learners if r[2] <= as_of and (r[3] is None or r[3] >= as_of)]


def _day(raw: object, cache: dict[object, date]) -> date:
    found = cache.get(raw)
    if found is None:
        found = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        cache[raw] = found
    return found


@in_transaction
def read_marks(
    session: Session,
    learner_ids: Collection[int],
    start: date | None,
    end: date,
    codes: Collection[str] | None = None,
) -> dict[int, Marks]:
    """{learner: {(day, session): code}} from start (None: the beginning) to end, of the given
    codes only when `codes` is given."""
    query = select(Mark.learner_id, type_coerce(Mark.date, String), Mark.session, Mark.code).where(
        Mark.date <= end, _learner_in(learner_ids, by_learner=start is None and codes is None)
    )
    if start is not None:
        query = query.where(Mark.date >= start)
    if codes is not None:
        query = query.where(Mark.code.in_(list(codes)))
    found: dict[int, Marks] = defaultdict(dict)
    days: dict[object, date] = {}
    for learner_id, raw, session_name, code in session.execute(query):
        found[learner_id][(_day(raw, days), _SESSIONS[session_name])] = code
    return found


def _learner_in(learner_ids: Collection[int], by_learner: bool) -> ColumnElement[bool]:
    """The learner filter. Reading a date range or one code, `learner_id + 0` keeps the planner
    on the (date, ...) or (code, ...) index, filtering inside it, instead of walking each
    learner's whole register through the (learner_id, date) index and its table rows."""
    column = Mark.learner_id if by_learner else Mark.learner_id + 0
    return column.in_(list(learner_ids))


@in_transaction
def load_watch_data(
    session: Session, calendar: SchoolCalendar, as_of: date, values: Thresholds
) -> WatchData:
    """The learners on roll at any time in the window, their marks in it, and the codes the
    longer watches need (every N, the penalty window's unauthorised marks, the year's illness)."""
    since = window_start(calendar, as_of)
    learners = [
        (r[0], r[1], r[2], r[3])
        for r in session.execute(
            select(Learner.id, Learner.upn, Learner.start_date, Learner.leaving_date).where(
                Learner.start_date <= as_of,
                or_(Learner.leaving_date.is_(None), Learner.leaving_date >= since),
            )
        )
    ]
    data = WatchData(since, learners)
    if not learners:
        return data
    ids = [r[0] for r in learners]
    on_roll = [r[0] for r in data.on_roll(as_of)]
    data.marks = read_marks(session, ids, since, as_of)
    data.unresolved = read_marks(session, ids, None, as_of, ["N"])
    data.unauthorised_since = penalty_start(calendar, as_of, values)
    data.unauthorised = read_marks(
        session, on_roll, data.unauthorised_since, as_of, UNAUTHORISED_CODES
    )
    data.illness = _year_illness(session, on_roll, as_of, values["illness_sessions"])
    if values.choice("unauthorised_run_rule") == ACCUMULATED:
        data.year_runs = _year_runs(session, on_roll, as_of, values["unauthorised_run_days"])
    needing = _older_to_check(session, calendar, since, learners)
    if needing:
        data.older = _marked_sessions(session, needing, since - timedelta(days=1))
    return data


def _year_illness(
    session: Session, learner_ids: list[int], as_of: date, needed: int
) -> dict[int, Marks]:
    """This academic year's I marks, for learners with at least `needed` of them."""
    year = academic_year_start(as_of)
    counted = session.execute(
        select(Mark.learner_id)
        .where(Mark.code == "I", Mark.date >= year, Mark.date <= as_of)
        .group_by(Mark.learner_id)
        .having(func.count() >= needed)
    )
    many = [learner_id for (learner_id,) in counted if learner_id in set(learner_ids)]
    return read_marks(session, many, year, as_of, ["I"]) if many else {}


def _year_runs(
    session: Session, learner_ids: list[int], as_of: date, needed_days: int
) -> dict[int, Marks]:
    """This academic year's marks, for learners with at least `needed_days` G/N/O marks in it
    (a day counts only if one of its sessions is such a mark, so fewer cannot reach it)."""
    year = academic_year_start(as_of)
    counted = session.execute(
        select(Mark.learner_id)
        .where(Mark.code.in_(sorted(RUN_CODES)), Mark.date >= year, Mark.date <= as_of)
        .group_by(Mark.learner_id)
        .having(func.count() >= needed_days)
    )
    on_roll = set(learner_ids)
    many = [learner_id for (learner_id,) in counted if learner_id in on_roll]
    return read_marks(session, many, year, as_of) if many else {}


def _marked_sessions(session: Session, learner_ids: list[int], end: date) -> dict[int, Marks]:
    """Which sessions are marked up to `end` (the code is not read: an index answers it)."""
    query = select(Mark.learner_id, type_coerce(Mark.date, String), Mark.session).where(
        Mark.date <= end, Mark.learner_id.in_(learner_ids)
    )
    found: dict[int, Marks] = defaultdict(dict)
    days: dict[object, date] = {}
    for learner_id, raw, session_name in session.execute(query):
        found[learner_id][(_day(raw, days), _SESSIONS[session_name])] = "?"
    return found


def _older_to_check(
    session: Session, calendar: SchoolCalendar, since: date, learners: list[LearnerRow]
) -> list[int]:
    """Learners who started before the window with fewer marks before it than sessions."""
    early = {r[0]: r for r in learners if r[2] < since}
    if not early:
        return []
    rows = session.execute(
        select(Mark.learner_id, func.count())
        .where(Mark.date < since, Mark.learner_id.in_(list(early)))
        .group_by(Mark.learner_id)
    )
    counted: dict[int, int] = {learner_id: n for learner_id, n in rows}
    sessions = _SessionCounter(calendar)
    needing = []
    for learner_id, (_id, _upn, start, leaving) in early.items():
        end = (
            since - timedelta(days=1)
            if leaving is None
            else min(leaving, since - timedelta(days=1))
        )
        if counted.get(learner_id, 0) < sessions.between(start, end):
            needing.append(learner_id)
    return needing


class _SessionCounter:
    """Open sessions between two days, by prefix sums over the calendar's school days."""

    def __init__(self, calendar: SchoolCalendar) -> None:
        first = calendar.terms[0].start if calendar.terms else date.today()
        last = calendar.terms[-1].end if calendar.terms else first
        self._days = calendar.school_days(first, last)
        self._sums = [0]
        for day in self._days:
            self._sums.append(self._sums[-1] + len(calendar.open_sessions(day)))

    def between(self, start: date, end: date) -> int:
        lo, hi = bisect_left(self._days, start), bisect_right(self._days, end)
        return max(0, self._sums[hi] - self._sums[lo])
