"""Requests on a learner's behalf: leave of absence, an elective home education notice, a
part-time timetable agreement, leaving the roll; and what case work owes on a day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import casework as rules
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.permissions import Action
from desktop_app.models import CaseRequest, Learner, Referral, SupportPlan
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.planned_marks import (
    CodeFor,
    PlannedMark,
    marks_made_after,
    marks_to_plan,
    plan_marks,
    remove_planned_after,
)
from desktop_app.services.tx import in_transaction

#: How many days before a part-time timetable ends its end is flagged.
PART_TIME_END_NOTICE = timedelta(days=5)


def _refuse(error: rules.CaseError) -> ValidationFailed:
    return ValidationFailed([Problem(str(error), error.field)])


def _add(session: Session, user: StaffUser, learner_id: int, **values: object) -> int:
    if session.get(Learner, learner_id) is None:
        raise NotFound("no such learner")
    row = CaseRequest(
        learner_id=learner_id, created_at=datetime.now(UTC), created_by=user.full_name, **values
    )
    session.add(row)
    session.flush()
    return row.id


@dataclass(frozen=True, slots=True)
class Leave:
    received_on: date
    start_on: date
    end_on: date
    reason: str
    code: str = "C"
    decision: str = ""  # granted / refused / '' (waiting for the home school)
    decided_by: str = ""  # the home school decides
    decided_on: date | None = None
    home_school_told_on: date | None = None


def record_leave(
    db: Database, user: StaffUser, learner_id: int, leave: Leave, now: datetime | None = None
) -> int:
    """A leave request, forwarded to the home school, and its decision if it has come. Granted
    leave enters its code ahead for each school session in its dates not started by `now`
    (naive local time), in the same transaction."""
    require(user, Action.LOG_CONTACTS)
    try:
        rules.check_leave(leave.start_on, leave.end_on, leave.code)
        reason = rules.check_text("reason", leave.reason, "the reason given")
    except rules.CaseError as error:
        raise _refuse(error) from None
    if leave.decision not in ("", "granted", "refused"):
        raise ValidationFailed([Problem("the decision is granted or refused", "decision")])
    if leave.decision and not (leave.decided_by.strip() and leave.decided_on):
        raise ValidationFailed([Problem("say who decided and when", "decided_by")])
    with db.transaction(actor(user)) as session:
        row_id = _add(
            session, user, learner_id, kind=rules.RequestKind.LEAVE.value,
            received_on=leave.received_on, start_on=leave.start_on, end_on=leave.end_on,
            reason=reason, code=leave.code, decision=leave.decision,
            decided_by=leave.decided_by.strip(), decided_on=leave.decided_on,
            home_school_told_on=leave.home_school_told_on,
        )  # fmt: skip
        if leave.decision == "granted":
            _plan_leave(session, user, session.get_one(CaseRequest, row_id), now)
        return row_id


def _leave_span(session: Session, row: CaseRequest) -> tuple[Learner, date, date, CodeFor]:
    """The learner, the leave's first and last day, and its code for every session."""
    assert row.start_on is not None and row.end_on is not None
    code = row.code
    return session.get_one(Learner, row.learner_id), row.start_on, row.end_on, lambda _d, _s: code


def _plan_leave(session: Session, user: StaffUser, row: CaseRequest, now: datetime | None) -> int:
    return plan_marks(session, user, *_leave_span(session, row), now or datetime.now())


def _waiting_leave(session: Session, request_id: int) -> CaseRequest:
    """The leave request, still waiting for the home school's decision."""
    row = session.get(CaseRequest, request_id)
    if row is None or row.kind != rules.RequestKind.LEAVE.value:
        raise NotFound("no such leave request")
    if row.decision:
        raise ValidationFailed([Problem(f"this request was already {row.decision}", "id")])
    return row


def decide_leave(
    db: Database, user: StaffUser, request_id: int, decision: str, decided_by: str,
    decided_on: date, now: datetime | None = None,
) -> int:  # fmt: skip
    """The home school's decision on a leave request; granted leave enters its code ahead
    (as record_leave). Returns how many sessions were entered."""
    require(user, Action.LOG_CONTACTS)
    if decision not in ("granted", "refused"):
        raise ValidationFailed([Problem("the decision is granted or refused", "decision")])
    try:
        by = rules.check_text("decided_by", decided_by, "who decided", limit=200)
    except rules.CaseError as error:
        raise _refuse(error) from None
    with db.transaction(actor(user)) as session:
        row = _waiting_leave(session, request_id)
        row.decision, row.decided_by, row.decided_on = decision, by, decided_on
        return _plan_leave(session, user, row, now) if decision == "granted" else 0


