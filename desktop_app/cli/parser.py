"""The argument parser: every command with its --help.

Only the modules of the commands named on the command line are imported (with the services they
use); the others appear in the top-level --help from COMMANDS, so `--help` and each command load
nothing they do not need (tests/cli/test_cli_imports.py).
"""

from __future__ import annotations

import argparse
import importlib
from datetime import date
from typing import Any

from desktop_app import APP_NAME, __version__

EPILOG = """exit codes: 0 done; 2 bad input or a missing file (nothing was written);
3 sign-in or permission refused; 4 the register is in use by another action (try again).
The database is --database PATH_OR_URL, else $PROVISION_REGISTER_DATABASE, else the file in
your data folder."""

#: Each top-level command: the module under desktop_app.cli that registers it, and its one-line
#: help (a test checks these match what the modules register). Add a new command here too.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("setup_cmds", "create the database and its first director"),
    "demo": ("setup_cmds", "create a fictional provision to try the app"),
    "calendar": ("calendar_cmds", "terms and closures"),
    "import": ("data_cmds", "import learners or marks from CSV"),
    "stats": ("data_cmds", "attendance statistics per learner and in total"),
    "history": ("data_cmds", "a session's marks and amendments, oldest first"),
    "arrive": ("register_cmds", "record a late arrival: L before the register closed, U after"),
    "settings": ("settings_cmds", "the provision's session times and thresholds"),
    "groups": ("groups_cmds", "groups, their tutors, and moving a learner between them"),
    "alerts": ("alerts_cmds", "conditions that need action, each with an id; acknowledge one"),
    "contact": ("alerts_cmds", "log a call, text, visit or video call about a learner"),
    "staff": ("admin_cmds", "staff accounts (director)"),
    "audit": ("admin_cmds", "the audit log (DSL, director)"),
    "encrypt": ("maintenance_cmds", "encrypt an unencrypted register"),
    "backup": ("maintenance_cmds", "write a backup now"),
    "restore": (
        "maintenance_cmds",
        "replace the register with a backup (checked first; the old file is kept)",
    ),
    "check": ("maintenance_cmds", "integrity and schema version"),
    "retention": ("maintenance_cmds", "entries past 6 years"),
    "report": ("report_cmds", "PDF reports and letters (CSV for commissioners)"),
    "send": ("send_cmds", "email the commissioner summaries and letters"),
    "mail": ("send_cmds", "the mail server and commissioners' PDF passwords"),
    "setup-server": (
        "server_cmds",
        "make the schema and the app's role on a PostgreSQL server (its owner, once)",
    ),
    "move-to": (
        "server_cmds",
        "copy this SQLite register into an empty PostgreSQL database, checked",
    ),
    "connect-server": (
        "server_cmds",
        "check a PostgreSQL server answers and keep its password in the keyring",
    ),
    "chronology": ("casework_cmds", "a learner's chronology (DSL, director, officer)"),
    "plan": ("casework_cmds", "support plans: start, act, agree, review"),
    "meeting": ("casework_cmds", "record a meeting"),
    "invite": ("casework_cmds", "the invitation letter for a recorded meeting, filed against it"),
    "stage": ("casework_cmds", "move a learner to a stage"),
    "referral": ("casework_cmds", "referrals: add one, follow one up, list them (DSL, director)"),
    "request": (
        "request_cmds",
        "leave, its decision and what granting enters, home education, part-time timetable and its "
        "review, leaving the roll; list them",
    ),
    "absconding": (
        "absconding_cmds",
        "the absconding protocol: start, show, record steps, correct, close, sheet, report",
    ),
    "learner": ("learner_cmds", "a learner's record: show it, edit it (home, care, health too)"),
}


def iso_date(value: str) -> date:
    """Exactly YYYY-MM-DD, in a believable year (one rule with the CSV imports)."""
    from desktop_app.domain.calendar import parse_iso_date  # loaded only when a date is given

    try:
        return parse_iso_date(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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


def _parents(module: str) -> list[argparse.ArgumentParser]:
    """The parent parsers each module's register() takes after `commands`."""
    if module == "setup_cmds":
        return [_common(), _signed()]
    if module == "maintenance_cmds":
        return [_signed(), _common()]
    return [_signed()]


def _not_loaded(args: argparse.Namespace) -> int:
    raise RuntimeError(f"the '{args.command}' command was not loaded")


def _modules_in_order() -> list[str]:
    return list(dict.fromkeys(module for module, _help in COMMANDS.values()))


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with argv, only the commands named in it are loaded in full."""
    parser = argparse.ArgumentParser(
        prog="provision-register",
        description=f"{APP_NAME}: attendance register and safeguarding for alternative provisions",
        epilog=EPILOG,
        parents=[_common()],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = set(argv) if argv is not None else set(COMMANDS)
    wanted = {COMMANDS[word][0] for word in named if word in COMMANDS}
    for module in _modules_in_order():
        if module in wanted:
            loaded: Any = importlib.import_module(f"desktop_app.cli.{module}")
            loaded.register(commands, *_parents(module))
            continue
        for name, (owner, help_text) in COMMANDS.items():
            if owner == module:
                commands.add_parser(name, help=help_text).set_defaults(handler=_not_loaded)
    return parser
