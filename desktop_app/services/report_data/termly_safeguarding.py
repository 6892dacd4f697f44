"""The termly report's safeguarding figures: RAG ratings, absconding incidents, and risk
assessments overdue for review or missing (RED learners with none in force). Called inside the
termly report's transaction."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import risk
from desktop_app.domain.rag import Rating
from desktop_app.models import Incident, IncidentEntry
from desktop_app.services.rag import assessment_versions, ratings
from desktop_app.services.report_data.common import learners_on_roll, local_day_bounds
from desktop_app.services.tx import in_transaction

POLICE_TOLD = "police_told"


@dataclass(frozen=True, slots=True)
class Absconding:
    incidents: int
    returned: int  # incidents with a return time
    median_minutes: float | None  # last seen to return, over those that returned
    police_told: int


@dataclass(frozen=True, slots=True)
class OverdueAssessment:
    """A learner whose risk assessment is overdue for review, or (RED) who has none in force."""

    upn: str
    name: str
    review_date: date | None  # None: no DSL-signed assessment at all
    version: int | None

    @property
    def missing(self) -> bool:
        return self.review_date is None


@in_transaction
def rag_counts(session: Session, as_of: date, learner_ids: list[int]) -> dict[str, int]:
    """How many of these learners are RED, AMBER and GREEN on as_of."""
    found = {r.value: 0 for r in Rating}
    if learner_ids:
        for rag in ratings(session, as_of, learner_ids).values():
            found[rag.rating.value] += 1
    return found


@in_transaction
def absconding(session: Session, start: date, end: date) -> Absconding:
    """Incidents whose learner was last seen from start to end (local days); those closed as
    opened in error are in no figure."""
    since, _ = local_day_bounds(start)
    _, until = local_day_bounds(end)
    rows = session.execute(
        select(Incident.id, Incident.last_seen_at, Incident.returned_at).where(
            Incident.last_seen_at >= since,
            Incident.last_seen_at < until,
            Incident.opened_in_error.is_(False),
        )
    ).all()
    ids = [i for i, _, _ in rows]
    told = set(
        session.scalars(
            select(IncidentEntry.incident_id).where(
                IncidentEntry.incident_id.in_(ids), IncidentEntry.kind == POLICE_TOLD
            )
        )
    )
    minutes = [(back - seen).total_seconds() / 60 for _, seen, back in rows if back is not None]
    return Absconding(
        len(rows), len(minutes), statistics.median(minutes) if minutes else None, len(told)
    )


@in_transaction
def overdue_assessments(session: Session, as_of: date) -> list[OverdueAssessment]:
    """Learners on roll on as_of whose newest DSL-signed risk assessment was due for review
    before as_of, and RED learners with no signed assessment at all: the missing ones first."""
    learners = {ln.id: ln for ln in learners_on_roll(session, as_of, as_of)}
    versions = assessment_versions(session, list(learners))
    red = [
        i for i, rag in ratings(session, as_of, list(learners)).items() if rag.rating is Rating.RED
    ]
    found = []
    for learner_id, ln in learners.items():
        active = risk.in_force(versions.get(learner_id, []))
        name = f"{ln.forename} {ln.surname}"
        if active is None and learner_id in red:
            found.append(OverdueAssessment(ln.upn, name, None, None))
        elif active is not None and active.review_date < as_of:
            found.append(OverdueAssessment(ln.upn, name, active.review_date, active.version))
    return sorted(found, key=lambda o: (not o.missing, o.review_date or as_of, o.name))
