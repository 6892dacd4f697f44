"""The high-needs learner risk assessment: versions, drafts, sign-off and reviews (domain.md).

A version is a draft until the DSL signs it; from then on it is read-only (the database refuses
any change too) and it is the assessment in force until a later version is signed. A review copies
the version in force into the next draft. Only the DSL and the director see or change any of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.domain import risk
from desktop_app.domain.permissions import Action, Role
from desktop_app.models import Learner, RiskAgency, RiskAssessment, RiskRow
from desktop_app.models.auditing import audit_entry
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import (
    NotFound,
    PermissionDenied,
    Problem,
    ServiceError,
    ValidationFailed,
)
from desktop_app.services.risk_assessment_data import (  # noqa: F401 - the public names
    LIMITS,
    REVIEW_MONTHS,
    AgencyEntry,
    Assessment,
    AssessmentContent,
    Entry,
    ReadOnly,
    RiskEntry,
    Signature,
    Status,
    VersionSummary,
    _agency_problems,
    _blank,
    _clean,
    _risk_problems,
    _too_long,
    _trimmed,
    add_months,
    completeness_problems,
    content_problems,
    default_review_date,
)
from desktop_app.services.versions import bump, check_version

ENTITY = "risk_assessments"


def _versions(session: Session, learner_id: int) -> list[RiskAssessment]:
    query = select(RiskAssessment).where(RiskAssessment.learner_id == learner_id)
    return list(session.scalars(query.order_by(RiskAssessment.version.desc())))


def _standing(
    row: RiskAssessment, versions: list[RiskAssessment], today: date
) -> tuple[Status, bool]:
    """A version's status, and whether it is the version in force and past its review date."""
    rules = [risk.Version(v.version, v.review_date, v.dsl_signed_on) for v in versions]
    active = risk.in_force(rules)
    if row.dsl_signed_on is None:
        return Status.DRAFT, False
    if active is not None and active.version == row.version:
        return Status.IN_FORCE, risk.is_overdue(rules, today)
    return Status.SUPERSEDED, False


def _content(row: RiskAssessment) -> AssessmentContent:
    return AssessmentContent(
        date_written=row.date_written,
        compiled_by=row.compiled_by,
        review_date=row.review_date,
        task_analysis=row.task_analysis,
        concerns=row.concerns,
        next_steps=row.next_steps,
        agencies=tuple(AgencyEntry(a.agency, a.name, a.contact) for a in row.agencies),
        risks=tuple(
            RiskEntry(r.risk, r.likelihood, r.frequency, r.actions, r.staff_lead, r.escalation)
            for r in row.risks
        ),
        **{key: bool(getattr(row, key)) for key in risk.CHECKS},
    )


def _assessment(session: Session, row: RiskAssessment, today: date) -> Assessment:
    status, overdue = _standing(row, _versions(session, row.learner_id), today)
    learner = row.learner
    writer = dsl = None
    if row.writer_signed_on is not None:
        writer = Signature(row.writer_signature, row.writer_signed_on)
    if row.dsl_signed_on is not None:
        dsl = Signature(row.dsl_signature, row.dsl_signed_on)
    return Assessment(
        id=row.id,
        learner_id=row.learner_id,
        learner_name=f"{learner.forename} {learner.surname}",
        version=row.version,
        content=_content(row),
        writer=writer,
        dsl=dsl,
        status=status,
        overdue=overdue,
        row_version=row.row_version,
    )


def _learner(session: Session, learner_id: int) -> Learner:
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise NotFound("that learner is no longer on the register")
    return learner


def _row(session: Session, assessment_id: int) -> RiskAssessment:
    row = session.get(RiskAssessment, assessment_id)
    if row is None:
        raise NotFound("that risk assessment no longer exists")
    return row


def _draft(session: Session, assessment_id: int) -> RiskAssessment:
    """The version, which must still be a draft."""
    row = _row(session, assessment_id)
    if row.dsl_signed_on is not None:
        raise ReadOnly(
            f"version {row.version} was signed by {row.dsl_signature} on "
            f"{row.dsl_signed_on.day} {row.dsl_signed_on:%B %Y} and is read-only; "
            "start a review to change it"
        )
    return row


def _summary(row: RiskAssessment, status: Status, overdue: bool) -> VersionSummary:
    return VersionSummary(
        row.id,
        row.version,
        row.date_written,
        row.compiled_by,
        row.review_date,
        row.dsl_signed_on,
        row.dsl_signature,
        status,
        overdue,
    )


