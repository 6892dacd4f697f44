"""`absconding`: every action of the "Learner left site" window from a shell, each calling the
same service (services/absconding.py) with the same checks and roles. Seeing one incident in
full and saving its papers (`show`, `sheet`, `report`) are in absconding_paper_cmds.py.

Times are typed as HH:MM (today, in this computer's local time) or as an ISO date and time; a
time in the hour the clocks go back happens twice and is refused with a question (which one?),
never guessed (domain/clock.py); one in the hour the clocks go forward never happens.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import datetime
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.domain import absconding as rules
from desktop_app.services.errors import Problem, ValidationFailed

TIME = "HH:MM|ISO"
_HH_MM = re.compile(r"^(\d{1,2}):(\d{2})$")
#: The particulars a step may carry (StepInput's fields), with their options.
PARTICULARS = ("detail", "level", "channel", "reference", "officer", "place", "person", "condition")


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli import absconding_paper_cmds
    from desktop_app.cli.parser import COMMANDS

    top = commands.add_parser(
        "absconding",
        help=COMMANDS["absconding"][1],
        description="A learner has left site: start the clock, record each step of the "
        "protocol, correct the start (DSL), close; see one in full, save its missing-learner "
        "sheet and its report. Any member of staff may start an incident, record steps on an "
        "open one and see it; correcting and closing, and closed incidents, are the DSL's or a "
        "director's.",
    )
    actions = top.add_subparsers(dest="absconding_action", required=True, metavar="ACTION")
    _register_start(actions, signed)
    absconding_paper_cmds.register(actions, signed)  # show, sheet, report
    _register_steps(actions, signed)
    _register_closing(actions, signed)


def _register_start(actions: Any, signed: argparse.ArgumentParser) -> None:
    start = actions.add_parser(
        "start",
        parents=[signed],
        help="start the clock for a learner who has left site",
        description="Only the learner and the time last seen are needed; where and by whom "
        "may follow (`absconding correct`).",
    )
    start.add_argument("--upn", required=True, help="the learner (on roll today)")
    start.add_argument("--last-seen", required=True, metavar=TIME)
    start.add_argument("--where", default="", help="where they were last seen")
    start.add_argument("--seen-by", default="", help="who saw them last")
    start.add_argument("--direction", default="", help="which way they went")
    start.add_argument("--description", default="", help="how they look today")
    start.add_argument("--clothing", default="", help="what they are wearing")
    start.set_defaults(handler=run_start)
    listing = actions.add_parser(
        "list",
        parents=[signed],
        help="open incidents, the longest missing first",
        description="Each open incident with the time missing (a duration) and what to do now.",
    )
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=run_list)


def _register_steps(actions: Any, signed: argparse.ArgumentParser) -> None:
    step = actions.add_parser(
        "step",
        parents=[signed],
        help="record a step of the protocol",
        description="Steps: "
        + "; ".join(f"{kind} ({label})" for kind, label in rules.STEPS.items())
        + ". Levels: low, medium, high. Police: 101 or 999.",
    )
    step.add_argument("id", type=int, help="the incident's id (`absconding list`)")
    step.add_argument("--kind", required=True, choices=list(rules.STEPS))
    _at(step)
    for name in PARTICULARS:
        step.add_argument(f"--{name}", default="")
    step.set_defaults(handler=run_step)
    note = actions.add_parser("note", parents=[signed], help="add a timestamped note")
    note.add_argument("id", type=int)
    note.add_argument("text")
    _at(note)
    note.set_defaults(handler=run_note)
    for name, kind, text in (
        ("debrief", "debrief", "record the debrief (also after closing: DSL, director)"),
        ("return-interview", "return_interview", "record the return interview offered"),
    ):
        after = actions.add_parser(name, parents=[signed], help=text)
        after.add_argument("id", type=int)
        after.add_argument("--detail", default="", help="what was found or arranged")
        _at(after)
        after.set_defaults(handler=run_step, kind=kind)


def _register_closing(actions: Any, signed: argparse.ArgumentParser) -> None:
    fix = actions.add_parser(
        "correct",
        parents=[signed],
        help="correct when, where or by whom last seen (DSL, director)",
        description="Each change is a timeline entry keeping the old value, who and when.",
    )
    fix.add_argument("id", type=int)
    fix.add_argument("--last-seen", metavar=TIME)
    fix.add_argument("--where")
    fix.add_argument("--seen-by")
    fix.add_argument("--reason", required=True)
    fix.set_defaults(handler=run_correct)
    close = actions.add_parser(
        "close",
        parents=[signed],
        help="close with the return time, or handed to the police (DSL, director)",
        description="Closing with the parent or carer, the commissioner or (when required) the "
        "police not told is refused unless --skipped-reason says why.",
    )
    close.add_argument("id", type=int)
    back = close.add_mutually_exclusive_group(required=True)
    back.add_argument("--returned-at", metavar=TIME)
    back.add_argument("--handed-to-police", action="store_true", help="as a missing person")
    close.add_argument("--outcome", required=True)
    close.add_argument("--skipped-reason", default="", help="why steps were not done")
    close.set_defaults(handler=run_close)
    error = actions.add_parser(
        "error",
        parents=[signed],
        help="close as opened in error (DSL, director): kept, counted nowhere",
    )
    error.add_argument("id", type=int)
    error.add_argument("--reason", required=True)
    error.set_defaults(handler=run_error)


def _at(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--at", metavar=TIME, help="when it happened (default: now)")


def _now() -> datetime:
    """The clock, with its zone (tests put a fixed moment here)."""
    return datetime.now().astimezone()


def typed_moment(text: str, now: datetime, option: str) -> datetime:
    """HH:MM (today, local) or an ISO date and time; a local time the clocks make ambiguous
    or impossible is refused with the question to answer."""
    text = text.strip()
    if match := _HH_MM.match(text):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise _bad(option, f"'{text}' is not a time of day")
        naive = now.astimezone().replace(
            tzinfo=None, hour=hour, minute=minute, second=0, microsecond=0
        )
    else:
        try:
            given = datetime.fromisoformat(text)
        except ValueError:
            raise _bad(option, f"'{text}' is not HH:MM or an ISO date and time") from None
        if given.tzinfo is not None:
            return given
        naive = given
    return _local(naive, option)


def _local(naive: datetime, option: str) -> datetime:
    """The local moment meant by a wall-clock time, asked about when it is not one moment."""
    first, second = naive.replace(fold=0).astimezone(), naive.replace(fold=1).astimezone()
    when = f"{naive:%H:%M} on {naive:%d/%m/%Y}"
    if first.replace(tzinfo=None) != naive:
        raise _bad(option, f"{when} never happens here (the clocks went forward): check it")
    if first.utcoffset() != second.utcoffset():
        raise _bad(
            option,
            f"{when} happens twice (the clocks went back): which one? Give it with its "
            f"offset: {first.isoformat(timespec='minutes')} (the first) or "
            f"{second.isoformat(timespec='minutes')} (the second)",
        )
    return first


def _bad(option: str, message: str) -> ValidationFailed:
    return ValidationFailed([Problem(message, field=option)])


def _learner_id(ctx: Signed, upn: str, now: datetime) -> int:
    """The learner on roll today with this UPN: the window's picker, by UPN."""
    from desktop_app.services.absconding_queries import learner_choices

    wanted = upn.strip().upper()
    for choice in learner_choices(ctx.db, ctx.user, now.astimezone().date()):
        if choice.upn == wanted:
            return choice.id
    raise _bad("--upn", f"no learner on roll today has the UPN {wanted}")


