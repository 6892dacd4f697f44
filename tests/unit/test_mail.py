"""The mail rules: addresses, PDF passwords, the letter password forms, wording and retries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from desktop_app.domain import mail


@pytest.mark.parametrize(
    "text", ["attendance@northgate.example.org", " a.b+c@x.co.uk ", "o'neil@school.sch.uk"]
)
def test_ordinary_addresses_are_accepted(text: str) -> None:
    assert mail.check_address(text) == text.strip()


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "enter an email address"),
        ("no-at-sign.example.org", "not an email address"),
        ("two@@example.org", "not an email address"),
        ("spaces in@example.org", "not an email address"),
        ("a@localhost", "not an email address"),
        ("a..b@example.org", "not an email address"),
        ("a@1.2.3.4", "no proper domain"),
        ("x" * 65 + "@example.org", "too long"),
    ],
)
def test_bad_addresses_say_why(text: str, why: str) -> None:
    with pytest.raises(mail.MailError, match=why):
        mail.check_address(text)


def test_a_pdf_password_needs_eight_characters() -> None:
    assert mail.check_pdf_password("12345678") == "12345678"
    with pytest.raises(mail.MailError, match="at least 8"):
        mail.check_pdf_password("1234567")
    with pytest.raises(mail.MailError, match="space"):
        mail.check_pdf_password(" 12345678")


def test_letter_passwords_follow_the_stated_forms() -> None:
    born = date(2012, 3, 4)
    assert mail.letter_password(mail.PasswordRule.DOB, "Smith", born) == "04032012"
    assert mail.letter_password(mail.PasswordRule.SURNAME_DOB, "O'Neil-Hart", born) == (
        "oneilhart04032012"
    )
    assert "DDMMYYYY" in mail.RULE_WORDS[mail.PasswordRule.DOB]


def test_plain_connections_only_to_this_computer() -> None:
    mail.check_security(mail.Security.LOCAL, "localhost")
    mail.check_security(mail.Security.STARTTLS, "smtp.example.org")
    with pytest.raises(mail.MailError, match="relay on this computer"):
        mail.check_security(mail.Security.LOCAL, "smtp.example.org")


def test_wording_names_no_learner_and_gives_no_password() -> None:
    words = mail.summary_wording("Bridgeway", date(2026, 11, 30), "AM")
    assert words.subject == "Attendance summary, Monday 30 November 2026, AM — Bridgeway"
    assert "password" in words.body and "never sent by email" in words.body
    urgent = mail.summary_wording("Bridgeway", date(2026, 11, 30), "PM", urgent=True)
    assert urgent.subject.startswith("Urgent:")
    letter = mail.letter_wording("Bridgeway", mail.PasswordRule.DOB)
    assert "DDMMYYYY" in letter.body


def test_retries_wait_longer_each_time_then_every_fifteen_minutes() -> None:
    now = datetime(2026, 11, 30, 9, 0)
    waits = [mail.next_try(n, now) - now for n in (1, 2, 3, 4, 9)]
    assert waits == [timedelta(minutes=m) for m in (1, 5, 15, 15, 15)]