def list_versions(
    db: Database, user: StaffUser, learner_id: int, today: date | None = None
) -> list[VersionSummary]:
    """A learner's versions, newest first; opening the list is recorded in the audit log."""
    require(user, Action.SAFEGUARDING)
    today = today or date.today()
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        versions = _versions(session, learner_id)
        found = [_summary(row, *_standing(row, versions, today)) for row in versions]
        audit_entry(session, "view", ENTITY, None, learner_id, "opened the risk assessments")
        return found


def get_assessment(
    db: Database, user: StaffUser, assessment_id: int, today: date | None = None
) -> Assessment:
    """One version in full; opening it is recorded in the audit log."""
    require(user, Action.SAFEGUARDING)
    with db.transaction(actor(user)) as session:
        row = _row(session, assessment_id)
        detail = f"opened risk assessment version {row.version}"
        audit_entry(session, "view", ENTITY, row.id, row.learner_id, detail)
        return _assessment(session, row, today or date.today())


# --- starting a version --------------------------------------------------------------------


def _refuse_second_draft(session: Session, learner_id: int) -> None:
    draft = session.scalar(
        select(RiskAssessment.version).where(
            RiskAssessment.learner_id == learner_id, RiskAssessment.dsl_signed_on.is_(None)
        )
    )
    if draft is not None:
        raise ServiceError(f"version {draft} is already a draft: open it and carry on with it")


def _add_version(session: Session, row: RiskAssessment) -> RiskAssessment:
    row.created_at = datetime.now(UTC)
    session.add(row)
    try:
        session.flush()
    except IntegrityError as error:
        if "unique" not in str(error.orig).lower():
            raise
        raise ServiceError(
            "someone else has just started a version of this risk assessment; open it instead"
        ) from None
    return row


def start_assessment(db: Database, user: StaffUser, learner_id: int, today: date) -> Assessment:
    """A learner's first risk assessment, as a draft with the form's agencies listed.

    Written today by this user, due for review in REVIEW_MONTHS months."""
    require(user, Action.SAFEGUARDING)
    with db.transaction(actor(user)) as session:
        _learner(session, learner_id)
        _refuse_second_draft(session, learner_id)
        latest = session.scalar(
            select(func.max(RiskAssessment.version)).where(RiskAssessment.learner_id == learner_id)
        )
        if latest is not None:
            raise ServiceError(
                f"version {latest} is in force: start a review of it to make the next version"
            )
        row = RiskAssessment(
            learner_id=learner_id,
            version=1,
            date_written=today,
            compiled_by=user.full_name,
            review_date=default_review_date(today),
            agencies=[RiskAgency(position=i, agency=a) for i, a in enumerate(risk.AGENCIES)],
        )
        return _assessment(session, _add_version(session, row), today)


def start_review(db: Database, user: StaffUser, assessment_id: int, today: date) -> Assessment:
    """The next version as a draft copy of the version in force, checks and signatures cleared."""
    require(user, Action.SAFEGUARDING)
    with db.transaction(actor(user)) as session:
        old = _row(session, assessment_id)
        status, _ = _standing(old, _versions(session, old.learner_id), today)
        if status is Status.DRAFT:
            raise ServiceError(
                f"version {old.version} is still a draft: finish and sign it rather than review it"
            )
        _refuse_second_draft(session, old.learner_id)
        if status is Status.SUPERSEDED:
            raise ServiceError(f"version {old.version} has been replaced: review the one in force")
        row = RiskAssessment(
            learner_id=old.learner_id,
            version=old.version + 1,
            date_written=today,
            compiled_by=user.full_name,
            review_date=default_review_date(today),
            task_analysis=old.task_analysis,
            concerns=old.concerns,
            next_steps=old.next_steps,
        )
        content = _content(old)
        _write_rows(row.agencies, content.agencies, RiskAgency)
        _write_rows(row.risks, content.risks, RiskRow)
        return _assessment(session, _add_version(session, row), today)


# --- checking and saving a draft ----------------------------------------------------------


def _write(row: RiskAssessment, content: AssessmentContent) -> None:
    """Put the content on the draft, changing rows in place so the audit log shows what changed."""
    for f in fields(content):
        if f.name not in ("agencies", "risks"):
            setattr(row, f.name, getattr(content, f.name))
    _write_rows(row.agencies, content.agencies, RiskAgency)
    _write_rows(row.risks, content.risks, RiskRow)


