"""The engine and session factory, with SQLite set up for durability."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.config import sqlite_path
from desktop_app.models import auditing


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    # WAL with FULL sync: a commit is on disk before the app says "saved".
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for a SQLite file (folder created, WAL, foreign keys) or any other URL."""
    path = sqlite_path(url)
    if path is None:
        return create_engine(url, pool_pre_ping=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Database:
    """An engine and its session factory: one session per user action."""

    def __init__(self, engine: Engine) -> None:
        auditing.install()
        self.engine = engine
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
