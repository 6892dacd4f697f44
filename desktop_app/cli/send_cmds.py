"""`send summary|urgent|letters|queue|record|resend` and `mail show|set|test|commissioner`:
email what the provision shares, protected, through the outbox (the same services as the window).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.cli.context import EXIT_INPUT, EXIT_OK, Signed
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.letters import STAGES
from desktop_app.domain.mail import PasswordRule, Security


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import iso_date

    send = commands.add_parser("send", help="email the commissioner summaries and letters")
    what = send.add_subparsers(dest="send_kind", required=True, metavar="WHAT")
    summary = what.add_parser(
        "summary",
        parents=[signed],
        help="each commissioner's AM or PM summary, protected",
        description="One email per commissioner with only their learners, the PDF protected "
        "with the password that commissioner holds; refused until the session's registers are "
        "all taken. Queued, then sent at once when the mail server can be reached.",
    )
    summary.add_argument("--date", required=True, type=iso_date, metavar="DATE")
    summary.add_argument("--session", required=True, choices=["AM", "PM"])
    summary.add_argument("--dry-run", action="store_true", help="say who would get what")
    summary.set_defaults(handler=run_summary)
    urgent = what.add_parser(
        "urgent", parents=[signed], help="a RED learner's absence to their commissioner now"
    )
    urgent.add_argument("--upn", required=True)
    urgent.add_argument("--date", required=True, type=iso_date, metavar="DATE")
    urgent.add_argument("--session", required=True, choices=["AM", "PM"])
    urgent.add_argument("--dry-run", action="store_true", help="say who would get what")
    urgent.set_defaults(handler=run_urgent)
    letters = what.add_parser(
        "letters",
        parents=[signed],
        help="a stage's letters: emailed, or written for printing",
        description="Families with an email address get the letter as a PDF protected by the "
        "provision's password rule; the others' letters are written to --print-to.",
    )
    letters.add_argument("--stage", required=True, choices=list(STAGES))
    letters.add_argument("--print-to", type=Path, metavar="DIR")
    letters.add_argument("--dry-run", action="store_true", help="say who would get what")
    letters.set_defaults(handler=run_letters)
    queue = what.add_parser("queue", parents=[signed], help="send what is waiting now")
    queue.set_defaults(handler=run_queue)
    record = what.add_parser("record", parents=[signed], help="what was sent to whom, newest first")
    record.add_argument("--upn", help="one learner's")
    record.add_argument("--json", action="store_true")
    record.set_defaults(handler=run_record)
    resend = what.add_parser("resend", parents=[signed], help="queue a failed message again")
    resend.add_argument("id", type=int)
    resend.set_defaults(handler=run_resend)
    _register_mail(commands, signed)


def _register_mail(commands: Any, signed: argparse.ArgumentParser) -> None:
    mail = commands.add_parser("mail", help="the mail server and commissioners' PDF passwords")
    what = mail.add_subparsers(dest="mail_kind", required=True, metavar="WHAT")
    what.add_parser("show", parents=[signed], help="the mail settings").set_defaults(
        handler=run_show
    )
    server = what.add_parser(
        "set",
        parents=[signed],
        help="the provision's mail server (director)",
        description="With --smtp-password-stdin the account's password is read from the next "
        "line of standard input and kept in this computer's keyring, never in the register.",
    )
    server.add_argument("--host", required=True)
    server.add_argument("--port", type=int, default=587)
    server.add_argument("--security", choices=[s.value for s in Security], default="starttls")
    server.add_argument("--username", default="")
    server.add_argument("--from", dest="from_address", required=True, metavar="ADDRESS")
    server.add_argument(
        "--letter-password-rule", choices=[r.value for r in PasswordRule], default="dob_ddmmyyyy"
    )
    server.add_argument("--smtp-password-stdin", action="store_true")
    server.set_defaults(handler=run_set)
    test = what.add_parser("test", parents=[signed], help="send a test message now")
    test.add_argument("--to", required=True, metavar="ADDRESS")
    test.set_defaults(handler=run_test)
    comm = what.add_parser(
        "commissioner",
        parents=[signed],
        help="a commissioner's email and PDF password",
        description="--pdf-password-stdin reads the password the commissioner holds from the "
        "next line of standard input (8 characters or more). It is never emailed.",
    )
    comm.add_argument("--name", required=True)
    comm.add_argument("--email")
    comm.add_argument("--pdf-password-stdin", action="store_true")
    comm.set_defaults(handler=run_commissioner)


def _now() -> datetime:
    return datetime.now()


def _deliver(ctx: Signed) -> None:
    from desktop_app.services.outbox import deliver

    result = deliver(ctx.db, ctx.user, _now())
    if result.reachable:
        print(f"Sent {result.sent}; refused {result.failed}; waiting {result.waiting}.")
    else:
        print(
            f"Queued: the mail server cannot be reached now ({result.note}). "
            f"{result.waiting} waiting; they go when it can (send queue)."
        )


def _report(result: Any, dry_run: bool) -> int:
    verb = "Would send" if dry_run else "Queued"
    for email in result.emails:
        names = ", ".join(email.learners) if dry_run else f"{len(email.learners)} learner(s)"
        print(f"{verb}: {email.what} to {email.recipient_name} <{email.recipient}> ({names})")
    for path in result.printed:
        print(f"{'Would print' if dry_run else 'To print'}: {path}")
    for sentence in result.not_sent:
        print(f"not sent: {sentence}", file=sys.stderr)
    return EXIT_OK if result.emails or result.printed or dry_run else EXIT_INPUT


def run_summary(args: argparse.Namespace) -> int:
    from desktop_app.services.sending import send_summary

    with Signed(args) as ctx:
        result = send_summary(
            ctx.db, ctx.user, args.date, RegisterSession(args.session), _now(), args.dry_run
        )
        code = _report(result, args.dry_run)
        if not args.dry_run and result.emails:
            _deliver(ctx)
        return code


def run_urgent(args: argparse.Namespace) -> int:
    from desktop_app.services.learner_records import find_learner
    from desktop_app.services.sending import send_urgent

    with Signed(args) as ctx:
        learner_id = find_learner(ctx.db, ctx.user, args.upn)
        result = send_urgent(
            ctx.db,
            ctx.user,
            learner_id,
            args.date,
            RegisterSession(args.session),
            _now(),
            args.dry_run,
        )
        code = _report(result, args.dry_run)
        if not args.dry_run:
            _deliver(ctx)
        return code


def run_letters(args: argparse.Namespace) -> int:
    from desktop_app.services.sending_letters import send_letters

    if args.print_to is not None:
        args.print_to.mkdir(parents=True, exist_ok=True)
    with Signed(args) as ctx:
        result = send_letters(
            ctx.db, ctx.user, args.stage, _now(), args.print_to, dry_run=args.dry_run
        )
        code = _report(result, args.dry_run)
        if not args.dry_run and result.emails:
            _deliver(ctx)
        return code


def run_queue(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        _deliver(ctx)
    return EXIT_OK


def run_record(args: argparse.Namespace) -> int:
    from desktop_app.services.learner_records import find_learner
    from desktop_app.services.sending import records

    with Signed(args) as ctx:
        learner = None if args.upn is None else find_learner(ctx.db, ctx.user, args.upn)
        rows = records(ctx.db, ctx.user, learner)
    if args.json:
        print(json.dumps([_row(r) for r in rows], indent=2))
        return EXIT_OK
    for r in rows:
        when = r.sent_at or r.created_at
        error = f" — {r.last_error}" if r.last_error else ""
        print(
            f"#{r.id} {when:%Y-%m-%d %H:%M} {r.status:9} {r.what} to {r.recipient}"
            f" (by {r.created_by}){error}"
        )
    return EXIT_OK


def _row(record: Any) -> dict[str, Any]:
    return {
        "id": record.id,
        "kind": record.kind,
        "status": record.status,
        "to": record.recipient,
        "to_name": record.recipient_name,
        "what": record.what,
        "queued_at": record.created_at.isoformat(),
        "by": record.created_by,
        "sent_at": record.sent_at.isoformat() if record.sent_at else None,
        "server_answer": record.last_error,
    }


def run_resend(args: argparse.Namespace) -> int:
    from desktop_app.services.sending import resend

    with Signed(args) as ctx:
        resend(ctx.db, ctx.user, args.id, _now())
        _deliver(ctx)
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    from desktop_app.services.mail_settings import mail_server

    with Signed(args) as ctx:
        server = mail_server(ctx.db, ctx.user)
    if not server.configured:
        print("No mail server is set up (mail set --host … --from …).")
        return EXIT_OK
    print(f"Server: {server.host}:{server.port} ({server.security.value})")
    print(
        f"Account: {server.username or '(none)'}; password in this PC's keyring: "
        f"{'yes' if server.has_password else 'no'}"
    )
    print(f"From: {server.from_address}; letter password rule: {server.letter_password_rule.value}")
    return EXIT_OK


def run_set(args: argparse.Namespace) -> int:
    from desktop_app.services.mail_settings import MailServer, save_mail_server

    with Signed(args) as ctx:
        password = sys.stdin.readline().rstrip("\r\n") if args.smtp_password_stdin else None
        server = MailServer(
            args.host,
            args.port,
            Security(args.security),
            args.username,
            args.from_address,
            PasswordRule(args.letter_password_rule),
        )
        saved = save_mail_server(ctx.db, ctx.user, server, password)
    print(f"Mail server saved: {saved.host}:{saved.port}.")
    return EXIT_OK


def run_test(args: argparse.Namespace) -> int:
    from desktop_app.services.outbox import send_test

    with Signed(args) as ctx:
        print(send_test(ctx.db, ctx.user, args.to))
    return EXIT_OK


def run_commissioner(args: argparse.Namespace) -> int:
    from desktop_app.services.mail_settings import commissioner_id_by_name, set_commissioner_mail

    with Signed(args) as ctx:
        password = sys.stdin.readline().rstrip("\r\n") if args.pdf_password_stdin else None
        commissioner_id = commissioner_id_by_name(ctx.db, ctx.user, args.name)
        set_commissioner_mail(ctx.db, ctx.user, commissioner_id, args.email, password)
    print(f"Saved for {args.name}.")
    return EXIT_OK
