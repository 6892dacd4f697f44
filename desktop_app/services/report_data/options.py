"""What the Reports screen offers: terms, groups and learners to choose from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from desktop_app.domain.calendar import Term
from desktop_app.domain.permissions import Action, allowed
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.register_week import list_groups


@dataclass(frozen=True, slots=True)
class LearnerChoice:
    upn: str
    name: str
    start_date: date


@dataclass(frozen=True, slots=True)
class ReportOptions:
    terms: list[Term]  # newest first
    groups: list[str]  # 'All learners' first
    learners: list[LearnerChoice]  # empty unless the user may print learners' reports


def report_options(db: Database, user: StaffUser) -> ReportOptions:
    """The choices for each report this user may print."""
    require(user, Action.MARK_REGISTER)
    groups = [g.name for g in list_groups(db, user)]
    with db.reading() as session:
        terms = list(reversed(load_calendar(session).terms))
        people: list[LearnerChoice] = []
        if allowed(user.role, Action.COMMISSIONER_REPORTS) or allowed(
            user.role, Action.SEND_LETTERS
        ):
            rows = session.execute(
                select(Learner.upn, Learner.forename, Learner.surname, Learner.start_date).order_by(
                    Learner.surname, Learner.forename
                )
            ).all()
            people = [LearnerChoice(u, f"{s}, {f}", d) for u, f, s, d in rows]
    return ReportOptions(terms, groups, people)
