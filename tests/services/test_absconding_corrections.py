"""Issue 11 on the absconding services: where and by whom may wait; the DSL corrects the start on
the timeline; closing checks the protocol; opened in error is kept but counted nowhere; the
return interview is an alert while owed; the DSL starting it is the DSL informed; the sheet's
facts for the police are in the learner's brief."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop_app.domain.permissions import Role
from desktop_app.models import AuditEntry, Incident, IncidentEntry, Learner, Professional
from desktop_app.models.engine import Database
from desktop_app.services.absconding import (
    close_in_error,
    close_incident,
    correct_start,
    record_step,
    start_incident,
)
from desktop_app.services.absconding_data import Closing, NewIncident, StartCorrection, StepInput
from desktop_app.services.absconding_queries import (
    incident_detail,
    incident_history,
    learner_brief,
    open_incidents,
    return_interview_alerts,
)
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import ValidationFailed
from desktop_app.services.report_data.termly_safeguarding import absconding
from tests.services.test_incidents import DAY, NOW, SEEN, add_learner, counts, start

LATER = NOW + timedelta(minutes=20)


@pytest.fixture
def young(db: Database) -> int:
    return add_learner(db, "Alex", "Hughes", date(2011, 3, 1), details=True)


def test_where_and_seen_by_may_wait_and_read_not_recorded_yet(
    db: Database, director: StaffUser, young: int
) -> None:
    summary = start_incident(db, director, NewIncident(young, SEEN), NOW)
    detail = incident_detail(db, director, summary.id)
    assert (detail.last_seen_where, detail.seen_by) == ("", "")
    assert summary.is_open and counts(db)[0] == 1


def test_the_dsl_starting_it_is_the_dsl_informed(
    db: Database, make_staff: Callable[[Role], StaffUser], director: StaffUser, young: int
) -> None:
    dsl = make_staff(Role.DSL)
    incident = start_incident(db, dsl, NewIncident(young, SEEN, "Gate"), NOW).id
    [entry] = incident_detail(db, dsl, incident).entries
    assert (entry.kind, entry.at, entry.staff) == ("dsl_informed", NOW, dsl.full_name)
    other = add_learner(db, "Bea", "Other", date(2011, 4, 4))
    assert incident_detail(db, director, start(db, director, other)).entries == ()


def test_the_dsl_corrects_the_start_keeping_the_old_value_who_and_when(
    db: Database, director: StaffUser, young: int
) -> None:
    incident = start_incident(db, director, NewIncident(young, SEEN, "", "Ms Tutor"), NOW).id
    earlier = SEEN - timedelta(minutes=4)
    fix = StartCorrection("CCTV", last_seen_at=earlier, last_seen_where="Side gate")
    entries = correct_start(db, director, incident, fix, LATER)
    assert [e.field for e in entries] == ["last_seen_at", "last_seen_where"]
    detail = incident_detail(db, director, incident)
    assert detail.summary.last_seen_at == earlier and detail.last_seen_where == "Side gate"
    assert detail.seen_by == "Ms Tutor"  # not given: unchanged
    where = detail.entries[1]
    assert (where.kind, where.staff, where.recorded_at) == ("correction", "Dana Director", LATER)
    assert where.summary() == "Where last seen: Side gate (was not recorded yet); CCTV"
    seen = detail.entries[0]
    assert seen.old_value == SEEN.isoformat() and "(was " in seen.summary()
    assert detail.summary.elapsed(NOW) == timedelta(minutes=7)  # runs from the corrected time
    with db.reading() as session:  # append-only: one entry per change, nothing rewritten
        assert session.query(IncidentEntry).count() == 2


def test_a_bad_correction_changes_nothing(db: Database, director: StaffUser, young: int) -> None:
    incident = start(db, director, young)
    record_step(db, director, incident, StepInput("dsl_informed", SEEN + timedelta(minutes=1)), NOW)
    for fix, field in (
        (StartCorrection("x", last_seen_at=SEEN + timedelta(minutes=2)), "last_seen_at"),
        (StartCorrection("x", last_seen_at=NOW + timedelta(minutes=2)), "last_seen_at"),
        (StartCorrection("x", last_seen_where="Back gate"), "reason"),  # the same: no change
    ):
        with pytest.raises(ValidationFailed) as caught:
            correct_start(db, director, incident, fix, NOW)
        assert {p.field for p in caught.value.problems} == {field}
    assert counts(db) == (1, 1)


def test_closing_with_told_steps_not_done_needs_why_and_keeps_it(
    db: Database, director: StaffUser, young: int
) -> None:
    incident = start(db, director, young)
    record_step(db, director, incident, StepInput("parent_told", NOW, person="Mum"), NOW)
    closing = Closing(NOW, False, "Back in class")
    with pytest.raises(ValidationFailed) as caught:
        close_incident(db, director, incident, closing, NOW)
    [problem] = caught.value.problems
    assert problem.field == "skipped" and "Commissioner told; Police told" in problem.message
    assert [s.id for s in open_incidents(db, director)] == [incident]
    why = Closing(NOW, False, "Back in class", skipped_reason="Back before anyone could ring")
    close_incident(db, director, incident, why, NOW)
    detail = incident_detail(db, director, incident)
    assert detail.skipped_steps == ("commissioner_told", "police_told")
    assert detail.skipped_reason == "Back before anyone could ring"


def test_all_told_steps_done_closes_without_a_question(
    db: Database, director: StaffUser, young: int
) -> None:
    incident = start(db, director, young)
    for kind, extra in (("parent_told", "Mum"), ("commissioner_told", "LA"), ("police_told", "")):
        step = StepInput(kind, NOW, person=extra, channel="101" if kind == "police_told" else "")
        record_step(db, director, incident, step, NOW)
    close_incident(db, director, incident, Closing(NOW, False, "Back"), NOW)
    assert incident_detail(db, director, incident).skipped_steps == ()


def test_opened_in_error_is_kept_audited_and_counted_nowhere(
    db: Database, director: StaffUser, young: int
) -> None:
    mistake = start(db, director, young)
    with pytest.raises(ValidationFailed):
        close_in_error(db, director, mistake, "  ", NOW)
    close_in_error(db, director, mistake, "Wrong learner chosen", NOW)
    assert open_incidents(db, director) == []
    [kept] = incident_history(db, director)
    assert kept.id == mistake and kept.opened_in_error
    detail = incident_detail(db, director, mistake)
    assert detail.error_reason == "Wrong learner chosen" and not detail.return_interview_owed
    with db.reading() as session:
        assert absconding(session, DAY, DAY).incidents == 0
        assert return_interview_alerts(session, LATER.replace(tzinfo=None)) == []
        changes = session.scalars(
            select(AuditEntry.detail).where(
                AuditEntry.entity == "incidents", AuditEntry.entity_id == mistake
            )
        ).all()
        assert any("Wrong learner chosen" in text for text in changes)
        assert session.get_one(Incident, mistake).opened_in_error


def test_a_real_incident_is_counted(db: Database, director: StaffUser, young: int) -> None:
    """The other side of the test above: the same incident not in error is in the figures."""
    start(db, director, young)
    with db.reading() as session:
        assert absconding(session, DAY, DAY).incidents == 1


def test_return_interview_is_an_alert_from_the_return_until_recorded(
    db: Database, director: StaffUser, young: int
) -> None:
    incident = start(db, director, young)
    with db.reading() as session:
        assert return_interview_alerts(session, LATER) == []  # still missing: nothing owed
    found = StepInput("found", NOW, place="Park", person="Mum", condition="Calm")
    record_step(db, director, incident, found, NOW)
    with db.reading() as session:
        [alert] = return_interview_alerts(session, LATER)
    assert alert.kind == "return_interview_owed" and alert.key == str(incident)
    assert alert.date == NOW.astimezone().date()
    record_step(db, director, incident, StepInput("return_interview", LATER), LATER)
    with db.reading() as session:
        assert return_interview_alerts(session, LATER) == []


def test_the_brief_carries_what_the_police_ask_for(
    db: Database, director: StaffUser, young: int
) -> None:
    with db.transaction() as session:
        learner = session.get_one(Learner, young)
        learner.home_address = "12 Mill Lane, Northtown NT1 2AB"
        learner.looked_after = True
        learner.placing_authority = "Northshire County Council"
        learner.medical_needs = "Asthma"
        learner.medication = "Salbutamol inhaler"
        session.add(
            Professional(
                learner_id=young, kind="social_worker", name="Sam Patel", organisation="NCC"
            )
        )
    brief = learner_brief(db, director, young, NOW)
    assert brief.home_address == "12 Mill Lane, Northtown NT1 2AB"
    assert brief.care_status == "Looked after, placed by Northshire County Council"
    assert brief.social_workers == ("Sam Patel, NCC",)
    assert (brief.medical_needs, brief.medication) == ("Asthma", "Salbutamol inhaler")
