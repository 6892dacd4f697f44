"""`encrypt`, `backup`, `restore`, `check` and `retention` (director)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.cli.context import EXIT_INPUT, EXIT_OK, Signed, ask_passphrase, sign_in, url_of
from desktop_app.config import database_url, sqlite_path
from desktop_app.domain.permissions import Action
from desktop_app.models.engine import is_encrypted
from desktop_app.services import backup as backups
from desktop_app.services import keys, retention
from desktop_app.services.auth import require
from desktop_app.services.database import open_database
from desktop_app.services.encryption import encrypt_in_place
from desktop_app.services.errors import ServiceError


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
        description="Sign in as a director of the backup being restored.",
    )
    back.add_argument("file", type=Path)
    back.set_defaults(handler=run_restore)
    check = commands.add_parser("check", parents=[common], help="integrity and schema version")
    check.add_argument(
        "file", nargs="?", type=Path, help="a backup to check (default: the register)"
    )
    check.set_defaults(handler=run_check)
    keep = commands.add_parser("retention", parents=[signed], help="entries past 6 years")
    keep.add_argument("--purge", action="store_true", help="delete them (cannot be undone)")
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
    print(f"Backup written to {written}")
    return EXIT_OK


def _register_path(args: argparse.Namespace) -> Path:
    path = sqlite_path(url_of(args))
    if path is None:
        raise ServiceError("restore works on SQLite files; restore a server with its own tools")
    return path


def run_restore(args: argparse.Namespace) -> int:
    target = _register_path(args)
    key = keys.existing_key(target, ask_passphrase) if is_encrypted(args.file) else None
    with tempfile.TemporaryDirectory() as folder:  # sign in against a copy of the backup
        copy = Path(folder) / "check.sqlite"
        shutil.copyfile(args.file, copy)
        result = backups.check_file(copy, key)
        if not result.ok:
            raise ServiceError(
                f"{args.file} failed its check ({result.integrity}); nothing changed"
            )
        db = open_database(database_url(str(copy)), key=key)
        try:
            require(sign_in(args, db), Action.BACKUPS)
        finally:
            db.dispose()
    kept = backups.restore(target, args.file, key, datetime.now())
    print(f"Restored {args.file} to {target}; the replaced file is kept as {kept}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    path = args.file or _register_path(args)
    if not path.exists():
        raise ServiceError(f"no file at {path}")
    key = keys.existing_key(_register_path(args), ask_passphrase) if is_encrypted(path) else None
    result = backups.check_file(path, key)
    print(
        f"{path}: integrity {result.integrity}; schema {result.schema} "
        f"(this version expects {result.expected_schema}); "
        f"{'encrypted' if result.encrypted else 'NOT encrypted'}"
    )
    return EXIT_OK if result.ok else EXIT_INPUT


def run_retention(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        if args.purge:
            done = retention.purge_expired(ctx.db, ctx.user, date.today())
            print(
                f"Purged {done.marks} marks and {done.amendments} amendments "
                f"made before {done.cutoff}"
            )
            return EXIT_OK
        found = retention.expired_entries(ctx.db, ctx.user, date.today())
    print(
        f"{found.marks} marks and {found.amendments} amendments were made before {found.cutoff} "
        f"and may be purged{f' (oldest session {found.oldest})' if found.oldest else ''}."
    )
    return EXIT_OK
