"""The Learners screen's list: who is on roll, their rating and this term's attendance."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.calendar import SchoolCalendar, Term
from desktop_app.domain.permissions import Action
from desktop_app.domain.stats import Summary, summarise_counts
from desktop_app.models import Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.followups import contact_counts
from desktop_app.services.rag import ratings


@dataclass(frozen=True, slots=True)
class LearnerListRow:
    id: int
    upn: str
    forename: str
    surname: str
    group: str
    rating: str
    needs_assessment: bool
    term_percent: Decimal | None
    persistent: bool
    severe: bool
    on_roll: bool
    contacts: int

    @property
    def name(self) -> str:
        return f"{self.surname}, {self.forename}"


def current_term(calendar: SchoolCalendar, today: date) -> Term | None:
    """The term today is in, else the most recent one that has started."""
    term = calendar.term_of(today)
    if term is not None:
        return term
    started = [t for t in calendar.terms if t.start <= today]
    return max(started, key=lambda t: t.start) if started else None


def summaries(
    session: Session, start: date, end: date, learner_ids: list[int] | None = None
) -> dict[int, Summary]:
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


def learner_list(
    db: Database, user: StaffUser, today: date | None = None, include_left: bool = False
) -> list[LearnerListRow]:
    """Every learner on roll today or joining later (and, if asked, those who have left)."""
    require(user, Action.VIEW_LEARNERS)
    today = today or date.today()
    with db.reading() as session:
        calendar = load_calendar(session)
        term = current_term(calendar, today)
        learners = list(
            session.scalars(select(Learner).order_by(Learner.surname, Learner.forename))
        )
        ids = [learner.id for learner in learners]
        rated = ratings(session, today, ids)
        counts = contact_counts(session, ids)
        term_stats = (
            summaries(session, term.start, min(term.end, today), ids) if term is not None else {}
        )
        rows = []
        for learner in learners:
            left = learner.leaving_date is not None and learner.leaving_date < today
            if left and not include_left:
                continue
            on_roll = learner.start_date <= today and not left
            summary = term_stats.get(learner.id, Summary())
            rag = rated[learner.id]
            rows.append(
                LearnerListRow(
                    learner.id,
                    learner.upn,
                    learner.forename,
                    learner.surname,
                    learner.group.name if learner.group else "",
                    rag.rating.value,
                    rag.needs_assessment,
                    summary.attendance_percent,
                    summary.persistent_absence,
                    summary.severe_absence,
                    on_roll,
                    counts.get(learner.id, 0),
                )
            )
        return rows
