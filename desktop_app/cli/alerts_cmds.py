"""`alerts` (with `alerts acknowledge`) and `contact log`: the Today page's work from a shell."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.cli.output import print_alerts
from desktop_app.services.acknowledged import NOTIFIED
from desktop_app.services.errors import Problem, ValidationFailed

#: The command line's words for how a contact was made, and the contact log's.
METHODS = {
    "phone": "phone_call",
    "text": "text",
    "visit": "home_visit",
    "video": "video_call",
    "email": "email",
}


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import COMMANDS, iso_date

    watch = commands.add_parser(
        "alerts",
        parents=[signed],
        help=COMMANDS["alerts"][1],
        description="Every alert still to act on, oldest first; each has a stable id.",
    )
    watch.add_argument("--as-of", type=iso_date, metavar="DATE", help="default: now")
    watch.add_argument("--json", action="store_true", help="machine-readable output")
    watch.add_argument(
        "--all", action="store_true", help="include acknowledged alerts, with who and when"
    )
    watch.set_defaults(handler=run_alerts)
    actions = watch.add_subparsers(dest="alerts_action", metavar="ACTION")
    ack = actions.add_parser(
        "acknowledge",
        parents=[signed],
        help="record that an alert was dealt with",
        description="Acknowledge with a note, or record a notification made (--notified, --on, "
        "--reference). The alert leaves the list until its condition arises again.",
    )
    ack.add_argument("id", help="the alert's id, from `alerts --json`")
    ack.add_argument("--note", default="", help="what was done")
    ack.add_argument("--notified", choices=list(NOTIFIED), help="who was told")
    ack.add_argument("--on", type=iso_date, metavar="DATE", help="when they were told")
    ack.add_argument("--reference", default="", metavar="REF", help="their reference")
    ack.set_defaults(handler=run_acknowledge)

    contact = commands.add_parser("contact", help=COMMANDS["contact"][1])
    kinds = contact.add_subparsers(dest="contact_action", required=True, metavar="ACTION")
    log = kinds.add_parser(
        "log",
        parents=[signed],
        help="log a call, text, visit, video call or email about a learner",
        description="Outcomes: spoke, replied, no_answer, message_left, seen_safe, "
        "seen_concern, not_seen (the last three after a visit or video call).",
    )
    log.add_argument("--upn", required=True)
    log.add_argument("--method", required=True, choices=list(METHODS))
    log.add_argument("--with", dest="with_whom", required=True, metavar="NAME")
    log.add_argument("--outcome", required=True, metavar="OUTCOME")
    log.add_argument("--party", default="family", choices=["family", "learner", "professional"])
    log.add_argument("--note", default="", help="anything else to keep")
    log.set_defaults(handler=run_contact_log)


def alert_json(record: Any) -> dict[str, Any]:
    a = record.alert
    found: dict[str, Any] = {
        "id": a.id,
        "kind": a.kind,
        "upn": a.upn,
        "date": a.date.isoformat(),
        "detail": a.detail,
    }
    done = record.acknowledged
    if done is not None:
        found["acknowledged"] = {
            "by": done.staff,
            "at": done.at.isoformat(),
            "note": done.note,
            "notified": done.notified_to,
            "on": None if done.notified_on is None else done.notified_on.isoformat(),
            "reference": done.reference,
        }
    return found


def run_alerts(args: argparse.Namespace) -> int:
    from desktop_app.services.alerts import alert_records

    with Signed(args) as ctx:
        records = alert_records(ctx.db, ctx.user, args.as_of, include_acknowledged=args.all)
    if args.json:
        print(json.dumps([alert_json(r) for r in records], indent=2))
        return EXIT_OK
    print_alerts([r.alert for r in records])
    for r in records:
        if r.acknowledged is not None:
            print(f"{r.alert.id}  {r.acknowledged.summary}")
    return EXIT_OK


def _notification(args: argparse.Namespace) -> Any:
    from desktop_app.services.acknowledgements import Notification

    if args.notified is None:
        if args.on is not None or args.reference:
            raise ValidationFailed([Problem("--on and --reference go with --notified", "on")])
        return None
    if args.on is None:
        raise ValidationFailed([Problem("say when they were told with --on DATE", "on")])
    return Notification(args.notified, args.on, args.reference)


def run_acknowledge(args: argparse.Namespace) -> int:
    from desktop_app.services.acknowledgements import acknowledge

    notified = _notification(args)
    with Signed(args) as ctx:
        done = acknowledge(ctx.db, ctx.user, args.id, args.note, notified)
    print(f"Alert {args.id}: {done.summary}")
    return EXIT_OK


def run_contact_log(args: argparse.Namespace) -> int:
    from desktop_app.services.contact_log import log_contact
    from desktop_app.services.learner_records import find_learner

    with Signed(args) as ctx:
        learner_id = find_learner(ctx.db, ctx.user, args.upn)
        log_contact(
            ctx.db,
            ctx.user,
            learner_id,
            datetime.now(UTC),
            METHODS[args.method],
            args.with_whom,
            args.outcome.strip().lower().replace(" ", "_"),
            args.note,
            party=args.party,
        )
    print(f"Logged a {args.method} contact with {args.with_whom} about {args.upn} ({date.today()})")
    return EXIT_OK
