"""Absconding incidents, one function per click: start, record a step, add a note, close; and
the director's thresholds.

Each call is one transaction, committed before it returns, so a crash loses nothing recorded.
`now` is always passed in (the views' clock); a time without a zone is read as local time.
Who may do what: any member of staff may start an incident and record steps on an open one
(whoever is there when a learner leaves must be able to act); closing one, and anything done to
a closed one, is the DSL's or a director's (closed incidents are safeguarding history).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from desktop_app.domain import absconding as rules
from desktop_app.domain.permissions import Action
from desktop_app.models import Incident, IncidentEntry, Learner, ProvisionSettings
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.absconding_data import (
    Closing,
    Entry,
    IncidentSummary,
    NewIncident,
    StepInput,
    Thresholds,
)
from desktop_app.services.absconding_queries import (
    brief_in,
    entry_of,
    incident_in,
    may_see,
    summary_of,
    thresholds_in,
)

THRESHOLD_NAMES = {"first": "The first threshold", "second": "The second threshold"}


def aware(moment: datetime) -> datetime:
    """A moment with its zone: a naive one is taken as local wall-clock time."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def _start_problems(details: NewIncident, now: datetime) -> list[Problem]:
    problems = []
    if problem := rules.moment_problem(aware(details.last_seen_at), now, None):
        problems.append(Problem(f"The time last seen {problem}", field="last_seen_at"))
    if not details.last_seen_where.strip():
        problems.append(Problem("Say where the learner was last seen", field="last_seen_where"))
    if not details.seen_by.strip():
        problems.append(Problem("Say who saw the learner last", field="seen_by"))
    return problems


def start_incident(
    db: Database, user: StaffUser, details: NewIncident, now: datetime
) -> IncidentSummary:
    """Start the clock for a learner who has left site; the thresholds in force are kept on the
    incident, with whether the police must be told and why. Refused while one is open for them."""
    require(user, Action.START_INCIDENT)
    now, last_seen = aware(now), aware(details.last_seen_at)
    problems = _start_problems(details, now)
    with db.transaction(actor(user)) as session:
        if session.get(Learner, details.learner_id) is None:
            problems.insert(0, Problem("Choose the learner who has left", field="learner"))
        elif clash := session.scalar(
            select(Incident).where(
                Incident.learner_id == details.learner_id, Incident.closed_at.is_(None)
            )
        ):
            seen = clash.last_seen_at.astimezone()
            problems.insert(
                0,
                Problem(
                    f"An incident is already open for this learner (last seen {seen:%H:%M}): "
                    "record on that one",
                    field="learner",
                ),
            )
        if problems:
            raise ValidationFailed(problems)
        brief = brief_in(session, details.learner_id, last_seen.astimezone().date())
        limits = thresholds_in(session)
        incident = Incident(
            learner_id=details.learner_id,
            last_seen_at=last_seen,
            last_seen_where=details.last_seen_where.strip(),
            seen_by=details.seen_by.strip(),
            direction=details.direction.strip(),
            description=details.description.strip(),
            clothing=details.clothing.strip(),
            police_required=brief.police_required,
            police_reason=brief.police_reason,
            first_minutes=limits.first,
            second_minutes=limits.second,
            started_at=now,
            started_by_id=user.id,
            handed_to_police=False,
            outcome="",
        )
        session.add(incident)
        session.flush()
        return summary_of(incident)


def _particulars_problems(step: StepInput) -> list[Problem]:
    problems = [
        Problem(message, field=field)
        for field, message in rules.REQUIRED.get(step.kind, ())
        if not str(getattr(step, field)).strip()
    ]
    if step.level and step.level not in rules.RISK_LEVELS:
        problems.append(Problem(f"'{step.level}' is not a level of risk", field="level"))
    if step.channel and step.channel not in rules.POLICE_CHANNELS:
        problems.append(Problem("The police are called on 101 or 999", field="channel"))
    return problems


