"""`encrypt`, `backup`, `restore`, `check` and `retention` (director)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.cli.context import (
    EXIT_INPUT,
    EXIT_OK,
    Signed,
    ask_passphrase,
    open_db,
    sign_in,
    url_of,
)
from desktop_app.config import sqlite_path
from desktop_app.domain.permissions import Action
from desktop_app.models.engine import Database, is_encrypted
from desktop_app.services import backup as backups
from desktop_app.services import keys, retention
from desktop_app.services.auth import actor, require
from desktop_app.services.database import DatabaseUnreadable
from desktop_app.services.encryption import encrypt_in_place
from desktop_app.services.errors import Problem, ServiceError, ValidationFailed
from desktop_app.services.integrity_file import check_register_file


def register(
    commands: Any, signed: argparse.ArgumentParser, common: argparse.ArgumentParser
) -> None:
    encrypt = commands.add_parser(
        "encrypt", parents=[signed], help="encrypt an unencrypted register"
    )
    encrypt.set_defaults(handler=run_encrypt)
    take = commands.add_parser("backup", parents=[signed], help="write a backup now")
    take.add_argument("--out", required=True, type=Path, help="the backup file to write")
    take.set_defaults(handler=run_backup)
    back = commands.add_parser(
        "restore",
        parents=[signed],
        help="replace the register with a backup (checked first; the old file is kept)",
        description="Sign in as a director of the register being replaced. The backup must be "
        "encrypted with this register's key. Refused while the register is open elsewhere.",
    )
    back.add_argument("file", type=Path)
    back.add_argument(
        "--re-encrypt",
        action="store_true",
        help="restore a backup that is NOT encrypted, encrypting it with this register's key "
        "(anyone who had that plain file could have changed it: be sure where it came from)",
    )
    back.set_defaults(handler=run_restore)
    check = commands.add_parser(
        "check",
        parents=[common],
        help="integrity and schema version",
        description="Integrity, schema version, the audit log's hash chain, every protective "
        "trigger, every mark against the audit log, the clock, and plain backups.",
    )
    check.add_argument(
        "file", nargs="?", type=Path, help="a backup to check (default: the register)"
    )
    check.add_argument("--backups", type=Path, metavar="DIR", help="the backup folder to look in")
    check.set_defaults(handler=run_check)
    keep = commands.add_parser("retention", parents=[signed], help="entries past 6 years")
    keep.add_argument("--purge", action="store_true", help="delete them (cannot be undone)")
    keep.add_argument("--yes", action="store_true", help="confirm the purge without asking")
    keep.add_argument("--backups", type=Path, metavar="DIR", help="where the backup goes first")
    keep.set_defaults(handler=run_retention)


def run_encrypt(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        ctx.db, recovery = encrypt_in_place(ctx.db, ctx.user, ask_passphrase)
    print("The register is now encrypted.")
    if recovery:
        print(f"Print this recovery key and keep it locked away:\n\n    {recovery}\n")
    return EXIT_OK


def run_backup(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        written = backups.backup(ctx.db, ctx.user, args.out)
        server = sqlite_path(ctx.db.url) is None
    if server:  # PostgreSQL: made by pg_dump, read back by pg_restore --list
        print(f"Backup written to {written} by pg_dump --format=custom (checked: it reads back)")
        return EXIT_OK
    print(f"Backup written to {written} (checked: integrity ok)")
    return EXIT_OK


def _register_path(args: argparse.Namespace) -> Path:
    path = sqlite_path(url_of(args))
    if path is None:
        raise ServiceError("this works on SQLite files; a server is managed with its own tools")
    return path


def _sign_in_live(args: argparse.Namespace) -> tuple[Any, tuple[int | None, str]]:
    """Sign in against the register being replaced (failures count toward its lock)."""
    db = open_db(args)
    try:
        user = sign_in(args, db)
        require(user, Action.BACKUPS)
        return db.key, actor(user)
    finally:
        db.dispose()


def _sign_in_damaged(args: argparse.Namespace, target: Path) -> tuple[Any, tuple[int | None, str]]:
    """The register cannot be read: only a backup under its own key will do, and the director
    signs in against that backup (which only the key's holder could have made)."""
    if not is_encrypted(target):
        raise ServiceError(f"{target} cannot be read, and has no key to vouch for a backup")
    key = keys.existing_key(target, ask_passphrase)
    if not is_encrypted(args.file) or not backups.check_file(args.file, key).ok:
        raise ServiceError(f"{args.file.name} is not a good backup under this register's key")
    from desktop_app.services.database import open_database
    from desktop_app.services.restore import signed_in_copy

    with signed_in_copy(args.file, key, open_database) as copy:
        user = sign_in(args, copy)
        require(user, Action.BACKUPS)
        return key, actor(user)


def run_restore(args: argparse.Namespace) -> int:
    target = _register_path(args)
    if not args.file.is_file():
        raise ServiceError(f"no backup file at {args.file}")
    try:
        key, who = _sign_in_live(args)
    except DatabaseUnreadable:
        key, who = _sign_in_damaged(args, target)
    kept = backups.restore(
        target, args.file, key, datetime.now(), who=who, re_encrypt=args.re_encrypt
    )
    print(f"Restored {args.file} to {target}; the replaced register is kept as {kept}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    register_path = _register_path(args)
    path = args.file or register_path
    if not path.is_file():
        raise ServiceError(f"no file at {path}")
    key = None
    if is_encrypted(path):
        key = keys.existing_key(register_path, ask_passphrase)
    folder = args.backups or backups.default_backup_folder()
    lines, ok = check_register_file(path, key, folder if args.file is None else None)
    for line in lines:
        print(line)
    return EXIT_OK if ok else EXIT_INPUT


def _confirmed(args: argparse.Namespace, marks: int) -> int:
    """The count the director confirmed: --yes, or typed at a terminal."""
    if args.yes:
        return marks
    if not sys.stdin.isatty():
        raise ValidationFailed([Problem("confirm the purge with --yes", field="yes")])
    typed = input(f"Type {marks} to purge {marks} marks: ").strip()
    if typed != str(marks):
        raise ValidationFailed([Problem("the count typed does not match", field="confirm")])
    return marks


def _backup_before(db: Database, args: argparse.Namespace) -> Any:
    path = sqlite_path(db.url)
    if path is None:
        return None
    folder = args.backups or backups.default_backup_folder()
    out = folder / f"{path.stem}-before-purge-{datetime.now():%Y%m%d-%H%M%S}.sqlite"
    return lambda: print(f"Backup written to {backups.write_backup(db, out)}")


def run_retention(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        found = retention.expired_entries(ctx.db, ctx.user, date.today())
        _print_found(found)
        if not args.purge or not found.marks:
            return EXIT_OK
        confirmed = _confirmed(args, found.marks)
        done = retention.purge_expired(
            ctx.db, ctx.user, date.today(), confirmed, _backup_before(ctx.db, args)
        )
    print(f"Purged {done.marks} marks and {done.amendments} amendments made before {done.cutoff}")
    return EXIT_OK


def _print_found(found: retention.RetentionSummary) -> None:
    print(
        f"{found.marks} marks and {found.amendments} amendments were made before {found.cutoff} "
        f"and may be purged{f' (oldest session {found.oldest})' if found.oldest else ''}."
    )
    print(f"Age judged from {found.judged_from}: the earlier of today and the newest record.")
    for year, count in found.by_year:
        print(f"  sessions in {year}: {count} marks")
