"""Letters filed against the learner (what, when, to whom, printed or emailed), so the stage
letters sent are on the learner's record and chronology, not only in the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.models import FiledLetter, Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor
from desktop_app.services.report_data.letters import Letter, LetterBatch
from desktop_app.services.tx import in_transaction

PRINTED = "printed"
EMAIL = "email"


@in_transaction
def file_letter_in(
    session: Session, user: StaffUser, batch: LetterBatch, letter: Letter, how: str,
    meeting_id: int | None = None,
) -> None:  # fmt: skip
    """File one letter of a batch inside the caller's transaction."""
    learner_id = session.scalars(select(Learner.id).where(Learner.upn == letter.upn)).one()
    session.add(
        FiledLetter(
            learner_id=learner_id, stage=batch.stage, sent_on=batch.today,
            to_whom=letter.addressee, how=how, meeting_id=meeting_id, by_name=user.full_name,
            created_at=datetime.now(UTC),
        )
    )  # fmt: skip


def file_letters(
    db: Database, user: StaffUser, batch: LetterBatch, letters: list[Letter], how: str,
    meeting_id: int | None = None,
) -> None:  # fmt: skip
    """File letters written for printing, in one transaction (the letters' service has
    already checked the right to send them)."""
    if not letters:
        return
    with db.transaction(actor(user)) as session:
        for letter in letters:
            file_letter_in(session, user, batch, letter, how, meeting_id)
