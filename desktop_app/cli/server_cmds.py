"""`setup-server` (the IT person, as the database's owner) and `move-to` (a SQLite register onto
a PostgreSQL server)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.config import ENV_DATABASE, database_url
from desktop_app.services import server_setup
from desktop_app.services.errors import Problem, ValidationFailed


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    setup = commands.add_parser(
        "setup-server",
        help="make the schema and the app's role on a PostgreSQL server (its owner, once)",
        description="Run once, and again after each upgrade of the app, as the database's "
        "owner: --database postgresql+psycopg://OWNER@HOST/DB. Brings the schema up to date "
        "and makes the role every PC signs in as, which cannot change or delete the audit "
        "log, amendments, incident timelines or closed incidents. The role's password is read "
        "from standard input with --password-stdin (else prompted); it is needed only when "
        "the role is new.",
    )
    setup.add_argument("--database", metavar="URL", help="the server database, as its owner")
    setup.add_argument(
        "--role", default=server_setup.DEFAULT_ROLE, help="the app's role (default %(default)s)"
    )
    setup.add_argument("--password-stdin", action="store_true", help="the role's password")
    setup.add_argument(
        "--print-sql", action="store_true", help="print the same set-up as a psql script, only"
    )
    setup.set_defaults(handler=run_setup_server)
    move = commands.add_parser(
        "move-to",
        parents=[signed],
        help="copy this SQLite register into an empty PostgreSQL database, checked",
        description="Copies every table of the register (--database, the SQLite file; "
        "encrypted or not) into the empty server database --to, then checks every table's row "
        "count and the statistics of every academic year are equal on both sides. The SQLite "
        "file is left as it was. Director only.",
    )
    move.add_argument("--to", required=True, metavar="URL", help="postgresql+psycopg://…")
    move.set_defaults(handler=run_move_to)
    connect = commands.add_parser(
        "connect-server",
        help="check a PostgreSQL server answers and keep its password in the keyring",
        description="Asks for the password of the URL's user (or reads it with "
        "--password-stdin), connects once with the sslmode given, and only if that works "
        "keeps the password in this PC's keyring (service 'Provision Register server', "
        "account user@host:port/db). Then point the PC at the printed URL, which has no "
        "password in it. Use --sslmode verify-full with the server's --sslrootcert on any "
        "network you do not fully control.",
    )
    connect.add_argument("--url", required=True, help="postgresql+psycopg://USER@HOST[:PORT]/DB")
    connect.add_argument("--sslmode", help="disable … verify-full (default: libpq's, prefer)")
    connect.add_argument("--sslrootcert", metavar="PATH", help="the root certificate to trust")
    connect.add_argument("--password-stdin", action="store_true", help="read the password")
    connect.set_defaults(handler=run_connect_server)


def _role_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n") or None
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Password for the app's role (16+ characters; Enter if it exists): ")
    if first and getpass.getpass("Again: ") != first:
        raise ValidationFailed([Problem("the two passwords differ", "password")])
    return first or None


def run_setup_server(args: argparse.Namespace) -> int:
    if args.print_sql:
        print(server_setup.script(server_setup.check_role(args.role)), end="")
        return EXIT_OK
    url = database_url(args.database)
    done = server_setup.setup_server(url, args.role, _role_password(args))
    made = "made" if done.created else "already there; its privileges were set again"
    print(f"Schema at revision {done.schema_revision}. Role {done.role}: {made}.")
    print("The append-only records are protected by privileges and triggers.")
    print(f"Point each PC at: {done.app_url}  (the password goes in the keyring: see README)")
    return EXIT_OK


def run_move_to(args: argparse.Namespace) -> int:
    from desktop_app.services import move_to

    with Signed(args) as ctx:
        target = move_to.check_target(args.to)
        report = move_to.move_to(ctx.db, ctx.user, target)
    for line in report.lines():
        print(line)
    print(f"Moved and checked. Point each PC at {report.target} (the SQLite file is unchanged).")
    return EXIT_OK


def run_connect_server(args: argparse.Namespace) -> int:
    from desktop_app.services.server_connection import connect_server

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password for the server's user (Enter if none): ")
    done = connect_server(args.url, password or None, args.sslmode, args.sslrootcert)
    kept = "kept in this PC's keyring" if password else "none given, none kept"
    print(f"Connected: PostgreSQL {done.server_version}. Password {kept} ({done.account}).")
    print(f'Point this PC at: --database "{done.url}"')
    print(f"  (or set {ENV_DATABASE} to it); the password is filled in from the keyring.")
    return EXIT_OK
