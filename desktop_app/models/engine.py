"""The engine and session factory, with SQLite set up for durability."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.config import sqlite_path
from desktop_app.models import auditing

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True, repr=False)
class DatabaseKey:
    """A SQLCipher key: 64 hex digits (a raw key) or a passphrase. Never printed or logged."""

    raw_hex: str | None = None
    passphrase: str | None = None

    def pragma(self) -> str:
        if self.raw_hex is not None:
            return f"PRAGMA key = \"x'{self.raw_hex}'\""
        assert self.passphrase is not None
        return "PRAGMA key = '" + self.passphrase.replace("'", "''") + "'"

    def __repr__(self) -> str:
        return "DatabaseKey(<hidden>)"


def is_encrypted(path: Path) -> bool:
    """A file that exists, has content and is not a plain SQLite database."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, key: DatabaseKey | None = None) -> None:
    cursor = dbapi_connection.cursor()
    if key is not None:
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute(key.pragma())
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    # WAL with FULL sync: a commit is on disk before the app says "saved".
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def make_engine(url: str, key: DatabaseKey | None = None) -> Engine:
    """An engine for a SQLite file (folder created, WAL, foreign keys; SQLCipher when keyed)
    or any other URL."""
    path = sqlite_path(url)
    if path is None:
        return create_engine(url, pool_pre_ping=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    if key is None:
        engine = create_engine(url)
    else:
        import sqlcipher3.dbapi2 as sqlcipher

        engine = create_engine(url, module=sqlcipher)
    event.listen(engine, "connect", lambda c, r: _sqlite_pragmas(c, r, key))
    return engine


class Database:
    """An engine and its session factory: one session per user action."""

    def __init__(
        self, engine: Engine, recovery_key: str | None = None, key: DatabaseKey | None = None
    ) -> None:
        auditing.install()
        self.engine = engine
        #: The SQLCipher key, kept in memory only, so backups can be encrypted the same way.
        self.key = key
        #: Shown once when a new encrypted database is made, for the director to print.
        self.recovery_key = recovery_key
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self, actor: tuple[int, str] | None = None) -> Iterator[Session]:
        """A session whose work is committed together, or rolled back on any error.

        `actor` (staff id, full name) is who the audit log records for every row written.
        """
        with self._sessions.begin() as session:
            if actor is not None:
                session.info["actor"] = actor
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; nothing it does is committed."""
        with self._sessions() as session:
            yield session
            session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()
