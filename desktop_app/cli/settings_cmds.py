"""`settings show | set | times | provision | setup`: the provision's session times,
thresholds, its own details, and the set-up checklist."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.domain.codes import Session
from desktop_app.domain.sessions import (
    WEEKDAY_NAMES,
    DayTimes,
    SessionTimes,
    describe,
    parse_span,
    weekday_number,
)
from desktop_app.domain.thresholds import THRESHOLDS
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.provision_details import (
    ProvisionContact,
    provision_contact,
    set_provision_details,
)
from desktop_app.services.session_times import ScheduleView, session_schedule, set_session_times
from desktop_app.services.setup_progress import setup_progress
from desktop_app.services.thresholds import provision_thresholds, set_threshold


def _span(value: str) -> SessionTimes:
    try:
        return parse_span(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _weekday(value: str) -> int:
    try:
        return weekday_number(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import iso_date

    settings = commands.add_parser(
        "settings",
        help="the provision's session times and thresholds",
        description="Show or change the provision's session times and thresholds (director).",
    )
    actions = settings.add_subparsers(dest="settings_command", required=True, metavar="ACTION")
    show = actions.add_parser("show", parents=[signed], help="session times and thresholds")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=run_show)
    times = actions.add_parser(
        "times",
        parents=[signed],
        help="new session times from a date (director)",
        description="AM and PM start and register-close times (the register closes at most 30 "
        "minutes after the start), from a date (default today), for every weekday or one. "
        "Marks already made are never re-judged.",
    )
    times.add_argument("--am", required=True, type=_span, metavar="HH:MM-HH:MM")
    times.add_argument("--pm", required=True, type=_span, metavar="HH:MM-HH:MM")
    times.add_argument("--weekday", type=_weekday, metavar="mon..fri", help="only this weekday")
    times.add_argument("--from", dest="start", type=iso_date, metavar="DATE")
    times.set_defaults(handler=run_times)
    _register_thresholds(actions, signed)
    _register_setup(actions, signed)


def _register_thresholds(actions: Any, signed: argparse.ArgumentParser) -> None:
    change = actions.add_parser(
        "set",
        parents=[signed],
        help="change one threshold (director); `settings show` lists the keys",
        description="Change one of the provision's thresholds; it applies at once everywhere.",
    )
    change.add_argument("key", help="e.g. lateness_marks")
    change.add_argument(
        "value", help="a whole number, or a choice's name (unauthorised_run_rule: accumulated)"
    )
    change.set_defaults(handler=run_set)


def _register_setup(actions: Any, signed: argparse.ArgumentParser) -> None:
    details = actions.add_parser(
        "provision",
        parents=[signed],
        help="the provision's name, address, phone and email (director)",
        description="Show the provision's details, or change those given (printed on letters).",
    )
    for name in ("name", "address", "phone", "email"):
        details.add_argument(
            f"--{name}",
            help=f"the new {name}" + (" (\\n for a new line)" if name == "address" else ""),
        )
    details.set_defaults(handler=run_provision)
    checklist = actions.add_parser(
        "setup", parents=[signed], help="the set-up checklist: which steps are done (director)"
    )
    checklist.set_defaults(handler=run_setup)


def times_json(times: DayTimes) -> dict[str, dict[str, str]]:
    return {
        s.value: {"start": f"{t.start:%H:%M}", "close": f"{t.close:%H:%M}"}
        for s, t in times.items()
    }


def schedule_json(view: ScheduleView) -> dict[str, Any]:
    return {
        "today": view.today.isoformat(),
        "this_week": {
            WEEKDAY_NAMES[w].lower()[:3]: times_json(t) for w, t in view.this_week.items()
        },
        "coming": [
            {
                "from": c.effective_from.isoformat(),
                "weekday": None if c.weekday is None else WEEKDAY_NAMES[c.weekday].lower()[:3],
                **times_json(c.times),
            }
            for c in view.coming
        ],
    }


def print_schedule(view: ScheduleView) -> None:
    print(f"Session times this week (register closes at the second time), as at {view.today}:")
    for weekday, times in view.this_week.items():
        print(f"  {WEEKDAY_NAMES[weekday]:<10} {describe(times)}")
    for change in view.coming:
        who = "every weekday" if change.weekday is None else f"{WEEKDAY_NAMES[change.weekday]}s"
        print(f"  From {change.effective_from} ({who}): {describe(change.times)}")


def run_show(args: argparse.Namespace) -> int:
    today = date.today()
    with Signed(args) as ctx:
        view = session_schedule(ctx.db, ctx.user, today)
        if not args.json:
            print_schedule(view)
        extra = _thresholds_shown(ctx, args.json)
    if args.json:
        print(json.dumps({"session_times": schedule_json(view), **extra}, indent=2))
    return EXIT_OK


def _thresholds_shown(ctx: Signed, as_json: bool) -> dict[str, Any]:
    """The thresholds: printed now (after the times) or returned for the JSON."""
    values = provision_thresholds(ctx.db, ctx.user)
    if as_json:
        return {
            "thresholds": {
                v.threshold.key: {
                    "value": v.value,
                    "default": v.threshold.default,
                    "source": v.threshold.source,
                    "meaning": v.threshold.description,
                    **({"choices": list(v.threshold.choices)} if v.threshold.choices else {}),
                }
                for v in values
            }
        }
    print("Thresholds (key  value  [default]  meaning; source):")
    for v in values:
        shown, default = v.threshold.shown(v.value), v.threshold.shown(v.threshold.default)
        mark = "" if not v.changed else f"  [default {default}]"
        print(
            f"  {v.threshold.key:<28} {shown}{mark}  {v.threshold.description}; "
            f"{v.threshold.source}"
        )
    return {}


def run_set(args: argparse.Namespace) -> int:
    threshold = THRESHOLDS.get(args.key.strip())
    value = 0 if threshold is None else threshold.parse(args.value)  # 0: the key is refused
    if value is None:
        choices = f" or one of: {', '.join(threshold.choices)}" if threshold else ""
        raise ValidationFailed([Problem(f"'{args.value}' is not a whole number{choices}", "value")])
    with Signed(args) as ctx:
        saved = set_threshold(ctx.db, ctx.user, args.key.strip(), value)
    shown = saved.threshold.shown(saved.value)
    print(f"{saved.threshold.key} = {shown} ({saved.threshold.description})")
    return EXIT_OK


def run_times(args: argparse.Namespace) -> int:
    today = date.today()
    start = args.start or today
    with Signed(args) as ctx:
        change = set_session_times(ctx.db, ctx.user, args.am, args.pm, start, today, args.weekday)
    who = "every weekday" if change.weekday is None else f"{WEEKDAY_NAMES[change.weekday]}s"
    print(f"From {start} ({who}): {describe({Session.AM: args.am, Session.PM: args.pm})}")
    return EXIT_OK


def run_provision(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        now = provision_contact(ctx.db, ctx.user)
        given = {k: getattr(args, k) for k in ("name", "address", "phone", "email")}
        if any(v is not None for v in given.values()):
            if given["address"] is not None:
                given["address"] = given["address"].replace("\\n", "\n")
            changed = {k: getattr(now, k) if v is None else v for k, v in given.items()}
            now = set_provision_details(ctx.db, ctx.user, ProvisionContact(**changed), None)
    address = now.address.replace("\n", ", ")
    print(f"{now.name}\nAddress: {address or '-'}\nPhone: {now.phone or '-'}")
    print(f"Email: {now.email or '-'}")
    return EXIT_OK


def run_setup(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        progress = setup_progress(ctx.db, ctx.user, date.today())
    for step in progress.steps:
        where = f"{step.page} › {step.part}" if step.part and step.page == "Settings" else step.page
        print(f"[{'x' if step.done else ' '}] {step.title}: {step.detail} ({where})")
    print("Set up." if progress.complete else f"{progress.remaining} steps to go.")
    return EXIT_OK
