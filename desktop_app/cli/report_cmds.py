"""`report termly|learner|commissioner|register|letters`: the printed reports and letters."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, time
from pathlib import Path
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.domain.letters import STAGES
from desktop_app.services.report_jobs import (
    Written,
    commissioner_job,
    learner_job,
    letters_job,
    register_job,
    termly_job,
)


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import iso_date

    report = commands.add_parser("report", help="PDF reports and letters (CSV for commissioners)")
    kinds = report.add_subparsers(dest="report_kind", required=True, metavar="WHAT")

    termly = kinds.add_parser(
        "termly",
        parents=[signed],
        help="the director's termly report",
        description="Totals beside last term, the weekly trend, every learner worst first, codes, "
        "RAG ratings, absconding and overdue risk assessments. Counted to the term's end, or "
        "to today while the term is still going on.",
    )
    termly.add_argument("--term", required=True, metavar="NAME", help="e.g. 'Autumn 1 2025'")
    termly.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    termly.set_defaults(handler=run_termly)

    learner = kinds.add_parser(
        "learner",
        parents=[signed],
        help="one learner's marks by week, for the family or home school",
        description="Every mark from --from to --to (a year at most), the summary and the band.",
    )
    learner.add_argument("--upn", required=True)
    learner.add_argument("--from", dest="start", required=True, type=iso_date, metavar="DATE")
    learner.add_argument("--to", dest="end", required=True, type=iso_date, metavar="DATE")
    learner.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    learner.set_defaults(handler=run_learner)

    comm = kinds.add_parser(
        "commissioner",
        parents=[signed],
        help="the day's AM and PM marks for each commissioner, with reasons and actions",
        description="A PDF (one commissioner per page) or, for a file ending .csv, one CSV row "
        "per learner.",
    )
    comm.add_argument("--date", required=True, type=iso_date, metavar="DATE")
    comm.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.csv")
    comm.set_defaults(handler=run_commissioner)

    reg = kinds.add_parser(
        "register",
        parents=[signed],
        help="a group's register for one week, as on screen",
        description="The week containing --week for --group ('All learners' for everyone).",
    )
    reg.add_argument("--group", required=True, metavar="NAME")
    reg.add_argument("--week", required=True, type=iso_date, metavar="DATE")
    reg.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    reg.set_defaults(handler=run_register)

    stages = "; ".join(f"{key}: {s.criterion}" for key, s in STAGES.items())
    letters = kinds.add_parser(
        "letters",
        parents=[signed],
        help="letters to families at a concern stage, one PDF per learner",
        description=f"Every learner who meets the stage over the term to date ({stages}), or one "
        "learner with --upn. Learners whose family has no contact with parental responsibility "
        "and an address refuse the batch unless --skip-missing is given.",
    )
    letters.add_argument("--stage", required=True, choices=list(STAGES))
    letters.add_argument("--out", required=True, type=Path, metavar="DIR")
    letters.add_argument("--upn", help="one learner only (whether or not they meet the stage)")
    letters.add_argument("--meeting", default="", metavar="TEXT", help="when and where to meet")
    letters.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="date the letters and count the term to this day (default: today)",
    )
    letters.add_argument(
        "--skip-missing",
        action="store_true",
        help="write the other letters when some families have no addressee",
    )
    letters.set_defaults(handler=run_letters)
    certs = kinds.add_parser(
        "certificates", parents=[signed], help="recognition certificates for a half-term",
        description="One PDF per learner at or above the reward figure (a setting, 94 %), at "
        "100 %, or most improved on the half-term before.",
    )  # fmt: skip
    certs.add_argument("--term", required=True, metavar="NAME", help="e.g. 'Autumn 1 2025'")
    certs.add_argument("--out", required=True, type=Path, metavar="DIR")
    certs.set_defaults(handler=run_certificates)


def _done(written: Written) -> int:
    for path in written.files:
        print(f"Wrote {path}")
    for problem in written.skipped:
        print(f"skipped: {problem}", file=sys.stderr)
    return EXIT_OK


def run_certificates(args: argparse.Namespace) -> int:
    from desktop_app.services.certificates import certificates_job

    if args.out.suffix.lower() == ".pdf":
        print("error: give a folder for the certificates, not a .pdf", file=sys.stderr)
        return 2
    with Signed(args) as ctx:
        return _done(certificates_job(ctx.db, ctx.user, args.term, args.out))


def run_termly(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        return _done(termly_job(ctx.db, ctx.user, args.term, args.out))


def run_learner(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        return _done(learner_job(ctx.db, ctx.user, args.upn, (args.start, args.end), args.out))


def run_commissioner(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        return _done(commissioner_job(ctx.db, ctx.user, args.date, args.out))


def run_register(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        return _done(register_job(ctx.db, ctx.user, args.group, args.week, args.out))


def run_letters(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        written = letters_job(
            ctx.db,
            ctx.user,
            args.stage,
            args.out,
            upn=args.upn,
            meeting=args.meeting,
            now=None if args.as_of is None else datetime.combine(args.as_of, time(12)),
            all_or_none=not args.skip_missing,
        )
    if not written.files and not written.skipped:
        print(f"Nobody meets the {STAGES[args.stage].label.lower()} stage: no letters written.")
    return _done(written)