@dataclass(frozen=True, slots=True)
class LeavePreview:
    """What granting a leave request would enter ahead: its code, and the marks in order."""

    code: str
    marks: tuple[PlannedMark, ...]

    def said(self, day: Callable[[date], str]) -> str:
        """What granting enters, as the window and the command line say it (`day` writes a
        day)."""
        if not self.marks:
            return "Granting enters nothing: no session in those dates is still to come unmarked."
        first, last, count = self.marks[0], self.marks[-1], len(self.marks)
        span = f"{day(first.day)} {first.session}"
        if count > 1:
            span += f" – {day(last.day)} {last.session}"
        sessions = "session" if count == 1 else "sessions"
        return f"Granting enters {self.code} for {count} {sessions} still to come ({span})."


def preview_leave(
    db: Database, user: StaffUser, request_id: int, now: datetime | None = None
) -> LeavePreview:
    """What decide_leave would enter ahead if the leave were granted at `now` (naive local
    time), by the same selection; reads only. Refused as the decision would be."""
    require(user, Action.LOG_CONTACTS)
    with db.reading() as session:
        row = _waiting_leave(session, request_id)
        found = marks_to_plan(session, *_leave_span(session, row), now or datetime.now())
        return LeavePreview(row.code, tuple(found))


def record_home_education(
    db: Database,
    user: StaffUser,
    learner_id: int,
    received_on: date,
    home_school_told_on: date | None,
    meeting_offered_on: date | None,
) -> int:
    """An elective home education notice: the home school is told at once and a meeting is
    offered; until both are recorded it stays on Today as a safeguarding flag."""
    require(user, Action.LOG_CONTACTS)
    with db.transaction(actor(user)) as session:
        return _add(
            session, user, learner_id, kind=rules.RequestKind.HOME_EDUCATION.value,
            received_on=received_on, home_school_told_on=home_school_told_on,
            meeting_offered_on=meeting_offered_on,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class PartTime:
    start_on: date
    end_on: date
    review_on: date
    sessions: tuple[str, ...]  # the sessions attended, "Mon AM"
    reason: str
    parent_agreed_on: date | None
    commissioner_agreed_on: date | None
    la_told_on: date | None


def agree_part_time(
    db: Database, user: StaffUser, learner_id: int, terms: PartTime, now: datetime | None = None
) -> int:
    """A part-time timetable: agreed by the parent and the commissioner, time-limited,
    reviewed; the sessions outside it from its start to its end (not to the end of the year)
    are entered ahead as C2 in the same transaction, when not started by `now`."""
    require(user, Action.LOG_CONTACTS)
    try:
        rules.check_part_time(terms.start_on, terms.end_on, terms.review_on, list(terms.sessions))
        reason = rules.check_text("reason", terms.reason, "why a part-time timetable is needed")
    except rules.CaseError as error:
        raise _refuse(error) from None
    if terms.parent_agreed_on is None or terms.commissioner_agreed_on is None:
        raise ValidationFailed(
            [Problem("a part-time timetable needs the parent's and the commissioner's "
                     "agreement", "parent_agreed_on")]
        )  # fmt: skip
    with db.transaction(actor(user)) as session:
        row_id = _add(
            session, user, learner_id, kind=rules.RequestKind.PART_TIME.value,
            received_on=terms.start_on, start_on=terms.start_on, end_on=terms.end_on,
            review_on=terms.review_on, sessions=", ".join(terms.sessions), reason=reason,
            parent_agreed_on=terms.parent_agreed_on,
            commissioner_agreed_on=terms.commissioner_agreed_on, la_told_on=terms.la_told_on,
            decision="granted",
        )  # fmt: skip
        attends = set(terms.sessions)

        def outside(day: date, name: RegisterSession) -> str | None:
            return None if f"{day:%a} {name.value}" in attends else "C2"

        learner = session.get_one(Learner, learner_id)
        plan_marks(
            session, user, learner, terms.start_on, terms.end_on, outside, now or datetime.now()
        )
        return row_id


def review_part_time(
    db: Database, user: StaffUser, request_id: int, reviewed_on: date, next_review: date | None,
    today: date | None = None,
) -> None:  # fmt: skip
    """The review of a part-time timetable, and the next one (after this one, within the
    review interval, not after it ends; None: no further review). Today's "review due" goes
    until the next review falls due."""
    require(user, Action.LOG_CONTACTS)
    with db.transaction(actor(user)) as session:
        row = session.get(CaseRequest, request_id)
        if row is None or row.kind != rules.RequestKind.PART_TIME.value:
            raise NotFound("no such part-time timetable")
        try:
            rules.check_review(
                row.start_on, row.end_on, reviewed_on, next_review, today or date.today()
            )
        except rules.CaseError as error:
            raise _refuse(error) from None
        row.reviewed_on, row.review_on = reviewed_on, next_review


def record_leaving(
    db: Database,
    user: StaffUser,
    learner_id: int,
    leaving_on: date,
    reason: str,
    destination: str,
    la_told_on: date | None,
    home_school_told_on: date | None,
) -> int:
    """Leaving the roll: a reason, a destination, and the local authority and home school told.
    Sets the learner's leaving date (never earlier than a mark already made)."""
    require(user, Action.MANAGE_LEARNERS)
    try:
        why = rules.check_text("reason", reason, "why the learner leaves")
        where = rules.check_text("destination", destination, "where the learner goes")
    except rules.CaseError as error:
        raise _refuse(error) from None
    with db.transaction(actor(user)) as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("no such learner")
        if leaving_on < learner.start_date:
            raise ValidationFailed([Problem("the learner left before they started", "date")])
        if made := marks_made_after(session, learner_id, leaving_on):
            raise ValidationFailed(
                [Problem(f"the register has {made} marks after {leaving_on:%d %b %Y}: the "
                         "learner was on roll then", "date")]
            )  # fmt: skip
        learner.leaving_date = leaving_on
        remove_planned_after(session, learner_id, leaving_on)
        return _add(
            session, user, learner_id, kind=rules.RequestKind.LEAVING.value,
            received_on=leaving_on, end_on=leaving_on, reason=why, destination=where,
            la_told_on=la_told_on, home_school_told_on=home_school_told_on,
        )  # fmt: skip


@in_transaction
def case_owed(session: Session, as_of: date) -> list[rules.Owed]:
    """What case work owes on as_of, inside a caller's transaction (no role check): plan
    reviews and referral follow-ups due, part-time reviews and ends, home education notices
    not yet passed on."""
    owed: list[rules.Owed] = []
    for plan in session.scalars(select(SupportPlan).where(SupportPlan.closed_on.is_(None))):
        if rules.is_owed(plan.next_review_on, False, as_of):
            owed.append(
                rules.Owed(
                    "plan_review_due",
                    plan.learner_id,
                    plan.next_review_on,  # type: ignore[arg-type]
                    "support plan review due",
                )
            )
    for ref in session.scalars(select(Referral).where(Referral.follow_up_on.is_not(None))):
        if rules.is_owed(ref.follow_up_on, False, as_of):
            label = rules.AGENCY_LABELS[rules.Agency(ref.agency)]
            owed.append(
                rules.Owed(
                    "referral_follow_up_due",
                    ref.learner_id,
                    ref.follow_up_on,  # type: ignore[arg-type]
                    f"follow up the referral to {label}",
                )
            )
    owed += _request_owed(session, as_of)
    return sorted(owed, key=lambda o: (o.due, o.learner_id))


def _request_owed(session: Session, as_of: date) -> list[rules.Owed]:
    owed = []
    for row in session.scalars(select(CaseRequest)):
        if row.kind == rules.RequestKind.PART_TIME.value and row.end_on is not None:
            if row.review_on is not None and row.review_on <= as_of and row.end_on >= as_of:
                owed.append(
                    rules.Owed(
                        "part_time_review_due",
                        row.learner_id,
                        row.review_on,
                        "part-time timetable review due",
                    )
                )
            if as_of <= row.end_on <= as_of + PART_TIME_END_NOTICE:
                owed.append(
                    rules.Owed(
                        "part_time_ends",
                        row.learner_id,
                        row.end_on,
                        f"part-time timetable ends {row.end_on:%d %b}: agree "
                        "the return to full time or a new agreement",
                    )
                )
        elif row.kind == rules.RequestKind.HOME_EDUCATION.value and (
            row.home_school_told_on is None or row.meeting_offered_on is None
        ):
            owed.append(
                rules.Owed(
                    "home_education_notice",
                    row.learner_id,
                    row.received_on,
                    "home education notice: tell the home school and offer a meeting",
                )
            )
    return owed
