"""Requests on the command line: `request leave|decide|home-education|part-time|review|leaving`,
each calling the same service as the Case work tab (granted leave and a part-time timetable enter
their planned marks in the same transaction; `review` records a part-time timetable's review),
`request preview`, what granting a waiting leave would enter (the decision dialog says it too),
and `request list`, the tab's list of them with the ids `decide`, `preview` and `review` take."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.domain import casework as cases


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import COMMANDS, iso_date

    request = commands.add_parser("request", help=COMMANDS["request"][1])
    kinds = request.add_subparsers(dest="request_kind", required=True, metavar="WHAT")
    _leave(kinds, signed, iso_date)
    home = kinds.add_parser("home-education", parents=[signed], help=HOME_HELP)
    home.add_argument("--upn", required=True)
    home.add_argument("--received", type=iso_date, metavar="DATE", help="(today)")
    home.add_argument("--school-told", type=iso_date, metavar="DATE")
    home.add_argument("--meeting-offered", type=iso_date, metavar="DATE")
    home.set_defaults(handler=run_home_education)
    _part_time(kinds, signed, iso_date)
    leaving = kinds.add_parser("leaving", parents=[signed], help="leaving the roll")
    leaving.add_argument("--upn", required=True)
    leaving.add_argument("--on", type=iso_date, required=True, metavar="DATE", help="last day")
    leaving.add_argument("--reason", required=True)
    leaving.add_argument("--destination", required=True)
    leaving.add_argument("--la-told", type=iso_date, metavar="DATE")
    leaving.add_argument("--school-told", type=iso_date, metavar="DATE")
    leaving.set_defaults(handler=run_leaving)
    listed = kinds.add_parser("list", parents=[signed], help="a learner's requests, with ids")
    listed.add_argument("--upn", required=True)
    listed.add_argument("--json", action="store_true")
    listed.set_defaults(handler=run_list)


PREVIEW_HELP = "what granting a waiting leave request would enter ahead (writes nothing)"
HOME_HELP = "an elective home education notice (on Today until passed on and a meeting offered)"


def _leave(kinds: Any, signed: argparse.ArgumentParser, iso_date: Any) -> None:
    leave = kinds.add_parser("leave", parents=[signed], help="a leave of absence request")
    leave.add_argument("--upn", required=True)
    leave.add_argument("--from", dest="start", type=iso_date, required=True, metavar="DATE")
    leave.add_argument("--to", dest="end", type=iso_date, required=True, metavar="DATE")
    leave.add_argument("--reason", required=True)
    leave.add_argument("--code", default="C", choices=sorted(cases.LEAVE_CODES))
    leave.add_argument("--received", type=iso_date, metavar="DATE", help="(today)")
    leave.add_argument("--school-told", type=iso_date, metavar="DATE")
    _decision(leave, iso_date, required=False)
    leave.set_defaults(handler=run_leave)
    decide = kinds.add_parser("decide", parents=[signed], help="the home school's decision")
    decide.add_argument("--id", type=int, required=True, dest="request_id")
    _decision(decide, iso_date, required=True)
    decide.set_defaults(handler=run_decide)
    preview = kinds.add_parser("preview", parents=[signed], help=PREVIEW_HELP)
    preview.add_argument("--id", type=int, required=True, dest="request_id")
    preview.set_defaults(handler=run_preview)


def _decision(parser: argparse.ArgumentParser, iso_date: Any, required: bool) -> None:
    parser.add_argument("--decision", choices=["granted", "refused"], required=required)
    parser.add_argument("--decided-by", default="", help="who decided (the home school)")
    parser.add_argument("--decided-on", type=iso_date, metavar="DATE", help="(today)")


def _part_time(kinds: Any, signed: argparse.ArgumentParser, iso_date: Any) -> None:
    part = kinds.add_parser("part-time", parents=[signed], help="a part-time timetable")
    part.add_argument("--upn", required=True)
    part.add_argument(
        "--sessions", required=True, help="the sessions attended: 'Mon AM, Tue AM, Wed PM'"
    )
    part.add_argument("--from", dest="start", type=iso_date, required=True, metavar="DATE")
    part.add_argument("--to", dest="end", type=iso_date, required=True, metavar="DATE")
    part.add_argument("--review", type=iso_date, required=True, metavar="DATE")
    part.add_argument("--reason", required=True)
    part.add_argument("--parent-agreed", type=iso_date, metavar="DATE")
    part.add_argument("--commissioner-agreed", type=iso_date, metavar="DATE")
    part.add_argument("--la-told", type=iso_date, metavar="DATE")
    part.set_defaults(handler=run_part_time)
    review = kinds.add_parser("review", parents=[signed], help="a part-time timetable's review")
    review.add_argument(
        "request_id",
        type=int,
        metavar="ID",
        help="the timetable's number, as `request part-time` printed it",
    )
    review.add_argument(
        "--on", type=iso_date, required=True, metavar="DATE", help="the day of the review"
    )
    review.add_argument(
        "--next", type=iso_date, metavar="DATE",
        help="the next review: after this one, within 4 weeks, not after it ends (none: no more)",
    )  # fmt: skip
    review.set_defaults(handler=run_review)


def _today() -> date:
    return date.today()


def _learner(ctx: Signed, upn: str) -> int:
    from desktop_app.services.learner_records import find_learner

    return find_learner(ctx.db, ctx.user, upn)


def run_leave(args: argparse.Namespace) -> int:
    from desktop_app.services.case_requests import Leave, record_leave

    decided_on = (args.decided_on or _today()) if args.decision else None
    leave = Leave(
        args.received or _today(), args.start, args.end, args.reason, args.code,
        args.decision or "", args.decided_by, decided_on, args.school_told,
    )  # fmt: skip
    with Signed(args) as ctx:
        row = record_leave(ctx.db, ctx.user, _learner(ctx, args.upn), leave, datetime.now())
    granted = " and entered ahead on the register" if args.decision == "granted" else ""
    print(f"Leave request {row} recorded{granted}.")
    return EXIT_OK


def run_decide(args: argparse.Namespace) -> int:
    from desktop_app.services.case_requests import decide_leave

    with Signed(args) as ctx:
        entered = decide_leave(
            ctx.db, ctx.user, args.request_id, args.decision, args.decided_by,
            args.decided_on or _today(), datetime.now(),
        )  # fmt: skip
    print(f"Leave {args.decision}; {entered} sessions entered ahead.")
    return EXIT_OK


def run_preview(args: argparse.Namespace) -> int:
    """What `decide --decision granted` would enter now, by the same rule; nothing written."""
    from desktop_app.services.case_requests import preview_leave

    with Signed(args) as ctx:
        found = preview_leave(ctx.db, ctx.user, args.request_id, datetime.now())
    print(found.said(date.isoformat))
    return EXIT_OK


def run_home_education(args: argparse.Namespace) -> int:
    from desktop_app.services.case_requests import record_home_education

    with Signed(args) as ctx:
        row = record_home_education(
            ctx.db, ctx.user, _learner(ctx, args.upn), args.received or _today(),
            args.school_told, args.meeting_offered,
        )  # fmt: skip
    print(f"Home education notice {row} recorded.")
    return EXIT_OK


def run_part_time(args: argparse.Namespace) -> int:
    from desktop_app.services.case_requests import PartTime, agree_part_time

    sessions = tuple(s.strip() for s in args.sessions.split(",") if s.strip())
    terms = PartTime(
        args.start, args.end, args.review, sessions, args.reason, args.parent_agreed,
        args.commissioner_agreed, args.la_told,
    )  # fmt: skip
    with Signed(args) as ctx:
        row = agree_part_time(ctx.db, ctx.user, _learner(ctx, args.upn), terms, datetime.now())
    print(f"Part-time timetable {row} agreed; C2 entered ahead outside it until {args.end}.")
    return EXIT_OK


def run_review(args: argparse.Namespace) -> int:
    from desktop_app.services.case_requests import review_part_time

    with Signed(args) as ctx:
        review_part_time(ctx.db, ctx.user, args.request_id, args.on, args.next, _today())
    after = f"next review {args.next}" if args.next else "no further review set"
    print(f"Part-time timetable {args.request_id} reviewed on {args.on}; {after}.")
    return EXIT_OK


def run_leaving(args: argparse.Namespace) -> int:
    from desktop_app.services.case_requests import record_leaving

    with Signed(args) as ctx:
        record_leaving(
            ctx.db, ctx.user, _learner(ctx, args.upn), args.on, args.reason, args.destination,
            args.la_told, args.school_told,
        )  # fmt: skip
    print(f"Leaving recorded: last day on roll {args.on}.")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """The learner's requests as the Case work tab lists them, newest first, with the ids that
    `decide` and `review` take."""
    from desktop_app.services.case_file import case_file
    from desktop_app.services.errors import PermissionDenied

    with Signed(args) as ctx:
        found = case_file(ctx.db, ctx.user, _learner(ctx, args.upn), _today())
    if found.targets_only:
        raise PermissionDenied("requests are for the attendance officer, the DSL and directors")
    if args.json:
        rows = [{"id": r.id, "kind": r.kind, "received_on": r.received_on.isoformat(),
                 "decision": r.decision or None, "summary": r.summary,
                 "review_on": r.review_on.isoformat() if r.review_on else None}
                for r in found.requests]  # fmt: skip
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    for r in found.requests:
        print(f"{r.id:>4}  {r.received_on}  {r.label}: {r.summary}")
    if not found.requests:
        print("No requests recorded.")
    return EXIT_OK
