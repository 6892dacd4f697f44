"""Case work on the command line: `chronology`, `plan`, `meeting`, `stage`, `referral` and
`request`, each calling the same service as the window."""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.domain import casework as cases

REFERRAL_HELP = "referrals: add one, follow one up, list them (DSL, director)"
INVITE_HELP = "the invitation letter for a recorded meeting, filed against it"


def register(commands: Any, signed: argparse.ArgumentParser) -> None:
    from desktop_app.cli.parser import iso_date

    chron = commands.add_parser(
        "chronology", parents=[signed], help="a learner's chronology (DSL, director, officer)",
        description="Absences as runs, contacts, letters, plans, meetings, stages, referrals, "
        "requests, RAG changes, risk assessments and absconding incidents, oldest first. "
        "Each view is audited. --json gives [{date, kind, summary, by}].",
    )  # fmt: skip
    chron.add_argument("--upn", required=True)
    chron.add_argument("--from", dest="start", type=iso_date, metavar="DATE")
    chron.add_argument("--to", dest="end", type=iso_date, metavar="DATE")
    chron.add_argument("--kind", action="append", choices=sorted(cases.ALL_KINDS))
    chron.add_argument("--json", action="store_true")
    chron.add_argument("--out", type=Path, metavar="FILE.pdf")
    chron.set_defaults(handler=run_chronology)
    _register_plan(commands, signed, iso_date)
    _register_records(commands, signed, iso_date)


def _register_plan(commands: Any, signed: argparse.ArgumentParser, iso_date: Any) -> None:
    plan = commands.add_parser("plan", help="support plans: start, act, agree, review")
    what = plan.add_subparsers(dest="plan_kind", required=True, metavar="WHAT")
    start = what.add_parser("start", parents=[signed], help="a new support plan")
    start.add_argument("--upn", required=True)
    start.add_argument("--from-pct", type=float, required=True, help="attendance it starts from")
    start.add_argument("--target-pct", type=float, required=True)
    start.add_argument("--by", type=iso_date, required=True, metavar="DATE")
    start.add_argument("--review", type=iso_date, metavar="DATE")
    start.add_argument("--targets", default="", help="other targets, one a line")
    start.add_argument("--on", type=iso_date, metavar="DATE", help="start date (today)")
    start.set_defaults(handler=run_plan_start)
    show = what.add_parser("show", parents=[signed], help="the live plan and its progress")
    show.add_argument("--upn", required=True)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_plan_show)
    _register_plan_steps(what, signed, iso_date)
    review = what.add_parser("review", parents=[signed], help="record a review")
    review.add_argument("--upn", required=True)
    review.add_argument("--outcome", required=True)
    review.add_argument("--next", type=iso_date, metavar="DATE")
    review.add_argument("--close", action="store_true")
    review.set_defaults(handler=run_plan_review)


def _register_plan_steps(what: Any, signed: argparse.ArgumentParser, iso_date: Any) -> None:
    action = what.add_parser("action", parents=[signed], help="add an action to the live plan")
    action.add_argument("--upn", required=True)
    action.add_argument("--action", required=True, help="what will be done")
    action.add_argument("--owner", required=True, help="who will do it")
    action.add_argument("--due", type=iso_date, required=True, metavar="DATE")
    action.set_defaults(handler=run_plan_action)
    done = what.add_parser("done", parents=[signed], help="an action done (id from plan show)")
    done.add_argument("--id", type=int, required=True, dest="action_id")
    done.add_argument("--on", type=iso_date, metavar="DATE", help="the day it was done (today)")
    done.set_defaults(handler=run_plan_done)
    agree = what.add_parser(
        "agree", parents=[signed], help="the parent's or commissioner's agreement"
    )
    agree.add_argument("--upn", required=True)
    agree.add_argument("--party", required=True, choices=["parent", "commissioner"])
    agree.add_argument("--name", required=True, help="who agreed")
    agree.add_argument("--on", type=iso_date, metavar="DATE", help="when (today)")
    agree.set_defaults(handler=run_plan_agree)