def _said(summary: Any, now: datetime) -> str:
    """'Incident 3: Aaliyah Ahmed, last seen 09:02, missing 12 min 05 s. <prompt>'."""
    seen = summary.last_seen_at.astimezone()
    return (
        f"Incident {summary.id}: {summary.learner_name}, last seen {seen:%d/%m/%Y %H:%M}, "
        f"missing {summary.elapsed_text(now)}. {summary.prompt(now).text}"
    )


def run_start(args: argparse.Namespace) -> int:
    from desktop_app.services.absconding import start_incident
    from desktop_app.services.absconding_data import NewIncident

    now = _now()
    last_seen = typed_moment(args.last_seen, now, "--last-seen")
    with Signed(args) as ctx:
        details = NewIncident(
            learner_id=_learner_id(ctx, args.upn, now),
            last_seen_at=last_seen,
            last_seen_where=args.where,
            seen_by=args.seen_by,
            direction=args.direction,
            description=args.description,
            clothing=args.clothing,
        )
        summary = start_incident(ctx.db, ctx.user, details, now)
    print(f"Started. {_said(summary, now)}")
    return EXIT_OK


def incident_json(summary: Any, now: datetime) -> dict[str, Any]:
    def moment(value: datetime | None) -> str | None:
        return None if value is None else value.isoformat()

    prompt = summary.prompt(now)
    return {
        "id": summary.id,
        "learner_id": summary.learner_id,
        "learner": summary.learner_name,
        "last_seen_at": moment(summary.last_seen_at),
        "missing_for": summary.elapsed_text(now),
        "missing_seconds": int(summary.elapsed(now).total_seconds()),
        "police_required": summary.police_required,
        "police_told_at": moment(summary.police_told_at),
        "found_at": moment(summary.found_at),
        "prompt": prompt.text,
        "tone": prompt.tone.value,
    }


