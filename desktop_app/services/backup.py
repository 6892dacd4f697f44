"""Backups: SQLite's online backup, encrypted like the database, checked before they count.

Automatic backups are named after the register (`demo.sqlite` -> `demo-YYYYMMDD-HHMMSS-N.sqlite`,
N counting up with each backup), so several registers can share a folder. They are kept by
their own order (N), not by the clock alone: every backup of the last 24 hours, the newest of
each of 14 days and of 12 months, and always the newest good one. A backup whose copy fails its
integrity check is removed and reported, and never rotates a good one out.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
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
KEEP_ALL_WITHIN = timedelta(hours=24)
NAME = re.compile(r"^(?P<stem>.+)-(?P<day>\d{8})-(?P<time>\d{6})(?:-(?P<n>\d+))?\.sqlite$")
DRIVER_ERRORS = (sqlite3.Error, sqlcipher.Error)


class BackupFailed(ServiceError):
    """A backup could not be written, or its copy failed its check; nothing was kept."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    integrity: str
    schema: str | None
    expected_schema: str
    encrypted: bool


def default_backup_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "backups"


def connect_file(path: Path, key: DatabaseKey | None) -> Any:
    """A raw connection to a SQLite file (SQLCipher when keyed)."""
    if key is None:
        return sqlite3.connect(str(path))
    connection = sqlcipher.connect(str(path))
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(key.pragma())
    return connection


_connect = connect_file


def _sqlite_file(db: Database) -> Path:
    path = sqlite_path(db.url)
    if path is None:
        raise ServiceError("backups here are of SQLite files; back a server up with its own tools")
    return path


def private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (0600); it must not exist yet."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def sync_folder(folder: Path) -> None:
    """Make a rename in the folder durable (POSIX; a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def copy_database(source_path: Path, source_key: DatabaseKey | None, out: Path) -> None:
    """Copy a live database (WAL included) to a new file `out` with SQLite's backup API,
    under the same key; the copy is checked, and removed if the copy or its check fails."""
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    private_file(partial)
    try:
        source, target = connect_file(source_path, source_key), connect_file(partial, source_key)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        result = check_file(partial, source_key)
        if not result.ok:
            raise BackupFailed(
                f"the copy failed its integrity check ({result.integrity}): the register may "
                "be damaged; run 'check'. No backup was kept"
            )
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, out)
        sync_folder(out.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_backup(db: Database, out: Path) -> Path:
    """Copy the live database to out with SQLite's online backup, under the same key, checked."""
    source_path = _sqlite_file(db)
    if out.exists():
        raise ServiceError(f"{out} already exists")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        copy_database(source_path, db.key, out)
    except DRIVER_ERRORS as error:
        raise BackupFailed(f"the backup could not be written ({_reason(error)})") from None
    return out


def _reason(error: BaseException) -> str:
    text = str(error).lower()
    return "the disk is full" if "full" in text else type(error).__name__


def backup(db: Database, user: StaffUser, out: Path) -> Path:
    """A backup on request (director); of a PostgreSQL register, by pg_dump (server_backup)."""
    require(user, Action.BACKUPS)
    if sqlite_path(db.url) is None:
        from desktop_app.services.server_backup import dump_server

        written = dump_server(db, out)
    else:
        written = write_backup(db, out)
    with db.transaction(actor(user)) as session:
        audit_entry(session, "create", "backup", None, None, f"backup written to {written}")
    return written


@dataclass(frozen=True, slots=True)
class _Named:
    path: Path
    stem: str
    stamp: datetime
    number: int


def _parse(path: Path) -> _Named | None:
    match = NAME.match(path.name)
    if match is None:
        return None
    try:
        stamp = datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return _Named(path, match["stem"], stamp, int(match["n"] or 0))


def taken_at(path: Path) -> datetime | None:
    """When an automatic backup was taken (local time, from its name), or None for other files."""
    named = _parse(path)
    return named.stamp if named else None


def _ordered(folder: Path, stem: str | None) -> list[_Named]:
    """Automatic backups newest first by their own order: number, then time for old names."""
    found = [n for p in folder.glob("*.sqlite") if (n := _parse(p)) is not None]
    if stem is not None:
        found = [n for n in found if n.stem == stem]
    return sorted(found, key=lambda n: (n.number, n.stamp), reverse=True)


def backups_in(folder: Path, stem: str | None = None) -> list[Path]:
    """Automatic backups in the folder (of the register named `stem`, if given), newest first."""
    return [n.path for n in _ordered(folder, stem)] if folder.is_dir() else []


def stem_of(db: Database) -> str:
    return _sqlite_file(db).stem


def _effective(ordered: list[_Named]) -> list[tuple[_Named, datetime]]:
    """Each backup with a time no later than any newer backup's: a clock that jumped ahead
    (a backup stamped 2036) cannot keep that backup forever."""
    result: list[tuple[_Named, datetime]] = []
    ceiling = datetime.max
    for named in ordered:
        ceiling = min(ceiling, named.stamp)
        result.append((named, ceiling))
    return result


