"""A learner's chronology from every record: absences as runs, contacts, letters and emails,
plans and reviews, meetings, stages, referrals, requests, RAG changes, risk assessment versions
and absconding incidents. Each view (and print) is audited.

The DSL and the director see everything; the attendance officer sees the attendance entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import casework as cases
from desktop_app.domain import chronology as rules
from desktop_app.domain.followup import METHODS, OUTCOMES
from desktop_app.domain.letters import STAGES
from desktop_app.domain.permissions import Action, allowed
from desktop_app.domain.rag import AMBER_FACTORS, RED_FACTORS
from desktop_app.models import (
    CaseRequest,
    ContactLogEntry,
    Escalation,
    FiledLetter,
    Incident,
    Learner,
    Mark,
    Meeting,
    RagFactor,
    RagOverride,
    Referral,
    RiskAssessment,
    Sending,
    Staff,
    SupportPlan,
)
from desktop_app.models.auditing import audit_entry
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor
from desktop_app.services.errors import NotFound, PermissionDenied, Problem, ValidationFailed
from desktop_app.services.report_data.common import ReportHeader, report_header

FACTORS = {**RED_FACTORS, **AMBER_FACTORS}


@dataclass(frozen=True, slots=True)
class Chronology:
    header: ReportHeader
    learner_id: int
    upn: str
    name: str
    start: date
    end: date
    kinds: frozenset[str]  # what this role was shown
    entries: list[rules.Entry]


def _kinds_for(user: StaffUser) -> frozenset[str]:
    if allowed(user.role, Action.SAFEGUARDING):
        return cases.ALL_KINDS
    if allowed(user.role, Action.LOG_CONTACTS):
        return cases.ATTENDANCE_KINDS
    raise PermissionDenied(f"{user.full_name} ({user.role.value}) may not see a chronology")


def _order(moment: datetime | None) -> int:
    if moment is None:
        return 0
    local = moment.astimezone()
    return local.hour * 3600 + local.minute * 60 + local.second


def _day(moment: datetime) -> date:
    return moment.astimezone().date()


def chronology(
    db: Database,
    user: StaffUser,
    learner_id: int,
    start: date,
    end: date,
    kinds: frozenset[str] | None = None,
    printed: bool = False,
) -> Chronology:
    """The learner's chronology from start to end, filtered to kinds (within what the role may
    see); the view (or print) is written to the audit log in the same transaction."""
    allowed_kinds = _kinds_for(user)
    if end < start:
        raise ValidationFailed([Problem("the end is before the start", "to")])
    shown = allowed_kinds if kinds is None else frozenset(kinds) & allowed_kinds
    with db.transaction(actor(user)) as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("no such learner")
        entries = [
            e for e in _gather(session, learner_id, start, end)
            if e.kind in shown and start <= e.on <= end
        ]  # fmt: skip
        audit_entry(
            session, "print" if printed else "view", "chronology", None, learner_id,
            f"{'printed' if printed else 'viewed'} the chronology {start} to {end}",
        )  # fmt: skip
        return Chronology(
            report_header(session, user, datetime.now()), learner_id, learner.upn,
            f"{learner.forename} {learner.surname}", start, end, shown, rules.in_order(entries),
        )  # fmt: skip


def _gather(session: Session, learner_id: int, start: date, end: date) -> Iterator[rules.Entry]:
    yield from _absences(session, learner_id, start, end)
    yield from _contacts(session, learner_id)
    yield from _letters(session, learner_id)
    yield from _plans(session, learner_id)
    yield from _meetings_and_stages(session, learner_id)
    yield from _referrals(session, learner_id)
    yield from _requests(session, learner_id)
    yield from _safeguarding(session, learner_id)


def _absences(session: Session, learner_id: int, start: date, end: date) -> Iterator[rules.Entry]:
    query = select(Mark.date, Mark.session, Mark.code).where(
        Mark.learner_id == learner_id, Mark.date.between(start, end)
    )
    marks = [(d, s, c) for d, s, c in session.execute(query)]
    for run in rules.absence_runs(marks):
        yield rules.Entry(run.first, "absence", run.summary(), "", 1)


def _staff_names(session: Session) -> dict[int, str]:
    return {staff_id: name for staff_id, name in session.execute(select(Staff.id, Staff.full_name))}


def _contacts(session: Session, learner_id: int) -> Iterator[rules.Entry]:
    names = _staff_names(session)
    query = select(ContactLogEntry).where(ContactLogEntry.learner_id == learner_id)
    for row in session.scalars(query):
        method = METHODS.get(row.method, row.method)
        outcome = OUTCOMES.get(row.outcome, row.outcome)
        notes = f" — {row.notes}" if row.notes else ""
        yield rules.Entry(
            _day(row.at), "contact", f"{method} with {row.with_whom}: {outcome}{notes}",
            names.get(row.staff_id, ""), _order(row.at),
        )  # fmt: skip


def _letters(session: Session, learner_id: int) -> Iterator[rules.Entry]:
    for letter in session.scalars(select(FiledLetter).where(FiledLetter.learner_id == learner_id)):
        stage = STAGES[letter.stage].label if letter.stage in STAGES else letter.stage
        yield rules.Entry(
            letter.sent_on, "letter", f"{stage} letter to {letter.to_whom} ({letter.how})",
            letter.by_name, _order(letter.created_at),
        )  # fmt: skip
    for sent in session.scalars(select(Sending).where(Sending.learner_id == learner_id)):
        status = {"sent": "sent", "failed": "refused by the mail server"}.get(
            sent.status, sent.status
        )
        yield rules.Entry(
            _day(sent.created_at), "sending", f"Email: {sent.what} to {sent.recipient_name} "
            f"<{sent.recipient}>, {status}", sent.created_by, _order(sent.created_at),
        )  # fmt: skip


def _plans(session: Session, learner_id: int) -> Iterator[rules.Entry]:
    for plan in session.scalars(select(SupportPlan).where(SupportPlan.learner_id == learner_id)):
        yield rules.Entry(
            plan.started_on, "plan", f"Support plan started: attendance from "
            f"{plan.start_pct:g}% to {plan.target_pct:g}% by {plan.target_by:%d %b %Y}",
            plan.created_by, _order(plan.created_at),
        )  # fmt: skip
        for review in plan.reviews:
            figure = "" if review.attendance_pct is None else f" ({review.attendance_pct:g}%)"
            yield rules.Entry(
                review.reviewed_on, "plan_review", f"Plan reviewed{figure}: {review.outcome}",
                review.by_name, 2,
            )  # fmt: skip


def _meetings_and_stages(session: Session, learner_id: int) -> Iterator[rules.Entry]:
    for meeting in session.scalars(select(Meeting).where(Meeting.learner_id == learner_id)):
        kind = cases.MEETING_LABELS.get(cases.MeetingKind(meeting.kind), meeting.kind)
        outcome = f": {meeting.outcome}" if meeting.outcome else ""
        yield rules.Entry(
            meeting.held_on, "meeting", f"{kind} with {meeting.attendees}{outcome}",
            meeting.created_by, _order(meeting.created_at),
        )  # fmt: skip
    for move in session.scalars(select(Escalation).where(Escalation.learner_id == learner_id)):
        stage = cases.STAGE_LABELS.get(cases.Stage(move.stage), move.stage)
        yield rules.Entry(
            move.moved_on, "escalation", f"Moved to stage: {stage} — {move.reason}",
            move.by_name, _order(move.created_at),
        )  # fmt: skip


def _referrals(session: Session, learner_id: int) -> Iterator[rules.Entry]:
    for ref in session.scalars(select(Referral).where(Referral.learner_id == learner_id)):
        agency = cases.AGENCY_LABELS.get(cases.Agency(ref.agency), ref.agency)
        text = (
            f"Referral to {agency}: {ref.reason}"
            if ref.made
            else f"Referral to {agency} considered, not made: {ref.not_made_because}"
        )
        yield rules.Entry(ref.on, "referral", text, ref.by_name, _order(ref.created_at))


def _requests(session: Session, learner_id: int) -> Iterator[rules.Entry]:
    for row in session.scalars(select(CaseRequest).where(CaseRequest.learner_id == learner_id)):
        label = cases.REQUEST_LABELS.get(cases.RequestKind(row.kind), row.kind)
        detail = row.reason or row.destination
        decided = (
            f" ({row.decision} by {row.decided_by})" if row.decision and row.decided_by else ""
        )
        yield rules.Entry(
            row.received_on, "request", f"{label}{decided}: {detail}".rstrip(": "),
            row.created_by, _order(row.created_at),
        )  # fmt: skip


def _safeguarding(session: Session, learner_id: int) -> Iterator[rules.Entry]:
    names = _staff_names(session)
    for factor in session.scalars(select(RagFactor).where(RagFactor.learner_id == learner_id)):
        label = FACTORS.get(factor.factor, factor.factor)
        yield rules.Entry(factor.since, "rag", f"RAG: {label} identified", "", 3)
    for over in session.scalars(select(RagOverride).where(RagOverride.learner_id == learner_id)):
        yield rules.Entry(
            _day(over.set_at), "rag", f"RAG set to {over.rating.upper()} by the DSL: "
            f"{over.reason}", names.get(over.set_by_id, ""), _order(over.set_at),
        )  # fmt: skip
    query = select(RiskAssessment).where(RiskAssessment.learner_id == learner_id)
    for ra in session.scalars(query):
        signed = f", signed by the DSL on {ra.dsl_signed_on:%d %b %Y}" if ra.dsl_signed_on else ""
        yield rules.Entry(
            ra.date_written, "risk_assessment", f"Risk assessment version {ra.version}{signed}",
            ra.compiled_by, 4,
        )  # fmt: skip
    for incident in session.scalars(select(Incident).where(Incident.learner_id == learner_id)):
        if getattr(incident, "opened_in_error", False):
            continue
        returned = "still open" if incident.closed_at is None else incident.outcome or "closed"
        yield rules.Entry(
            _day(incident.last_seen_at), "absconding",
            f"Left site, last seen {incident.last_seen_at.astimezone():%H:%M} at "
            f"{incident.last_seen_where or 'a place not recorded'}: {returned}",
            names.get(incident.started_by_id, ""), _order(incident.last_seen_at),
        )  # fmt: skip
