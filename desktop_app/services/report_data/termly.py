"""The director's termly report: provision totals beside last term, the weekly trend, every
learner worst first, code use, RAG ratings, absconding incidents and risk assessments overdue
or missing."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.calendar import Term, week_start
from desktop_app.domain.permissions import Action
from desktop_app.domain.stats import Summary, summarise_counts, total
from desktop_app.models import Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.report_data.audit import record_print
from desktop_app.services.report_data.common import (
    ReportHeader,
    find_term,
    learners_on_roll,
    previous_term,
    report_header,
)
from desktop_app.services.report_data.termly_safeguarding import (
    Absconding,
    OverdueAssessment,
    absconding,
    overdue_assessments,
    rag_counts,
)


@dataclass(frozen=True, slots=True)
class LearnerTerm:
    upn: str
    name: str
    group: str
    summary: Summary
    previous: Summary | None  # None: not on roll last term (or no previous term)

    @property
    def change(self) -> Decimal | None:
        """Percentage points since last term (from the rounded percentages), or None."""
        now = self.summary.attendance_percent
        before = self.previous.attendance_percent if self.previous else None
        return None if now is None or before is None else now - before


@dataclass(frozen=True, slots=True)
class WeekPoint:
    monday: date
    summary: Summary


@dataclass(frozen=True, slots=True)
class CodeUse:
    code: str
    sessions: int


@dataclass(frozen=True, slots=True)
class Cohort:
    """A term's totals and its persistent and severe absentees among learners with sessions."""

    totals: Summary
    counted: int  # learners with at least one possible session
    persistent: int
    severe: int


@dataclass(frozen=True, slots=True)
class TermlyReport:
    header: ReportHeader
    term: Term
    end: date  # the last day counted: the term's end, or the report date if earlier
    previous_term: Term | None
    this: Cohort
    before: Cohort | None
    weeks: list[WeekPoint]
    learners: list[LearnerTerm]  # worst attendance first
    codes: list[CodeUse]
    rag: dict[str, int]  # 'red', 'amber', 'green' -> learners on roll at the end date
    absconding: Absconding
    overdue: list[OverdueAssessment]


def _counts(session: Session, start: date, end: date) -> dict[int, dict[str, int]]:
    query = (
        select(Mark.learner_id, Mark.code, func.count())
        .where(Mark.date.between(start, end))
        .group_by(Mark.learner_id, Mark.code)
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for learner_id, code, n in session.execute(query):
        found[learner_id][code] = n
    return found


def _weeks(session: Session, start: date, end: date) -> list[WeekPoint]:
    query = (
        select(Mark.date, Mark.code, func.count())
        .where(Mark.date.between(start, end))
        .group_by(Mark.date, Mark.code)
    )
    by_week: dict[date, Counter[str]] = defaultdict(Counter)
    for day, code, n in session.execute(query):
        by_week[week_start(day)][code] += n
    return [WeekPoint(m, summarise_counts(by_week[m])) for m in sorted(by_week)]


def cohort(summaries: list[Summary]) -> Cohort:
    counted = [s for s in summaries if s.possible]
    return Cohort(
        total(summaries),
        len(counted),
        sum(s.persistent_absence for s in counted),
        sum(s.severe_absence for s in counted),
    )


def _worst_first(row: LearnerTerm) -> tuple[int, Fraction, str]:
    s = row.summary
    if s.possible == 0:
        return (1, Fraction(0), row.name)
    return (0, Fraction(s.attended, s.possible), row.name)


def _learner_rows(
    session: Session, term: Term, end: date, before: Term | None
) -> tuple[list[LearnerTerm], dict[int, dict[str, int]]]:
    learners = learners_on_roll(session, term.start, end)
    counts = _counts(session, term.start, end)
    earlier: dict[int, Summary] = {}
    if before is not None:
        earlier = {
            i: summarise_counts(c) for i, c in _counts(session, before.start, before.end).items()
        }
        for ln in learners_on_roll(session, before.start, before.end):
            earlier.setdefault(ln.id, Summary())
    rows = [
        LearnerTerm(
            ln.upn,
            f"{ln.forename} {ln.surname}",
            ln.group.name if ln.group else "",
            summarise_counts(counts.get(ln.id, {})),
            earlier.get(ln.id),
        )
        for ln in learners
    ]
    return sorted(rows, key=_worst_first), counts


def _before_cohort(session: Session, before: Term | None) -> Cohort | None:
    if before is None:
        return None
    counts = _counts(session, before.start, before.end)
    roll = learners_on_roll(session, before.start, before.end)
    return cohort([summarise_counts(counts.get(ln.id, {})) for ln in roll])


def termly_report(db: Database, user: StaffUser, term_name: str, now: datetime) -> TermlyReport:
    """The termly report for the named term, counted to its end or to today if sooner."""
    require(user, Action.TERMLY_REPORTS)
    with db.transaction(actor(user)) as session:
        calendar = load_calendar(session)
        term = find_term(calendar, term_name)
        end = min(term.end, now.date())
        if end < term.start:
            end = term.start - timedelta(days=1)
        before = previous_term(calendar, term)
        rows, counts = _learner_rows(session, term, end, before)
        codes = Counter[str]()
        for by_code in counts.values():
            codes.update(by_code)
        ids = [ln.id for ln in learners_on_roll(session, end, end)] if end >= term.start else []
        report = TermlyReport(
            report_header(session, user, now),
            term,
            end,
            before,
            cohort([r.summary for r in rows]),
            _before_cohort(session, before),
            _weeks(session, term.start, end),
            rows,
            [CodeUse(c, n) for c, n in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))],
            rag_counts(session, end, ids),
            absconding(session, term.start, end),
            overdue_assessments(session, end),
        )
        record_print(session, "termly_report", None, f"printed the termly report for {term.name}")
    return report