def record_step(
    db: Database, user: StaffUser, incident_id: int, step: StepInput, now: datetime
) -> Entry:
    """Record one step of the protocol (or a note) with the time it happened and who recorded
    it. A closed incident takes notes only, and only from safeguarding staff."""
    require(user, Action.START_INCIDENT)
    now, at = aware(now), aware(step.at)
    problems = _particulars_problems(step)
    with db.transaction(actor(user)) as session:
        incident = incident_in(session, incident_id)
        may_see(user, incident)
        if incident.closed_at is not None and step.kind != rules.NOTE:
            problems.insert(0, Problem("This incident is closed: add a note instead", "kind"))
        elif problem := rules.step_problem(step.kind, (e.kind for e in incident.entries)):
            problems.insert(0, Problem(problem[:1].upper() + problem[1:], field="kind"))
        if problem := rules.moment_problem(at, now, incident.last_seen_at):
            problems.append(Problem(f"The time {problem}", field="at"))
        if problems:
            raise ValidationFailed(problems)
        row = IncidentEntry(
            incident_id=incident.id,
            learner_id=incident.learner_id,
            kind=step.kind,
            at=at,
            recorded_at=now,
            staff_id=user.id,
            **{name: str(getattr(step, name)).strip() for name in _PARTICULARS},
        )
        session.add(row)
        session.flush()
        return entry_of(row)


_PARTICULARS = (
    "detail",
    "level",
    "channel",
    "reference",
    "officer",
    "place",
    "person",
    "condition",
)


def add_note(
    db: Database,
    user: StaffUser,
    incident_id: int,
    text: str,
    now: datetime,
    at: datetime | None = None,
) -> Entry:
    """A timestamped free-text note; the only thing a closed incident still takes."""
    return record_step(db, user, incident_id, StepInput(rules.NOTE, at or now, detail=text), now)


def _closing_problems(incident: Incident, closing: Closing, now: datetime) -> list[Problem]:
    problems = []
    if incident.closed_at is not None:
        problems.append(Problem("This incident is already closed", field="closed"))
    if closing.handed_to_police and closing.returned_at is not None:
        problems.append(
            Problem(
                "Either give the return time or say the learner was handed to the police, not both",
                field="returned_at",
            )
        )
    elif closing.handed_to_police:
        if not any(e.kind == "police_told" for e in incident.entries):
            problems.append(
                Problem("Record the call to the police before handing over", "returned_at")
            )
    elif closing.returned_at is None:
        problems.append(
            Problem(
                "Give the time the learner returned, or say they were handed to the police "
                "as a missing person",
                field="returned_at",
            )
        )
    elif problem := rules.moment_problem(aware(closing.returned_at), now, incident.last_seen_at):
        problems.append(Problem(f"The return time {problem}", field="returned_at"))
    if not closing.outcome.strip():
        problems.append(Problem("Write the outcome", field="outcome"))
    return problems


def close_incident(
    db: Database, user: StaffUser, incident_id: int, closing: Closing, now: datetime
) -> IncidentSummary:
    """Close the incident with the return time (or handed to the police as a missing person)
    and the outcome. From then on it is read-only apart from appended notes."""
    require(user, Action.SAFEGUARDING)
    now = aware(now)
    with db.transaction(actor(user)) as session:
        incident = incident_in(session, incident_id)
        if problems := _closing_problems(incident, closing, now):
            raise ValidationFailed(problems)
        returned = closing.returned_at
        incident.returned_at = aware(returned) if returned is not None else None
        incident.handed_to_police = closing.handed_to_police
        incident.outcome = closing.outcome.strip()
        incident.closed_at, incident.closed_by_id = now, user.id
        session.flush()
        return summary_of(incident)


def set_absconding_thresholds(db: Database, user: StaffUser, first: int, second: int) -> Thresholds:
    """The director's thresholds for new incidents: 1 <= first <= second <= 60 minutes."""
    require(user, Action.MANAGE_SETTINGS)
    if problems := rules.threshold_problems(first, second):
        raise ValidationFailed([Problem(f"{THRESHOLD_NAMES[f]} {m}", field=f) for f, m in problems])
    with db.transaction(actor(user)) as session:
        row = session.get(ProvisionSettings, 1)
        if row is None:
            raise NotFound("this database has not been set up")
        row.absconding_first_minutes, row.absconding_second_minutes = first, second
        return Thresholds(first, second)
