"""RAG ratings: reading them for many learners at once, ticking criteria and the DSL's override.

Persistent and severe absence are worked out from the academic year to date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import rag as rules
from desktop_app.domain import risk
from desktop_app.domain.calendar import academic_year_start
from desktop_app.domain.permissions import Action
from desktop_app.models import Learner, RagFactor, RagOverride, RiskAssessment
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.statistics import summaries
from desktop_app.services.tx import in_transaction


@dataclass(frozen=True, slots=True)
class LearnerRag:
    """A learner's rating and whether a current risk assessment backs it."""

    result: rules.RagResult
    assessment_current: bool
    assessment_overdue: bool

    @property
    def rating(self) -> rules.Rating:
        return self.result.rating

    @property
    def needs_assessment(self) -> bool:
        """RED without a current risk assessment: flagged wherever the learner appears."""
        return self.rating is rules.Rating.RED and not self.assessment_current


@in_transaction
def assessment_versions(
    session: Session, learner_ids: Iterable[int] | None = None
) -> dict[int, list[risk.Version]]:
    query = select(
        RiskAssessment.learner_id,
        RiskAssessment.version,
        RiskAssessment.review_date,
        RiskAssessment.dsl_signed_on,
    )
    if learner_ids is not None:
        query = query.where(RiskAssessment.learner_id.in_(list(learner_ids)))
    found: dict[int, list[risk.Version]] = defaultdict(list)
    for learner_id, version, review, signed in session.execute(query):
        found[learner_id].append(risk.Version(version, review, signed))
    return found


def _absence_flags(
    session: Session, as_of: date, learner_ids: list[int] | None
) -> dict[int, tuple[bool, bool]]:
    found = summaries(session, academic_year_start(as_of), as_of, learner_ids)
    return {i: (s.persistent_absence, s.severe_absence) for i, s in found.items()}


def _overrides(session: Session, learner_ids: list[int] | None) -> dict[int, rules.Override]:
    query = select(RagOverride).where(RagOverride.cleared_at.is_(None)).order_by(RagOverride.set_at)
    if learner_ids is not None:
        query = query.where(RagOverride.learner_id.in_(learner_ids))
    found = {}
    for row in session.scalars(query):
        found[row.learner_id] = rules.Override(
            rules.Rating(row.rating), row.reason, row.set_by.full_name, row.set_at
        )
    return found


@in_transaction
def ratings(
    session: Session, as_of: date, learner_ids: Iterable[int] | None = None
) -> dict[int, LearnerRag]:
    """Every learner's (or the given learners') rating as at `as_of`, in one pass.

    Called by other services inside their own transaction; it checks no role itself."""
    ids = list(learner_ids) if learner_ids is not None else None
    all_ids = ids if ids is not None else list(session.scalars(select(Learner.id)))
    factors: dict[int, list[rules.Factor]] = defaultdict(list)
    query = select(RagFactor.learner_id, RagFactor.factor, RagFactor.since)
    if ids is not None:
        query = query.where(RagFactor.learner_id.in_(ids))
    for learner_id, key, since in session.execute(query):
        factors[learner_id].append(rules.Factor(key, since))
    flags = _absence_flags(session, as_of, ids)
    overrides = _overrides(session, ids)
    versions = assessment_versions(session, ids)
    found = {}
    for learner_id in all_ids:
        persistent, severe = flags.get(learner_id, (False, False))
        result = rules.compute(
            factors[learner_id], as_of, persistent, severe, overrides.get(learner_id)
        )
        mine = versions.get(learner_id, [])
        found[learner_id] = LearnerRag(
            result, risk.is_current(mine, as_of), risk.is_overdue(mine, as_of)
        )
    return found


def _learner(session: Session, learner_id: int) -> Learner:
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise NotFound("that learner is no longer on the register")
    return learner


def set_factor(
    db: Database,
    user: StaffUser,
    learner_id: int,
    factor: str,
    since: date,
    note: str = "",
    today: date | None = None,
) -> None:
    """Tick a RED or AMBER criterion from the day it was identified (or change that day)."""
    require(user, Action.SAFEGUARDING)
    if factor not in rules.FACTORS:
        raise ValidationFailed([Problem(f"'{factor}' is not a RAG criterion", field="factor")])
    if since > (today or date.today()):
        raise ValidationFailed(
            [Problem(f"{rules.FACTORS[factor]}: {since:%d %B %Y} is in the future", field="since")]
        )
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        row = session.scalar(
            select(RagFactor).where(RagFactor.learner_id == learner_id, RagFactor.factor == factor)
        )
        if row is None:
            session.add(RagFactor(learner_id=learner_id, factor=factor, since=since, note=note))
        else:
            row.since, row.note = since, note


def clear_factor(db: Database, user: StaffUser, learner_id: int, factor: str) -> None:
    """Untick a criterion. The audit log keeps when it was ticked and by whom."""
    require(user, Action.SAFEGUARDING)
    with db.transaction(actor(user)) as session:
        row = session.scalar(
            select(RagFactor).where(RagFactor.learner_id == learner_id, RagFactor.factor == factor)
        )
        if row is not None:
            session.delete(row)


def override_rating(
    db: Database,
    user: StaffUser,
    learner_id: int,
    rating: str,
    reason: str,
    now: datetime | None = None,
) -> None:
    """The DSL's override of the computed rating: needs a reason and a risk assessment in place."""
    require(user, Action.SAFEGUARDING)
    problems = []
    if rating not in {r.value for r in rules.Rating}:
        problems.append(Problem(f"'{rating}' is not a rating", field="rating"))
    if not reason.strip():
        problems.append(Problem("Give the reason for overriding the rating", field="reason"))
    moment = now or datetime.now(UTC)
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        versions = assessment_versions(session, [learner_id]).get(learner_id, [])
        if risk.in_force(versions) is None:
            problems.append(
                Problem(
                    "An override needs a risk assessment in place: "
                    "write one and have the DSL sign it first",
                    field="rating",
                )
            )
        if problems:
            raise ValidationFailed(problems)
        _clear_override(session, learner_id, user, moment)
        session.add(
            RagOverride(
                learner_id=learner_id,
                rating=rating,
                reason=reason.strip(),
                set_by_id=user.id,
                set_at=moment,
            )
        )


def clear_override(
    db: Database, user: StaffUser, learner_id: int, now: datetime | None = None
) -> None:
    """Go back to the computed rating; the override row stays, marked cleared."""
    require(user, Action.SAFEGUARDING)
    with db.transaction(actor(user)) as session:
        _clear_override(session, learner_id, user, now or datetime.now(UTC))


def _clear_override(session: Session, learner_id: int, user: StaffUser, moment: datetime) -> None:
    for row in session.scalars(
        select(RagOverride).where(
            RagOverride.learner_id == learner_id, RagOverride.cleared_at.is_(None)
        )
    ):
        row.cleared_at, row.cleared_by_id = moment, user.id