def _write_rows(
    rows: list[RiskAgency] | list[RiskRow],
    entries: Sequence[AgencyEntry | RiskEntry],
    model: type[RiskAgency] | type[RiskRow],
) -> None:
    del rows[len(entries) :]
    for position, entry in enumerate(entries):
        values = {f.name: getattr(entry, f.name) for f in fields(entry)}
        if position < len(rows):
            for key, value in values.items():
                setattr(rows[position], key, value)
        else:
            rows.append(model(position=position, **values))  # type: ignore[arg-type]


def _save(row: RiskAssessment, content: AssessmentContent, today: date) -> bool:
    """Check and write the content; True when it cleared the writer's signature."""
    problems = content_problems(content, today)
    if problems:
        raise ValidationFailed(problems)
    content = _clean(content)
    changed = _content(row).without_checks() != content.without_checks()
    _write(row, content)
    if changed and row.writer_signed_on is not None:
        row.writer_signature, row.writer_signed_on = "", None
        return True
    return False


def save_assessment(
    db: Database,
    user: StaffUser,
    assessment_id: int,
    content: AssessmentContent,
    today: date | None = None,
    version: int | None = None,
) -> Assessment:
    """Save a draft: every field, and the agencies and risks as given (wholly blank rows dropped).

    Changing what is written after the writer signed clears the writer's signature (they sign
    again); ticking the checks does not. A signed version is refused (ReadOnly). `version`: the
    row_version the screen showed; a draft saved by someone else since is refused (StaleWrite)."""
    require(user, Action.SAFEGUARDING)
    today = today or date.today()
    with db.transaction(actor(user)) as session:
        row = _draft(session, assessment_id)
        check_version(session, row, version, "This draft")
        cleared = _save(row, content, today)
        bump(session, row)
        session.flush()
        result = _assessment(session, row, today)
    return replace(result, writer_signature_cleared=True) if cleared else result


# --- signing -------------------------------------------------------------------------------


def _complete_or_refuse(row: RiskAssessment, extra: list[Problem]) -> None:
    problems = completeness_problems(_content(row)) + extra
    if problems:
        raise ValidationFailed(problems)


def sign_as_writer(
    db: Database,
    user: StaffUser,
    assessment_id: int,
    today: date,
    content: AssessmentContent | None = None,
) -> Assessment:
    """The writer signs a complete draft today (saving `content` first when given)."""
    require(user, Action.SAFEGUARDING)
    with db.transaction(actor(user)) as session:
        row = _draft(session, assessment_id)
        if content is not None:
            _save(row, content, today)
            session.flush()
        _complete_or_refuse(row, [])
        row.writer_signature, row.writer_signed_on = user.full_name, today
        session.flush()
        return _assessment(session, row, today)


def _dsl_problems(row: RiskAssessment, today: date, cleared: bool) -> list[Problem]:
    found = []
    if cleared:
        words = "The writing changed after the writer signed: save it, and the writer signs again"
        found.append(Problem(words, field="writer_signature"))
    elif row.writer_signed_on is None:
        found.append(Problem("The writer signs before the DSL", field="writer_signature"))
    if not row.approved_by_dsl:
        found.append(Problem("Tick 'Approved by the DSL' before signing", field="approved_by_dsl"))
    if row.review_date <= today:
        found.append(Problem("Set a review date after today before signing", field="review_date"))
    return found


def sign_as_dsl(
    db: Database,
    user: StaffUser,
    assessment_id: int,
    today: date,
    content: AssessmentContent | None = None,
) -> Assessment:
    """The DSL signs a complete draft the writer has signed and the DSL approved.

    From then on the version is read-only and is the one in force. Only a member of staff with
    the DSL role signs as DSL. `content`, when given, is saved first in the same transaction."""
    require(user, Action.SAFEGUARDING)
    if user.role is not Role.DSL:
        raise PermissionDenied("only the designated safeguarding lead signs as DSL")
    with db.transaction(actor(user)) as session:
        row = _draft(session, assessment_id)
        cleared = False
        if content is not None:
            cleared = _save(row, content, today)
            session.flush()  # the content first: once signed, the database refuses changes
        _complete_or_refuse(row, _dsl_problems(row, today, cleared))
        row.dsl_signature, row.dsl_signed_on = user.full_name, today
        session.flush()
        return _assessment(session, row, today)
