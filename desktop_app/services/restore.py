"""Restoring a backup over the register, without losing what it replaces.

- Refused while another process has the register open (its WAL shared memory is locked).
- The replaced register is kept whole: copied with SQLite's backup API, WAL included.
- The backup is checked first and must be encrypted with this register's key (a plain backup
  only when `re_encrypt` is given, after the user confirmed the risk: it is re-encrypted).
- The new copy is put in place with one atomic rename; the stale WAL goes only after that.
- It is audited in the replaced register (kept) and in the restored one.

Signing in is against the live register (the caller's job: see cli/maintenance_cmds.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.config import database_url
from desktop_app.models.audit import GENESIS, chain_hash
from desktop_app.models.engine import Database, DatabaseKey, is_encrypted
from desktop_app.services.backup import (
    DRIVER_ERRORS,
    check_file,
    connect_file,
    copy_database,
    private_file,
    sync_folder,
)
from desktop_app.services.errors import Busy, ServiceError

#: Byte of the -shm file every connection with the WAL open holds a shared lock on (SQLite's
#: unix VFS: UNIX_SHM_DMS = 120 + 8).
SHM_DMS_BYTE = 128


def in_use(target: Path) -> bool:
    """Whether another process has the register open (POSIX; elsewhere the rename refuses)."""
    shm = Path(f"{target}-shm")
    if not shm.exists():
        return False
    try:
        import fcntl
    except ImportError:  # Windows: an open file cannot be replaced; os.replace fails instead
        return False
    handle = os.open(shm, os.O_RDWR)
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SHM_DMS_BYTE)
    except OSError:
        return True
    else:
        fcntl.lockf(handle, fcntl.LOCK_UN, 1, SHM_DMS_BYTE)
        return False
    finally:
        os.close(handle)


def _refuse_if_open(target: Path) -> None:
    if in_use(target):
        raise Busy(
            "the register is open in another window or command: close it, then restore; "
            "nothing was changed"
        )


def _backup_key(backup_file: Path, key: DatabaseKey | None, re_encrypt: bool) -> None:
    """The backup must open with this register's key (or be plain, with re_encrypt)."""
    encrypted = is_encrypted(backup_file)
    if key is None and encrypted:
        raise ServiceError(
            f"{backup_file.name} is encrypted but this register is not; nothing changed"
        )
    if key is not None and not encrypted and not re_encrypt:
        raise ServiceError(
            f"{backup_file.name} is NOT encrypted: restoring it would put a plain copy in place "
            "of this encrypted register. Give --re-encrypt to encrypt it with this register's "
            "key as it is restored; nothing changed"
        )


def _check_backup(backup_file: Path, key: DatabaseKey | None) -> None:
    if not backup_file.is_file():
        raise ServiceError(f"no backup file at {backup_file}")
    encrypted = is_encrypted(backup_file)
    result = check_file(backup_file, key if encrypted else None)
    if not result.ok:
        why = (
            "failed its check: it is damaged, or not encrypted with this register's key"
            if encrypted and result.integrity.startswith("unreadable")
            else f"failed its check ({result.integrity})"
        )
        raise ServiceError(f"{backup_file.name} {why}; nothing changed")


def _keep_replaced(target: Path, key: DatabaseKey | None, now: datetime) -> Path | None:
    """A whole copy of the register being replaced (WAL included), beside it."""
    if not target.exists():
        return None
    kept = target.with_name(f"{target.name}.replaced-{now:%Y%m%d-%H%M%S}")
    if kept.exists():
        raise ServiceError(f"{kept} already exists; wait a second and try again")
    try:
        copy_database(target, key, kept)
    except (ServiceError, *DRIVER_ERRORS):
        # A damaged register cannot be read page by page: keep its files byte for byte.
        kept.unlink(missing_ok=True)
        for suffix in ("", "-wal"):
            source = Path(f"{target}{suffix}")
            if source.exists():
                shutil.copy2(source, Path(f"{kept}{suffix}"))
                os.chmod(Path(f"{kept}{suffix}"), 0o600)
    return kept


def _stage(backup_file: Path, key: DatabaseKey | None, staged: Path) -> None:
    """The backup copied (re-encrypted with the register's key if it was plain) to staged."""
    staged.unlink(missing_ok=True)
    if key is not None and not is_encrypted(backup_file):
        from desktop_app.services.encryption import export_encrypted

        export_encrypted(backup_file, staged, key)
        os.chmod(staged, 0o600)
    else:
        copy_database(backup_file, key, staged)


def _audit(path: Path, key: DatabaseKey | None, who: tuple[int | None, str], text: str) -> None:
    """One chained audit entry, written straight to the file (its staff table may differ, so
    the member of staff is named, not linked)."""
    with contextlib.closing(connect_file(path, key)) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(audit_log)")}
        at = datetime.now(UTC)
        stored = at.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        values: dict[str, object] = {
            "at": stored,
            "staff_id": None,
            "staff_name": who[1],
            "action": "restore",
            "entity": "database",
            "detail": text,
        }
        if "hash" in columns:  # an older backup gets its chain when it is next opened
            head = connection.execute(
                "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"
            ).fetchone()
            previous = head[0] if head and head[0] else GENESIS
            values["hash"] = chain_hash(
                previous, at, None, who[1], "restore", "database", None, None, text
            )
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        connection.execute(
            f"INSERT INTO audit_log ({names}) VALUES ({marks})", list(values.values())
        )
        connection.commit()


def restore_file(
    target: Path,
    backup_file: Path,
    key: DatabaseKey | None,
    now: datetime,
    *,
    who: tuple[int | None, str] | None = None,
    re_encrypt: bool = False,
) -> Path:
    """Replace the register at target with a backup that passes its check; keep the old one.

    Returns where the replaced register was kept. Nothing changes if any step before the
    rename fails.
    """
    _refuse_if_open(target)
    _backup_key(backup_file, key, re_encrypt)
    _check_backup(backup_file, key)
    who = who or (None, "system")
    staged = target.with_name(target.name + ".restoring")
    try:
        _stage(backup_file, key, staged)
        if target.exists():
            with contextlib.suppress(*DRIVER_ERRORS):
                _audit(target, key, who, f"replaced by the backup {backup_file.name}")
        kept = _keep_replaced(target, key, now)
        _refuse_if_open(target)
        os.replace(staged, target)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    for suffix in ("-wal", "-shm"):  # the old register's; its content is in `kept`
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    sync_folder(target.parent)
    _audit(
        target,
        key,
        who,
        f"restored from the backup {backup_file.name}; the replaced "
        f"register is kept as {kept.name if kept else 'nothing (there was none)'}",
    )
    return kept or target


__all__ = ["in_use", "private_file", "restore_file", "signed_in_copy"]


@contextlib.contextmanager
def signed_in_copy(
    backup_file: Path, key: DatabaseKey, opener: Callable[..., Database]
) -> Iterator[Database]:
    """A throwaway copy of a backup, opened, to sign in against when the register is damaged."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "check.sqlite"
        shutil.copyfile(backup_file, copy)
        db = opener(database_url(str(copy)), key=key)
        try:
            yield db
        finally:
            db.dispose()
