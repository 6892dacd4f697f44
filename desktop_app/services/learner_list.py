"""The Learners screen's list: who is on roll, their rating and this term's attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from desktop_app.domain.calendar import SchoolCalendar, Term
from desktop_app.domain.permissions import Action
from desktop_app.domain.stats import Summary
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.followups import contact_counts
from desktop_app.services.rag import ratings
from desktop_app.services.statistics import summaries


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
