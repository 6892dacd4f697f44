"""Attendance statistics per learner and for the provision, counted in SQL."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.permissions import Action
from desktop_app.domain.stats import Summary, summarise_counts, total
from desktop_app.domain.upn import UpnError, validate_upn
from desktop_app.models import Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.tx import in_transaction


@dataclass(frozen=True, slots=True)
class LearnerStats:
    upn: str
    name: str
    summary: Summary


@dataclass(frozen=True, slots=True)
class StatsReport:
    start: date | None
    end: date | None
    learners: list[LearnerStats]
    totals: Summary


@in_transaction
def summaries(
    session: Session, start: date, end: date, learner_ids: list[int] | None = None
) -> dict[int, Summary]:
    """Each learner's summary over start..end (inclusive), counted in SQL; learners with no
    marks are absent from the result. Runs inside the caller's transaction; no role check."""
    query = (
        select(Mark.learner_id, Mark.code, func.count())
        .where(Mark.date.between(start, end))
        .group_by(Mark.learner_id, Mark.code)
    )
    if learner_ids is not None:
        query = query.where(Mark.learner_id.in_(learner_ids))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for learner_id, code, n in session.execute(query):
        counts[learner_id][code] = n
    return {i: summarise_counts(c) for i, c in counts.items()}


def _check_range(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationFailed([Problem(f"{end} is before {start}", field="to")])


def statistics(
    db: Database,
    user: StaffUser,
    start: date | None = None,
    end: date | None = None,
    upn: str | None = None,
) -> StatsReport:
    """Statistics for every learner on roll in the range (or one learner), and the totals."""
    require(user, Action.VIEW_STATISTICS)
    _check_range(start, end)
    counts = select(Mark.learner_id, Mark.code, func.count()).group_by(Mark.learner_id, Mark.code)
    learners = select(Learner.id, Learner.upn, Learner.forename, Learner.surname)
    if start:
        counts = counts.where(Mark.date >= start)
        learners = learners.where(
            or_(Learner.leaving_date.is_(None), Learner.leaving_date >= start)
        )
    if end:
        counts = counts.where(Mark.date <= end)
        learners = learners.where(Learner.start_date <= end)
    if upn:
        try:
            upn = validate_upn(upn)
        except UpnError as error:
            raise ValidationFailed([Problem(str(error), field="upn")]) from None
        learners = learners.where(Learner.upn == upn)
    with db.reading() as session:
        by_learner: dict[int, dict[str, int]] = defaultdict(dict)
        for learner_id, code, n in session.execute(counts):
            by_learner[learner_id][code] = n
        people = session.execute(learners.order_by(Learner.surname, Learner.forename)).all()
    if upn and not people:
        raise NotFound(f"no learner with UPN {upn}")
    rows = [
        LearnerStats(u, f"{fore} {sur}", summarise_counts(by_learner.get(i, {})))
        for i, u, fore, sur in people
    ]
    return StatsReport(start, end, rows, total(r.summary for r in rows))
