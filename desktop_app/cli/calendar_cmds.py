"""`calendar add-term | edit-term | remove-term | add-closure | list`."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.domain.codes import Session
from desktop_app.services import calendar as calendar_service


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import iso_date

    calendar = commands.add_parser(
        "calendar", help="terms and closures", description="Manage terms and closures."
    )
    actions = calendar.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")
    term = actions.add_parser("add-term", parents=[signed], help="add a term (director)")
    term.add_argument("name", help="e.g. 'Autumn 2026'")
    term.add_argument("start", type=iso_date, help="first day, YYYY-MM-DD")
    term.add_argument("end", type=iso_date, help="last day, YYYY-MM-DD")
    term.set_defaults(handler=run_add_term)

    closure = actions.add_parser(
        "add-closure", parents=[signed], help="close a day or one session (director)"
    )
    closure.add_argument("date", type=iso_date, help="YYYY-MM-DD")
    closure.add_argument("--session", choices=["AM", "PM"], help="only this session")
    closure.add_argument("--reason", required=True, help="e.g. 'INSET day'")
    closure.set_defaults(handler=run_add_closure)

    edit = actions.add_parser(
        "edit-term", parents=[signed], help="change a term's dates or name (director)"
    )
    edit.add_argument("name", help="the term as it is called now")
    edit.add_argument("start", type=iso_date, help="first day, YYYY-MM-DD")
    edit.add_argument("end", type=iso_date, help="last day, YYYY-MM-DD")
    edit.add_argument("--rename", metavar="NAME", help="a new name")
    edit.set_defaults(handler=run_edit_term)

    remove = actions.add_parser(
        "remove-term", parents=[signed], help="remove a term with no marks (director)"
    )
    remove.add_argument("name")
    remove.set_defaults(handler=run_remove_term)

    listing = actions.add_parser("list", parents=[signed], help="list terms and closures")
    listing.set_defaults(handler=run_list)


def run_add_term(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        term = calendar_service.add_term(ctx.db, ctx.user, args.name, args.start, args.end)
    print(f"Added term {term.name}: {term.start} to {term.end}")
    return EXIT_OK


def run_edit_term(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        term = calendar_service.edit_term(
            ctx.db, ctx.user, args.name, args.start, args.end, args.rename
        )
    print(f"Term {term.name}: {term.start} to {term.end}")
    return EXIT_OK


def run_remove_term(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        term = calendar_service.remove_term(ctx.db, ctx.user, args.name)
    print(f"Removed term {term.name} ({term.start} to {term.end})")
    return EXIT_OK


def run_add_closure(args: argparse.Namespace) -> int:
    session = Session(args.session) if args.session else None
    with Signed(args) as ctx:
        closure = calendar_service.add_closure(ctx.db, ctx.user, args.date, session, args.reason)
    what = f"the {closure.session} session" if closure.session else "the whole day"
    print(f"Closed {what} on {closure.day}: {closure.reason}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        listing = calendar_service.list_calendar(ctx.db, ctx.user)
    print("Terms:")
    for term in listing.terms:
        print(f"  {term.name:<24} {term.start} to {term.end}")
    print("Closures:")
    for closure in listing.closures:
        print(f"  {closure.day} {closure.session or 'all day':<8} {closure.reason}")
    print("Bank holidays in term:")
    for day, name in listing.bank_holidays:
        print(f"  {day} {name}")
    print(f"School days in all terms: {listing.school_days}")
    return EXIT_OK
