"""Case work, one function per user action: support plans (actions, agreement, reviews),
meetings, escalation stages, referrals and requests. Each checks its role and writes in one
transaction; every row is audited by the models' listener.

Need to know: plans, meetings, stages and requests are attendance work (LOG_CONTACTS: the
attendance officer, DSL and director); referrals and a plan's safeguarding part are for the DSL
and the director (SAFEGUARDING); a tutor sees a learner's plan targets only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desktop_app.domain import casework as rules
from desktop_app.domain.permissions import Action, allowed
from desktop_app.models import (
    Escalation,
    Learner,
    Meeting,
    PlanAction,
    PlanReview,
    Referral,
    SupportPlan,
)
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.statistics import summaries
from desktop_app.services.tx import in_transaction


def _refuse(error: rules.CaseError) -> ValidationFailed:
    return ValidationFailed([Problem(str(error), error.field)])


def _learner(session: Session, learner_id: int) -> Learner:
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise NotFound("no such learner")
    return learner


def _now() -> datetime:
    return datetime.now(UTC)


# --- support plans -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanDetails:
    started_on: date
    start_pct: float
    target_pct: float
    target_by: date
    targets: str = ""
    next_review_on: date | None = None
    safeguarding: str = ""


@dataclass(frozen=True, slots=True)
class ActionView:
    id: int
    action: str
    owner: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True, slots=True)
class ReviewView:
    reviewed_on: date
    outcome: str
    attendance_pct: float | None
    next_review_on: date | None
    by: str


@dataclass(frozen=True, slots=True)
class PlanView:
    """The live plan and its progress against the register since it started."""

    id: int
    started_on: date
    start_pct: float
    target_pct: float
    target_by: date
    targets: str
    now_pct: float | None  # attendance since the plan started
    progress: float | None  # 0 at the start figure, 1 at the target
    parent_agreed: str  # "Ms Jones on 3 Dec 2026", or ""
    commissioner_agreed: str
    next_review_on: date | None
    actions: list[ActionView]
    reviews: list[ReviewView]
    safeguarding: str | None  # None: not for this role


def _agreed(name: str, on: date | None) -> str:
    return f"{name} on {on.day} {on:%b %Y}" if on else ""


def _attendance_since(session: Session, learner_id: int, start: date, end: date) -> float | None:
    found = summaries(session, start, end, [learner_id]).get(learner_id)
    percent = found.attendance_percent if found else None
    return float(percent) if percent is not None else None


def _view(session: Session, plan: SupportPlan, user: StaffUser, today: date) -> PlanView:
    now_pct = _attendance_since(session, plan.learner_id, plan.started_on, today)
    if not allowed(user.role, Action.LOG_CONTACTS):  # a tutor: the targets, nothing more
        return PlanView(
            plan.id, plan.started_on, plan.start_pct, plan.target_pct, plan.target_by,
            plan.targets, now_pct, rules.plan_progress(plan.start_pct, plan.target_pct, now_pct),
            "", "", None, [], [], None,
        )  # fmt: skip
    return PlanView(
        plan.id, plan.started_on, plan.start_pct, plan.target_pct, plan.target_by, plan.targets,
        now_pct, rules.plan_progress(plan.start_pct, plan.target_pct, now_pct),
        _agreed(plan.parent_agreed_by, plan.parent_agreed_on),
        _agreed(plan.commissioner_agreed_by, plan.commissioner_agreed_on),
        plan.next_review_on,
        [ActionView(a.id, a.action, a.owner, a.due_on, a.done_on) for a in plan.actions],
        [ReviewView(r.reviewed_on, r.outcome, r.attendance_pct, r.next_review_on, r.by_name)
         for r in plan.reviews],
        plan.safeguarding if allowed(user.role, Action.SAFEGUARDING) else None,
    )  # fmt: skip


def _check_plan(details: PlanDetails) -> None:
    try:
        rules.check_target(
            details.start_pct, details.target_pct, details.target_by, details.started_on
        )
        rules.check_text("targets", details.targets, "the targets", required=False)
        rules.check_text("safeguarding", details.safeguarding, "", required=False)
    except rules.CaseError as error:
        raise _refuse(error) from None
    if details.next_review_on is not None and details.next_review_on <= details.started_on:
        raise ValidationFailed([Problem("the review must be after the start", "next_review_on")])


def start_plan(
    db: Database, user: StaffUser, learner_id: int, details: PlanDetails, today: date
) -> PlanView:
    """A new support plan; the learner's open plan (if any) closes the day this one starts."""
    require(user, Action.LOG_CONTACTS)
    if details.safeguarding.strip():
        require(user, Action.SAFEGUARDING)
    _check_plan(details)
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        for old in session.scalars(_open_plans(learner_id)):
            old.closed_on = details.started_on
        plan = SupportPlan(
            learner_id=learner_id, started_on=details.started_on, start_pct=details.start_pct,
            target_pct=details.target_pct, target_by=details.target_by,
            targets=details.targets.strip(), safeguarding=details.safeguarding.strip(),
            next_review_on=details.next_review_on, created_at=_now(),
            created_by=user.full_name, parent_agreed_by="", commissioner_agreed_by="",
        )  # fmt: skip
        session.add(plan)
        session.flush()
        return _view(session, plan, user, today)


