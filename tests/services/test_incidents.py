"""Absconding incidents: starting one, every step of the protocol, notes, closing, thresholds,
and bad input that changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from desktop_app.domain.absconding import Stage, Tone
from desktop_app.models import (
    EmergencyContact,
    Incident,
    IncidentEntry,
    Learner,
    MissingPlace,
    RagFactor,
    RiskAssessment,
    RiskRow,
)
from desktop_app.models.engine import Database
from desktop_app.services.absconding import (
    add_note,
    close_incident,
    record_step,
    set_absconding_thresholds,
    start_incident,
)
from desktop_app.services.absconding_data import Closing, NewIncident, StepInput
from desktop_app.services.absconding_queries import (
    absconding_thresholds,
    incident_detail,
    incident_history,
    learner_brief,
    learner_choices,
    open_incidents,
)
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import NotFound, ValidationFailed

DAY = date(2025, 9, 8)
NOW = datetime(2025, 9, 8, 10, 0, tzinfo=UTC)
SEEN = NOW - timedelta(minutes=3)


def add_learner(
    db: Database,
    forename: str,
    surname: str,
    born: date,
    *,
    marked_vulnerable: bool = False,
    factor: str | None = None,
    upn: str | None = None,
    details: bool = False,
) -> int:
    """A learner on roll; `factor` ticks a RAG criterion; `details` adds contacts, places, risks."""
    with db.transaction() as session:
        learner = Learner(
            upn=upn or f"A{abs(hash((forename, surname))) % 10**12:012d}",
            surname=surname,
            forename=forename,
            date_of_birth=born,
            start_date=date(2025, 9, 1),
            marked_vulnerable=marked_vulnerable,
            description="Slim build, short brown hair",
        )
        session.add(learner)
        session.flush()
        if factor:
            session.add(RagFactor(learner_id=learner.id, factor=factor, since=date(2025, 1, 1)))
        if details:
            _add_details(session, learner.id)
        return learner.id


def _add_details(session: object, learner_id: int) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    session.add_all(
        [
            EmergencyContact(
                learner_id=learner_id,
                priority=2,
                name="Gran Hughes",
                relationship_to_learner="Grandmother",
                landline="+441632960123",
            ),
            EmergencyContact(
                learner_id=learner_id,
                priority=1,
                name="Kim Hughes",
                relationship_to_learner="Mother",
                parental_responsibility=True,
                mobile="+447700900123",
                work_phone="+442079460000",
            ),
            MissingPlace(learner_id=learner_id, kind="place", name="Skate park", detail="Elm Rd"),
            MissingPlace(learner_id=learner_id, kind="person", name="Jay (cousin)", detail=""),
        ]
    )
    assessment = RiskAssessment(
        learner_id=learner_id,
        version=1,
        date_written=date(2025, 9, 1),
        compiled_by="DSL",
        review_date=date(2025, 12, 1),
        created_at=NOW,
        risks=[RiskRow(position=1, risk="Road safety", likelihood=4, frequency=5)],
    )
    session.add(assessment)
    session.flush()
    assessment.dsl_signed_on = date(2025, 9, 2)


@pytest.fixture
def young(db: Database) -> int:
    """Aged 14, not otherwise vulnerable: police at the thresholds."""
    return add_learner(db, "Alex", "Hughes", date(2011, 3, 1), details=True)


@pytest.fixture
def older(db: Database) -> int:
    """16 today and GREEN: the thresholds are a judgement call."""
    return add_learner(db, "Sam", "Older", date(2009, 9, 8))


def start(db: Database, user: StaffUser, learner_id: int, seen: datetime = SEEN) -> int:
    details = NewIncident(learner_id, seen, "Back gate", "Ms Tutor", "Towards town", "", "Hoodie")
    return start_incident(db, user, details, NOW).id


def counts(db: Database) -> tuple[int, int]:
    with db.reading() as session:
        return session.query(Incident).count(), session.query(IncidentEntry).count()


def test_start_keeps_the_form_the_thresholds_and_why_police_are_needed(
    db: Database, director: StaffUser, young: int
) -> None:
    summary = start_incident(
        db,
        director,
        NewIncident(young, SEEN, " Back gate ", "Ms Tutor", "Towards town", "Tall", "Red hoodie"),
        NOW,
    )
    assert summary.is_open and summary.police_required
    assert (summary.first_minutes, summary.second_minutes) == (10, 15)
    assert summary.elapsed(NOW) == timedelta(minutes=3)
    detail = incident_detail(db, director, summary.id)
    assert (detail.last_seen_where, detail.clothing, detail.started_by) == (
        "Back gate",
        "Red hoodie",
        "Dana Director",
    )
    assert detail.police_reason == "Police required: under 16 (aged 14)."


def test_sixteen_on_the_day_and_green_is_a_judgement_call(
    db: Database, director: StaffUser, older: int
) -> None:
    incident = start(db, director, older)
    detail = incident_detail(db, director, incident)
    assert not detail.summary.police_required
    assert "judgement call" in detail.police_reason
    assert detail.summary.prompt(NOW + timedelta(minutes=11)).tone is Tone.WARNING


@pytest.mark.parametrize(
    ("factor", "marked", "why"),
    [
        ("cse", False, "RAG rating RED"),
        ("family_concern", False, "RAG rating AMBER"),
        (None, True, "marked vulnerable by staff"),
    ],
)
def test_sixteen_but_vulnerable_needs_the_police(
    db: Database, director: StaffUser, factor: str | None, marked: bool, why: str
) -> None:
    learner = add_learner(
        db, "Vee", "Vulnerable", date(2008, 1, 1), factor=factor, marked_vulnerable=marked
    )
    detail = incident_detail(db, director, start(db, director, learner))
    assert detail.summary.police_required
    assert why in detail.police_reason


def test_thresholds_come_from_settings_and_stay_with_the_incident(
    db: Database, director: StaffUser, young: int, older: int
) -> None:
    set_absconding_thresholds(db, director, 5, 20)
    first = start(db, director, young)
    set_absconding_thresholds(db, director, 12, 12)
    second = start(db, director, older)
    by_id = {s.id: s for s in open_incidents(db, director)}
    assert (by_id[first].first_minutes, by_id[first].second_minutes) == (5, 20)
    assert (by_id[second].first_minutes, by_id[second].second_minutes) == (12, 12)
    assert absconding_thresholds(db, director).first == 12


@pytest.mark.parametrize(
    ("first", "second", "field"), [(0, 15, "first"), (10, 61, "second"), (16, 15, "second")]
)
def test_bad_thresholds_are_refused(
    db: Database, director: StaffUser, first: int, second: int, field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        set_absconding_thresholds(db, director, first, second)
    assert field in {p.field for p in caught.value.problems}
    thresholds = absconding_thresholds(db, director)
    assert (thresholds.first, thresholds.second) == (10, 15)


@pytest.mark.parametrize(
    ("seen", "where", "by", "fields"),
    [
        (NOW + timedelta(minutes=1), "Gate", "Me", {"last_seen_at"}),
        (NOW - timedelta(hours=25), "Gate", "Me", {"last_seen_at"}),
    ],
)
def test_bad_start_is_refused_and_nothing_is_written(
    db: Database,
    director: StaffUser,
    young: int,
    seen: datetime,
    where: str,
    by: str,
    fields: set[str],
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        start_incident(db, director, NewIncident(young, seen, where, by), NOW)
    assert {p.field for p in caught.value.problems} == fields
    assert counts(db) == (0, 0)


def test_unknown_learner_and_a_second_open_incident_are_refused(
    db: Database, director: StaffUser, young: int
) -> None:
    with pytest.raises(ValidationFailed, match="Choose the learner"):
        start_incident(db, director, NewIncident(999, SEEN, "Gate", "Me"), NOW)
    start(db, director, young)
    with pytest.raises(ValidationFailed, match="already open"):
        start(db, director, young)
    assert counts(db) == (1, 0)


STEPS = [
    StepInput("dsl_informed", SEEN + timedelta(minutes=1)),
    StepInput("risk_assessment", SEEN + timedelta(minutes=1), level="high", detail="Near road"),
    StepInput("contact_attempt", SEEN + timedelta(minutes=2), detail="Rang mobile: no answer"),
    StepInput("contact_attempt", SEEN + timedelta(minutes=3), detail="Texted"),
    StepInput("parent_told", SEEN + timedelta(minutes=3), person="Kim Hughes (mother)"),
    StepInput("commissioner_told", SEEN + timedelta(minutes=3), person="LA duty officer"),
    StepInput(
        "police_told",
        NOW,
        channel="101",
        reference="CAD 1234",
        officer="PC Patel",
    ),
]


def test_every_step_is_recorded_with_its_time_and_who_recorded_it(
    db: Database, director: StaffUser, young: int
) -> None:
    incident = start(db, director, young)
    for step in STEPS:
        entry = record_step(db, director, incident, step, NOW)
        assert (entry.kind, entry.at, entry.staff) == (step.kind, step.at, "Dana Director")
        assert entry.recorded_at == NOW
    later = NOW + timedelta(minutes=20)
    found = StepInput("found", later, place="Skate park", person="Mum", condition="Calm, unhurt")
    record_step(db, director, incident, found, later)
    record_step(db, director, incident, StepInput("debrief", later, detail="Argument"), later)
    record_step(db, director, incident, StepInput("return_interview", later), later)
    detail = incident_detail(db, director, incident)
    assert [e.kind for e in detail.entries][:2] == ["dsl_informed", "risk_assessment"]
    assert len(detail.entries_of("contact_attempt")) == 2
    assert detail.done == {
        "dsl_informed",
        "risk_assessment",
        "contact_attempt",
        "parent_told",
        "commissioner_told",
        "police_told",
        "found",
        "debrief",
        "return_interview",
    }
    police = detail.entries_of("police_told")[0]
    assert police.summary() == "101, ref CAD 1234, PC Patel"
    assert detail.summary.found_at == later
    assert detail.return_interview_due == later + timedelta(hours=72)
    assert detail.summary.elapsed(later + timedelta(hours=1)) == timedelta(minutes=23)


def test_time_adjusted_back_is_kept_and_shows_it_was_recorded_later(
    db: Database, director: StaffUser, young: int
) -> None:
    incident = start(db, director, young)
    entry = record_step(db, director, incident, StepInput("dsl_informed", SEEN), NOW)
    assert entry.at == SEEN and entry.recorded_at == NOW and entry.recorded_later


@pytest.mark.parametrize(
    ("step", "field"),
    [
        (StepInput("dsl_informed", NOW + timedelta(minutes=1)), "at"),
        (StepInput("dsl_informed", SEEN - timedelta(minutes=1)), "at"),
        (StepInput("risk_assessment", NOW), "level"),
        (StepInput("risk_assessment", NOW, level="extreme"), "level"),
        (StepInput("contact_attempt", NOW), "detail"),
        (StepInput("parent_told", NOW), "person"),
        (StepInput("commissioner_told", NOW), "person"),
        (StepInput("police_told", NOW), "channel"),
        (StepInput("police_told", NOW, channel="112"), "channel"),
        (StepInput("found", NOW, place="Park", person="Mum"), "condition"),
        (StepInput("debrief", NOW, detail="Why they left"), "kind"),
        (StepInput("return_interview", NOW), "kind"),
        (StepInput("note", NOW), "detail"),
        (StepInput("lunch", NOW), "kind"),
    ],
)
def test_bad_steps_are_refused_and_nothing_is_written(
    db: Database, director: StaffUser, young: int, step: StepInput, field: str
) -> None:
    incident = start(db, director, young)
    with pytest.raises(ValidationFailed) as caught:
        record_step(db, director, incident, step, NOW)
    assert field in {p.field for p in caught.value.problems}
    assert counts(db) == (1, 0)


def test_a_step_done_once_cannot_be_recorded_twice(
    db: Database, director: StaffUser, young: int
) -> None:
    incident = start(db, director, young)
    record_step(db, director, incident, StepInput("dsl_informed", NOW), NOW)
    with pytest.raises(ValidationFailed, match="already recorded"):
        record_step(db, director, incident, StepInput("dsl_informed", NOW), NOW)
    assert counts(db) == (1, 1)


def close_now(db: Database, user: StaffUser, incident: int, **changes: object) -> None:
    values: dict[str, object] = {
        "returned_at": NOW,
        "handed_to_police": False,
        "outcome": "Returned with mum",
        "skipped_reason": "Back within minutes",
    }
    values.update(changes)
    close_incident(db, user, incident, Closing(**values), NOW)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"returned_at": None}, "returned_at"),
        ({"outcome": "  "}, "outcome"),
        ({"returned_at": NOW + timedelta(minutes=5)}, "returned_at"),
        ({"returned_at": SEEN - timedelta(minutes=5)}, "returned_at"),
        ({"handed_to_police": True}, "returned_at"),
        ({"returned_at": None, "handed_to_police": True}, "returned_at"),
    ],
)
def test_bad_closing_is_refused_and_the_incident_stays_open(
    db: Database, director: StaffUser, young: int, changes: dict[str, object], field: str
) -> None:
    incident = start(db, director, young)
    with pytest.raises(ValidationFailed) as caught:
        close_now(db, director, incident, **changes)
    assert field in {p.field for p in caught.value.problems}
    assert [s.id for s in open_incidents(db, director)] == [incident]


def test_handed_to_police_after_the_call_closes_without_a_return_time(
    db: Database, director: StaffUser, young: int
) -> None:
    incident = start(db, director, young)
    record_step(db, director, incident, StepInput("police_told", NOW, channel="999"), NOW)
    close_now(db, director, incident, returned_at=None, handed_to_police=True)
    detail = incident_detail(db, director, incident)
    assert detail.handed_to_police and detail.returned_at is None
    assert detail.closed_by == "Dana Director" and open_incidents(db, director) == []


def test_closed_incident_takes_notes_debrief_and_return_interview_only(
    db: Database, director: StaffUser, young: int
) -> None:
    """Issue 11.3: the debrief and the return interview can be recorded after closing."""
    incident = start(db, director, young)
    close_now(db, director, incident)
    with pytest.raises(ValidationFailed, match="closed"):
        record_step(db, director, incident, StepInput("dsl_informed", NOW), NOW)
    with pytest.raises(ValidationFailed, match="already closed"):
        close_now(db, director, incident, outcome="Changed my mind")
    note = add_note(db, director, incident, "LA return interview booked", NOW)
    record_step(db, director, incident, StepInput("debrief", NOW, detail="Row at home"), NOW)
    record_step(db, director, incident, StepInput("return_interview", NOW), NOW)
    detail = incident_detail(db, director, incident)
    assert [e.kind for e in detail.entries] == ["note", "debrief", "return_interview"]
    assert note.detail == detail.entries[0].detail
    assert detail.outcome == "Returned with mum" and not detail.return_interview_owed


def test_several_incidents_open_at_once_longest_missing_first(
    db: Database, director: StaffUser, young: int, older: int
) -> None:
    second = start(db, director, older, SEEN)
    first = start(db, director, young, SEEN - timedelta(minutes=4))
    summaries = open_incidents(db, director)
    assert [s.id for s in summaries] == [first, second]
    assert [s.stage(NOW + timedelta(minutes=5)) for s in summaries] == [Stage.FIRST, Stage.BEFORE]
    close_now(db, director, first)
    assert [s.id for s in open_incidents(db, director)] == [second]
    assert [s.id for s in incident_history(db, director)] == [second, first]
    assert [s.id for s in incident_history(db, director, young)] == [first]


def test_learner_brief_has_contacts_in_order_places_and_signed_risks(
    db: Database, director: StaffUser, young: int
) -> None:
    brief = learner_brief(db, director, young, NOW)
    assert (brief.name, brief.age, brief.rating, brief.police_required) == (
        "Alex Hughes",
        14,
        "GREEN",
        True,
    )
    assert [c.name for c in brief.contacts] == ["Kim Hughes", "Gran Hughes"]
    assert [(p.label, p.number) for p in brief.contacts[0].phones] == [
        ("Mobile", "07700 900123"),
        ("Work", "020 7946 0000"),
    ]
    assert [(p.kind, p.name) for p in brief.places] == [
        ("place", "Skate park"),
        ("person", "Jay (cousin)"),
    ]
    assert [(r.risk, r.score, r.band) for r in brief.risks] == [("Road safety", 20, "RED")]
    assert brief.description == "Slim build, short brown hair"


def test_learner_choices_leave_out_leavers(db: Database, director: StaffUser, young: int) -> None:
    gone = add_learner(db, "Gone", "Away", date(2011, 1, 1))
    with db.transaction() as session:
        session.get_one(Learner, gone).leaving_date = date(2025, 9, 5)
    assert [c.id for c in learner_choices(db, director, DAY)] == [young]


def test_unknown_incident_is_not_found(db: Database, director: StaffUser) -> None:
    with pytest.raises(NotFound):
        incident_detail(db, director, 42)