def run_list(args: argparse.Namespace) -> int:
    from desktop_app.services.absconding_queries import open_incidents

    now = _now()
    with Signed(args) as ctx:
        found = open_incidents(ctx.db, ctx.user)
    if args.json:
        print(json.dumps([incident_json(s, now) for s in found], indent=2))
    elif not found:
        print("No open incidents.")
    else:
        for summary in found:
            print(_said(summary, now))
    return EXIT_OK


def _step_at(args: argparse.Namespace, now: datetime) -> datetime:
    return typed_moment(args.at, now, "--at") if args.at else now


def run_step(args: argparse.Namespace) -> int:
    from desktop_app.services.absconding import record_step
    from desktop_app.services.absconding_data import StepInput

    now = _now()
    given = {name: getattr(args, name, "") for name in PARTICULARS}
    step = StepInput(args.kind, _step_at(args, now), **given)
    with Signed(args) as ctx:
        entry = record_step(ctx.db, ctx.user, args.id, step, now)
    _print_entry(args.id, entry)
    return EXIT_OK


def run_note(args: argparse.Namespace) -> int:
    from desktop_app.services.absconding import add_note

    now = _now()
    at = _step_at(args, now)
    with Signed(args) as ctx:
        entry = add_note(ctx.db, ctx.user, args.id, args.text, now, at)
    _print_entry(args.id, entry)
    return EXIT_OK


def _print_entry(incident_id: int, entry: Any) -> None:
    said = entry.summary()
    print(
        f"Incident {incident_id}: {entry.label} at {entry.at.astimezone():%H:%M}"
        + (f", {said}" if said else "")
    )


def run_correct(args: argparse.Namespace) -> int:
    from desktop_app.services.absconding import correct_start
    from desktop_app.services.absconding_data import StartCorrection

    now = _now()
    seen = typed_moment(args.last_seen, now, "--last-seen") if args.last_seen else None
    fix = StartCorrection(args.reason, seen, args.where, args.seen_by)
    with Signed(args) as ctx:
        entries = correct_start(ctx.db, ctx.user, args.id, fix, now)
    for entry in entries:
        print(f"Incident {args.id}: corrected {entry.summary()}")
    return EXIT_OK


def run_close(args: argparse.Namespace) -> int:
    from desktop_app.services.absconding import close_incident
    from desktop_app.services.absconding_data import Closing

    now = _now()
    back = typed_moment(args.returned_at, now, "--returned-at") if args.returned_at else None
    closing = Closing(back, args.handed_to_police, args.outcome, args.skipped_reason)
    with Signed(args) as ctx:
        summary = close_incident(ctx.db, ctx.user, args.id, closing, now)
    how = "handed to the police" if args.handed_to_police else "returned"
    print(f"Closed incident {summary.id} ({summary.learner_name}, {how}).")
    return EXIT_OK


def run_error(args: argparse.Namespace) -> int:
    from desktop_app.services.absconding import close_in_error

    with Signed(args) as ctx:
        summary = close_in_error(ctx.db, ctx.user, args.id, args.reason, _now())
    print(f"Closed incident {summary.id} ({summary.learner_name}) as opened in error.")
    return EXIT_OK