def _open_plans(learner_id: int) -> Select[SupportPlan]:
    return select(SupportPlan).where(
        SupportPlan.learner_id == learner_id, SupportPlan.closed_on.is_(None)
    )


def live_plan(db: Database, user: StaffUser, learner_id: int, today: date) -> PlanView | None:
    """The learner's open plan with its progress; tutors see targets, not safeguarding."""
    require(user, Action.VIEW_LEARNERS)
    with db.reading() as session:
        return live_plan_in(session, user, learner_id, today)


@in_transaction
def live_plan_in(
    session: Session, user: StaffUser, learner_id: int, today: date
) -> PlanView | None:
    """The live plan inside a caller's read (the caller has checked the role)."""
    plan = session.scalars(_open_plans(learner_id).order_by(SupportPlan.id.desc())).first()
    return None if plan is None else _view(session, plan, user, today)


def _plan(session: Session, plan_id: int) -> SupportPlan:
    plan = session.get(SupportPlan, plan_id)
    if plan is None:
        raise NotFound("no such support plan")
    if plan.closed_on is not None:
        raise ValidationFailed([Problem("this plan has closed: start a new one", "plan")])
    return plan


def add_plan_action(
    db: Database, user: StaffUser, plan_id: int, action: str, owner: str, due_on: date
) -> None:
    require(user, Action.LOG_CONTACTS)
    try:
        text = rules.check_text("action", action, "what will be done")
        who = rules.check_text("owner", owner, "who will do it", limit=200)
    except rules.CaseError as error:
        raise _refuse(error) from None
    with db.transaction(actor(user)) as session:
        plan = _plan(session, plan_id)
        plan.actions.append(PlanAction(action=text, owner=who, due_on=due_on))


def complete_plan_action(db: Database, user: StaffUser, action_id: int, done_on: date) -> None:
    require(user, Action.LOG_CONTACTS)
    with db.transaction(actor(user)) as session:
        action = session.get(PlanAction, action_id)
        if action is None:
            raise NotFound("no such action")
        action.done_on = done_on


def record_agreement(
    db: Database, user: StaffUser, plan_id: int, party: str, name: str, on: date
) -> None:
    """The parent/carer's or the commissioner's agreement to the plan, with who and when."""
    require(user, Action.LOG_CONTACTS)
    if party not in ("parent", "commissioner"):
        raise ValidationFailed([Problem("agreement is by the parent or the commissioner", "party")])
    try:
        who = rules.check_text("name", name, "who agreed", limit=200)
    except rules.CaseError as error:
        raise _refuse(error) from None
    with db.transaction(actor(user)) as session:
        plan = _plan(session, plan_id)
        if party == "parent":
            plan.parent_agreed_by, plan.parent_agreed_on = who, on
        else:
            plan.commissioner_agreed_by, plan.commissioner_agreed_on = who, on


def review_plan(
    db: Database,
    user: StaffUser,
    plan_id: int,
    reviewed_on: date,
    outcome: str,
    next_review_on: date | None,
    close: bool = False,
) -> ReviewView:
    """A review with its outcome and the attendance since the plan began; the next review
    date (or the plan closes)."""
    require(user, Action.LOG_CONTACTS)
    try:
        text = rules.check_text("outcome", outcome, "the outcome of the review")
    except rules.CaseError as error:
        raise _refuse(error) from None
    if not close and (next_review_on is None or next_review_on <= reviewed_on):
        raise ValidationFailed(
            [Problem("set the next review after this one, or close the plan", "next_review_on")]
        )
    with db.transaction(actor(user)) as session:
        plan = _plan(session, plan_id)
        pct = _attendance_since(session, plan.learner_id, plan.started_on, reviewed_on)
        review = PlanReview(
            reviewed_on=reviewed_on, outcome=text, attendance_pct=pct,
            next_review_on=None if close else next_review_on, by_name=user.full_name,
        )  # fmt: skip
        plan.reviews.append(review)
        plan.next_review_on = review.next_review_on
        plan.closed_on = reviewed_on if close else None
        return ReviewView(reviewed_on, text, pct, review.next_review_on, user.full_name)


