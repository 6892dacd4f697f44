"""The one-page "missing learner" sheet to hand to the police: who, what they look like, when and
where last seen, where they live, whether they are looked after (and by whom), their social
worker, medical needs and medication, who to ring, what the risks are and where they may go."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop_app import palette
from desktop_app.domain import absconding as rules
from desktop_app.reports.absconding_common import (
    BODY,
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
    para,
    photo,
    style,
    when,
)
from desktop_app.services.absconding_data import IncidentDetail, LearnerBrief

WIDTH = PAGE[0] - 2 * MARGIN
HEIGHT = PAGE[1] - 2 * MARGIN - 10 * mm
PHOTO = (45 * mm, 56 * mm)
NAME = style("name", 16, bold=True)
RED_TEXT = palette.ALARM


def _facts(detail: IncidentDetail, printed_at: datetime) -> Table:
    learner, summary = detail.learner, detail.summary
    elapsed = summary.elapsed_text(printed_at)
    state = "found " + when(summary.found_at) if summary.found_at else f"missing for {elapsed}"
    rows = [
        ("Age", f"{learner.age} (born {learner.date_of_birth:%d/%m/%Y})"),
        ("Last seen", when(summary.last_seen_at)),
        ("Where", rules.shown(detail.last_seen_where)),
        ("Seen by", rules.shown(detail.seen_by)),
        ("Direction", detail.direction or "Not known."),
        ("Now", f"{state} (at {when(printed_at)})"),
        ("Police ref", _police_reference(detail)),
        ("UPN", learner.upn),
    ]
    return facts_table(rows, (24 * mm, WIDTH - PHOTO[0] - 30 * mm))


def _police_reference(detail: IncidentDetail) -> str:
    """'101, ref 1234 (PC Patel)' for each call on record, or not yet called."""
    calls = [
        ", ".join(
            p for p in (e.channel, f"ref {e.reference}" if e.reference else "", e.officer) if p
        )
        for e in detail.entries_of("police_told")
    ]
    return "; ".join(c for c in calls if c) or "Not yet told."


def _for_the_police(learner: LearnerBrief) -> list[object]:
    """Home, care, social worker, health: what the police ask for first."""
    rows = [
        ("Home address", learner.home_address or "Not recorded."),
        ("Looked after", learner.care_status),
        ("Social worker", "\n".join(learner.social_workers) or "None recorded."),
        ("Medical needs", learner.medical_needs or "None recorded."),
        ("Medication", learner.medication or "None recorded."),
    ]
    return [facts_table(rows, (32 * mm, WIDTH - 32 * mm))]


def _top(detail: IncidentDetail, printed_at: datetime) -> Table:
    learner = detail.learner
    right = [
        Paragraph(learner.name, NAME),
        Spacer(1, 2 * mm),
        _facts(detail, printed_at),
    ]
    table = Table([[photo(learner.photo, *PHOTO), right]], colWidths=[PHOTO[0] + 4 * mm, None])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    return table


def _contacts(learner: LearnerBrief) -> list[object]:
    if not learner.contacts:
        return [para("No emergency contacts on record.")]
    rows = [
        [
            c.name + (" (may not collect)" if not c.may_collect else ""),
            c.relationship + (f"\n{c.notes}" if c.notes else ""),
            "\n".join(f"{p.label}: {p.number}" for p in c.phones) or "no number",
        ]
        for c in learner.contacts
    ]
    widths = [WIDTH * 0.36, WIDTH * 0.24, WIDTH * 0.40]
    return [grid_table(["Name", "Relationship", "Telephone"], rows, widths)]


def _risks_and_places(learner: LearnerBrief) -> list[object]:
    risks = [
        f"{r.risk} ({r.band}, {r.score})" for r in sorted(learner.risks, key=lambda r: -r.score)
    ]
    places = [
        p.name + (" (person)" if p.kind == "person" else "") + (f": {p.detail}" if p.detail else "")
        for p in learner.places
    ]
    return [
        para("Known risks", HEADING),
        para("\n".join(f"• {r}" for r in risks) or "None recorded."),
        para(learner.assessment_note, SMALL),
        para("Places or people they may go to", HEADING),
        para("\n".join(f"• {p}" for p in places) or "None recorded."),
    ]


def story(detail: IncidentDetail, printed_at: datetime) -> list[object]:
    """The sheet's content, in order."""
    title = Paragraph(f"<font color='{RED_TEXT}'>MISSING LEARNER</font>", TITLE)
    return [
        title,
        para(detail.provision, SMALL),
        Spacer(1, 4 * mm),
        _top(detail, printed_at),
        para("Home, care and health", HEADING),
        *_for_the_police(detail.learner),
        para("Description", HEADING),
        para(detail.description or detail.learner.description or "Not given."),
        para("Clothing", HEADING),
        para(detail.clothing or "Not given."),
        para("Emergency contacts (ring in this order)", HEADING),
        *_contacts(detail.learner),
        *_risks_and_places(detail.learner),
        Spacer(1, 3 * mm),
        para(detail.police_reason, BODY),
    ]


def write_missing_sheet(
    detail: IncidentDetail, target: Target, printed_at: datetime, printed_by: str
) -> None:
    """One A4 page (shrunk to fit if the learner has many contacts or risks)."""
    footer = (
        f"{detail.provision} · printed {when(printed_at)} by {printed_by} · incident {detail.id}"
    )
    doc = SimpleDocTemplate(
        destination(target),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Missing learner: {detail.learner.name}",
        author=detail.provision,
    )
    frame = KeepInFrame(WIDTH, HEIGHT, story(detail, printed_at), mode="shrink")
    draw = decorate(footer)
    doc.build([frame], onFirstPage=draw, onLaterPages=draw)
