"""`staff add|list|disable|reset-password` and `audit`."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.domain.permissions import Role
from desktop_app.services import staff as staff_service
from desktop_app.services.audit import audit_log
from desktop_app.services.errors import AuthenticationFailed


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import iso_date

    staff = commands.add_parser(
        "staff",
        help="staff accounts (director)",
        description="With --password-stdin, the first line of standard input is your password "
        "and, for add and reset-password, the second line is the new password.",
    )
    actions = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", parents=[signed], help="add a member of staff")
    add.add_argument("username")
    add.add_argument("--full-name", required=True)
    add.add_argument("--position", required=True, help="job title, kept with every amendment")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.set_defaults(handler=run_add)
    actions.add_parser("list", parents=[signed], help="list staff").set_defaults(handler=run_list)
    disable = actions.add_parser("disable", parents=[signed], help="stop an account signing in")
    disable.add_argument("username")
    disable.set_defaults(handler=run_disable)
    reset = actions.add_parser("reset-password", parents=[signed], help="set a new password")
    reset.add_argument("username")
    reset.set_defaults(handler=run_reset)
    edit = actions.add_parser(
        "edit",
        parents=[signed],
        help="change a name, position, role or 'must change password'",
        description="Records already made keep the name and position they were made under.",
    )
    edit.add_argument("username")
    edit.add_argument("--full-name")
    edit.add_argument("--position")
    edit.add_argument("--role", choices=[r.value for r in Role])
    edit.add_argument(
        "--must-change-password",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="ask for a new password at the next sign-in (--no-… to stop asking)",
    )
    edit.set_defaults(handler=run_edit)

    audit = commands.add_parser("audit", parents=[signed], help="the audit log (DSL, director)")
    audit.add_argument("--staff", metavar="USERNAME", help="only this member of staff")
    audit.add_argument("--upn", help="only this learner")
    audit.add_argument("--from", dest="start", type=iso_date, metavar="DATE")
    audit.add_argument("--to", dest="end", type=iso_date, metavar="DATE")
    audit.add_argument("--json", action="store_true", help="machine-readable output")
    audit.set_defaults(handler=run_audit)


def _new_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("New password: ")
    if getpass.getpass("New password again: ") != password:
        raise AuthenticationFailed("the two passwords differ")
    return password


def run_add(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        added = staff_service.add_staff(
            ctx.db,
            ctx.user,
            args.username,
            args.full_name,
            args.position,
            Role(args.role),
            _new_password(args),
        )
    print(f"Added {added.full_name} ({added.username}), {added.role.value}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        people = staff_service.list_staff(ctx.db, ctx.user)
    for p in people:
        state = "disabled" if not p.active else "locked" if p.locked else "active"
        print(f"{p.username:<16} {p.full_name:<24} {p.role.value:<20} {p.position:<28} {state}")
    return EXIT_OK


def run_disable(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        done = staff_service.disable_staff(ctx.db, ctx.user, args.username)
    print(f"{done.full_name} ({done.username}) can no longer sign in")
    return EXIT_OK


def run_reset(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        done = staff_service.reset_password(ctx.db, ctx.user, args.username, _new_password(args))
    print(f"New password set for {done.full_name} ({done.username})")
    return EXIT_OK


def run_edit(args: argparse.Namespace) -> int:
    role = Role(args.role) if args.role else None
    with Signed(args) as ctx:
        done = staff_service.edit_staff(
            ctx.db,
            ctx.user,
            args.username,
            args.full_name,
            args.position,
            role,
            args.must_change_password,
        )
    must = "; must choose a new password at next sign-in" if done.must_change_password else ""
    print(f"{done.username}: {done.full_name}, {done.position}, {done.role.value}{must}")
    return EXIT_OK


def run_audit(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        rows = audit_log(ctx.db, ctx.user, args.staff, args.upn, args.start, args.end)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "at": r.at.isoformat(),
                        "staff": r.staff,
                        "action": r.action,
                        "entity": r.entity,
                        "entity_id": r.entity_id,
                        "upn": r.upn,
                        "detail": r.detail,
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return EXIT_OK
    for r in rows:
        when = r.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        print(
            f"{when}  {r.staff:<20} {r.action:<7} {r.entity:<14} {r.upn or '':<14} {r.detail[:80]}"
        )
    return EXIT_OK