# --- meetings and stages -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetingDetails:
    kind: rules.MeetingKind
    held_on: date
    attendees: str
    outcome: str = ""
    actions: str = ""
    next_on: date | None = None


def record_meeting(db: Database, user: StaffUser, learner_id: int, details: MeetingDetails) -> int:
    """A meeting held (or planned, with no outcome yet); returns its id for the letter."""
    require(user, Action.LOG_CONTACTS)
    try:
        attendees = rules.check_text("attendees", details.attendees, "who attends")
        outcome = rules.check_text("outcome", details.outcome, "", required=False)
        actions = rules.check_text("actions", details.actions, "", required=False)
    except rules.CaseError as error:
        raise _refuse(error) from None
    if details.next_on is not None and details.next_on <= details.held_on:
        raise ValidationFailed([Problem("the next meeting must be after this one", "next_on")])
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        meeting = Meeting(
            learner_id=learner_id, kind=details.kind.value, held_on=details.held_on,
            attendees=attendees, outcome=outcome, actions=actions, next_on=details.next_on,
            created_at=_now(), created_by=user.full_name,
        )  # fmt: skip
        session.add(meeting)
        session.flush()
        return meeting.id


def move_stage(
    db: Database, user: StaffUser, learner_id: int, stage: rules.Stage, on: date, reason: str
) -> None:
    """Move the learner to a stage of the staged process: a person's decision, with why."""
    require(user, Action.LOG_CONTACTS)
    try:
        why = rules.check_text("reason", reason, "why the learner moves to this stage")
    except rules.CaseError as error:
        raise _refuse(error) from None
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        now = current_stage_in(session, learner_id)
        if now is not None and now.stage == stage.value:
            raise ValidationFailed([Problem("the learner is already at this stage", "stage")])
        session.add(
            Escalation(
                learner_id=learner_id, stage=stage.value, moved_on=on, reason=why,
                by_id=user.id, by_name=user.full_name, created_at=_now(),
            )
        )  # fmt: skip


@in_transaction
def current_stage_in(session: Session, learner_id: int) -> Escalation | None:
    query = (
        select(Escalation)
        .where(Escalation.learner_id == learner_id)
        .order_by(Escalation.moved_on.desc(), Escalation.id.desc())
    )
    return session.scalars(query).first()


# --- referrals -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReferralDetails:
    agency: rules.Agency
    on: date
    reason: str
    made: bool = True
    not_made_because: str = ""
    outcome: str = ""
    follow_up_on: date | None = None


def record_referral(
    db: Database, user: StaffUser, learner_id: int, details: ReferralDetails
) -> int:
    """A referral made, or considered and not made with the reason (DSL and director)."""
    require(user, Action.SAFEGUARDING)
    try:
        reason = rules.check_text("reason", details.reason, "why a referral was considered")
        because = rules.check_text(
            "not_made_because", details.not_made_because, "why it was not made",
            required=not details.made,
        )  # fmt: skip
    except rules.CaseError as error:
        raise _refuse(error) from None
    if details.made and details.follow_up_on is None:
        raise ValidationFailed([Problem("set the date to follow it up", "follow_up_on")])
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        row = Referral(
            learner_id=learner_id, agency=details.agency.value, made=details.made,
            on=details.on, by_name=user.full_name, reason=reason, not_made_because=because,
            outcome=details.outcome.strip(),
            follow_up_on=details.follow_up_on if details.made else None, created_at=_now(),
        )  # fmt: skip
        session.add(row)
        session.flush()
        return row.id


def follow_up_referral(
    db: Database, user: StaffUser, referral_id: int, on: date, outcome: str,
    next_follow_up: date | None = None,
) -> None:  # fmt: skip
    require(user, Action.SAFEGUARDING)
    try:
        text = rules.check_text("outcome", outcome, "what came of it")
    except rules.CaseError as error:
        raise _refuse(error) from None
    if next_follow_up is not None and next_follow_up <= on:
        raise ValidationFailed([Problem("the next follow-up must be after this one", "next")])
    with db.transaction(actor(user)) as session:
        row = session.get(Referral, referral_id)
        if row is None:
            raise NotFound("no such referral")
        row.outcome = f"{row.outcome}\n{on:%d %b %Y}: {text}".strip()
        row.followed_up_on = on
        row.follow_up_on = next_follow_up
