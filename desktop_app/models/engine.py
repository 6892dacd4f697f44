"""The engine and session factory, with SQLite set up for durability."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.config import server_password, sqlite_path
from desktop_app.models import auditing, notify
from desktop_app.services.errors import Busy

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a connection waits for another writer before giving up (ms). The window keeps the
#: default short; the command line waits longer (see `make_engine`).
BUSY_TIMEOUT_MS = 5000
#: The execution option that marks a connection as a writer (BEGIN IMMEDIATE on SQLite).
WRITE_OPTION = "register_write"
#: On PostgreSQL every write transaction takes this advisory lock first, so writers queue one at
#: a time as they do on SQLite and the audit chain never forks.
WRITER_LOCK = 7_263_514
#: SQLSTATEs and SQLite messages that mean "someone else holds the register": try again.
BUSY_STATES = frozenset({"40001", "40P01", "55P03"})
BUSY_TEXT = ("database is locked", "database table is locked", "database is busy")


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


def is_busy(error: BaseException) -> bool:
    """Whether a driver error means another writer holds the register (a retry may succeed)."""
    if not isinstance(error, DBAPIError):
        return False
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    if state in BUSY_STATES:
        return True
    return any(t in str(error.orig).lower() for t in BUSY_TEXT)


def _sqlite_pragmas(
    dbapi_connection: Any,
    _record: Any,
    key: DatabaseKey | None = None,
    busy_ms: int = BUSY_TIMEOUT_MS,
) -> None:
    # The driver's own transaction handling is off: SQLAlchemy's "begin" event below emits
    # BEGIN itself (SQLAlchemy's pysqlite note on serializable isolation and savepoints).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    if key is not None:
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute(key.pragma())
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
    # WAL with FULL sync: a commit is on disk before the app says "saved".
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """A writer takes the write lock before its first read, so what it read is still true when
    it writes; a reader gets one consistent snapshot."""
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _create_private(path: Path) -> None:
    """A new database file readable by its owner only (0600), as the PDFs are."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def server_connect_args(url: str, busy_ms: int) -> dict[str, Any]:
    """What psycopg is given beside the URL: the lock timeout, a 10-second connect timeout, and
    the password kept in the keyring when the URL has none (so no URL ever carries it)."""
    options: dict[str, Any] = {"options": f"-c lock_timeout={int(busy_ms)}", "connect_timeout": 10}
    parsed = make_url(url)
    if parsed.password is None and (password := server_password(parsed)) is not None:
        options["password"] = password
    return options


def _server_engine(url: str, busy_ms: int) -> Engine:
    """PostgreSQL: a writer waits at most busy_ms for the writers' lock (then Busy), and a
    server that does not answer is given up after 10 seconds."""
    if not url.startswith("postgresql"):
        return create_engine(url, pool_pre_ping=True)
    connect_args = server_connect_args(url, busy_ms)
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def make_engine(url: str, key: DatabaseKey | None = None, busy_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine for a SQLite file (folder created, WAL, foreign keys; SQLCipher when keyed;
    BEGIN IMMEDIATE for writers; a new file 0600) or any other URL."""
    path = sqlite_path(url)
    if path is None:
        return _server_engine(url, busy_ms)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The connection used last is used next: SQLite keeps a page cache per connection and a
    # write empties every other connection's, so taking turns round the pool (first in, first
    # out) read and decrypted the pages again for nearly every action.
    options: dict[str, Any] = {"pool_use_lifo": True}
    if key is not None:
        import sqlcipher3.dbapi2 as sqlcipher

        options["module"] = sqlcipher
    engine = create_engine(url, **options)
    _create_private(path)
    event.listen(engine, "connect", lambda c, r: _sqlite_pragmas(c, r, key, busy_ms))
    event.listen(engine, "begin", _sqlite_begin)
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
        writer = engine.execution_options(**{WRITE_OPTION: True})
        self._writers = sessionmaker(writer, expire_on_commit=False)
        #: Sent with this Database's notifications (PostgreSQL), so its own listener skips them.
        self.origin = notify.new_origin()
        if engine.dialect.name == "postgresql":
            notify.install(self._writers, self.origin)  # other PCs hear what each commit changed

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self, actor: tuple[int, str] | None = None) -> Iterator[Session]:
        """A session whose work is committed together, or rolled back on any error.

        `actor` (staff id, full name) is who the audit log records for every row written.
        Everything read inside it is read under the write lock (BEGIN IMMEDIATE on SQLite, the
        writers' advisory lock on PostgreSQL), so a change is never based on a stale value.
        Another writer holding the register past the busy timeout raises Busy.
        """
        try:
            with self._writers.begin() as session:
                if self.engine.dialect.name == "postgresql":
                    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITER_LOCK})
                if actor is not None:
                    session.info["actor"] = actor
                yield session
        except DBAPIError as error:
            if is_busy(error):
                raise Busy() from None
            raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; nothing it does is committed."""
        try:
            with self._sessions() as session:
                yield session
                session.rollback()
        except DBAPIError as error:
            if is_busy(error):
                raise Busy() from None
            raise

    def warm_connections(self, count: int = 3) -> None:
        """Open `count` pooled connections at once and hand them back to the pool, off the GUI
        thread: each new SQLCipher connection opened with a passphrase derives its key (about a
        tenth of a second), so the first actions after sign-in find connections ready."""
        connections = []
        try:
            for _ in range(count):
                connections.append(self.engine.connect())
        finally:
            for connection in connections:
                connection.close()

    def dispose(self) -> None:
        self.engine.dispose()
