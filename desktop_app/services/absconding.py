"""Absconding incidents, one function per click: start, record a step, add a note, close; and
the director's thresholds; the DSL's corrections of the start form and closing as opened in
error.

Each call is one transaction, committed before it returns, so a crash loses nothing recorded.
`now` is always passed in (the views' clock); a time without a zone is read as local time.
Who may do what: any member of staff may start an incident and record steps on an open one
(whoever is there when a learner leaves must be able to act); closing one, and anything done to
a closed one, is the DSL's or a director's (closed incidents are safeguarding history). A closed
incident still takes the debrief, the return interview and notes; nothing is ever deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from desktop_app.domain import absconding as rules
from desktop_app.domain.permissions import Action, Role
from desktop_app.models import Incident, IncidentEntry, Learner
from desktop_app.models.engine import Database
from desktop_app.services.absconding_data import (
    Closing,
    Entry,
    IncidentSummary,
    NewIncident,
    StartCorrection,
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
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import Problem, ValidationFailed
from desktop_app.services.settings_version import claim_settings

THRESHOLD_NAMES = {"first": "The first threshold", "second": "The second threshold"}


def aware(moment: datetime) -> datetime:
    """A moment with its zone: a naive one is taken as local wall-clock time."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def _start_problems(details: NewIncident, now: datetime) -> list[Problem]:
    problems = []
    if problem := rules.moment_problem(aware(details.last_seen_at), now, None):
        problems.append(Problem(f"The time last seen {problem}", field="last_seen_at"))
    return problems  # where and by whom may wait: the clock never waits for typing


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
        if user.role is Role.DSL:  # the DSL starting it is the DSL informed
            session.add(_dsl_informed(incident, user, now))
            session.flush()
            session.refresh(incident)
        return summary_of(incident)


def _dsl_informed(incident: Incident, user: StaffUser, now: datetime) -> IncidentEntry:
    return IncidentEntry(
        incident_id=incident.id,
        learner_id=incident.learner_id,
        kind="dsl_informed",
        at=now,
        recorded_at=now,
        staff_id=user.id,
        person=user.full_name,
        detail="Started by the DSL",
    )


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


def _step_problem(incident: Incident, kind: str) -> str | None:
    """Why this step cannot go on this incident now: a closed one takes the debrief, the
    return interview and notes only; otherwise the protocol's order."""
    if incident.closed_at is not None and (problem := rules.closed_step_problem(kind)):
        return problem
    kinds = (e.kind for e in incident.entries)
    return rules.step_problem(kind, kinds, incident.returned_at is not None)


def record_step(
    db: Database, user: StaffUser, incident_id: int, step: StepInput, now: datetime
) -> Entry:
    """Record one step of the protocol (or a note) with the time it happened and who recorded
    it. A closed incident takes the debrief, the return interview and notes, only from
    safeguarding staff."""
    require(user, Action.START_INCIDENT)
    now, at = aware(now), aware(step.at)
    problems = _particulars_problems(step)
    with db.transaction(actor(user)) as session:
        incident = incident_in(session, incident_id)
        may_see(user, incident)
        if incident.closed_at is not None:
            require(user, Action.SAFEGUARDING)
        if problem := _step_problem(incident, step.kind):
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
    skipped = _skipped(incident)
    if skipped and not closing.skipped_reason.strip():
        names = "; ".join(rules.STEPS[kind] for kind in skipped)
        problems.append(Problem(f"Not done: {names}. Say why before closing", field="skipped"))
    return problems


def _skipped(incident: Incident) -> list[str]:
    done = rules.done_steps(e.kind for e in incident.entries)
    return rules.skipped_at_closing(done, incident.police_required)


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
        if skipped := _skipped(incident):
            incident.skipped_steps = ",".join(skipped)
            incident.skipped_reason = closing.skipped_reason.strip()
        incident.closed_at, incident.closed_by_id = now, user.id
        session.flush()
        return summary_of(incident)


