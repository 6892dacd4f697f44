"""The provision's mail server, email addresses and commissioners' PDF passwords (director).

The mail account's password lives in the operating system's keyring of each PC that sends,
never in the register or a file; a plain-text keyring is refused as it is for database keys.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import keyring
import keyring.errors
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app import APP_NAME
from desktop_app.domain import mail as rules
from desktop_app.domain.permissions import Action
from desktop_app.models import Commissioner, CommissionerPassword, MailSettings
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ServiceError, ValidationFailed
from desktop_app.services.keys import usable_keyring
from desktop_app.services.tx import in_transaction

KEYRING_SERVICE = f"{APP_NAME} mail"


@dataclass(frozen=True, slots=True)
class MailServer:
    """Where and how the provision sends email; `has_password` says the keyring holds one."""

    host: str
    port: int
    security: rules.Security
    username: str
    from_address: str
    letter_password_rule: rules.PasswordRule
    has_password: bool = False

    @property
    def configured(self) -> bool:
        return bool(self.host and self.from_address)

    @property
    def account(self) -> str:
        return f"{self.username}@{self.host}:{self.port}"


NOT_SET = MailServer("", 587, rules.Security.STARTTLS, "", "", rules.PasswordRule.DOB)


@in_transaction
def server_in(session: Session) -> MailServer:
    """The mail server settings as stored (NOT_SET when none), inside a caller's transaction."""
    row = session.get(MailSettings, 1)
    if row is None:
        return NOT_SET
    server = MailServer(
        row.host,
        row.port,
        rules.Security(row.security),
        row.username,
        row.from_address,
        rules.PasswordRule(row.letter_password_rule),
    )
    return _with_password_flag(server)


def _with_password_flag(server: MailServer) -> MailServer:
    return replace(server, has_password=smtp_password(server) is not None)


def mail_server(db: Database, user: StaffUser) -> MailServer:
    """The mail settings, for those who send (the password is never returned)."""
    require(user, Action.COMMISSIONER_REPORTS)
    with db.reading() as session:
        return server_in(session)


def smtp_password(server: MailServer) -> str | None:
    """The account's password from this PC's keyring, or None."""
    if usable_keyring() is None or not server.username:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, server.account)
    except keyring.errors.KeyringError:
        return None


def _check_server(server: MailServer) -> list[Problem]:
    problems = []
    host = server.host.strip()
    if not host or " " in host or len(host) > 253:
        problems.append(Problem("enter the mail server's name, e.g. smtp.office365.com", "host"))
    if not 1 <= server.port <= 65535:
        problems.append(Problem("must be a port number from 1 to 65535", "port"))
    try:
        rules.check_address(server.from_address)
    except rules.MailError as error:
        problems.append(Problem(str(error), "from_address"))
    try:
        rules.check_security(server.security, host)
    except rules.MailError as error:
        problems.append(Problem(str(error), "security"))
    if len(server.username) > 254:
        problems.append(Problem("is too long", "username"))
    return problems


def save_mail_server(
    db: Database, user: StaffUser, server: MailServer, password: str | None = None
) -> MailServer:
    """Check and store the settings; a password given goes to this PC's keyring only."""
    require(user, Action.MANAGE_SETTINGS)
    problems = _check_server(server)
    if password and usable_keyring() is None:
        problems.append(
            Problem("this computer has no safe keyring to keep the password in", "password")
        )
    if problems:
        raise ValidationFailed(problems)
    with db.transaction(actor(user)) as session:
        row = session.get(MailSettings, 1) or MailSettings(id=1)
        row.host, row.port = server.host.strip(), server.port
        row.security, row.username = server.security.value, server.username.strip()
        row.from_address = rules.check_address(server.from_address)
        row.letter_password_rule = server.letter_password_rule.value
        row.updated_at = datetime.now(UTC)
        session.add(row)
    stored = MailServer(
        row.host,
        row.port,
        server.security,
        row.username,
        row.from_address,
        server.letter_password_rule,
    )
    if password:
        try:
            keyring.set_password(KEYRING_SERVICE, stored.account, password)
        except keyring.errors.KeyringError as error:
            raise ServiceError(f"the keyring did not keep the password: {error}") from None
    return _with_password_flag(stored)


def set_commissioner_mail(
    db: Database,
    user: StaffUser,
    commissioner_id: int,
    email: str | None = None,
    pdf_password: str | None = None,
) -> None:
    """A commissioner's email address and (set once, changed only on purpose) PDF password."""
    require(user, Action.MANAGE_SETTINGS)
    problems = []
    if email is not None:
        try:
            email = rules.check_address(email)
        except rules.MailError as error:
            problems.append(Problem(str(error), "email"))
    if pdf_password is not None:
        try:
            rules.check_pdf_password(pdf_password)
        except rules.MailError as error:
            problems.append(Problem(str(error), "pdf_password"))
    if problems:
        raise ValidationFailed(problems)
    with db.transaction(actor(user)) as session:
        commissioner = session.get(Commissioner, commissioner_id)
        if commissioner is None:
            raise NotFound("no such commissioner")
        if email is not None:
            commissioner.email = email
        if pdf_password is not None:
            row = session.get(CommissionerPassword, commissioner_id)
            if row is None:
                row = CommissionerPassword(commissioner_id=commissioner_id)
                session.add(row)
            row.pdf_password, row.set_at = pdf_password, datetime.now(UTC)


@in_transaction
def commissioner_by_name(session: Session, name: str) -> Commissioner:
    found = session.scalars(select(Commissioner).where(Commissioner.name == name)).first()
    if found is None:
        raise ValidationFailed([Problem(f"no commissioner called '{name}'", "commissioner")])
    return found


@in_transaction
def pdf_password_in(session: Session, commissioner_id: int) -> str | None:
    row = session.get(CommissionerPassword, commissioner_id)
    return row.pdf_password if row is not None else None


def commissioner_id_by_name(db: Database, user: StaffUser, name: str) -> int:
    require(user, Action.MANAGE_SETTINGS)
    with db.reading() as session:
        return commissioner_by_name(session, name).id


@dataclass(frozen=True, slots=True)
class CommissionerMail:
    id: int
    name: str
    email: str
    has_password: bool


def commissioner_mail(db: Database, user: StaffUser) -> list[CommissionerMail]:
    """Each commissioner's address and whether a PDF password has been agreed (never which)."""
    require(user, Action.MANAGE_SETTINGS)
    with db.reading() as session:
        agreed = set(session.scalars(select(CommissionerPassword.commissioner_id)))
        return [
            CommissionerMail(c.id, c.name, c.email or "", c.id in agreed)
            for c in session.scalars(select(Commissioner).order_by(Commissioner.name))
        ]
