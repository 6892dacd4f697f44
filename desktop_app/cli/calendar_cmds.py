"""`calendar add-term | edit-term | remove-term | add-closure | edit-closure | remove-closure |
import | copy-year | list`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.context import EXIT_INPUT, EXIT_OK, Signed
from desktop_app.domain.calendar import Closure
from desktop_app.domain.codes import Session
from desktop_app.services import calendar as calendar_service
from desktop_app.services import calendar_edit


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
    closure.add_argument(
        "--marks",
        choices=["keep", "replace"],
        help="if marks are already recorded: keep them, or replace them with # (amendments)",
    )
    closure.set_defaults(handler=run_add_closure)
    _register_more(actions, signed, iso_date)

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
        closure = calendar_service.add_closure(
            ctx.db, ctx.user, args.date, session, args.reason, args.marks
        )
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


def _register_more(actions: Any, signed: argparse.ArgumentParser, iso_date: Any) -> None:
    """remove-closure, edit-closure, import and copy-year."""
    remove = actions.add_parser(
        "remove-closure", parents=[signed], help="remove a closure (director)"
    )
    remove.add_argument("date", type=iso_date, help="YYYY-MM-DD")
    remove.add_argument("--session", choices=["AM", "PM"], help="a one-session closure")
    remove.set_defaults(handler=run_remove_closure)
    _register_edit_closure(actions, signed, iso_date)

    imported = actions.add_parser(
        "import", parents=[signed], help="add terms from a CSV or iCalendar file (director)"
    )
    imported.add_argument("file", help="CSV with name,start,end, or an .ics file")
    imported.add_argument("--check", action="store_true", help="check only; add nothing")
    imported.set_defaults(handler=run_import)

    copy = actions.add_parser(
        "copy-year", parents=[signed], help="draft next year's terms from a year's (director)"
    )
    copy.add_argument("--from", dest="from_year", type=int, required=True, metavar="YEAR",
                      help="the academic year starting in September YEAR")  # fmt: skip
    copy.add_argument("--save", action="store_true", help="add the draft terms as shown")
    copy.set_defaults(handler=run_copy_year)


def _register_edit_closure(actions: Any, signed: argparse.ArgumentParser, iso_date: Any) -> None:
    edit = actions.add_parser(
        "edit-closure",
        parents=[signed],
        help="change a closure's day, sessions or reason (director)",
        description="Change a closure, named as remove-closure names it; what is not given stays.",
    )
    edit.add_argument("date", type=iso_date, help="the closure's day now, YYYY-MM-DD")
    edit.add_argument("--session", choices=["AM", "PM"], help="a one-session closure")
    edit.add_argument("--to-date", type=iso_date, metavar="DATE", help="move it to this day")
    edit.add_argument(
        "--to-session", choices=["AM", "PM", "day"], help="close only AM or PM, or the whole day"
    )
    edit.add_argument("--reason", help="a new reason")
    edit.add_argument(
        "--marks",
        choices=["keep", "replace"],
        help="if newly closed sessions have marks: keep them, or replace them with #",
    )
    edit.add_argument(
        "--expect-reason",
        metavar="TEXT",
        help="refuse (exit 3) if the closure's reason is no longer TEXT (someone changed it)",
    )
    edit.set_defaults(handler=run_edit_closure)


def run_edit_closure(args: argparse.Namespace) -> int:
    """What is not given stays as read; the write is refused (exit 3) if the closure changed
    after it was read (or from --expect-reason), so a change made meanwhile is never undone."""
    session = Session(args.session) if args.session else None
    with Signed(args) as ctx:
        was = calendar_edit.closure_on(ctx.db, ctx.user, args.date, session)
        to = Closure(
            args.to_date or was.day,
            was.session if args.to_session is None else _session_or_day(args.to_session),
            was.reason if args.reason is None else args.reason,
        )
        expected = was.reason if args.expect_reason is None else args.expect_reason
        closure = calendar_edit.edit_closure(
            ctx.db, ctx.user, args.date, session, to, args.marks, expected
        )
    what = f"the {closure.session} session" if closure.session else "the whole day"
    print(f"The closure is now {what} on {closure.day}: {closure.reason}")
    return EXIT_OK


def _session_or_day(text: str) -> Session | None:
    return None if text == "day" else Session(text)


def run_remove_closure(args: argparse.Namespace) -> int:
    session = Session(args.session) if args.session else None
    with Signed(args) as ctx:
        closure = calendar_edit.remove_closure(ctx.db, ctx.user, args.date, session)
    print(f"Removed the closure on {closure.day}: {closure.reason}")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"Could not read {args.file}: {error}", file=sys.stderr)
        return EXIT_INPUT
    with Signed(args) as ctx:
        preview = calendar_edit.preview_terms_file(ctx.db, ctx.user, args.file, text)
        for row in preview.terms:
            print(f"  row {row.row}: {row.name:<24} {row.start} to {row.end}")
        if preview.problems:
            for problem in preview.problems:
                print(problem.sentence(), file=sys.stderr)
            print("Nothing added.", file=sys.stderr)
            return EXIT_INPUT
        if args.check:
            print(f"{len(preview.terms)} terms would be added.")
            return EXIT_OK
        added = calendar_edit.save_terms(ctx.db, ctx.user, preview.terms)
    print(f"Added {len(added)} terms.")
    return EXIT_OK


def run_copy_year(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        draft = calendar_edit.copy_year_draft(ctx.db, ctx.user, args.from_year)
        for row in draft:
            print(f"  {row.name:<24} {row.start} ({row.start:%a}) to {row.end} ({row.end:%a})")
        if not args.save:
            print("A draft: nothing added (check the dates, then --save or `calendar import`).")
            return EXIT_OK
        calendar_edit.save_terms(ctx.db, ctx.user, draft)
    print(f"Added {len(draft)} terms.")
    return EXIT_OK
