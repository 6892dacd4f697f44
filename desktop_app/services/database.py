"""Opening the database: the file must exist unless we are creating it; new SQLite files are
encrypted; migrations run at start."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

from desktop_app.config import sqlite_path
from desktop_app.models.engine import (
    BUSY_TIMEOUT_MS,
    Database,
    DatabaseKey,
    is_encrypted,
    make_engine,
)
from desktop_app.services import cipher, keys, upgrade
from desktop_app.services.errors import ServiceError

__all__ = ["Database", "DatabaseKey", "DatabaseUnreadable", "is_encrypted_file", "open_database"]


class DatabaseUnreadable(ServiceError):
    """The file is damaged, or the key given does not open it."""


def _check_readable(engine: Engine, path: Path, keyed: bool) -> None:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    except DatabaseError:
        if keyed:
            raise DatabaseUnreadable(
                f"{path} could not be opened: the passphrase or recovery key is wrong, "
                "or the file is damaged"
            ) from None
        raise DatabaseUnreadable(f"{path} is damaged or is not a register") from None


def _key_for(
    path: Path, create: bool, encrypt: bool, ask: keys.AskPassphrase | None
) -> tuple[DatabaseKey | None, str | None]:
    if create:
        if path.exists():
            raise ServiceError(f"{path} already exists; choose another file")
        return keys.new_key(path, ask) if encrypt else (None, None)
    if not path.exists():
        raise ServiceError(f"no database at {path}; create one with 'init' or 'demo'")
    if path.is_dir():
        raise ServiceError(f"{path} is a folder, not a register file")
    if path.stat().st_size == 0:
        # SQLite would quietly make an empty, unencrypted register of it.
        raise DatabaseUnreadable(f"{path} is an empty file, not a register; nothing was changed")
    return (keys.existing_key(path, ask), None) if is_encrypted(path) else (None, None)


def open_database(
    url: str,
    create: bool = False,
    *,
    encrypt: bool = True,
    ask: keys.AskPassphrase | None = None,
    key: DatabaseKey | None = None,
    busy_ms: int = BUSY_TIMEOUT_MS,
) -> Database:
    """Open (or with create=True, make) the database at url and bring its schema up to date.

    A new SQLite file is encrypted unless encrypt is False; `ask` is called for a passphrase
    when no keyring is available; `key` opens an existing file directly (a backup being checked).
    `busy_ms` is how long to wait for another writer (the command line waits longer).
    Its recovery key is on the returned Database.
    """
    path = sqlite_path(url)
    recovery = None
    if path is not None:
        cipher.require_sqlcipher()  # refuse before touching the file if SQLCipher is unusable
    if path is not None and key is None:
        key, recovery = _key_for(path, create, encrypt, ask)
    if path is not None and key is not None and not create and not path.exists():
        raise ServiceError(f"no database at {path}")
    engine = make_engine(url, key, busy_ms)
    try:
        if path is not None:
            _check_readable(engine, path, key is not None)
        upgrade.bring_up_to_date(engine, path, key, new=create)  # a backup first
    except BaseException:
        engine.dispose()
        if create and path is not None:
            keys.forget_key(path)
        raise
    if path is not None and key is not None and not create and recovery is None:
        keys.remember_key(path, key)  # a recovery key typed on a new machine is kept from now
    return Database(engine, recovery, key)


def is_encrypted_file(url: str) -> bool:
    """Whether the SQLite file behind url is encrypted (False for a server or a missing file)."""
    path = sqlite_path(url)
    return path is not None and is_encrypted(path)
