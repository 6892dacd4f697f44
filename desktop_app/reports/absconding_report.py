"""The absconding incident report: the start, the full timeline (each entry with its time, who
recorded it, and when if later), the steps not recorded, and the closing."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from desktop_app.domain import absconding as rules
from desktop_app.reports.absconding_common import (
    HEADING,
    MARGIN,
    PAGE,
    SMALL,
    TITLE,
    Target,
    decorate,
    destination,
    facts_table,
    grid_table,
    hm,
    para,
    when,
)
from desktop_app.services.absconding_data import Entry, IncidentDetail

WIDTH = PAGE[0] - 2 * MARGIN
LABELS = (42 * mm, WIDTH - 42 * mm)


def _start(detail: IncidentDetail) -> list[tuple[str, str]]:
    learner, summary = detail.learner, detail.summary
    return [
        ("Learner", f"{learner.name} (UPN {learner.upn})"),
        ("Date of birth", f"{learner.date_of_birth:%d/%m/%Y} (aged {learner.age} that day)"),
        ("Group, commissioner", ", ".join(p for p in (learner.group, learner.commissioner) if p)),
        ("Last seen", when(summary.last_seen_at)),
        (
            "Where, by whom",
            f"{rules.shown(detail.last_seen_where)}; seen by {rules.shown(detail.seen_by)}",
        ),
        ("Direction of travel", detail.direction),
        ("Description", detail.description),
        ("Clothing", detail.clothing),
        ("Police", detail.police_reason),
        ("Thresholds", f"{summary.first_minutes} and {summary.second_minutes} minutes"),
        ("Started", f"{when(summary.started_at)} by {detail.started_by}"),
    ]


def _closing(detail: IncidentDetail) -> list[tuple[str, str]]:
    summary = detail.summary
    if summary.is_open:
        return [("Status", "Open: not yet closed")]
    back = (
        "Handed to the police as a missing person"
        if detail.handed_to_police
        else f"Returned {when(detail.returned_at)}"
    )
    missing = summary.found_at or detail.returned_at
    if detail.opened_in_error:
        return [
            ("Closed", f"{when(summary.closed_at)} by {detail.closed_by}"),
            ("Opened in error", detail.error_reason),
        ]
    rows = [
        ("Closed", f"{when(summary.closed_at)} by {detail.closed_by}"),
        ("Return", back),
        ("Outcome", detail.outcome),
    ]
    if missing is not None:
        span = rules.format_duration(rules.elapsed(summary.last_seen_at, missing))
        rows.insert(1, ("Missing for", span))
    if detail.skipped_steps:
        names = "; ".join(rules.STEPS[kind] for kind in detail.skipped_steps)
        rows.append(("Steps not done", f"{names}. Why: {detail.skipped_reason}"))
    return rows


def _stamp(moment: datetime) -> str:
    """'08/09/2025 10:02' in local time."""
    return f"{moment.astimezone():%d/%m/%Y %H:%M}"


def _recorded(entry: Entry) -> str:
    """Who recorded it, and when if that was a minute or more after it happened."""
    if not entry.recorded_later:
        return entry.staff
    same_day = entry.recorded_at.astimezone().date() == entry.at.astimezone().date()
    later = hm(entry.recorded_at) if same_day else _stamp(entry.recorded_at)
    return f"{entry.staff} (recorded {later})"


def _timeline(detail: IncidentDetail) -> list[list[str]]:
    """Every line in the order things happened (a time moved back sorts where it belongs)."""
    summary = detail.summary
    lines: list[tuple[datetime, int, list[str]]] = [
        (
            summary.last_seen_at,
            0,
            ["Last seen", rules.shown(detail.last_seen_where), rules.shown(detail.seen_by)],
        ),
        (summary.started_at, 1, ["Incident started", "", detail.started_by]),
    ]
    lines += [(e.at, 2, [e.label, e.summary(), _recorded(e)]) for e in detail.entries]
    if summary.closed_at is not None:
        lines.append((summary.closed_at, 3, ["Incident closed", detail.outcome, detail.closed_by]))
    return [[_stamp(at), *cells] for at, _order, cells in sorted(lines, key=lambda x: x[:2])]


def _missing_steps(detail: IncidentDetail) -> str:
    left = [label for kind, label in rules.STEPS.items() if kind not in detail.done]
    return "All steps recorded." if not left else "Not recorded: " + "; ".join(left) + "."


def _in_error(detail: IncidentDetail) -> list[object]:
    if not detail.opened_in_error:
        return []
    return [para(f"OPENED IN ERROR: {detail.error_reason}. Not counted in any figure.", HEADING)]


def story(detail: IncidentDetail) -> list[object]:
    widths = [36 * mm, 36 * mm, WIDTH - 36 * mm - 36 * mm - 44 * mm, 44 * mm]
    due = detail.return_interview_due
    story: list[object] = [
        Paragraph("Absconding incident report", TITLE),
        para(f"{detail.provision} · incident {detail.id}", SMALL),
        *_in_error(detail),
        Spacer(1, 4 * mm),
        facts_table(_start(detail), LABELS),
        para("Timeline", HEADING),
        grid_table(["Time", "Step", "Details", "Recorded by"], _timeline(detail), widths),
        para("Protocol", HEADING),
        para(_missing_steps(detail)),
    ]
    if due is not None and not detail.opened_in_error:
        story.append(
            para(f"The local authority offers a return interview within 72 hours: by {when(due)}.")
        )
    story += [para("Closing", HEADING), facts_table(_closing(detail), LABELS)]
    return story


def write_incident_report(
    detail: IncidentDetail, target: Target, printed_at: datetime, printed_by: str
) -> None:
    """The report on A4, as many pages as the timeline needs."""
    footer = (
        f"{detail.learner.name} · incident {detail.id} · printed {when(printed_at)} by {printed_by}"
    )
    doc = SimpleDocTemplate(
        destination(target),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"Absconding incident report: {detail.learner.name}",
        author=detail.provision,
    )
    draw = decorate(footer)
    doc.build(story(detail), onFirstPage=draw, onLaterPages=draw)
