"""`settings show | set | times`: the provision's session times and thresholds."""

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
from desktop_app.services.session_times import ScheduleView, session_schedule, set_session_times
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


def _register_thresholds(actions: Any, signed: argparse.ArgumentParser) -> None:
    change = actions.add_parser(
        "set",
        parents=[signed],
        help="change one threshold (director); `settings show` lists the keys",
        description="Change one of the provision's thresholds; it applies at once everywhere.",
    )
    change.add_argument("key", help="e.g. lateness_marks")
    change.add_argument("value", type=_whole, help="a whole number")
    change.set_defaults(handler=run_set)


def _whole(value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number")
    return int(value)


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
                }
                for v in values
            }
        }
    print("Thresholds (key  value  [default]  meaning; source):")
    for v in values:
        mark = "" if not v.changed else f"  [default {v.threshold.default}]"
        print(
            f"  {v.threshold.key:<28} {v.value}{mark}  {v.threshold.description}; "
            f"{v.threshold.source}"
        )
    return {}


def run_set(args: argparse.Namespace) -> int:
    with Signed(args) as ctx:
        saved = set_threshold(ctx.db, ctx.user, args.key.strip(), args.value)
    print(f"{saved.threshold.key} = {saved.value} ({saved.threshold.description})")
    return EXIT_OK


def run_times(args: argparse.Namespace) -> int:
    today = date.today()
    start = args.start or today
    with Signed(args) as ctx:
        change = set_session_times(ctx.db, ctx.user, args.am, args.pm, start, today, args.weekday)
    who = "every weekday" if change.weekday is None else f"{WEEKDAY_NAMES[change.weekday]}s"
    print(f"From {start} ({who}): {describe({Session.AM: args.am, Session.PM: args.pm})}")
    return EXIT_OK
