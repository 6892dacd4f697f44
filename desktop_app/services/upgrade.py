"""Upgrading a register's schema safely: a backup first, and that backup put back if it fails.

A register made by an older version of the app is copied (SQLite's online backup, under the
same key) beside itself before any migration runs. If a migration fails, the register is
replaced by that copy, so it is exactly as it was, and the error says so and where the copy is.
A register made by a newer version is refused untouched.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from desktop_app.models import migrate
from desktop_app.models.engine import Database, DatabaseKey
from desktop_app.services.errors import ServiceError


class UpgradeFailed(ServiceError):
    """A migration failed; the register was put back from the backup taken just before."""


class TooNew(ServiceError):
    """The register was written by a newer version of the app."""


def backup_name(path: Path, revision: str | None, now: datetime) -> Path:
    """Where the copy taken before upgrading goes: beside the register, named for the version."""
    version = revision or "none"
    return path.with_name(f"{path.stem}-before-upgrade-{version}-{now:%Y%m%d-%H%M%S}{path.suffix}")


def bring_up_to_date(
    engine: Engine, path: Path | None, key: DatabaseKey | None, *, new: bool = False
) -> Path | None:
    """Migrate the register to this build's schema; the backup taken first, if one was.

    `path` is the SQLite file (None for a server, whose migrations run in one transaction);
    `new` is True for a register being created (there is nothing to keep).
    """
    found = migrate.stored_revision(engine)
    head = migrate.head_revision()
    if found == head:
        return None
    if migrate.is_newer_than_this_build(found):
        raise TooNew(
            f"this register was last opened by a newer version of the app (schema {found}; this "
            f"version knows {head}); install the newer version. Nothing was changed."
        )
    if new or path is None:
        _migrate_or_say(engine, found, head)
        return None
    copy = _backup_first(engine, path, key, found)
    try:
        migrate.run_migrations(engine)
    except Exception as error:
        engine.dispose()
        _put_back(path, copy, key, found, head, error)
    return copy


def _migrate_or_say(engine: Engine, found: str | None, head: str) -> None:
    try:
        migrate.run_migrations(engine)
    except Exception as error:
        raise UpgradeFailed(
            f"upgrading the register from schema {found or 'none'} to {head} failed ({error}); "
            "the upgrade was rolled back and nothing was changed"
        ) from error


def _backup_first(engine: Engine, path: Path, key: DatabaseKey | None, found: str | None) -> Path:
    from desktop_app.services.backup import write_backup

    copy = backup_name(path, found, datetime.now())
    try:
        write_backup(Database(engine, key=key), copy)
    except Exception as error:  # any failure to copy: do not migrate without a copy
        raise ServiceError(
            f"the register needs upgrading, but a backup could not be taken first ({error}); "
            "nothing was changed. Free some disk space or check the folder, then try again."
        ) from error
    return copy


def _put_back(
    path: Path,
    copy: Path,
    key: DatabaseKey | None,
    found: str | None,
    head: str,
    error: Exception,
) -> None:
    from desktop_app.services.backup import restore

    what = f"upgrading the register from schema {found or 'none'} to {head} failed ({error})"
    try:
        restore(path, copy, key, datetime.now())
    except (ServiceError, OSError) as problem:
        raise UpgradeFailed(
            f"{what}, and putting back the backup taken just before failed too ({problem}). "
            f"The backup is at {copy}: restore it with 'restore {copy}'."
        ) from error
    raise UpgradeFailed(
        f"{what}. The register was put back from the backup taken just before, so it is as it "
        f"was; that backup is kept at {copy}. Keep using the previous version of the app and "
        "tell your supplier."
    ) from error
