"""The demo provision's safeguarding picture: contacts, RAG criteria, risk assessments, a log.

Fictional throughout; phone numbers are from Ofcom's ranges reserved for drama (0113 496 0xxx)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from desktop_app.domain.risk import AGENCIES
from desktop_app.models import (
    ContactLogEntry,
    EmergencyContact,
    MissingPlace,
    Professional,
    RagFactor,
    RiskAgency,
    RiskAssessment,
    RiskRow,
)

_PARENTS = [("Mother", "Ms"), ("Father", "Mr"), ("Grandmother", "Mrs"), ("Carer", "Ms")]
#: index -> criteria ticked (RED ones first): makes a spread of RED, AMBER and GREEN learners.
_FACTORS = {
    0: ["cp_plan", "social_worker"],
    1: ["cce"],
    3: ["looked_after"],
    6: ["family_concern"],
    8: ["ewo_ast", "external_agency"],
    10: ["police_investigation"],
}
_RISKS = [
    ("Leaves site without permission when dysregulated", 4, 4, "Key worker check-ins at breaks"),
    ("Approached by older peers near the bus station", 3, 3, "Staff escort to the bus stop"),
    ("Self-harm when anxious about home", 2, 3, "Daily check-in with the DSL"),
]


def _phone(index: int, offset: int) -> str:
    return f"+44113496{(index * 7 + offset) % 1000:04d}"


def _contacts(session: Session, learner_id: int, index: int, surname: str) -> None:
    count = 0 if index == 11 else 1 if index == 5 else 2 + (index % 3 == 0)
    for n in range(count):
        relation, title = _PARENTS[(index + n) % len(_PARENTS)]
        session.add(
            EmergencyContact(
                learner_id=learner_id,
                priority=n + 1,
                name=f"{title} {surname}" if n == 0 else f"{title} {surname[:1]}. Clarke",
                relationship_to_learner=relation,
                parental_responsibility=n == 0,
                mobile=_phone(index, n * 3),
                landline=_phone(index, n * 3 + 1) if n == 0 else "",
                address=f"{10 + index} Mill Lane, Leeds LS{index % 9 + 1} 4AB" if n == 0 else "",
                may_collect=not (n == 1 and index % 4 == 0),
                notes="Not to collect: court order" if n == 1 and index % 4 == 0 else "",
            )
        )


def _assessment(
    session: Session, learner_id: int, written: date, review: date, dsl: str, staff_id: int
) -> None:
    assessment = RiskAssessment(
        learner_id=learner_id,
        version=1,
        date_written=written,
        compiled_by=dsl,
        review_date=review,
        task_analysis="Placed after a managed move; engages well one-to-one, struggles in groups.",
        concerns="Missing episodes from home at weekends; known to associate with older peers.",
        next_steps="Review with the social worker at the next core group meeting.",
        reviewed_by_directors=True,
        shared_with_agencies=True,
        approved_by_dsl=True,
        staff_aware=True,
        writer_signature=dsl,
        writer_signed_on=written,
        created_at=datetime.combine(written, time(10), UTC),
    )
    assessment.agencies = [
        RiskAgency(position=i, agency=a, name="", contact="") for i, a in enumerate(AGENCIES)
    ]
    assessment.risks = [
        RiskRow(
            position=i,
            risk=risk,
            likelihood=likelihood,
            frequency=frequency,
            actions=actions,
            staff_lead=dsl,
            escalation="DSL informs the social worker the same day",
        )
        for i, (risk, likelihood, frequency, actions) in enumerate(_RISKS)
    ]
    session.add(assessment)
    session.flush()
    assessment.dsl_signature, assessment.dsl_signed_on = dsl, written
    session.flush()


def add_safeguarding(
    session: Session,
    learners: list[tuple[int, str, date]],
    today: date,
    dsl: tuple[int, str],
) -> None:
    """`learners` are (id, surname, start date) in demo order; `dsl` is (staff id, full name)."""
    dsl_id, dsl_name = dsl
    for index, (learner_id, surname, start) in enumerate(learners):
        _contacts(session, learner_id, index, surname)
        for key in _FACTORS.get(index, []):
            session.add(RagFactor(learner_id=learner_id, factor=key, since=start, note=""))
        if index in (0, 1):
            session.add(
                Professional(
                    learner_id=learner_id,
                    kind="social_worker",
                    name="Jo Marsh" if index == 0 else "Sam Okafor",
                    organisation="Leeds Children's Services",
                    phone=_phone(index, 500),
                    email="duty.team@example.org",
                )
            )
            session.add(
                MissingPlace(
                    learner_id=learner_id,
                    kind="place",
                    name="Bus station, Dyer Street",
                    detail="Meets older peers by the shelters",
                )
            )
            session.add(
                MissingPlace(learner_id=learner_id, kind="person", name="Cousin Dean, Harehills")
            )
    # RED with a current assessment, and RED with one now past its review date.
    _assessment(
        session,
        learners[0][0],
        today - timedelta(days=40),
        today + timedelta(days=50),
        dsl_name,
        dsl_id,
    )
    _assessment(
        session,
        learners[1][0],
        today - timedelta(days=120),
        today - timedelta(days=8),
        dsl_name,
        dsl_id,
    )
    run_learner = learners[4][0]
    for days_ago, method, outcome, who in (
        (9, "phone_call", "no_answer", "Mother"),
        (9, "text", "message_left", "Mother"),
        (6, "home_visit", "not_seen", "Mother"),
    ):
        day = today - timedelta(days=days_ago)
        day -= timedelta(days=max(0, day.weekday() - 4))  # a weekend contact moves to Friday
        moment = datetime.combine(day, time(9, 45)).astimezone(UTC)
        session.add(
            ContactLogEntry(
                learner_id=run_learner,
                at=moment,
                staff_id=dsl_id,
                method=method,
                with_whom=who,
                outcome=outcome,
                notes="",
            )
        )