def close_in_error(
    db: Database, user: StaffUser, incident_id: int, reason: str, now: datetime
) -> IncidentSummary:
    """Close an incident started by mistake (the wrong learner, a learner who had not left). It
    is kept, with the reason, in the audit log and the safeguarding history, and left out of
    every count, alert and report."""
    require(user, Action.SAFEGUARDING)
    now = aware(now)
    if not reason.strip():
        raise ValidationFailed([Problem("Say why it was opened in error", field="reason")])
    with db.transaction(actor(user)) as session:
        incident = incident_in(session, incident_id)
        if incident.closed_at is not None:
            raise ValidationFailed([Problem("This incident is already closed", field="reason")])
        incident.opened_in_error, incident.error_reason = True, reason.strip()
        incident.outcome = f"Opened in error: {reason.strip()}"
        incident.closed_at, incident.closed_by_id = now, user.id
        session.flush()
        return summary_of(incident)


def _corrections(incident: Incident, fix: StartCorrection) -> list[tuple[str, str, str]]:
    """(field, old, new) for each start field the correction changes."""
    changes = []
    if fix.last_seen_at is not None and aware(fix.last_seen_at) != incident.last_seen_at:
        new_seen = aware(fix.last_seen_at)
        changes.append(("last_seen_at", incident.last_seen_at.isoformat(), new_seen.isoformat()))
    for field in ("last_seen_where", "seen_by"):
        value = getattr(fix, field)
        if value is not None and value.strip() != getattr(incident, field):
            changes.append((field, getattr(incident, field), value.strip()))
    return changes


def correct_start(
    db: Database, user: StaffUser, incident_id: int, fix: StartCorrection, now: datetime
) -> list[Entry]:
    """The DSL corrects when, where or by whom the learner was last seen on an open incident.
    Each change is a timeline entry keeping the old value, who and when; the clock then runs
    from the corrected time."""
    require(user, Action.SAFEGUARDING)
    now = aware(now)
    with db.transaction(actor(user)) as session:
        incident = incident_in(session, incident_id)
        if incident.closed_at is not None:
            raise ValidationFailed([Problem("This incident is closed: add a note", "reason")])
        first_step = min((e.at for e in incident.entries), default=None)
        new_seen = aware(fix.last_seen_at) if fix.last_seen_at is not None else None
        if problem := rules.correction_problem("last_seen_at", new_seen, now, first_step):
            raise ValidationFailed([Problem(f"The time last seen {problem}", "last_seen_at")])
        changes = _corrections(incident, fix)
        if not changes:
            raise ValidationFailed([Problem("Nothing has been changed", field="reason")])
        rows = [
            IncidentEntry(
                incident_id=incident.id,
                learner_id=incident.learner_id,
                kind=rules.CORRECTION,
                at=now,
                recorded_at=now,
                staff_id=user.id,
                detail=fix.reason.strip(),
                field=field,
                old_value=old,
                new_value=new,
            )
            for field, old, new in changes
        ]
        session.add_all(rows)
        for field, _old, new in changes:
            value = datetime.fromisoformat(new) if field == "last_seen_at" else new
            setattr(incident, field, value)
        session.flush()
        return [entry_of(row) for row in rows]


def set_absconding_thresholds(
    db: Database, user: StaffUser, first: int, second: int, version: int | None = None
) -> Thresholds:
    """The director's thresholds for new incidents: 1 <= first <= second <= 60 minutes.
    `version`: the settings' version the screen read (None: not checked); StaleWrite if older."""
    require(user, Action.MANAGE_SETTINGS)
    if problems := rules.threshold_problems(first, second):
        raise ValidationFailed([Problem(f"{THRESHOLD_NAMES[f]} {m}", field=f) for f, m in problems])
    with db.transaction(actor(user)) as session:
        row = claim_settings(session, version)
        row.absconding_first_minutes, row.absconding_second_minutes = first, second
        return Thresholds(first, second)
