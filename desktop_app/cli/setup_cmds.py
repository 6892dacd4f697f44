"""`init` and `demo`: creating a database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.context import EXIT_OK, ask_passphrase, read_password, url_of
from desktop_app.config import database_url
from desktop_app.services.setup import create_demo, create_register


def register(
    commands: Any, common: argparse.ArgumentParser, signed: argparse.ArgumentParser
) -> None:
    init = commands.add_parser(
        "init",
        parents=[common],
        help="create the database and its first director",
        description="Create a new register database and its first director account.",
    )
    init.add_argument("--name", required=True, help="the provision's name")
    init.add_argument("--admin", required=True, metavar="USERNAME", help="the director's username")
    init.add_argument("--full-name", help="the director's full name (default: the username)")
    init.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    init.add_argument(
        "--unencrypted",
        action="store_true",
        help="do not encrypt the file (not advised: it holds data about children)",
    )
    init.set_defaults(handler=run_init)

    demo = commands.add_parser(
        "demo",
        help="create a fictional provision to try the app",
        description="Create a realistic fictional provision (learners, staff, a term of marks).",
    )
    demo.add_argument("--out", required=True, type=Path, help="the new SQLite file")
    demo.set_defaults(handler=run_demo)


def run_init(args: argparse.Namespace) -> int:
    password = read_password(args, confirm=True)
    if args.unencrypted:
        print(
            "warning: the register will NOT be encrypted. Anyone who copies the file can read "
            "it. Encrypt it later with 'provision-register encrypt'.",
            file=sys.stderr,
        )
    db = create_register(
        url_of(args),
        args.name,
        args.admin,
        args.full_name or args.admin,
        password,
        encrypt=not args.unencrypted,
        ask=ask_passphrase,
    )
    db.dispose()
    print(f"Created {db.url} for {args.name}; director '{args.admin}' can sign in.")
    if db.recovery_key:
        print("The register is encrypted; its key is kept in this computer's keyring.")
        print("Print this recovery key and keep it locked away. It opens the register if the")
        print(f"keyring is lost or the file moves to another computer:\n\n    {db.recovery_key}\n")
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    db, demo = create_demo(database_url(str(args.out)), ask_passphrase)
    db.dispose()
    print(f"Demo provision '{demo.provision}' written to {args.out}")
    print(f"{demo.learners} learners, {demo.marks} marks, {len(demo.staff)} staff")
    for username, role, password in demo.staff:
        print(f"  {role:<20} user {username:<10} password {password}")
    return EXIT_OK
