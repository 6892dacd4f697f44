"""A learner's case file for the panel's Case work tab: the live plan, the escalation stage and
its history, meetings, referrals and requests, each cut to what the role may see.

Tutors see the plan's targets only; referrals (and a plan's safeguarding part) are for the DSL
and the director; the rest is attendance work for the attendance officer as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain import casework as rules
from desktop_app.domain.permissions import Action, allowed
from desktop_app.models import CaseRequest, Escalation, FiledLetter, Learner, Meeting, Referral
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.casework import PlanView, live_plan_in
from desktop_app.services.errors import NotFound


@dataclass(frozen=True, slots=True)
class StageMove:
    stage: str  # rules.Stage value
    label: str
    on: date
    reason: str
    by: str


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    kind: str
    label: str
    held_on: date
    attendees: str
    outcome: str
    actions: str
    next_on: date | None
    letters: int  # invitation letters filed against it


@dataclass(frozen=True, slots=True)
class ReferralRow:
    id: int
    agency: str
    label: str
    made: bool
    on: date
    by: str
    reason: str
    not_made_because: str
    outcome: str
    follow_up_on: date | None


@dataclass(frozen=True, slots=True)
class RequestRow:
    id: int
    kind: str
    label: str
    received_on: date
    summary: str  # one line: dates, decision, who was told
    review_on: date | None
    #: What the tab needs to offer the next step: a leave request still waiting for the home
    #: school ('' here) can be decided; a part-time timetable that has not ended, reviewed.
    decision: str = ""  # granted / refused / '' (waiting)
    start_on: date | None = None
    end_on: date | None = None
    code: str = ""  # a leave request's code if granted
    reviewed_on: date | None = None  # a part-time timetable's last review


@dataclass(frozen=True, slots=True)
class CaseFile:
    learner_id: int
    name: str
    plan: PlanView | None
    targets_only: bool  # a tutor: the plan's targets and nothing else
    stage: StageMove | None
    stages: list[StageMove]  # newest first
    meetings: list[MeetingRow]  # newest first
    referrals: list[ReferralRow] | None  # None: not for this role
    requests: list[RequestRow]  # newest first


def _when(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def request_summary(row: CaseRequest) -> str:
    """What a request asked, what was decided and who was told, in one line."""
    parts = []
    if row.start_on and row.end_on and row.start_on != row.end_on:
        parts.append(f"{_when(row.start_on)} to {_when(row.end_on)}")
    elif row.end_on:
        parts.append(_when(row.end_on))
    if row.sessions:
        parts.append(f"attends {row.sessions}")
    if row.code:
        parts.append(row.code)
    if row.decision:
        by = f" by {row.decided_by}" if row.decided_by else ""
        parts.append(f"{row.decision}{by}")
    elif row.kind == rules.RequestKind.LEAVE.value:
        parts.append("waiting for the home school's decision")
    if row.destination:
        parts.append(f"to {row.destination}")
    told = [
        f"{who} told {_when(on)}"
        for who, on in (("home school", row.home_school_told_on), ("LA", row.la_told_on))
        if on
    ]
    parts += told
    if row.meeting_offered_on:
        parts.append(f"meeting offered {_when(row.meeting_offered_on)}")
    if row.reason:
        parts.append(row.reason)
    return "; ".join(parts)


def case_file(db: Database, user: StaffUser, learner_id: int, today: date) -> CaseFile:
    """Everything the Case work tab shows for the learner, cut to the user's role."""
    require(user, Action.VIEW_LEARNERS)
    casework = allowed(user.role, Action.LOG_CONTACTS)
    with db.reading() as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("no such learner")
        name = f"{learner.forename} {learner.surname}"
        plan = live_plan_in(session, user, learner_id, today)
        if not casework:
            return CaseFile(learner_id, name, plan, True, None, [], [], None, [])
        stages = _stages(session, learner_id)
        referrals = (
            _referrals(session, learner_id) if allowed(user.role, Action.SAFEGUARDING) else None
        )
        return CaseFile(
            learner_id, name, plan, False, stages[0] if stages else None, stages,
            _meetings(session, learner_id), referrals, _requests(session, learner_id),
        )  # fmt: skip


def _stages(session: Session, learner_id: int) -> list[StageMove]:
    query = (
        select(Escalation)
        .where(Escalation.learner_id == learner_id)
        .order_by(Escalation.moved_on.desc(), Escalation.id.desc())
    )
    return [
        StageMove(m.stage, rules.STAGE_LABELS[rules.Stage(m.stage)], m.moved_on, m.reason,
                  m.by_name)
        for m in session.scalars(query)
    ]  # fmt: skip


def _meetings(session: Session, learner_id: int) -> list[MeetingRow]:
    letters = dict(
        session.execute(
            select(FiledLetter.meeting_id, func.count())
            .where(FiledLetter.learner_id == learner_id, FiledLetter.meeting_id.is_not(None))
            .group_by(FiledLetter.meeting_id)
        ).all()
    )
    query = (
        select(Meeting)
        .where(Meeting.learner_id == learner_id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    return [
        MeetingRow(m.id, m.kind, rules.MEETING_LABELS[rules.MeetingKind(m.kind)], m.held_on,
                   m.attendees, m.outcome, m.actions, m.next_on, int(letters.get(m.id, 0)))
        for m in session.scalars(query)
    ]  # fmt: skip


def _referrals(session: Session, learner_id: int) -> list[ReferralRow]:
    query = (
        select(Referral)
        .where(Referral.learner_id == learner_id)
        .order_by(Referral.on.desc(), Referral.id.desc())
    )
    return [
        ReferralRow(r.id, r.agency, rules.AGENCY_LABELS[rules.Agency(r.agency)], r.made, r.on,
                    r.by_name, r.reason, r.not_made_because, r.outcome, r.follow_up_on)
        for r in session.scalars(query)
    ]  # fmt: skip


def _requests(session: Session, learner_id: int) -> list[RequestRow]:
    query = (
        select(CaseRequest)
        .where(CaseRequest.learner_id == learner_id)
        .order_by(CaseRequest.received_on.desc(), CaseRequest.id.desc())
    )
    return [
        RequestRow(r.id, r.kind, rules.REQUEST_LABELS[rules.RequestKind(r.kind)], r.received_on,
                   request_summary(r), r.review_on, r.decision, r.start_on, r.end_on, r.code,
                   r.reviewed_on)
        for r in session.scalars(query)
    ]  # fmt: skip