def _register_records(commands: Any, signed: argparse.ArgumentParser, iso_date: Any) -> None:
    meeting = commands.add_parser("meeting", parents=[signed], help="record a meeting")
    meeting.add_argument("--upn", required=True)
    meeting.add_argument("--kind", required=True, choices=[k.value for k in cases.MeetingKind])
    meeting.add_argument("--on", required=True, type=iso_date, metavar="DATE")
    meeting.add_argument("--attendees", required=True)
    meeting.add_argument("--outcome", default="")
    meeting.add_argument("--actions", default="")
    meeting.add_argument("--next", type=iso_date, metavar="DATE")
    meeting.set_defaults(handler=run_meeting)
    invite = commands.add_parser("invite", parents=[signed], help=INVITE_HELP)
    invite.add_argument("--meeting", type=int, required=True, metavar="ID")
    invite.add_argument(
        "--when", required=True, metavar="TIME_AND_PLACE",
        help="'10:00 at the provision, Room 2' (the meeting's date is added)",
    )  # fmt: skip
    invite.add_argument("--out", type=Path, required=True, metavar="DIR")
    invite.set_defaults(handler=run_invite)
    stage = commands.add_parser("stage", parents=[signed], help="move a learner to a stage")
    stage.add_argument("--upn", required=True)
    stage.add_argument("--to", required=True, choices=[s.value for s in cases.Stage])
    stage.add_argument("--reason", required=True)
    stage.add_argument("--on", type=iso_date, metavar="DATE")
    stage.set_defaults(handler=run_stage)
    refer = commands.add_parser("referral", help=REFERRAL_HELP)
    kinds = refer.add_subparsers(dest="referral_kind", required=True, metavar="WHAT")
    follow = kinds.add_parser("follow-up", parents=[signed], help="record a follow-up")
    follow.add_argument("--id", type=int, required=True, dest="referral_id")
    follow.add_argument("--outcome", required=True, help="what came of it")
    follow.add_argument("--on", type=iso_date, metavar="DATE", help="when (today)")
    follow.add_argument("--next", type=iso_date, metavar="DATE", help="the next follow-up")
    follow.set_defaults(handler=run_referral_follow_up)
    listed = kinds.add_parser("list", parents=[signed], help="a learner's referrals, with ids")
    listed.add_argument("--upn", required=True)
    listed.add_argument("--json", action="store_true")
    listed.set_defaults(handler=run_referral_list)
    referral = kinds.add_parser("add", parents=[signed], help="a referral made or considered")
    referral.add_argument("--upn", required=True)
    referral.add_argument("--agency", required=True, choices=[a.value for a in cases.Agency])
    referral.add_argument("--reason", required=True)
    referral.add_argument("--on", type=iso_date, metavar="DATE")
    referral.add_argument("--follow-up", type=iso_date, metavar="DATE")
    referral.add_argument(
        "--not-made-because", default="", help="considered, and not made: why (KCSIE)"
    )
    referral.set_defaults(handler=run_referral)


def _today() -> date:
    return date.today()


def _learner(ctx: Signed, upn: str) -> int:
    from desktop_app.services.learner_records import find_learner

    return find_learner(ctx.db, ctx.user, upn)


def run_chronology(args: argparse.Namespace) -> int:
    from desktop_app.services.chronology import chronology

    end = args.end or _today()
    start = args.start or end - timedelta(days=366)
    kinds = frozenset(args.kind) if args.kind else None
    with Signed(args) as ctx:
        found = chronology(
            ctx.db, ctx.user, _learner(ctx, args.upn), start, end, kinds, args.out is not None
        )
    if args.out is not None:
        from desktop_app.reports.chronology_pdf import chronology_pdf
        from desktop_app.reports.progress import NO_PROGRESS

        print(f"Wrote {chronology_pdf(found, args.out, NO_PROGRESS)}")
    elif args.json:
        rows = [{"date": e.on.isoformat(), "kind": e.kind, "summary": e.summary, "by": e.by}
                for e in found.entries]  # fmt: skip
        print(json.dumps(rows, indent=2))
    else:
        for e in found.entries:
            by = f" ({e.by})" if e.by else ""
            print(f"{e.on:%Y-%m-%d}  {e.kind:16} {e.summary}{by}")
    return EXIT_OK


def run_plan_start(args: argparse.Namespace) -> int:
    from desktop_app.services.casework import PlanDetails, start_plan

    on = args.on or _today()
    details = PlanDetails(on, args.from_pct, args.target_pct, args.by, args.targets, args.review)
    with Signed(args) as ctx:
        start_plan(ctx.db, ctx.user, _learner(ctx, args.upn), details, _today())
    print(f"Support plan started: {args.from_pct:g}% to {args.target_pct:g}% by {args.by}.")
    return EXIT_OK


def run_plan_show(args: argparse.Namespace) -> int:
    from desktop_app.services.casework import live_plan

    with Signed(args) as ctx:
        plan = live_plan(ctx.db, ctx.user, _learner(ctx, args.upn), _today())
    if plan is None:
        print("No live support plan.")
        return EXIT_OK
    now = "–" if plan.now_pct is None else f"{plan.now_pct:g}%"
    if args.json:
        print(
            json.dumps(
                {
                    "started": plan.started_on.isoformat(),
                    "from": plan.start_pct,
                    "target": plan.target_pct,
                    "by": plan.target_by.isoformat(),
                    "now": plan.now_pct,
                    "progress": plan.progress,
                    "actions": [
                        {
                            "id": a.id,
                            "action": a.action,
                            "owner": a.owner,
                            "due": a.due_on.isoformat(),
                            "done": a.done_on.isoformat() if a.done_on else None,
                        }
                        for a in plan.actions
                    ],
                },
                indent=2,
            )
        )
    else:
        print(f"From {plan.start_pct:g}% to {plan.target_pct:g}% by {plan.target_by}; now {now}.")
        for a in plan.actions:
            done = f" (done {a.done_on})" if a.done_on else ""
            print(f"{a.id:>4}  {a.action} — {a.owner}, by {a.due_on}{done}")
    return EXIT_OK


