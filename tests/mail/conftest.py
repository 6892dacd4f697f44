"""A real SMTP server on loopback (aiosmtpd) and the demo provision set up to send through it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from desktop_app.domain.mail import PasswordRule, Security
from desktop_app.models.engine import Database
from desktop_app.services.mail_settings import (
    MailServer,
    commissioner_id_by_name,
    save_mail_server,
    set_commissioner_mail,
)
from tests.reports.conftest import fresh, template, user  # noqa: F401 (fixtures)

FROM = "office@provision.example.org"


@dataclass
class Inbox:
    """What the server received, and how it should behave for the next messages."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered 550
    drop_after: int | None = None  # close the connection at MAIL FROM after this many messages
    cut_data_after: int | None = None  # close the connection during DATA after this many


class Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        limit = self.inbox.drop_after
        if limit is not None and len(self.inbox.messages) >= limit:
            server.transport.close()
            return "421 going away"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.inbox.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        limit = self.inbox.cut_data_after
        if limit is not None and len(self.inbox.messages) >= limit:
            server.transport.close()
            return "451 cut"
        self.inbox.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        self.inbox.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, Controller]]:
    inbox = Inbox()
    controller = Controller(Handler(inbox), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller
    controller.stop()


def configure(db: Database, port: int) -> None:
    """The director sets the server up and agrees a PDF password with each commissioner."""
    director = user(db, "director")
    server = MailServer("127.0.0.1", port, Security.LOCAL, "", FROM, PasswordRule.DOB)
    save_mail_server(db, director, server)
    for name, password in PASSWORDS.items():
        commissioner = commissioner_id_by_name(db, director, name)
        set_commissioner_mail(db, director, commissioner, pdf_password=password)


PASSWORDS = {
    "Northgate Academy": "northgate-pdf-2025",
    "St Aidan's CE High School": "staidans-pdf-2025",
    "Hillside Local Authority Inclusion Team": "hillside-pdf-2025",
    "Moorfield School": "moorfield-pdf-2025",
}
