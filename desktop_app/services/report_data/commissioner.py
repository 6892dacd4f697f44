"""The daily summary for each commissioner: their learners' AM and PM marks, what each absence
was, and the follow-up logged that day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from desktop_app.domain.codes import CODES
from desktop_app.domain.followup import METHODS, OUTCOMES
from desktop_app.domain.permissions import Action
from desktop_app.models import ContactLogEntry, Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.report_data.audit import record_print
from desktop_app.services.report_data.common import (
    ReportHeader,
    learners_on_roll,
    local_day_bounds,
    report_header,
)

NO_COMMISSIONER = "No commissioner recorded"


@dataclass(frozen=True, slots=True)
class SessionMark:
    code: str | None  # None: not marked
    minutes_late: int | None

    @property
    def meaning(self) -> str:
        if self.code is None:
            return "Not marked"
        meaning = CODES[self.code].meaning
        return f"{meaning} ({self.minutes_late} min)" if self.minutes_late else meaning

    @property
    def absent(self) -> bool:
        return self.code is not None and CODES[self.code].is_absence


@dataclass(frozen=True, slots=True)
class ActionTaken:
    at: datetime  # local time
    staff: str
    method: str
    with_whom: str
    outcome: str
    notes: str

    def describe(self) -> str:
        text = f"{self.at:%H:%M} {self.method} with {self.with_whom}: {self.outcome}"
        return f"{text}. {self.notes}" if self.notes else text


@dataclass(frozen=True, slots=True)
class LearnerDay:
    upn: str
    name: str
    group: str
    am: SessionMark
    pm: SessionMark
    actions: list[ActionTaken]


@dataclass(frozen=True, slots=True)
class CommissionerDay:
    name: str
    contact: str
    email: str
    learners: list[LearnerDay]


@dataclass(frozen=True, slots=True)
class CommissionerSummary:
    header: ReportHeader
    day: date
    commissioners: list[CommissionerDay]


def _actions(session: Session, ids: list[int], day: date) -> dict[int, list[ActionTaken]]:
    start, end = local_day_bounds(day)
    query = (
        select(ContactLogEntry)
        .options(joinedload(ContactLogEntry.staff))
        .where(
            ContactLogEntry.learner_id.in_(ids),
            ContactLogEntry.at >= start,
            ContactLogEntry.at < end,
        )
        .order_by(ContactLogEntry.at, ContactLogEntry.id)
    )
    found: dict[int, list[ActionTaken]] = defaultdict(list)
    for entry in session.scalars(query):
        found[entry.learner_id].append(
            ActionTaken(
                entry.at.astimezone(),
                entry.staff.full_name,
                METHODS.get(entry.method, entry.method),
                entry.with_whom,
                OUTCOMES.get(entry.outcome, entry.outcome),
                entry.notes,
            )
        )
    return found


def _marks(session: Session, ids: list[int], day: date) -> dict[tuple[int, str], SessionMark]:
    rows = session.execute(
        select(Mark.learner_id, Mark.session, Mark.code, Mark.minutes_late).where(
            Mark.learner_id.in_(ids), Mark.date == day
        )
    ).all()
    return {(i, s): SessionMark(c, m) for i, s, c, m in rows}


def _group(learners: list[Learner]) -> dict[str, tuple[Learner | None, list[Learner]]]:
    """Learners by commissioner name (with one of them to read its details), names sorted."""
    by_name: dict[str, tuple[Learner | None, list[Learner]]] = {}
    for ln in learners:
        name = ln.commissioner.name if ln.commissioner else NO_COMMISSIONER
        _first, members = by_name.setdefault(name, (ln if ln.commissioner else None, []))
        members.append(ln)
    return dict(sorted(by_name.items(), key=lambda kv: (kv[0] == NO_COMMISSIONER, kv[0])))


def commissioner_summary(
    db: Database, user: StaffUser, day: date, now: datetime
) -> CommissionerSummary:
    """Every commissioner's learners on roll on day, their marks and the day's follow-up."""
    require(user, Action.COMMISSIONER_REPORTS)
    with db.transaction(actor(user)) as session:
        learners = learners_on_roll(session, day, day)
        ids = [ln.id for ln in learners]
        marks = _marks(session, ids, day)
        actions = _actions(session, ids, day)
        blank = SessionMark(None, None)
        result = []
        for name, (first, members) in _group(learners).items():
            comm = first.commissioner if first else None
            rows = [
                LearnerDay(
                    ln.upn,
                    f"{ln.forename} {ln.surname}",
                    ln.group.name if ln.group else "",
                    marks.get((ln.id, "AM"), blank),
                    marks.get((ln.id, "PM"), blank),
                    actions.get(ln.id, []),
                )
                for ln in members
            ]
            contact = (comm.contact_name or "") if comm else ""
            result.append(CommissionerDay(name, contact, (comm.email or "") if comm else "", rows))
        for learner_id in actions:
            record_print(
                session, "commissioner_summary", learner_id, f"printed the follow-up for {day}"
            )
        return CommissionerSummary(report_header(session, user, now), day, result)
