"""`learner show` and `learner edit`: the learner form from a shell, with the same service
(services/learner_records.py), checks and roles (editing is MANAGE_LEARNERS).

`edit` changes only the options given; the rest of the record stays as it is. It is how the
details the police ask for (home address, looked after and the placing authority, medical
needs, medication) are set from the command line; `import learners` takes them as columns.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, replace
from datetime import date
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed

#: Text options of `edit`: (option, LearnerDetails field, help).
TEXTS = (
    ("--surname", "surname", None),
    ("--forename", "forename", None),
    ("--group", "group", "blank to leave no group"),
    ("--commissioner", "commissioner", "blank to leave none"),
    ("--description", "description", "how they look, for the missing-learner sheet"),
    ("--home-address", "home_address", "on one line"),
    ("--placing-authority", "placing_authority", "needed when looked after"),
    ("--medical-needs", "medical_needs", None),
    ("--medication", "medication", None),
)
#: yes/no options: (option, LearnerDetails field).
FLAGS = (("--vulnerable", "marked_vulnerable"), ("--looked-after", "looked_after"))
NONE_WORD = "none"


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import COMMANDS, iso_date

    top = commands.add_parser("learner", help=COMMANDS["learner"][1])
    actions = top.add_subparsers(dest="learner_action", required=True, metavar="ACTION")
    show = actions.add_parser("show", parents=[signed], help="a learner's record")
    show.add_argument("--upn", required=True)
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=run_show)
    edit = actions.add_parser(
        "edit",
        parents=[signed],
        help="change a learner's record (the options given only)",
        description="Every change is checked as in the learner form and kept in the audit "
        "log. Texts are one line; a looked-after learner needs a placing authority.",
    )
    edit.add_argument("--upn", required=True)
    for option, _field, text in TEXTS:
        edit.add_argument(option, help=text)
    for option, _field in FLAGS:
        edit.add_argument(option, choices=["yes", "no"])
    edit.add_argument("--date-of-birth", type=iso_date, metavar="DATE")
    edit.add_argument("--start-date", type=iso_date, metavar="DATE")
    edit.add_argument(
        "--leaving-date", type=_date_or_none(iso_date), metavar="DATE|none", help="none: on roll"
    )
    edit.set_defaults(handler=run_edit)


def _date_or_none(iso_date: Any) -> Any:
    def parse(value: str) -> date | str:
        return NONE_WORD if value.strip().lower() == NONE_WORD else iso_date(value)

    return parse


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    """The fields the options given change, as LearnerDetails takes them."""
    changes: dict[str, Any] = {}
    for option, field, _help in TEXTS:
        value = getattr(args, option[2:].replace("-", "_"))
        if value is not None:
            changes[field] = value
    for option, field in FLAGS:
        value = getattr(args, option[2:].replace("-", "_"))
        if value is not None:
            changes[field] = value == "yes"
    for field in ("date_of_birth", "start_date"):
        if getattr(args, field) is not None:
            changes[field] = getattr(args, field)
    if args.leaving_date is not None:
        changes["leaving_date"] = None if args.leaving_date == NONE_WORD else args.leaving_date
    return changes


def details_json(details: Any) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in asdict(details).items()
    }


def _print(details: Any) -> None:
    words = {None: "", True: "yes", False: "no"}
    for name, value in details_json(details).items():
        shown = words[value] if value is None or isinstance(value, bool) else value
        print(f"{name.replace('_', ' '):<18} {shown}")


def run_show(args: argparse.Namespace) -> int:
    from desktop_app.services.learner_records import find_learner, learner_details

    with Signed(args) as ctx:
        details = learner_details(ctx.db, ctx.user, find_learner(ctx.db, ctx.user, args.upn))
    if args.json:
        print(json.dumps(details_json(details), indent=2))
    else:
        _print(details)
    return EXIT_OK


def run_edit(args: argparse.Namespace) -> int:
    from desktop_app.services.learner_records import find_learner, learner_details, update_learner

    changes = _changes(args)
    with Signed(args) as ctx:
        learner_id = find_learner(ctx.db, ctx.user, args.upn)
        details = replace(learner_details(ctx.db, ctx.user, learner_id), **changes)
        update_learner(ctx.db, ctx.user, learner_id, details)
    said = ", ".join(name.replace("_", " ") for name in changes) or "nothing"
    print(f"{details.forename} {details.surname} ({details.upn}): changed {said}")
    return EXIT_OK
