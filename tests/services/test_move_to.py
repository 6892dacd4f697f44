"""move-to: an encrypted SQLite register copied onto PostgreSQL, checked, the file untouched."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select

from desktop_app.config import database_url
from desktop_app.demo.provision import build_demo
from desktop_app.models import AuditEntry, Mark
from desktop_app.services import move_to
from desktop_app.services.auth import authenticate
from desktop_app.services.database import open_database
from desktop_app.services.errors import ServiceError

PASSPHRASE = "a passphrase for the move test"


@pytest.fixture
def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    """An encrypted demo register: its URL, the director's username and password."""
    url = database_url(str(tmp_path / "demo.sqlite"))
    db = open_database(url, create=True, ask=lambda new: PASSPHRASE)
    result = build_demo(db, today=date(2025, 12, 19))
    db.dispose()
    username, _role, password = next(a for a in result.staff if a[1] == "director")
    return url, username, password


def _digest(url: str) -> str:
    return hashlib.sha256(Path(url.removeprefix("sqlite:///")).read_bytes()).hexdigest()


def test_a_register_is_copied_checked_and_left_as_it_was(
    register: tuple[str, str, str], pg_url: str
) -> None:
    url, username, password = register
    before = _digest(url)
    db = open_database(url)
    user = authenticate(db, username, password)
    report = move_to.move_to(db, user, pg_url)
    with db.reading() as session:
        marks = session.scalar(select(func.count()).select_from(Mark))
        chain = session.scalars(select(AuditEntry.hash).order_by(AuditEntry.id)).all()
    db.dispose()
    assert _digest(url) == before  # only read
    assert report.counts["marks"] == marks and sum(report.years.values()) == marks
    server = open_database(pg_url)
    assert authenticate(server, username, password).username == username  # same accounts
    with server.reading() as session:
        assert session.scalars(select(AuditEntry.hash).order_by(AuditEntry.id)).all() == chain
    server.dispose()
    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql")) as connection:
        tgenabled = connection.execute(
            "SELECT DISTINCT tgenabled FROM pg_trigger WHERE NOT tgisinternal"
        ).fetchall()
        assert tgenabled == [("O",)]  # every protective trigger is on again


def test_a_server_database_that_is_not_empty_is_refused(
    register: tuple[str, str, str], pg_url: str
) -> None:
    url, username, password = register
    db = open_database(url)
    user = authenticate(db, username, password)
    move_to.move_to(db, user, pg_url)
    with pytest.raises(ServiceError, match="not empty"):
        move_to.move_to(db, user, pg_url)
    db.dispose()
