"""`arrive`: a learner arrived late, recorded by the session times in force that day."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.domain.codes import Session
from desktop_app.domain.sessions import parse_clock
from desktop_app.services.marking import arrival_by_upn


def _clock(value: str) -> Any:
    try:
        return parse_clock(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import iso_date

    arrive = commands.add_parser(
        "arrive",
        parents=[signed],
        help="record a late arrival: L before the register closed, U after",
        description="Records L with the minutes late when the learner arrived before the "
        "register closed, U after it, by the session times in force that day. Replaces an N "
        "(kept as an amendment once the register has closed). Refused for a time before the "
        "session starts, a session already marked with anything but N, or a time to come.",
    )
    arrive.add_argument("--upn", required=True)
    arrive.add_argument("--date", required=True, type=iso_date, metavar="DATE")
    arrive.add_argument("--session", required=True, choices=["AM", "PM"])
    arrive.add_argument("--at", required=True, type=_clock, metavar="HH:MM")
    arrive.set_defaults(handler=run_arrive)


def run_arrive(args: argparse.Namespace) -> int:
    arrived = datetime.combine(args.date, args.at)
    with Signed(args) as ctx:
        saved = arrival_by_upn(
            ctx.db,
            ctx.user,
            args.upn.strip().upper(),
            args.date,
            Session(args.session),
            arrived,
            datetime.now(),
        )
    late = f", {saved.minutes_late} min late" if saved.minutes_late else ""
    print(f"Recorded {saved.code} for {args.date} {args.session}{late}")
    return EXIT_OK
