"""`absconding show|sheet|report`: one incident in full, and its two papers, as the timer window
shows and saves them: loaded by the same service call (`incident_detail`, with its role checks),
written by the same writers, and noted in the audit log in the same words."""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli import absconding_cmds
from desktop_app.cli.context import EXIT_OK, Signed
from desktop_app.domain import absconding as rules

if TYPE_CHECKING:
    from desktop_app.services.absconding_data import Entry, IncidentDetail

#: What `absconding sheet|report` write, as the window's buttons say it.
PAPER_HELP = {
    "sheet": "the one-page missing-learner sheet for the police (PDF)",
    "report": "the incident report: start, timeline, closing (PDF)",
}


def register(actions: Any, signed: argparse.ArgumentParser) -> None:
    """Add `show`, `sheet` and `report` to `absconding`'s actions."""
    show = actions.add_parser(
        "show",
        parents=[signed],
        help="one incident in full: learner, last seen, time missing, every timeline entry",
        description="Open incidents: anyone who may start one. Closed ones: the DSL and "
        "directors. Opening one is noted in the audit log, as in the window.",
    )
    show.add_argument("id", type=int, help="the incident's id (`absconding list`)")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=run_show)
    for kind, text in PAPER_HELP.items():
        paper = actions.add_parser(
            kind,
            parents=[signed],
            help=text,
            description="Written as the window saves it (OFFICIAL-SENSITIVE, printed now by "
            "you), whole or not at all, as the other reports: a missing folder is made, a file "
            "of that name replaced. The audit log notes that it was printed.",
        )
        paper.add_argument("id", type=int, help="the incident's id (`absconding list`)")
        paper.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
        paper.set_defaults(handler=run_paper, paper=kind)


def _stamp(moment: datetime | None) -> str:
    """'06/10/2025 10:18' in local time (an incident can run past midnight)."""
    return "" if moment is None else f"{moment.astimezone():%d/%m/%Y %H:%M}"


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def status_of(detail: IncidentDetail) -> str:
    """'missing', 'found', 'closed' (returned or handed to the police), 'opened in error'."""
    summary = detail.summary
    if detail.opened_in_error:
        return "opened in error"
    if not summary.is_open:
        return "closed"
    return "found" if summary.found_at else "missing"


def prompt_of(detail: IncidentDetail, clock: datetime) -> rules.Prompt:
    """What to do now, as the window's prompt; once closed, how it was closed instead."""
    if detail.summary.is_open:
        return detail.summary.prompt(clock)
    return rules.Prompt(rules.Tone.INFO, detail.closing_said(_stamp))


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "step": entry.label,
        "at": _moment(entry.at),
        "detail": entry.summary(),
        "recorded_by": entry.staff,
        "recorded_at": _moment(entry.recorded_at),
    }


def detail_json(detail: IncidentDetail, now: datetime) -> dict[str, Any]:
    """`absconding list --json`'s fields for the incident, then everything else the window
    shows (no photo), the timeline oldest first."""
    summary, learner, clock = detail.summary, detail.learner, detail.clock(now)
    prompt = prompt_of(detail, clock)
    return {
        **absconding_cmds.incident_json(summary, clock),
        "prompt": prompt.text,
        "tone": prompt.tone.value,
        "missing_minutes": int(summary.elapsed(clock).total_seconds()) // 60,
        "upn": learner.upn,
        "status": status_of(detail),
        "last_seen_where": detail.last_seen_where,
        "seen_by": detail.seen_by,
        "direction": detail.direction,
        "description": detail.description,
        "clothing": detail.clothing,
        "police_reason": detail.police_reason,
        "started_at": _moment(summary.started_at),
        "started_by": detail.started_by,
        "closed_at": _moment(summary.closed_at),
        "closed_by": detail.closed_by,
        "returned_at": _moment(detail.returned_at),
        "handed_to_police": detail.handed_to_police,
        "outcome": detail.outcome,
        "error_reason": detail.error_reason,
        "skipped_steps": list(detail.skipped_steps),
        "skipped_reason": detail.skipped_reason,
        "entries": [entry_json(e) for e in detail.entries],
    }