def run_plan_review(args: argparse.Namespace) -> int:
    from desktop_app.services.casework import review_plan

    with Signed(args) as ctx:
        plan = _live(ctx, args.upn)
        review_plan(ctx.db, ctx.user, plan, _today(), args.outcome, args.next, args.close)
    print("Review recorded.")
    return EXIT_OK


def run_meeting(args: argparse.Namespace) -> int:
    from desktop_app.services.casework import MeetingDetails, record_meeting

    details = MeetingDetails(
        cases.MeetingKind(args.kind), args.on, args.attendees, args.outcome, args.actions, args.next
    )
    with Signed(args) as ctx:
        meeting = record_meeting(ctx.db, ctx.user, _learner(ctx, args.upn), details)
    print(f"Meeting {meeting} recorded.")
    return EXIT_OK


def run_invite(args: argparse.Namespace) -> int:
    from datetime import datetime

    from desktop_app.services.case_letters import meeting_letter

    with Signed(args) as ctx:
        path = meeting_letter(ctx.db, ctx.user, args.meeting, args.when, args.out, datetime.now())
    print(f"Invitation written and filed against meeting {args.meeting}: {path}")
    return EXIT_OK


def run_stage(args: argparse.Namespace) -> int:
    from desktop_app.services.casework import move_stage

    stage = cases.Stage(args.to)
    with Signed(args) as ctx:
        move_stage(ctx.db, ctx.user, _learner(ctx, args.upn), stage, args.on or _today(),
                   args.reason)  # fmt: skip
    print(f"Moved to: {cases.STAGE_LABELS[stage]}.")
    return EXIT_OK


def run_referral(args: argparse.Namespace) -> int:
    from desktop_app.services.casework import ReferralDetails, record_referral

    made = not args.not_made_because
    details = ReferralDetails(
        cases.Agency(args.agency), args.on or _today(), args.reason, made,
        args.not_made_because, follow_up_on=args.follow_up,
    )  # fmt: skip
    with Signed(args) as ctx:
        ref = record_referral(ctx.db, ctx.user, _learner(ctx, args.upn), details)
    print(f"Referral {ref} recorded." if made else f"Recorded ({ref}): considered and not made.")
    return EXIT_OK


def run_referral_follow_up(args: argparse.Namespace) -> int:
    from desktop_app.services.casework import follow_up_referral

    with Signed(args) as ctx:
        follow_up_referral(
            ctx.db, ctx.user, args.referral_id, args.on or _today(), args.outcome, args.next
        )
    print("Follow-up recorded." + (f" Next on {args.next}." if args.next else ""))
    return EXIT_OK


def run_referral_list(args: argparse.Namespace) -> int:
    from desktop_app.services.case_file import case_file
    from desktop_app.services.errors import PermissionDenied

    with Signed(args) as ctx:
        found = case_file(ctx.db, ctx.user, _learner(ctx, args.upn), _today())
        if found.referrals is None:
            raise PermissionDenied("referrals are for the DSL and the director")
    rows = [{"id": r.id, "on": r.on.isoformat(), "agency": r.agency, "made": r.made,
             "reason": r.reason, "not_made_because": r.not_made_because, "outcome": r.outcome,
             "follow_up_on": r.follow_up_on.isoformat() if r.follow_up_on else None}
            for r in found.referrals]  # fmt: skip
    if args.json:
        print(json.dumps(rows, indent=2))
    for r in [] if args.json else found.referrals:
        made = r.reason if r.made else f"considered, not made: {r.not_made_because}"
        print(f"{r.id:>4}  {r.on}  {r.label}: {made}")
    return EXIT_OK


def run_plan_action(args: argparse.Namespace) -> int:
    from desktop_app.services.casework import add_plan_action

    with Signed(args) as ctx:
        plan = _live(ctx, args.upn)
        add_plan_action(ctx.db, ctx.user, plan, args.action, args.owner, args.due)
    print(f"Action added, due {args.due}.")
    return EXIT_OK


def run_plan_done(args: argparse.Namespace) -> int:
    from desktop_app.services.casework import complete_plan_action

    with Signed(args) as ctx:
        complete_plan_action(ctx.db, ctx.user, args.action_id, args.on or _today())
    print("Action marked done.")
    return EXIT_OK


def run_plan_agree(args: argparse.Namespace) -> int:
    from desktop_app.services.casework import record_agreement

    with Signed(args) as ctx:
        plan = _live(ctx, args.upn)
        record_agreement(ctx.db, ctx.user, plan, args.party, args.name, args.on or _today())
    print(f"Agreement by the {args.party} recorded.")
    return EXIT_OK


def _live(ctx: Signed, upn: str) -> int:
    """The id of the learner's live plan; bad input (exit 2) when there is none."""
    from desktop_app.services.casework import live_plan
    from desktop_app.services.errors import Problem, ValidationFailed

    plan = live_plan(ctx.db, ctx.user, _learner(ctx, upn), _today())
    if plan is None:
        raise ValidationFailed([Problem("this learner has no live support plan", "upn")])
    return plan.id
