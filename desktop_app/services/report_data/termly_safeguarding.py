"""The termly report's safeguarding figures: RAG ratings, absconding incidents, and risk
assessments overdue for review. Called inside the termly report's transaction."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain import risk
from desktop_app.domain.rag import Rating
from desktop_app.models import Incident, IncidentEntry, Learner
from desktop_app.services.rag import assessment_versions, ratings
from desktop_app.services.report_data.common import learners_on_roll, local_day_bounds

POLICE_TOLD = "police_told"


@dataclass(frozen=True, slots=True)
class Absconding:
    incidents: int
    returned: int  # incidents with a return time
    median_minutes: float | None  # last seen to return, over those that returned
    police_told: int


@dataclass(frozen=True, slots=True)
class OverdueAssessment:
    upn: str
    name: str
    review_date: date
    version: int


def rag_counts(session: Session, as_of: date, learner_ids: list[int]) -> dict[str, int]:
    """How many of these learners are RED, AMBER and GREEN on as_of."""
    found = {r.value: 0 for r in Rating}
    if learner_ids:
        for rag in ratings(session, as_of, learner_ids).values():
            found[rag.rating.value] += 1
    return found


def absconding(session: Session, start: date, end: date) -> Absconding:
    """Incidents whose learner was last seen from start to end (local days)."""
    since, _ = local_day_bounds(start)
    _, until = local_day_bounds(end)
    rows = session.execute(
        select(Incident.id, Incident.last_seen_at, Incident.returned_at).where(
            Incident.last_seen_at >= since, Incident.last_seen_at < until
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


def overdue_assessments(session: Session, as_of: date) -> list[OverdueAssessment]:
    """Learners on roll whose newest DSL-signed risk assessment was due for review before as_of."""
    learners = {ln.id: ln for ln in learners_on_roll(session, as_of, as_of)}
    found = []
    for learner_id, versions in assessment_versions(session, list(learners)).items():
        active = risk.in_force(versions)
        if active is not None and active.review_date < as_of:
            ln: Learner = learners[learner_id]
            found.append(
                OverdueAssessment(
                    ln.upn, f"{ln.forename} {ln.surname}", active.review_date, active.version
                )
            )
    return sorted(found, key=lambda o: (o.review_date, o.name))
