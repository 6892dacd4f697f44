"""Everything the learner panel shows, in one read, with what this user may see of it.

Safeguarding detail is need-to-know: RAG reasons, professionals and the contact log need
LOG_CONTACTS (attendance officer and up); the RAG criteria need SAFEGUARDING (DSL, director).
Opening the panel is recorded in the audit log."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.calendar import (
    SchoolCalendar,
    Term,
    academic_year_start,
    age_on,
    week_start,
)
from desktop_app.domain.codes import CODES, Group
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.domain.followup import FollowUp
from desktop_app.domain.permissions import Action, allowed
from desktop_app.domain.phones import display
from desktop_app.domain.rag import RagResult
from desktop_app.domain.stats import Bands, Summary, summarise_counts
from desktop_app.models import (
    ContactLogEntry,
    EmergencyContact,
    Learner,
    Mark,
    MissingPlace,
    Professional,
    RagFactor,
)
from desktop_app.models.auditing import audit_entry
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.calendar import load_calendar
from desktop_app.services.contact_log import LoggedContact, to_logged
from desktop_app.services.contacts import MIN_CONTACTS, PROFESSIONAL_KINDS
from desktop_app.services.errors import NotFound
from desktop_app.services.followups import contacts_since, follow_up_for
from desktop_app.services.learner_list import current_term
from desktop_app.services.learner_records import CommissionerInfo
from desktop_app.services.rag import ratings
from desktop_app.services.thresholds import bands_in

GROUP_LABELS: dict[Group, str] = {
    Group.PRESENT: "Present",
    Group.APPROVED_ACTIVITY: "Approved activity",
    Group.LEAVE_OF_ABSENCE: "Leave of absence",
    Group.OTHER_AUTHORISED: "Other authorised",
    Group.UNAVOIDABLE_CAUSE: "Unavoidable cause",
    Group.UNAUTHORISED: "Unauthorised",
    Group.NOT_COUNTED: "Not counted",
    Group.ADMINISTRATIVE: "Administrative",
}


@dataclass(frozen=True, slots=True)
class Header:
    id: int
    upn: str
    forename: str
    surname: str
    date_of_birth: date
    age: int
    group: str
    commissioner: CommissionerInfo | None
    has_photo: bool
    marked_vulnerable: bool
    description: str
    start_date: date
    leaving_date: date | None


@dataclass(frozen=True, slots=True)
class RagView:
    result: RagResult
    needs_assessment: bool
    assessment_overdue: bool
    reasons_visible: bool
    #: criterion key -> (since, note); empty unless the user has SAFEGUARDING.
    factors: dict[str, tuple[date, str]]


@dataclass(frozen=True, slots=True)
class StripDay:
    day: date
    am: str | None
    pm: str | None


@dataclass(frozen=True, slots=True)
class Attendance:
    term_name: str
    term: Summary
    year: Summary
    term_band: str
    year_band: str
    by_group: list[tuple[str, int]]
    strip: list[StripDay]


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    priority: int
    name: str
    relationship: str
    parental_responsibility: bool
    phones: list[tuple[str, str]]  # (label, number as shown and copied)
    email: str
    address: str
    may_collect: bool
    notes: str
    version: int = 0  # row_version: an edit passes it back (services/versions.py)


@dataclass(frozen=True, slots=True)
class ProfessionalView:
    id: int
    kind: str
    kind_label: str
    name: str
    organisation: str
    phone: str
    email: str
    notes: str
    version: int = 0


@dataclass(frozen=True, slots=True)
class PlaceView:
    id: int
    kind: str
    name: str
    detail: str
    version: int = 0


@dataclass(frozen=True, slots=True)
class LearnerPanel:
    header: Header
    rag: RagView
    attendance: Attendance
    contacts: list[ContactView]
    contacts_warning: str | None
    professionals: list[ProfessionalView] | None  # None: not for this user
    places: list[PlaceView]
    follow_up: FollowUp | None
    log: list[LoggedContact] | None  # None: not for this user


def _contact(row: EmergencyContact) -> ContactView:
    phones = [
        (label, display(number))
        for label, number in (
            ("Mobile", row.mobile),
            ("Home", row.landline),
            ("Work", row.work_phone),
        )
        if number
    ]
    return ContactView(
        row.id,
        row.priority,
        row.name,
        row.relationship_to_learner,
        row.parental_responsibility,
        phones,
        row.email,
        row.address,
        row.may_collect,
        row.notes,
        row.row_version,
    )


def _header(learner: Learner, has_photo: bool, today: date) -> Header:
    commissioner = learner.commissioner
    return Header(
        learner.id,
        learner.upn,
        learner.forename,
        learner.surname,
        learner.date_of_birth,
        age_on(learner.date_of_birth, today),
        learner.group.name if learner.group else "",
        CommissionerInfo(
            commissioner.id,
            commissioner.name,
            commissioner.contact_name or "",
            commissioner.email or "",
            display(commissioner.phone or ""),
        )
        if commissioner
        else None,
        has_photo,
        learner.marked_vulnerable,
        learner.description,
        learner.start_date,
        learner.leaving_date,
    )


def learner_panel(
    db: Database,
    user: StaffUser,
    learner_id: int,
    today: date | None = None,
    audit: bool = True,
) -> LearnerPanel:
    """The panel for one learner as at today.

    Opening it is audited; `audit=False` is for redisplaying a panel already open after a change
    made in it (the change itself is audited)."""
    require(user, Action.VIEW_LEARNERS)
    today = today or date.today()
    may_log = allowed(user.role, Action.LOG_CONTACTS)
    with db.transaction(actor(user)) as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFound("that learner is no longer on the register")
        has_photo = session.scalar(
            select(Learner.photo.is_not(None)).where(Learner.id == learner_id)
        )
        calendar = load_calendar(session)
        year_start = academic_year_start(today)
        marks = {
            (m.date, m.session): m.code
            for m in session.scalars(
                select(Mark).where(
                    Mark.learner_id == learner_id,
                    Mark.date >= min(year_start, today - timedelta(days=120)),
                    Mark.date <= today,
                )
            )
        }
        rated = ratings(session, today, [learner_id])[learner_id]
        logged = contacts_since(session, today - timedelta(days=120), [learner_id])
        follow = follow_up_for(
            calendar,
            learner.start_date,
            today,
            _by_session(marks),
            rated.rating,
            logged.get(learner_id, []),
        )
        term = current_term(calendar, today)
        attendance = _attendance(marks, calendar, term, year_start, today, bands_in(session))
        contacts = [
            _contact(c)
            for c in session.scalars(
                select(EmergencyContact)
                .where(EmergencyContact.learner_id == learner_id)
                .order_by(EmergencyContact.priority)
            )
        ]
        places = [
            PlaceView(p.id, p.kind, p.name, p.detail, p.row_version)
            for p in session.scalars(
                select(MissingPlace).where(MissingPlace.learner_id == learner_id)
            )
        ]
        professionals = _professionals(session, learner_id) if may_log else None
        log = _log(session, learner_id) if may_log else None
        factors = _factors(session, learner_id) if allowed(user.role, Action.SAFEGUARDING) else {}
        if audit:
            audit_entry(
                session, "view", "learners", learner_id, learner_id, "opened the learner panel"
            )
        return LearnerPanel(
            _header(learner, bool(has_photo), today),
            RagView(
                rated.result if may_log else _without_reasons(rated.result),
                rated.needs_assessment,
                rated.assessment_overdue,
                may_log,
                factors,
            ),
            attendance,
            contacts,
            _contacts_warning(len(contacts)),
            professionals,
            places,
            follow,
            log,
        )


def _by_session(marks: dict[tuple[date, str], str]) -> dict[tuple[date, RegisterSession], str]:
    return {(day, RegisterSession(name)): code for (day, name), code in marks.items()}


def _without_reasons(result: RagResult) -> RagResult:
    override = result.override
    if override is not None:
        override = type(override)(override.rating, "", override.by, override.at)
    return RagResult(result.computed, (), override)


def _contacts_warning(count: int) -> str | None:
    if count >= MIN_CONTACTS:
        return None
    have = "No emergency contacts" if count == 0 else "Only one emergency contact"
    return f"{have}: at least {MIN_CONTACTS} are needed, ideally three different safe adults"


def _attendance(
    marks: dict[tuple[date, str], str],
    calendar: SchoolCalendar,
    term: Term | None,
    year_start: date,
    today: date,
    bands: Bands,
) -> Attendance:
    year_codes = Counter(c for (d, _s), c in marks.items() if d >= year_start)
    term_codes = (
        Counter(c for (d, _s), c in marks.items() if term.start <= d <= term.end)
        if term
        else Counter[str]()
    )
    term_summary, year_summary = summarise_counts(term_codes), summarise_counts(year_codes)
    by_group = Counter[str]()
    for code, n in term_codes.items():
        by_group[GROUP_LABELS[CODES[code].group]] += n
    first = week_start(today) - timedelta(weeks=3)
    strip = [
        StripDay(d, marks.get((d, "AM")), marks.get((d, "PM")))
        for d in calendar.school_days(first, today)
    ]
    return Attendance(
        term.name if term else "",
        term_summary,
        year_summary,
        bands.band(term_summary),
        bands.band(year_summary),
        [(label, by_group[label]) for label in GROUP_LABELS.values() if by_group[label]],
        strip,
    )


def _professionals(session: Session, learner_id: int) -> list[ProfessionalView]:
    return [
        ProfessionalView(
            p.id,
            p.kind,
            PROFESSIONAL_KINDS.get(p.kind, p.kind),
            p.name,
            p.organisation,
            display(p.phone),
            p.email,
            p.notes,
            p.row_version,
        )
        for p in session.scalars(select(Professional).where(Professional.learner_id == learner_id))
    ]


def _log(session: Session, learner_id: int) -> list[LoggedContact]:
    rows = session.scalars(
        select(ContactLogEntry)
        .where(ContactLogEntry.learner_id == learner_id)
        .order_by(ContactLogEntry.at.desc(), ContactLogEntry.id.desc())
    )
    return [to_logged(r) for r in rows]


def _factors(session: Session, learner_id: int) -> dict[str, tuple[date, str]]:
    return {
        f.factor: (f.since, f.note)
        for f in session.scalars(select(RagFactor).where(RagFactor.learner_id == learner_id))
    }
