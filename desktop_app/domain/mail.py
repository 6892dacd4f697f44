"""Rules for what the provision sends by email: addresses, passwords, wording and retries.

What goes in an email's subject and body never names a learner: attendance and safeguarding
detail travels only inside a password-protected PDF, and the password never travels with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

#: An address as people type them: one @, no spaces, a dotted domain (RFC 5321 length limits).
_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
MIN_PDF_PASSWORD = 8


class MailError(ValueError):
    """A value the mail rules refuse, with a sentence saying why."""


def check_address(text: str) -> str:
    """The address trimmed, or MailError saying what is wrong with it."""
    address = text.strip()
    if not address:
        raise MailError("enter an email address")
    local, _, domain = address.rpartition("@")
    if len(address) > 254 or len(local) > 64:
        raise MailError("is too long to be an email address")
    if not _ADDRESS.match(address) or ".." in address:
        raise MailError(f"'{address}' is not an email address (name@example.org)")
    if domain.rsplit(".", 1)[-1].isdigit():
        raise MailError(f"'{address}' has no proper domain after the @")
    return address


def check_pdf_password(text: str) -> str:
    """A commissioner's PDF password: long enough to protect special-category data."""
    if len(text) < MIN_PDF_PASSWORD:
        raise MailError(f"must be at least {MIN_PDF_PASSWORD} characters")
    if text.strip() != text:
        raise MailError("must not start or end with a space")
    return text


class PasswordRule(StrEnum):
    """How a family's letter PDF is protected: a form the provision tells families in advance."""

    DOB = "dob_ddmmyyyy"  # the learner's date of birth as DDMMYYYY, e.g. 04032012
    SURNAME_DOB = "surname_dob"  # the learner's surname in lower case then DDMMYYYY


RULE_WORDS = {
    PasswordRule.DOB: "the learner's date of birth as eight digits, DDMMYYYY (4 March 2012 is "
    "04032012)",
    PasswordRule.SURNAME_DOB: "the learner's surname in small letters followed by their date of "
    "birth as DDMMYYYY (smith04032012)",
}


def letter_password(rule: PasswordRule, surname: str, date_of_birth: date) -> str:
    digits = f"{date_of_birth:%d%m%Y}"
    if rule is PasswordRule.DOB:
        return digits
    return re.sub(r"[^a-z]", "", surname.lower()) + digits


class Security(StrEnum):
    """How the connection to the mail server is protected."""

    STARTTLS = "starttls"  # usually port 587
    TLS = "tls"  # usually port 465
    LOCAL = "local"  # a relay on this computer (localhost) only: nothing leaves it unprotected


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def check_security(security: Security, host: str) -> None:
    """A plain connection is allowed only to a relay on the same computer."""
    if security is Security.LOCAL and host.strip().lower() not in LOCAL_HOSTS:
        raise MailError("a connection without TLS is only allowed to a relay on this computer")


class Status(StrEnum):
    """Where a message is: waiting to go, handed to the server, refused, or unknown."""

    QUEUED = "queued"
    SENDING = "sending"  # claimed by a sender; if the app stops now, we cannot know
    SENT = "sent"  # the mail server accepted it
    FAILED = "failed"  # the server refused it: shown on Today until resent
    UNCERTAIN = "uncertain"  # the app stopped mid-send: check with the recipient, then resend


class Kind(StrEnum):
    SUMMARY = "summary"  # a commissioner's AM or PM summary
    URGENT = "urgent"  # one high-risk learner's absence, sent as soon as the register is done
    LETTER = "letter"  # a letter to a family
    TEST = "test"


#: Waits before trying a message again while the server cannot be reached.
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15))


def next_try(attempts: int, now: datetime) -> datetime:
    """When to try again after `attempts` tries that could not reach the server."""
    return now + RETRY_AFTER[min(max(attempts, 1), len(RETRY_AFTER)) - 1]


@dataclass(frozen=True, slots=True)
class Wording:
    subject: str
    body: str


def summary_wording(provision: str, day: date, session: str, urgent: bool = False) -> Wording:
    """A summary email's subject and body: no learner named, no password given."""
    when = f"{day:%A} {day.day} {day:%B %Y}, {session}"
    if urgent:
        subject = f"Urgent: absence of a learner you commission, {when} — {provision}"
        lead = "A learner you commission is absent today and is on our high-risk list."
    else:
        subject = f"Attendance summary, {when} — {provision}"
        lead = f"Here is the {session} attendance of the learners you commission."
    body = (
        f"{lead}\n\nThe details are in the attached PDF, protected with the password you agreed "
        f"with {provision}. The password is never sent by email; if you do not have it, please "
        f"telephone us.\n\nThis email is OFFICIAL-SENSITIVE. If it has reached you in error, "
        f"please delete it and tell us.\n\n{provision}\n"
    )
    return Wording(subject, body)


def letter_wording(provision: str, rule: PasswordRule) -> Wording:
    """A letter email to a family: no learner named; the password form as agreed."""
    subject = f"A letter from {provision}"
    body = (
        f"Please find a letter from {provision} attached.\n\nTo open it, use "
        f"{RULE_WORDS[rule]}.\n\nIf you have any questions, please telephone us.\n\n{provision}\n"
    )
    return Wording(subject, body)
