"""Handing a message to the provision's mail server (SMTP over STARTTLS or TLS).

Errors are sorted by what the outbox should do next: `Unreachable` (no network, server down,
a temporary 4xx answer: keep the message queued and try later) or `Refused` (a permanent 5xx
answer, e.g. an unknown recipient: mark it failed with the server's words).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from typing import Protocol

from desktop_app.domain.mail import Security
from desktop_app.services.mail_settings import MailServer, smtp_password

TIMEOUT_S = 20


class Unreachable(Exception):
    """The server could not be reached or asked us to try later."""


class Refused(Exception):
    """The server refused this message for good; the text is its answer."""


class Connection(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class Interrupted(Exception):
    """The connection was lost while the message itself was being handed over: the server may
    or may not have it, so it must not be sent again without a person deciding."""


class _Smtp:
    def __init__(self, client: smtplib.SMTP) -> None:
        self._client = client

    def send(self, message: EmailMessage) -> None:
        """Hand one message over; the errors say whether the server can have it."""
        sender, to = str(message["From"]), [str(message["To"])]
        try:
            self._envelope(sender, to)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            raise Unreachable(f"the connection to the mail server was lost: {error}") from None
        try:
            code, answer = self._client.data(message.as_bytes(policy=SMTP_POLICY))
        except smtplib.SMTPResponseException as error:
            raise _sorted(error.smtp_code, error.smtp_error) from None
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            raise Interrupted(f"the connection was lost while sending: {error}") from None
        if code != 250:
            raise _sorted(code, answer)

    def _envelope(self, sender: str, to: list[str]) -> None:
        client = self._client
        client.ehlo_or_helo_if_needed()
        code, answer = client.mail(sender)
        if code != 250:
            client.rset()
            raise _sorted(code, answer)
        for address in to:
            code, answer = client.rcpt(address)
            if code not in (250, 251):
                client.rset()
                raise (
                    _sorted(code, answer)
                    if code < 500
                    else Refused(f"{address}: {code} {answer.decode(errors='replace')}")
                )


def _answer(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(
        f"{who}: {code} {text.decode(errors='replace')}" for who, (code, text) in recipients.items()
    )


def _sorted(code: int, text: bytes | str) -> Exception:
    words = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    if 400 <= code < 500:
        return Unreachable(f"the mail server asked us to try later: {code} {words}")
    return Refused(f"{code} {words}")


@contextmanager
def connect(server: MailServer, timeout: float = TIMEOUT_S) -> Iterator[Connection]:
    """An open, signed-in connection to the provision's server, closed afterwards."""
    context = ssl.create_default_context()
    try:
        if server.security is Security.TLS:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=timeout, context=context
            )
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=timeout)
            if server.security is Security.STARTTLS:
                client.starttls(context=context)
        password = smtp_password(server)
        if server.username and password is not None:
            client.login(server.username, password)
    except smtplib.SMTPAuthenticationError as error:
        raise Refused(f"the mail server refused the sign-in: {error.smtp_code}") from None
    except smtplib.SMTPResponseException as error:
        raise _sorted(error.smtp_code, error.smtp_error) from None
    except (OSError, smtplib.SMTPException) as error:
        raise Unreachable(
            f"the mail server {server.host}:{server.port} cannot be reached ({error})"
        ) from None
    try:
        yield _Smtp(client)
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()


#: How the outbox reaches a server: `connect`, normally.
Connect = Callable[[MailServer], AbstractContextManager[Connection]]
