"""Reading absconding incidents: the open ones, one in full, the history, and a learner's brief.

Anything about an open incident is for every member of staff who may start one (they are the
people looking for the learner); a closed incident is safeguarding history, for the DSL and the
directors only.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload, undefer

from desktop_app.domain import absconding as rules
from desktop_app.domain import rag as rag_rules
from desktop_app.domain import risk as risk_rules
from desktop_app.domain.calendar import age_on
from desktop_app.domain.permissions import Action
from desktop_app.domain.phones import display
from desktop_app.domain.watches import Alert
from desktop_app.models import (
    EmergencyContact,
    Incident,
    IncidentEntry,
    Learner,
    MissingPlace,
    Professional,
    ProvisionSettings,
    RiskAssessment,
)
from desktop_app.models.auditing import audit_entry
from desktop_app.models.engine import Database
from desktop_app.services.absconding_data import (
    Contact,
    Entry,
    IncidentDetail,
    IncidentSummary,
    KnownRisk,
    LearnerBrief,
    LearnerChoice,
    Phone,
    Place,
    Thresholds,
)
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound
from desktop_app.services.rag import ratings
from desktop_app.services.settings_version import settings_version
from desktop_app.services.tx import in_transaction


@in_transaction
def thresholds_in(session: Session) -> Thresholds:
    row = session.get(ProvisionSettings, 1)
    if row is None:
        return Thresholds(rules.DEFAULT_FIRST_MINUTES, rules.DEFAULT_SECOND_MINUTES)
    return Thresholds(row.absconding_first_minutes, row.absconding_second_minutes)


def absconding_thresholds(db: Database, user: StaffUser) -> Thresholds:
    """The two thresholds new incidents use (an open incident keeps those it started with)."""
    require(user, Action.START_INCIDENT)
    with db.reading() as session:
        return thresholds_in(session)


def absconding_thresholds_to_edit(db: Database, user: StaffUser) -> tuple[Thresholds, int]:
    """The two thresholds and the settings' version Settings › Absconding passes back."""
    require(user, Action.MANAGE_SETTINGS)
    with db.reading() as session:
        return thresholds_in(session), settings_version(session)


def learner_choices(db: Database, user: StaffUser, today: date) -> list[LearnerChoice]:
    """Learners on roll today, by surname, for the searchable picker."""
    require(user, Action.START_INCIDENT)
    query = (
        select(Learner)
        .options(selectinload(Learner.group))
        .where(or_(Learner.leaving_date.is_(None), Learner.leaving_date >= today))
        .order_by(Learner.surname, Learner.forename)
    )
    with db.reading() as session:
        return [
            LearnerChoice(
                row.id,
                f"{row.forename} {row.surname}",
                row.upn,
                row.group.name if row.group else "",
            )
            for row in session.scalars(query)
        ]


def _risks(session: Session, learner_id: int) -> tuple[tuple[KnownRisk, ...], str]:
    signed = session.scalar(
        select(RiskAssessment)
        .where(RiskAssessment.learner_id == learner_id, RiskAssessment.dsl_signed_on.is_not(None))
        .order_by(RiskAssessment.version.desc())
        .limit(1)
    )
    if signed is None:
        return (), "No signed risk assessment on record."
    risks = []
    for row in signed.risks:
        value = risk_rules.score(row.likelihood, row.frequency)
        risks.append(KnownRisk(row.risk, value, risk_rules.band(value).label))
    assert signed.dsl_signed_on is not None
    return tuple(risks), f"From the risk assessment signed {signed.dsl_signed_on:%d/%m/%Y}."


def _contacts(session: Session, learner_id: int) -> tuple[Contact, ...]:
    rows = session.scalars(
        select(EmergencyContact)
        .where(EmergencyContact.learner_id == learner_id)
        .order_by(EmergencyContact.priority, EmergencyContact.id)
    )
    return tuple(
        Contact(
            row.name,
            row.relationship_to_learner,
            tuple(
                Phone(label, display(number))
                for label, number in (
                    ("Mobile", row.mobile),
                    ("Landline", row.landline),
                    ("Work", row.work_phone),
                )
                if number
            ),
            row.parental_responsibility,
            row.may_collect,
            row.notes,
        )
        for row in rows
    )


