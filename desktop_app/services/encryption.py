"""Encrypting an existing unencrypted register in place, with SQLCipher's export."""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from desktop_app.config import sqlite_path
from desktop_app.domain.permissions import Action
from desktop_app.models.auditing import audit_entry
from desktop_app.models.engine import Database, DatabaseKey, is_encrypted
from desktop_app.services import keys
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.database import open_database
from desktop_app.services.errors import ServiceError


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _key_clause(key: DatabaseKey) -> str:
    if key.raw_hex is not None:
        return f"\"x'{key.raw_hex}'\""
    assert key.passphrase is not None
    return _quoted(key.passphrase)


def _export(path: Path, target: Path, key: DatabaseKey) -> None:
    """Copy every table into a new encrypted file with SQLCipher's export."""
    if not target.exists():  # readable by its owner only (0600), as the register is
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    connection = sqlcipher.connect(str(path))
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute(
            f"ATTACH DATABASE {_quoted(str(target))} AS encrypted KEY {_key_clause(key)}"
        )
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()


def _check(target: Path, key: DatabaseKey) -> None:
    connection = sqlcipher.connect(str(target))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(key.pragma())
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    if result != "ok":
        raise ServiceError(f"the encrypted copy failed its integrity check ({result})")


def export_encrypted(path: Path, target: Path, key: DatabaseKey) -> None:
    """An encrypted copy of the plain database at path, checked (a plain backup restored over
    an encrypted register is re-encrypted this way)."""
    _export(path, target, key)
    _check(target, key)


def encrypt_in_place(
    db: Database, user: StaffUser, ask: keys.AskPassphrase | None = None
) -> tuple[Database, str | None]:
    """Encrypt the open, unencrypted register; returns it reopened and its recovery key.

    The plain file is replaced only once the encrypted copy passes its integrity check.
    """
    require(user, Action.MANAGE_SETTINGS)
    path = sqlite_path(db.url)
    if path is None:
        raise ServiceError(
            "a database server keeps its own storage; only SQLite files are encrypted"
        )
    if is_encrypted(path):
        raise ServiceError(f"{path} is already encrypted")
    key, recovery = keys.new_key(path, ask)
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    db.dispose()
    try:
        _export(path, target, key)
        _check(target, key)
    except BaseException:
        target.unlink(missing_ok=True)
        keys.forget_key(path)
        raise
    os.replace(target, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    reopened = open_database(db.url, key=key)
    with reopened.transaction(actor(user)) as session:
        audit_entry(session, "change", "database", None, None, "encrypted the register at rest")
    return reopened, recovery
