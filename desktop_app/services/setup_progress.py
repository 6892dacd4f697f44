"""How far a new register is set up: the first-run checklist on Today.

Each step says where it is done (a page, and a part of it) and whether it is done yet, read from
what is stored; nothing is kept about the checklist itself, so a step ticks itself as soon as the
work is saved and unticks if it is undone (the last term ends, every group is archived).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.permissions import Action
from desktop_app.models import Group, Learner, Mark, ProvisionSettings, SessionTimeSet, Staff, Term
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require

#: A term counts as "this year's" if it covers today or starts within this many weeks.
TERM_AHEAD = timedelta(weeks=8)


@dataclass(frozen=True, slots=True)
class SetupStep:
    """One line of the checklist: what to do, where (a page and its part), and whether done."""

    key: str
    title: str
    detail: str
    page: str  # the navigation name of the page that does it
    part: str  # a tab or action on that page ("" for the page itself)
    done: bool


@dataclass(frozen=True, slots=True)
class SetupProgress:
    steps: tuple[SetupStep, ...]

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def remaining(self) -> int:
        return sum(not step.done for step in self.steps)


def _count(session: Session, query: object) -> int:
    return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def _details_done(session: Session) -> bool:
    row = session.get(ProvisionSettings, 1)
    return row is not None and bool(row.address.strip()) and bool(row.phone or row.email)


def _times_done(session: Session) -> bool:
    """Saved once from the window (a set beyond the first, which set-up writes), or already in
    use: a register has been taken with them."""
    sets = _count(session, select(func.count()).select_from(SessionTimeSet))
    return sets > 1 or _count(session, select(func.count()).select_from(Mark)) > 0


def _terms_done(session: Session, today: date) -> bool:
    query = (
        select(func.count())
        .select_from(Term)
        .where(Term.end_date >= today, Term.start_date <= today + TERM_AHEAD)
    )
    return _count(session, query) > 0


def _groups_done(session: Session) -> bool:
    query = select(func.count()).select_from(Group).where(Group.archived.is_(False))
    return _count(session, query) > 0


def _staff_done(session: Session) -> bool:
    query = select(func.count()).select_from(Staff).where(Staff.active.is_(True))
    return _count(session, query) > 1  # someone besides the director who set it up


def _learners_done(session: Session, today: date) -> bool:
    on_roll = or_(Learner.leaving_date.is_(None), Learner.leaving_date >= today)
    return _count(session, select(func.count()).select_from(Learner).where(on_roll)) > 0


def setup_progress(db: Database, user: StaffUser, today: date) -> SetupProgress:
    """The set-up checklist for the director, each step done or not as the register is now."""
    require(user, Action.MANAGE_SETTINGS)
    with db.reading() as session:
        done = {
            "details": _details_done(session),
            "times": _times_done(session),
            "terms": _terms_done(session, today),
            "groups": _groups_done(session),
            "staff": _staff_done(session),
            "learners": _learners_done(session, today),
        }
    return SetupProgress(tuple(SetupStep(*step, done[step[0]]) for step in STEPS))


#: (key, title, detail, page, part) in the order a new provision does them.
STEPS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "details",
        "Provision details",
        "Address and a phone number or email, printed on letters and reports.",
        "Settings",
        "Provision",
    ),
    (
        "times",
        "Session times",
        "When each register opens and closes: this decides late (L) or unauthorised (U).",
        "Settings",
        "Session times",
    ),
    (
        "terms",
        "This year's terms and closures",
        "Term dates (a term now or starting within 8 weeks), INSET days and other closures.",
        "Calendar",
        "",
    ),
    ("groups", "Groups", "The groups learners are registered in.", "Settings", "Groups"),
    ("staff", "Staff", "An account for each person who takes registers.", "Settings", "Staff"),
    (
        "learners",
        "Learners",
        "Add learners one by one, or import them from a CSV file.",
        "Learners",
        "import",
    ),
)
