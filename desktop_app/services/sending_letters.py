"""A letter batch in one run: emailed (protected PDF) to each family with an email address,
and written for printing for the rest; cancelling leaves nothing queued and nothing printed."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import mail as rules
from desktop_app.models import EmergencyContact, Learner
from desktop_app.models.engine import Database
from desktop_app.reports.letters_pdf import letter_pdf
from desktop_app.reports.progress import NO_PROGRESS, Cancelled, Progress
from desktop_app.reports.protect import protect_pdf
from desktop_app.services.auth import StaffUser, actor
from desktop_app.services.filed_letters import EMAIL, PRINTED, file_letter_in
from desktop_app.services.mail_settings import server_in
from desktop_app.services.provision import provision_info
from desktop_app.services.report_data.letters import Letter, LetterBatch, letters
from desktop_app.services.sending import Planned, Queued, record_in


@dataclass(frozen=True, slots=True)
class _Family:
    learner_id: int
    email: str
    password: str


def _family(session: Session, letter: Letter, rule: rules.PasswordRule) -> _Family:
    learner = session.scalars(select(Learner).where(Learner.upn == letter.upn)).one()
    query = select(EmergencyContact.email).where(
        EmergencyContact.learner_id == learner.id,
        EmergencyContact.name == letter.addressee,
        EmergencyContact.email != "",
    )
    email = session.scalars(query.order_by(EmergencyContact.priority)).first() or ""
    password = rules.letter_password(rule, learner.surname, learner.date_of_birth)
    return _Family(learner.id, email, password)


def file_name(batch: LetterBatch, letter: Letter) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in letter.learner).strip("-").lower()
    return f"{batch.stage.replace('_', '-')}-{slug or 'learner'}-{letter.upn}.pdf"


def _pdf(batch: LetterBatch, letter: Letter, progress: Progress) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "letter.pdf"
        letter_pdf(batch, letter, path, progress.quiet())
        return path.read_bytes()


def send_letters(
    db: Database,
    user: StaffUser,
    stage: str,
    now: datetime,
    print_folder: Path | None,
    progress: Progress = NO_PROGRESS,
    dry_run: bool = False,
) -> Queued:
    """Every family the stage's letter goes to: emailed where they have an address (protected
    by the provision's password rule), written to print_folder for the rest."""
    batch = letters(db, user, stage, now)
    printed: list[Path] = []
    try:
        with db.transaction(actor(user)) as session:
            return _each(session, batch, user, now, print_folder, progress, dry_run, printed)
    except (Cancelled, OSError):
        for path in printed:
            path.unlink(missing_ok=True)
        raise


def _each(
    session: Session,
    batch: LetterBatch,
    user: StaffUser,
    now: datetime,
    print_folder: Path | None,
    progress: Progress,
    dry_run: bool,
    printed: list[Path],
) -> Queued:
    server = server_in(session)
    wording = rules.letter_wording(provision_info(session).name, server.letter_password_rule)
    emails, not_sent = [], list(batch.skipped)
    step = progress.part(5, 100, "Sending letters")
    for n, letter in enumerate(batch.letters):
        step(n, len(batch.letters))
        family = _family(session, letter, server.letter_password_rule)
        what = f"{batch.label} letter"
        if family.email and server.configured:
            emails.append(Planned(family.email, letter.addressee, what, (letter.learner,)))
            if not dry_run:
                record_in(
                    session,
                    user,
                    now,
                    kind=rules.Kind.LETTER.value,
                    recipient=family.email,
                    recipient_name=letter.addressee,
                    subject=wording.subject,
                    body=wording.body,
                    attachment=protect_pdf(_pdf(batch, letter, progress), family.password),
                    attachment_name=file_name(batch, letter),
                    what=what,
                    learner_id=family.learner_id,
                    for_date=now.date(),
                    session="",
                )
                file_letter_in(session, user, batch, letter, EMAIL)
        elif print_folder is None:
            not_sent.append(f"{letter.learner}: no email address for {letter.addressee}; print it")
        elif not dry_run:
            path = print_folder / file_name(batch, letter)
            printed.append(path)
            letter_pdf(batch, letter, path, progress.quiet())
            path.chmod(0o600)
            file_letter_in(session, user, batch, letter, PRINTED)
        else:
            printed.append(print_folder / file_name(batch, letter))
    progress.update(100, "Done")
    return Queued(emails, not_sent, printed)
