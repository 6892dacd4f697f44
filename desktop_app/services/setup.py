"""Creating a register or the demo: a new file, or nothing at all if anything fails."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from desktop_app.config import sqlite_path
from desktop_app.demo.provision import DemoResult, build_demo
from desktop_app.models.engine import Database, is_encrypted
from desktop_app.services.backup import restore
from desktop_app.services.database import open_database
from desktop_app.services.errors import ServiceError, ValidationFailed
from desktop_app.services.keys import AskPassphrase, existing_key, forget_key, remember_key
from desktop_app.services.provision import check_new_provision, init_provision

T = TypeVar("T")


def remove_sqlite(url: str) -> None:
    """Delete a SQLite file this app has just created, with its journal files."""
    path = sqlite_path(url)
    for suffix in ("", "-wal", "-shm") if path is not None else ():
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _create(
    url: str, fill: Callable[[Database], T], encrypt: bool, ask: AskPassphrase | None
) -> tuple[Database, T]:
    db = open_database(url, create=True, encrypt=encrypt, ask=ask)
    try:
        return db, fill(db)
    except BaseException:
        db.dispose()
        remove_sqlite(url)
        if (path := sqlite_path(url)) is not None:
            forget_key(path)
        raise


def create_register(
    url: str,
    name: str,
    username: str,
    full_name: str,
    password: str,
    *,
    encrypt: bool = True,
    ask: AskPassphrase | None = None,
) -> Database:
    """Make the database and its first director; no file is left behind if anything fails."""
    problems = check_new_provision(name, username, full_name, password)
    if problems:
        raise ValidationFailed(problems)
    db, _user = _create(
        url, lambda db: init_provision(db, name, username, password, full_name), encrypt, ask
    )
    return db


def create_demo(url: str, ask: AskPassphrase | None = None) -> tuple[Database, DemoResult]:
    """A new demo database (encrypted like any other) and its accounts."""
    return _create(url, build_demo, True, ask)


def open_or_create_demo(
    url: str, ask: AskPassphrase | None = None
) -> tuple[Database, DemoResult | None]:
    """The demo database; its accounts too if it had to be built now."""
    path = sqlite_path(url)
    if path is not None and path.exists():
        return open_database(url, ask=ask), None
    return create_demo(url, ask)


def restore_first_register(
    url: str, backup_file: Path, ask: AskPassphrase | None, now: datetime
) -> Database:
    """No register yet: put a backup in its place (the checked restore) and open it.

    An encrypted backup needs its key: this computer's keyring for the register's path, or the
    passphrase or recovery key, asked for. A backup that fails its check changes nothing.
    """
    target = sqlite_path(url)
    if target is None:
        raise ServiceError("a backup can be restored only to a register file on this computer")
    if not backup_file.is_file():
        raise ServiceError(f"no backup file at {backup_file}; nothing changed")
    key = existing_key(target, ask) if is_encrypted(backup_file) else None
    restore(target, backup_file, key, now, who=(None, "the welcome screen"))
    if key is not None:
        remember_key(target, key)
    return open_database(url, key=key)