def _places(session: Session, learner_id: int) -> tuple[Place, ...]:
    rows = session.scalars(
        select(MissingPlace)
        .where(MissingPlace.learner_id == learner_id)
        .order_by(MissingPlace.kind.desc(), MissingPlace.id)
    )
    return tuple(Place(row.kind, row.name, row.detail) for row in rows)


def _social_workers(session: Session, learner_id: int) -> tuple[str, ...]:
    """'Sam Patel, Northshire Children's Services, 01632 960000' for each social worker."""
    rows = session.scalars(
        select(Professional)
        .where(Professional.learner_id == learner_id, Professional.kind == "social_worker")
        .order_by(Professional.id)
    )
    return tuple(
        ", ".join(part for part in (row.name, row.organisation, display(row.phone)) if part)
        for row in rows
    )


@in_transaction
def brief_in(session: Session, learner_id: int, day: date) -> LearnerBrief:
    """The learner's brief as on `day` (their age and RAG rating that day)."""
    learner = session.scalar(
        select(Learner).options(undefer(Learner.photo)).where(Learner.id == learner_id)
    )
    if learner is None:
        raise NotFound("that learner is no longer on the register")
    rag = ratings(session, day, [learner_id])[learner_id]
    rating = rag.rating.label
    age = age_on(learner.date_of_birth, day)
    vulnerable = rag_rules.is_vulnerable(rag.rating, learner.marked_vulnerable)
    risks, note = _risks(session, learner_id)
    return LearnerBrief(
        id=learner.id,
        upn=learner.upn,
        forename=learner.forename,
        surname=learner.surname,
        date_of_birth=learner.date_of_birth,
        age=age,
        group=learner.group.name if learner.group else "",
        commissioner=learner.commissioner.name if learner.commissioner else "",
        rating=rating,
        rating_reasons=rag.result.reasons,
        marked_vulnerable=learner.marked_vulnerable,
        police_required=rules.police_required(age, vulnerable),
        police_reason=rules.police_reason(age, rating, learner.marked_vulnerable),
        description=learner.description,
        photo=learner.photo,
        risks=risks,
        assessment_note=note,
        contacts=_contacts(session, learner_id),
        places=_places(session, learner_id),
        home_address=learner.home_address,
        looked_after=learner.looked_after,
        placing_authority=learner.placing_authority,
        social_workers=_social_workers(session, learner_id),
        medical_needs=learner.medical_needs,
        medication=learner.medication,
    )


def learner_brief(db: Database, user: StaffUser, learner_id: int, now: datetime) -> LearnerBrief:
    """Photo, age, RAG, risks, contacts and places for the start form; the view is audited."""
    require(user, Action.START_INCIDENT)
    with db.transaction(actor(user)) as session:
        brief = brief_in(session, learner_id, now.astimezone().date())
        audit_entry(session, "view", "missing learner details", None, learner_id, "opened")
        return brief


def summary_of(incident: Incident) -> IncidentSummary:
    def first(kind: str) -> datetime | None:
        times = [e.at for e in incident.entries if e.kind == kind]
        return min(times) if times else None

    learner = incident.learner
    return IncidentSummary(
        id=incident.id,
        learner_id=incident.learner_id,
        learner_name=f"{learner.forename} {learner.surname}",
        last_seen_at=incident.last_seen_at,
        started_at=incident.started_at,
        police_required=incident.police_required,
        first_minutes=incident.first_minutes,
        second_minutes=incident.second_minutes,
        found_at=first("found"),
        police_told_at=first("police_told"),
        closed_at=incident.closed_at,
        opened_in_error=incident.opened_in_error,
    )


def entry_of(row: IncidentEntry) -> Entry:
    return Entry(
        id=row.id,
        kind=row.kind,
        at=row.at,
        recorded_at=row.recorded_at,
        staff=row.staff.full_name,
        detail=row.detail,
        level=row.level,
        channel=row.channel,
        reference=row.reference,
        officer=row.officer,
        place=row.place,
        person=row.person,
        condition=row.condition,
        field=row.field,
        old_value=row.old_value,
        new_value=row.new_value,
    )


