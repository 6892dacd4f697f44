"""`groups add | list | rename | archive | assign-tutor | move`."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.services import groups as service


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import iso_date

    groups = commands.add_parser(
        "groups", help="groups, their tutors, and moving a learner between them"
    )
    actions = groups.add_subparsers(dest="groups_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", parents=[signed], help="add a group (director)")
    add.add_argument("name")
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", parents=[signed], help="every group with its tutors")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=run_list)
    rename = actions.add_parser("rename", parents=[signed], help="rename a group (director)")
    rename.add_argument("name")
    rename.add_argument("new_name")
    rename.set_defaults(handler=run_rename)
    archive = actions.add_parser(
        "archive", parents=[signed], help="archive a group with no learners on roll (director)"
    )
    archive.add_argument("name")
    archive.add_argument("--restore", action="store_true", help="bring it back")
    archive.set_defaults(handler=run_archive)
    tutor = actions.add_parser(
        "assign-tutor", parents=[signed], help="link a tutor to a group (director)"
    )
    tutor.add_argument("group")
    tutor.add_argument("username")
    tutor.add_argument("--remove", action="store_true", help="unlink instead")
    tutor.set_defaults(handler=run_assign)
    move = actions.add_parser(
        "move",
        parents=[signed],
        help="move a learner to another group from a date",
        description="Earlier weeks' registers still show the learner in the group they were in.",
    )
    move.add_argument("--upn", required=True)
    move.add_argument("--to", required=True, metavar="GROUP", help="the group ('' for none)")
    move.add_argument("--from", dest="since", type=iso_date, metavar="DATE", help="default today")
    move.set_defaults(handler=run_move)


def run_add(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        group = service.add_group(ctx.db, ctx.user, args.name)
    print(f"Added group {group.name}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        groups = service.list_all_groups(ctx.db, ctx.user, date.today())
    if args.json:
        rows = [
            {
                "name": g.name,
                "archived": g.archived,
                "tutors": list(g.tutors),
                "learners": g.learners,
            }
            for g in groups
        ]
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    for g in groups:
        tutors = ", ".join(g.tutors) or "no tutor"
        state = " (archived)" if g.archived else ""
        print(f"{g.name}{state}: {g.learners} learners on roll; {tutors}")
    return EXIT_OK


def run_rename(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        name = service.rename_group(ctx.db, ctx.user, args.name, args.new_name)
    print(f"{args.name} is now {name}")
    return EXIT_OK


def run_archive(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        service.archive_group(ctx.db, ctx.user, args.name, date.today(), not args.restore)
    print(f"{args.name} {'restored' if args.restore else 'archived'}")
    return EXIT_OK


def run_assign(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        service.assign_tutor(ctx.db, ctx.user, args.group, args.username, not args.remove)
    print(f"{args.username} {'unlinked from' if args.remove else 'linked to'} {args.group}")
    return EXIT_OK


def run_move(args: argparse.Namespace) -> int:
    since = args.since or date.today()
    with Signed(args) as ctx:
        service.move_learner(
            ctx.db, ctx.user, args.upn.strip().upper(), args.to.strip() or None, since
        )
    print(f"{args.upn} is in {args.to or 'no group'} from {since}")
    return EXIT_OK
