"""What every command needs: the database, the signed-in user, and the password read safely."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop_app.config import database_url
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, authenticate
from desktop_app.services.database import open_database
from desktop_app.services.errors import AuthenticationFailed
from desktop_app.services.integrity_file import clock_warning

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_DENIED = 3
EXIT_BUSY = 4
#: The command line waits this long for another writer before "the register is in use".
CLI_BUSY_MS = 30_000
ENV_BUSY_MS = "PROVISION_REGISTER_BUSY_MS"


def read_password(args: argparse.Namespace, confirm: bool = False) -> str:
    """The password from the first line of standard input, or a prompt."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if confirm and getpass.getpass("Password again: ") != password:
        raise AuthenticationFailed("the two passwords differ")
    return password


def ask_passphrase(new: bool) -> str | None:
    """Prompt for the database passphrase at a terminal; None when not interactive."""
    if not sys.stdin.isatty():
        return None
    if not new:
        return getpass.getpass("Database passphrase or recovery key: ")
    passphrase = getpass.getpass("Choose a database passphrase (12 characters or more): ")
    if getpass.getpass("Passphrase again: ") != passphrase:
        raise AuthenticationFailed("the two passphrases differ")
    return passphrase


def busy_ms() -> int:
    """How long to wait for another writer: PROVISION_REGISTER_BUSY_MS, else 30 seconds."""
    raw = os.environ.get(ENV_BUSY_MS, "")
    return int(raw) if raw.isdigit() else CLI_BUSY_MS


def url_of(args: argparse.Namespace) -> str:
    return database_url(getattr(args, "database", None))


def open_db(args: argparse.Namespace) -> Database:
    return open_database(url_of(args), ask=ask_passphrase, busy_ms=busy_ms())


def sign_in(args: argparse.Namespace, db: Database) -> StaffUser:
    if not args.user:
        raise AuthenticationFailed("this command needs --user USERNAME")
    user = authenticate(db, args.user, read_password(args))
    if user.must_change_password:
        raise AuthenticationFailed(
            "you must choose a new password first: sign in to the window to set it"
        )
    return user


class Signed:
    """A context with the open database and the signed-in user; disposes the engine on exit."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.db = open_db(args)
        try:
            self.user = sign_in(args, self.db)
            if warning := clock_warning(self.db):
                print(f"warning: {warning}", file=sys.stderr)
        except BaseException:
            self.db.dispose()
            raise

    def __enter__(self) -> Signed:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.db.dispose()