def may_see(user: StaffUser, incident: Incident) -> None:
    """Open incidents: anyone who may start one. Closed ones: safeguarding staff only."""
    require(user, Action.START_INCIDENT)
    if incident.closed_at is not None:
        require(user, Action.SAFEGUARDING)


@in_transaction
def incident_in(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"there is no incident {incident_id}")
    return incident


def open_incidents(db: Database, user: StaffUser) -> list[IncidentSummary]:
    """Every incident not yet closed, the longest missing first: for the banner and at start."""
    require(user, Action.START_INCIDENT)
    query = (
        select(Incident)
        .options(selectinload(Incident.learner), selectinload(Incident.entries))
        .where(Incident.closed_at.is_(None))
        .order_by(Incident.last_seen_at, Incident.id)
    )
    with db.reading() as session:
        return [summary_of(row) for row in session.scalars(query)]


def incident_history(
    db: Database, user: StaffUser, learner_id: int | None = None
) -> list[IncidentSummary]:
    """Every incident, newest first (one learner's, if given): safeguarding history."""
    require(user, Action.SAFEGUARDING)
    query = select(Incident).options(selectinload(Incident.learner), selectinload(Incident.entries))
    if learner_id is not None:
        query = query.where(Incident.learner_id == learner_id)
    with db.reading() as session:
        rows = session.scalars(query.order_by(Incident.last_seen_at.desc(), Incident.id.desc()))
        return [summary_of(row) for row in rows]


@in_transaction
def detail_in(session: Session, incident: Incident) -> IncidentDetail:
    settings = session.get(ProvisionSettings, 1)
    day = incident.last_seen_at.astimezone().date()
    return IncidentDetail(
        summary=summary_of(incident),
        provision=settings.name if settings else "",
        last_seen_where=incident.last_seen_where,
        seen_by=incident.seen_by,
        direction=incident.direction,
        description=incident.description,
        clothing=incident.clothing,
        police_reason=incident.police_reason,
        started_by=incident.started_by.full_name,
        closed_by=incident.closed_by.full_name if incident.closed_by else "",
        returned_at=incident.returned_at,
        handed_to_police=incident.handed_to_police,
        outcome=incident.outcome,
        entries=tuple(entry_of(row) for row in incident.entries),
        learner=brief_in(session, incident.learner_id, day),
        opened_in_error=incident.opened_in_error,
        error_reason=incident.error_reason,
        skipped_steps=tuple(k for k in incident.skipped_steps.split(",") if k),
        skipped_reason=incident.skipped_reason,
    )


def incident_detail(db: Database, user: StaffUser, incident_id: int) -> IncidentDetail:
    """One incident in full, with the learner's brief as on the day they went missing."""
    require(user, Action.START_INCIDENT)
    with db.reading() as session:
        incident = incident_in(session, incident_id)
        may_see(user, incident)
        return detail_in(session, incident)


@in_transaction
def return_interview_alerts(session: Session, moment: datetime) -> list[Alert]:
    """An alert for each learner back from an incident by `moment` with no return interview
    recorded by then (incidents opened in error owe none). Inside the alerts' transaction."""
    query = (
        select(Incident)
        .options(selectinload(Incident.learner), selectinload(Incident.entries))
        .where(
            Incident.opened_in_error.is_(False),
            or_(
                Incident.returned_at.is_not(None),
                Incident.entries.any(IncidentEntry.kind == "found"),
            ),
        )
    )
    until = moment.astimezone()
    found = []
    for row in session.scalars(query):
        back = summary_of(row).found_at or row.returned_at
        done = any(e.kind == "return_interview" and e.at <= until for e in row.entries)
        owed = rules.return_interview_owed(back, done, row.opened_in_error)
        if owed and back is not None and back <= until:
            found.append(rules.return_interview_alert(row.learner.upn, back, row.id))
    return found