def to_keep(paths: list[Path]) -> set[Path]:
    """Every backup within 24 hours of the newest, the newest of each of 14 days and of each of
    12 months, and the newest (just written and checked, so good). By the backups' own order."""
    if not paths:
        return set()
    named = sorted(
        (n for p in paths if (n := _parse(p)) is not None),
        key=lambda n: (n.number, n.stamp),
        reverse=True,
    )
    if not named:
        return set()
    timed = _effective(named)
    newest_time = timed[0][1]
    keep = {timed[0][0].path}
    days: dict[str, Path] = {}
    months: dict[str, Path] = {}
    for item, at in timed:
        if newest_time - at < KEEP_ALL_WITHIN:
            keep.add(item.path)
        days.setdefault(at.strftime("%Y%m%d"), item.path)
        months.setdefault(at.strftime("%Y%m"), item.path)
    keep.update(days[d] for d in sorted(days, reverse=True)[:KEEP_DAILY])
    keep.update(months[m] for m in sorted(months, reverse=True)[:KEEP_MONTHLY])
    return keep


def _remove_partials(folder: Path, stem: str) -> None:
    """A backup killed half-way leaves `.partial`: never counted, removed next time."""
    for left in folder.glob(f"{glob_escape(stem)}-*.sqlite.partial"):
        left.unlink(missing_ok=True)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def next_backup_path(db: Database, folder: Path, now: datetime) -> Path:
    """Where the next backup of this register goes: its name, the time and the next number."""
    stem = stem_of(db)
    existing = _ordered(folder, stem) if folder.is_dir() else []
    number = (existing[0].number if existing else 0) + 1
    return folder / f"{stem}-{now:%Y%m%d-%H%M%S}-{number}.sqlite"


@dataclass(frozen=True, slots=True)
class Listed:
    path: Path
    plain: bool  # not encrypted while the register is: made before encryption


def listing(db: Database, folder: Path) -> list[Listed]:
    """This register's backups in the folder, newest first, the plain ones of an encrypted
    register marked (Settings › Backups)."""
    path = sqlite_path(db.url)
    if path is None:
        return []
    encrypted = db.key is not None
    return [Listed(p, encrypted and not is_encrypted(p)) for p in backups_in(folder, path.stem)]


def automatic_backup(
    db: Database, folder: Path, now: datetime, on_exit: bool = False
) -> Path | None:
    """Back up on exit, or once a day; then prune (only after the new copy passed its check)."""
    stem = stem_of(db)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_partials(folder, stem)
    existing = _ordered(folder, stem)
    if not on_exit and existing and existing[0].stamp.date() == now.date():
        return None
    written = write_backup(db, next_backup_path(db, folder, now))
    everything = backups_in(folder, stem)
    keep = to_keep(everything)
    for path in everything:
        if path not in keep:
            path.unlink(missing_ok=True)
    return written


def check_file(path: Path, key: DatabaseKey | None) -> CheckResult:
    """Integrity and schema version of a database or backup file."""
    encrypted = is_encrypted(path)
    head = migrate.head_revision()
    if not path.is_file() or path.stat().st_size == 0:
        return CheckResult(False, "not a register file", None, head, encrypted)
    try:
        connection = connect_file(path, key if encrypted else None)
        try:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
            schema = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            connection.close()
    except DRIVER_ERRORS as error:
        return CheckResult(False, f"unreadable ({_unreadable(error)})", None, head, encrypted)
    ok = integrity == "ok" and schema is not None and schema <= head
    return CheckResult(ok, integrity, schema, head, encrypted)


def _unreadable(error: BaseException) -> str:
    text = str(error)
    return "wrong key or not a database" if "not a database" in text else type(error).__name__


def plain_backups(folder: Path, stem: str) -> list[Path]:
    """This register's backups that are not encrypted (made before it was encrypted)."""
    return [p for p in backups_in(folder, stem) if not is_encrypted(p)]


def restore(
    target: Path,
    backup_file: Path,
    key: DatabaseKey | None,
    now: datetime,
    *,
    who: tuple[int | None, str] | None = None,
    re_encrypt: bool = False,
) -> Path:
    """Replace the register at target with a checked backup; returns where the replaced
    register was kept (see services/restore.py)."""
    from desktop_app.services.restore import restore_file

    return restore_file(target, backup_file, key, now, who=who, re_encrypt=re_encrypt)


def newest_good_backup(folder: Path, key: DatabaseKey | None, stem: str) -> Path | None:
    """The newest automatic backup of this register (named after its file: `stem`) that passes
    its check, for a damaged register at start. Another register's backups in the same folder
    are never offered: restoring one would put a different provision's register in place."""
    return next((p for p in backups_in(folder, stem) if check_file(p, key).ok), None)
