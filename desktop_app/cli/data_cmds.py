"""`import learners|marks`, `stats` and `history` (`alerts` is in alerts_cmds)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.cli.output import (
    history_json,
    print_history,
    print_stats,
    stats_json,
)
from desktop_app.domain.codes import Session
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.learners import import_learners
from desktop_app.services.marking import history_by_upn
from desktop_app.services.marks import import_marks
from desktop_app.services.statistics import statistics


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import iso_date

    imp = commands.add_parser("import", help="import learners or marks from CSV")
    kinds = imp.add_subparsers(dest="import_kind", required=True, metavar="WHAT")
    learners = kinds.add_parser(
        "learners",
        parents=[signed],
        help="add learners from a CSV file",
        description="Columns: upn, surname, forename, date_of_birth, start_date; optional "
        "leaving_date, group, commissioner, and what the police ask for: home_address, "
        "looked_after (yes/no), placing_authority (needed when looked after), medical_needs, "
        "medication. ISO dates. All rows or none.",
    )
    learners.add_argument("file", type=Path)
    learners.set_defaults(handler=run_import_learners)
    marks = kinds.add_parser(
        "marks",
        parents=[signed],
        help="record marks from a CSV file",
        description="Columns: upn, date, session (AM/PM), code; optional minutes_late and "
        "replaces. All rows or none. Existing marks are refused unless --amend --reason is "
        "given; with --amend, replaces is required: the code each session has now (blank if "
        "unmarked). A row whose session someone has changed since is refused (exit 3).",
    )
    marks.add_argument("file", type=Path)
    marks.add_argument("--amend", action="store_true", help="change marks already recorded")
    marks.add_argument("--reason", help="why the marks are amended (with --amend)")
    marks.set_defaults(handler=run_import_marks)

    stats = commands.add_parser(
        "stats", parents=[signed], help="attendance statistics per learner and in total"
    )
    stats.add_argument("--from", dest="start", type=iso_date, metavar="DATE")
    stats.add_argument("--to", dest="end", type=iso_date, metavar="DATE")
    stats.add_argument("--upn", help="one learner only")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.set_defaults(handler=run_stats)

    past = commands.add_parser(
        "history",
        parents=[signed],
        help="a session's marks and amendments, oldest first",
    )
    past.add_argument("--upn", required=True)
    past.add_argument("--date", required=True, type=iso_date)
    past.add_argument("--session", required=True, choices=["AM", "PM"])
    past.add_argument("--json", action="store_true", help="machine-readable output")
    past.set_defaults(handler=run_history)


def run_import_learners(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        result = import_learners(ctx.db, ctx.user, args.file)
    print(f"Imported {result.imported} learners from {result.file}")
    return EXIT_OK


def run_import_marks(args: argparse.Namespace) -> int:
    if args.amend != bool(args.reason):
        raise ValidationFailed([Problem("--amend and --reason go together", field="reason")])
    with Signed(args) as ctx:
        result = import_marks(ctx.db, ctx.user, args.file, args.reason if args.amend else None)
    print(
        f"Recorded {result.imported} new marks and {result.amended} amendments from {result.file}"
    )
    return EXIT_OK


def run_stats(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        report = statistics(ctx.db, ctx.user, args.start, args.end, args.upn)
    if args.json:
        print(json.dumps(stats_json(report), indent=2))
    else:
        print_stats(report)
    return EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        entries = history_by_upn(
            ctx.db, ctx.user, args.upn.strip().upper(), args.date, Session(args.session)
        )
    if args.json:
        print(json.dumps(history_json(entries), indent=2))
    else:
        print_history(entries)
    return EXIT_OK
