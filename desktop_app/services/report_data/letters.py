"""Letters to families at the attendance concern stages: one learner's, or every learner who
meets the stage's criterion over the term to date."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain import letters as rules
from desktop_app.domain.calendar import Term
from desktop_app.domain.permissions import Action
from desktop_app.domain.stats import Summary, format_percent, summarise_counts
from desktop_app.models import EmergencyContact, Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.errors import NotFound, Problem, ServiceError, ValidationFailed
from desktop_app.services.report_data.audit import record_print
from desktop_app.services.report_data.common import (
    ReportHeader,
    learners_on_roll,
    previous_term,
    report_header,
    term_for_letters,
)
from desktop_app.services.report_data.learner import parse_upn
from desktop_app.services.report_data.letter_templates import Template, template_in
from desktop_app.services.thresholds import bands_in


@dataclass(frozen=True, slots=True)
class Letter:
    upn: str
    learner: str
    addressee: str
    address: list[str]
    subject: str
    body: str
    signatory_name: str
    signatory_position: str
    summary: Summary
    meets_criterion: bool


@dataclass(frozen=True, slots=True)
class LetterBatch:
    header: ReportHeader
    stage: str
    label: str
    start: date
    end: date
    today: date
    letters: list[Letter]
    skipped: list[str]  # a sentence for each learner who meets the criterion but has no letter


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _period(session: Session, today: date) -> tuple[Term, date, Term | None]:
    calendar = load_calendar(session)
    term = term_for_letters(calendar, today)
    if term is None:
        raise ServiceError("there is no term on or before today: add the terms first")
    return term, min(term.end, today), previous_term(calendar, term)


def _summaries(session: Session, ids: list[int], start: date, end: date) -> dict[int, Summary]:
    query = (
        select(Mark.learner_id, Mark.code, func.count())
        .where(Mark.learner_id.in_(ids), Mark.date.between(start, end))
        .group_by(Mark.learner_id, Mark.code)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for learner_id, code, n in session.execute(query):
        counts[learner_id][code] = n
    return {i: summarise_counts(counts.get(i, {})) for i in ids}


def _addressees(session: Session, ids: list[int]) -> dict[int, EmergencyContact]:
    """Each learner's first contact (by priority) with parental responsibility."""
    query = (
        select(EmergencyContact)
        .where(EmergencyContact.learner_id.in_(ids), EmergencyContact.parental_responsibility)
        .order_by(EmergencyContact.learner_id, EmergencyContact.priority, EmergencyContact.id)
    )
    found: dict[int, EmergencyContact] = {}
    for contact in session.scalars(query):
        found.setdefault(contact.learner_id, contact)
    return found


def _no_letter(learner: Learner, contact: EmergencyContact | None) -> str | None:
    who = f"{learner.forename} {learner.surname} ({learner.upn})"
    if contact is None:
        return (
            f"{who} has no emergency contact with parental responsibility: add one in the "
            "learner panel before writing to the family"
        )
    if not contact.address.strip():
        return f"{who}: {contact.name} has no address recorded: add it in the learner panel"
    return None


@dataclass(frozen=True, slots=True)
class _Context:
    template: Template
    header: ReportHeader
    start: date
    end: date
    today: date
    meeting: str
    signatory: tuple[str, str]


def _fields(ln: Learner, contact: EmergencyContact, s: Summary, ctx: _Context) -> dict[str, str]:
    return {
        "learner_name": f"{ln.forename} {ln.surname}",
        "learner_forename": ln.forename,
        "parent_name": contact.name,
        "address": contact.address.strip(),
        "attendance": format_percent(s.attendance_percent),
        "sessions_missed": str(s.absent),
        "sessions_possible": str(s.possible),
        "period_start": long_date(ctx.start),
        "period_end": long_date(ctx.end),
        "today": long_date(ctx.today),
        "meeting": ctx.meeting.strip(),
        "provision_name": ctx.header.provision,
        "provision_phone": ctx.header.phone or "the number above",
        "signatory_name": ctx.signatory[0],
        "signatory_position": ctx.signatory[1],
    }


def _letter(
    ln: Learner, contact: EmergencyContact, s: Summary, meets: bool, ctx: _Context
) -> Letter:
    fields = _fields(ln, contact, s, ctx)
    return Letter(
        ln.upn,
        fields["learner_name"],
        contact.name,
        address_lines(contact.address),
        rules.render(ctx.template.subject, fields),
        rules.render(ctx.template.body, fields),
        ctx.signatory[0],
        ctx.signatory[1],
        s,
        meets,
    )


def address_lines(address: str) -> list[str]:
    """An address as envelope lines: its own lines, or its comma-separated parts if on one."""
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    return lines


def _check_meeting(template: Template, meeting: str) -> None:
    used = rules.fields_used(template.subject) + rules.fields_used(template.body)
    if "meeting" in used and not meeting.strip():
        raise ValidationFailed(
            [Problem("give the date, time and place of the meeting", field="meeting")]
        )


def _chosen(session: Session, upn: str | None, start: date, end: date) -> list[Learner]:
    roll = learners_on_roll(session, start, end)
    if upn is None:
        return roll
    wanted = parse_upn(upn)
    found = [ln for ln in roll if ln.upn == wanted]
    if not found:
        raise NotFound(f"no learner with UPN {wanted} on roll from {start} to {end}")
    return found


def letters(
    db: Database,
    user: StaffUser,
    stage: str,
    now: datetime,
    upn: str | None = None,
    meeting: str = "",
    all_or_none: bool = False,
) -> LetterBatch:
    """The stage's letter for one learner (upn), or for every learner who meets its criterion
    over the term to date. Learners with no addressee are listed in `skipped`, or with
    all_or_none refuse the whole batch (ValidationFailed, nothing recorded)."""
    require(user, Action.SEND_LETTERS)
    try:
        info = rules.stage(stage)
    except rules.LetterError as error:
        raise ValidationFailed([Problem(str(error), field="stage")]) from None
    today = now.date()
    with db.transaction(actor(user)) as session:
        template = template_in(session, stage)
        _check_meeting(template, meeting)
        term, end, before = _period(session, today)
        learners = _chosen(session, upn, term.start, end)
        ids = [ln.id for ln in learners]
        this = _summaries(session, ids, term.start, end)
        last = _summaries(session, ids, before.start, before.end) if before else {}
        bands = bands_in(session)
        meets = {i: rules.qualifies(stage, this[i], last.get(i), bands) for i in ids}
        chosen = learners if upn else [ln for ln in learners if meets[ln.id]]
        contacts = _addressees(session, [ln.id for ln in chosen])
        header = report_header(session, user, now)
        signatory = (
            template.signatory_name or user.full_name,
            template.signatory_position if template.signatory_name else user.position,
        )
        ctx = _Context(template, header, term.start, end, today, meeting, signatory)
        made, skipped = [], []
        for ln in chosen:
            problem = _no_letter(ln, contacts.get(ln.id))
            if problem is not None:
                skipped.append(problem)
                continue
            made.append(_letter(ln, contacts[ln.id], this[ln.id], meets[ln.id], ctx))
            record_print(session, "letter", ln.id, f"printed the {info.label.lower()} letter")
        if all_or_none and skipped:
            raise ValidationFailed(
                [Problem(text) for text in skipped]
                + [Problem("no letters were written; add the missing details, or skip them")]
            )
        return LetterBatch(header, stage, info.label, term.start, end, today, made, skipped)
