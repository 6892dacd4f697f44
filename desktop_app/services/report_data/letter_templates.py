"""The provision's letter templates: the defaults until someone edits one, then its own row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import letters as rules
from desktop_app.domain.permissions import Action
from desktop_app.models import LetterTemplate
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.tx import in_transaction


@dataclass(frozen=True, slots=True)
class Template:
    stage: str
    label: str
    criterion: str
    subject: str
    body: str
    signatory_name: str
    signatory_position: str
    edited: bool  # False: the app's default wording, not yet saved by the provision


def _default(stage: rules.Stage) -> Template:
    return Template(
        stage.key, stage.label, stage.criterion, stage.subject, stage.body, "", "", False
    )


@in_transaction
def template_in(session: Session, key: str) -> Template:
    """The stage's template (inside an open session): the saved one, else the default."""
    stage = rules.stage(key)
    row = session.scalar(select(LetterTemplate).where(LetterTemplate.stage == key))
    if row is None:
        return _default(stage)
    return Template(
        key,
        stage.label,
        stage.criterion,
        row.subject,
        row.body,
        row.signatory_name,
        row.signatory_position,
        True,
    )


def letter_templates(db: Database, user: StaffUser) -> list[Template]:
    """Every stage's template, in the order of the stages."""
    require(user, Action.SEND_LETTERS)
    with db.reading() as session:
        return [template_in(session, key) for key in rules.STAGES]


def template_problems(subject: str, body: str, signatory_name: str) -> list[Problem]:
    problems = []
    for field, text in (("subject", subject), ("body", body)):
        if not text.strip():
            problems.append(Problem("is required", field=field))
            continue
        try:
            rules.check_template(text)
        except rules.LetterError as error:
            problems.append(Problem(str(error), field=field))
    if not signatory_name.strip():
        problems.append(Problem("is required: who signs the letters", field="signatory"))
    return problems


def save_letter_template(
    db: Database,
    user: StaffUser,
    stage: str,
    subject: str,
    body: str,
    signatory_name: str,
    signatory_position: str,
) -> Template:
    """Save the provision's wording for a stage (replacing what was saved before)."""
    require(user, Action.SEND_LETTERS)
    try:
        rules.stage(stage)
    except rules.LetterError as error:
        raise ValidationFailed([Problem(str(error), field="stage")]) from None
    problems = template_problems(subject, body, signatory_name)
    if problems:
        raise ValidationFailed(problems)
    with db.transaction(actor(user)) as session:
        row = session.scalar(select(LetterTemplate).where(LetterTemplate.stage == stage))
        if row is None:
            row = LetterTemplate(stage=stage)
            session.add(row)
        row.subject, row.body = subject.strip(), body.strip()
        row.signatory_name, row.signatory_position = signatory_name.strip(), signatory_position
        row.updated_at, row.updated_by_id = datetime.now(UTC), user.id
        session.flush()
        return template_in(session, stage)
