"""Backups: SQLite's online backup, encrypted like the database, kept 14 daily and 12 monthly;
checking a database, and restoring one after checking it first."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
import sqlcipher3.dbapi2 as sqlcipher

from desktop_app import APP_NAME
from desktop_app.config import sqlite_path
from desktop_app.domain.permissions import Action
from desktop_app.models import migrate
from desktop_app.models.auditing import audit_entry
from desktop_app.models.engine import Database, DatabaseKey, is_encrypted
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import ServiceError

KEEP_DAILY, KEEP_MONTHLY = 14, 12
NAME = re.compile(r"^register-(\d{8})-(\d{6})\.sqlite$")


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    integrity: str
    schema: str | None
    expected_schema: str
    encrypted: bool


def default_backup_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "backups"


def _connect(path: Path, key: DatabaseKey | None) -> Any:
    if key is None:
        return sqlite3.connect(str(path))
    connection = sqlcipher.connect(str(path))
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(key.pragma())
    return connection


def _sqlite_file(db: Database) -> Path:
    path = sqlite_path(db.url)
    if path is None:
        raise ServiceError("backups here are of SQLite files; back a server up with its own tools")
    return path


def write_backup(db: Database, out: Path) -> Path:
    """Copy the live database to out with SQLite's online backup, under the same key."""
    source_path = _sqlite_file(db)
    if out.exists():
        raise ServiceError(f"{out} already exists")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    source, target = _connect(source_path, db.key), _connect(partial, db.key)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    os.replace(partial, out)
    return out


def backup(db: Database, user: StaffUser, out: Path) -> Path:
    """A backup on request (director)."""
    require(user, Action.BACKUPS)
    written = write_backup(db, out)
    with db.transaction(actor(user)) as session:
        audit_entry(session, "create", "backup", None, None, f"backup written to {written}")
    return written


def _stamp(path: Path) -> datetime | None:
    match = NAME.match(path.name)
    return datetime.strptime("".join(match.groups()), "%Y%m%d%H%M%S") if match else None


def taken_at(path: Path) -> datetime | None:
    """When an automatic backup was taken (local time, from its name), or None for other files."""
    return _stamp(path)


def backups_in(folder: Path) -> list[Path]:
    """Automatic backups in the folder, newest first."""
    found = [p for p in folder.glob("register-*.sqlite") if _stamp(p) is not None]
    return sorted(found, key=lambda p: _stamp(p) or datetime.min, reverse=True)


def to_keep(paths: list[Path]) -> set[Path]:
    """The newest backup of each of the last 14 days and of each of the last 12 months."""
    days: dict[str, Path] = {}
    months: dict[str, Path] = {}
    for path in backups_in(paths[0].parent) if paths else []:
        stamp = _stamp(path)
        assert stamp is not None
        days.setdefault(stamp.strftime("%Y%m%d"), path)
        months.setdefault(stamp.strftime("%Y%m"), path)
    newest_days = sorted(days, reverse=True)[:KEEP_DAILY]
    newest_months = sorted(months, reverse=True)[:KEEP_MONTHLY]
    return {days[d] for d in newest_days} | {months[m] for m in newest_months}


def automatic_backup(
    db: Database, folder: Path, now: datetime, on_exit: bool = False
) -> Path | None:
    """Back up on exit, or once a day; then prune to 14 daily and 12 monthly."""
    existing = backups_in(folder)
    newest = _stamp(existing[0]) if existing else None
    if not on_exit and newest is not None and newest.date() == now.date():
        return None
    written = write_backup(db, folder / f"register-{now:%Y%m%d-%H%M%S}.sqlite")
    everything = backups_in(folder)
    keep = to_keep(everything)
    for path in everything:
        if path not in keep:
            path.unlink(missing_ok=True)
    return written


def check_file(path: Path, key: DatabaseKey | None) -> CheckResult:
    """Integrity and schema version of a database or backup file."""
    encrypted = is_encrypted(path)
    try:
        connection = _connect(path, key if encrypted else None)
        try:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
            schema = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            connection.close()
    except (sqlite3.DatabaseError, sqlcipher.DatabaseError) as error:
        return CheckResult(False, f"unreadable: {error}", None, migrate.head_revision(), encrypted)
    head = migrate.head_revision()
    ok = integrity == "ok" and schema is not None and schema <= head
    return CheckResult(ok, integrity, schema, head, encrypted)


def restore(target: Path, backup_file: Path, key: DatabaseKey | None, now: datetime) -> Path:
    """Replace the database at target with a backup that passes its check; keep the old file.

    Returns where the replaced file was kept. The database must not be open.
    """
    result = check_file(backup_file, key)
    if not result.ok:
        raise ServiceError(f"{backup_file} failed its check ({result.integrity}); nothing changed")
    kept = target.with_name(f"{target.name}.replaced-{now:%Y%m%d-%H%M%S}")
    if target.exists():
        os.replace(target, kept)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    partial = target.with_name(target.name + ".restoring")
    shutil.copyfile(backup_file, partial)
    os.replace(partial, target)
    return kept


def newest_good_backup(folder: Path, key: DatabaseKey | None) -> Path | None:
    """The newest automatic backup that passes its check, for a damaged database at start."""
    return next((p for p in backups_in(folder) if check_file(p, key).ok), None)
