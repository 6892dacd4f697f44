"""The argument parser: every command with its --help."""

from __future__ import annotations

import argparse
from datetime import date

from desktop_app import APP_NAME, __version__
from desktop_app.cli import (
    admin_cmds,
    calendar_cmds,
    data_cmds,
    maintenance_cmds,
    report_cmds,
    setup_cmds,
)

EPILOG = """exit codes: 0 done; 2 bad input or a missing file (nothing was written);
3 sign-in or permission refused.
The database is --database PATH_OR_URL, else $PROVISION_REGISTER_DATABASE, else the file in
your data folder."""


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a date in the form YYYY-MM-DD"
        ) from None


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="SQLite file or SQLAlchemy URL",
    )
    return common


def _signed() -> argparse.ArgumentParser:
    signed = argparse.ArgumentParser(add_help=False, parents=[_common()])
    signed.add_argument("--user", metavar="USERNAME", help="your staff username")
    signed.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    return signed


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provision-register",
        description=f"{APP_NAME}: attendance register and safeguarding for alternative provisions",
        epilog=EPILOG,
        parents=[_common()],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    setup_cmds.register(commands, _common(), _signed())
    calendar_cmds.register(commands, _signed())
    data_cmds.register(commands, _signed())
    admin_cmds.register(commands, _signed())
    maintenance_cmds.register(commands, _signed(), _common())
    report_cmds.register(commands, _signed())
    return parser