def entry_line(entry: Entry) -> str:
    """'06/10/2025 10:25  Police told: 101, ref CAD 4411 (recorded by Dana Director,
    06/10/2025 10:30)'."""
    said = entry.summary()
    return (
        f"{_stamp(entry.at)}  {entry.label}" + (f": {said}" if said else "")
        + f" (recorded by {entry.staff}, {_stamp(entry.recorded_at)})"
    )  # fmt: skip


def _closed(detail: IncidentDetail) -> str:
    """'Closed 06/10/2025 12:30. Returned 06/10/2025 12:00.', or '' while open."""
    if detail.summary.closed_at is None:
        return ""
    back = f" Returned {_stamp(detail.returned_at)}." if detail.returned_at else ""
    return f"Closed {_stamp(detail.summary.closed_at)}.{back}"


def detail_lines(detail: IncidentDetail, now: datetime) -> list[str]:
    """The incident as text: who, last seen, the time missing, what to do, then the timeline."""
    summary, learner, clock = detail.summary, detail.learner, detail.clock(now)
    where, by = rules.shown(detail.last_seen_where), rules.shown(detail.seen_by)
    direction = f"Direction: {detail.direction}." if detail.direction else ""
    stopped = "" if summary.is_open and not summary.found_at else " (clock stopped)"
    lines = [
        f"Incident {summary.id}: {learner.name} (UPN {learner.upn}): {status_of(detail)}",
        f"Last seen {_stamp(summary.last_seen_at)}. Where: {where}. Seen by: {by}. {direction}",
        f"Missing for {summary.elapsed_text(clock)}{stopped}.",
        f"Started {_stamp(summary.started_at)} by {detail.started_by}.",
        _closed(detail),
        f"Description: {detail.description}" if detail.description else "",
        f"Clothing: {detail.clothing}" if detail.clothing else "",
        detail.police_reason,
        prompt_of(detail, clock).text,
        f"Timeline, oldest first ({len(detail.entries)}):",
    ]
    lines = [line.strip() for line in lines if line.strip()]
    return lines + [f"  {entry_line(e)}" for e in detail.entries]


def run_show(args: argparse.Namespace) -> int:
    from desktop_app.reports.absconding_papers import VIEWED
    from desktop_app.services.absconding_queries import incident_detail
    from desktop_app.services.audit import record_view
    from desktop_app.services.errors import ServiceError

    now = absconding_cmds._now()
    with Signed(args) as ctx:
        detail = incident_detail(ctx.db, ctx.user, args.id)
        try:  # as the window: the view is shown even if the audit line failed
            record_view(ctx.db, ctx.user, detail.learner.id, VIEWED)
        except ServiceError as error:
            print(f"warning: the audit log could not note this view: {error}", file=sys.stderr)
    if args.json:
        print(json.dumps(detail_json(detail, now), indent=2))
    else:
        print("\n".join(detail_lines(detail, now)))
    return EXIT_OK


def saved(out: Path, save: Callable[[Path], None]) -> None:
    """Save the paper to `out` (written whole, reports/whole.py); a failure names `out`, and a
    file where its folder should be says so."""
    try:
        save(out)
    except FileExistsError:  # mkdir found a file where the folder should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out)) from None
    except OSError as error:
        raise type(error)(error.errno, error.strerror, str(out)) from None


def run_paper(args: argparse.Namespace) -> int:
    """Write the sheet or the report, then note it in the audit log as the window does; a PDF
    the audit log could not note is not kept."""
    from desktop_app.reports.absconding_papers import PAPERS
    from desktop_app.services.absconding_queries import incident_detail
    from desktop_app.services.audit import record_view
    from desktop_app.services.report_jobs import need_suffix

    need_suffix(args.out, ".pdf")
    chosen, now = PAPERS[args.paper], absconding_cmds._now()
    with Signed(args) as ctx:
        detail = incident_detail(ctx.db, ctx.user, args.id)
        by = ctx.user.full_name
        saved(args.out, lambda path: chosen.save(detail, path, now, by))
        try:
            record_view(ctx.db, ctx.user, detail.learner.id, chosen.audited_as)
        except BaseException:
            args.out.unlink(missing_ok=True)
            raise
    print(f"Wrote {args.out}")
    return EXIT_OK
