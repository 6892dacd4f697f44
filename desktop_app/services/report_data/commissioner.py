"""The daily summary for each commissioner: their learners' AM and PM marks, what each absence
was, and the follow-up logged that day.

A session with no mark is told apart honestly: "not yet due" before its register closes,
"missing" after (the learner's whereabouts are not confirmed), or "no session" on a closure.
Of each contact logged, the commissioner sees when, how, with whom and the outcome, and only the
line written for them (`ContactLogEntry.commissioner_note`): the internal notes never leave."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from desktop_app.domain.calendar import SchoolCalendar
from desktop_app.domain.codes import CODES
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.followup import METHODS, OUTCOMES
from desktop_app.domain.permissions import Action
from desktop_app.domain.sessions import SessionTimes, register_closed
from desktop_app.models import ContactLogEntry, Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.report_data.audit import record_print
from desktop_app.services.report_data.common import (
    ReportHeader,
    learners_on_roll,
    local_day_bounds,
    report_header,
)
from desktop_app.services.session_times import times_on
from desktop_app.services.tx import in_transaction

NO_COMMISSIONER = "No commissioner recorded"


#: Why a session has no mark.
MARKED, NOT_YET_DUE, MISSING, NO_SESSION = "marked", "not yet due", "missing", "no session"


@dataclass(frozen=True, slots=True)
class SessionMark:
    code: str | None  # None: not marked
    minutes_late: int | None
    state: str = MARKED  # MARKED, or why there is no mark: NOT_YET_DUE, MISSING, NO_SESSION
    note: str = ""  # when the register closes (not yet due, missing), or why it was closed

    @property
    def meaning(self) -> str:
        if self.code is not None:
            meaning = CODES[self.code].meaning
            return f"{meaning} ({self.minutes_late} min)" if self.minutes_late else meaning
        if self.state == NOT_YET_DUE:
            return f"Not yet due: the register closes at {self.note}"
        if self.state == NO_SESSION:
            return f"No session: {self.note}" if self.note else "No session"
        return f"MISSING: not marked, the register closed at {self.note}"

    @property
    def absent(self) -> bool:
        return self.code is not None and CODES[self.code].is_absence

    @property
    def missing(self) -> bool:
        """Due and not marked: nobody has recorded where the learner is."""
        return self.code is None and self.state == MISSING


@dataclass(frozen=True, slots=True)
class ActionTaken:
    """A contact logged about the learner, as the commissioner may see it (no internal notes)."""

    at: datetime  # local time
    staff: str
    method: str
    with_whom: str
    outcome: str
    shared: str  # the line written for the commissioner; '' = none

    def describe(self) -> str:
        text = f"{self.at:%H:%M} {self.method} with {self.with_whom}: {self.outcome}"
        return f"{text}. {self.shared}" if self.shared else text


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

    @property
    def absent(self) -> list[LearnerDay]:
        """Marked absent for at least one session."""
        return [row for row in self.learners if row.am.absent or row.pm.absent]

    @property
    def missing(self) -> list[LearnerDay]:
        """With a session whose register has closed and has no mark."""
        return [row for row in self.learners if row.am.missing or row.pm.missing]

    @property
    def not_yet_due(self) -> list[str]:
        """The sessions ('PM') whose register had not closed when the summary was made."""
        found = {
            name
            for row in self.learners
            for name, mark in (("AM", row.am), ("PM", row.pm))
            if mark.state == NOT_YET_DUE
        }
        return sorted(found)


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
                entry.commissioner_note,
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


@dataclass(frozen=True, slots=True)
class _Day:
    """What decides why a session has no mark: the calendar, the session times, the moment."""

    day: date
    calendar: SchoolCalendar
    times: dict[RegisterSession, SessionTimes]
    now: datetime  # local wall-clock, naive

    def unmarked(self, name: RegisterSession) -> SessionMark:
        if name not in self.calendar.open_sessions(self.day):
            return SessionMark(None, None, NO_SESSION, self._why_closed(name))
        close = f"{self.times[name].close:%H:%M}"
        if not register_closed(self.times[name], self.day, self.now):
            return SessionMark(None, None, NOT_YET_DUE, close)
        return SessionMark(None, None, MISSING, close)

    def _why_closed(self, name: RegisterSession) -> str:
        if not self.calendar.in_term_weekday(self.day):
            return "not a school day"
        return self.calendar.closure_reason(self.day, name) or "closed"


def _local(moment: datetime) -> datetime:
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


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
    """Every commissioner's learners on roll on day, their marks and the day's follow-up.

    `now` (local) decides which unmarked sessions are not yet due and which are missing."""
    require(user, Action.COMMISSIONER_REPORTS)
    with db.transaction(actor(user)) as session:
        return summary_in(session, user, day, now)


@in_transaction
def summary_in(
    session: Session, user: StaffUser, day: date, now: datetime, printed: bool = True
) -> CommissionerSummary:
    """The summary inside a caller's transaction (the role already checked); with printed,
    the follow-up it shows is recorded as printed in the audit log."""
    learners = learners_on_roll(session, day, day)
    ids = [ln.id for ln in learners]
    marks = _marks(session, ids, day)
    actions = _actions(session, ids, day)
    when = _Day(day, load_calendar(session), times_on(session, day), _local(now))
    blanks = {name.value: when.unmarked(name) for name in RegisterSession}
    result = []
    for name, (first, members) in _group(learners).items():
        comm = first.commissioner if first else None
        rows = [
            LearnerDay(
                ln.upn,
                f"{ln.forename} {ln.surname}",
                ln.group.name if ln.group else "",
                marks.get((ln.id, "AM"), blanks["AM"]),
                marks.get((ln.id, "PM"), blanks["PM"]),
                actions.get(ln.id, []),
            )
            for ln in members
        ]
        contact = (comm.contact_name or "") if comm else ""
        result.append(CommissionerDay(name, contact, (comm.email or "") if comm else "", rows))
    for learner_id in actions if printed else []:
        record_print(
            session, "commissioner_summary", learner_id, f"printed the follow-up for {day}"
        )
    return CommissionerSummary(report_header(session, user, now), day, result)
