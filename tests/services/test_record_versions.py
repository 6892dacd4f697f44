"""A save based on a stale read of a record two people may edit is refused (issue 16 point 3).

Each service takes the row_version the screen showed; someone else's save in between makes the
write refused with StaleWrite, "changed by NAME at HH:MM" (the newest audit entry for the row),
and nothing is written. Without a version (the command line) there is no check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.models.engine import Database
from desktop_app.services import risk_assessments as ra
from desktop_app.services.auth import StaffUser
from desktop_app.services.contacts import (
    ContactDetails,
    PlaceDetails,
    ProfessionalDetails,
    add_contact,
    add_place,
    add_professional,
    stored_contact,
    stored_place,
    stored_professional,
    update_contact,
    update_place,
    update_professional,
)
from desktop_app.services.errors import StaleWrite
from desktop_app.services.learner_records import (
    LearnerDetails,
    add_learner,
    learner_details,
    learner_version,
    update_learner,
)

TODAY = date(2025, 9, 1)
CHANGED_BY = re.compile(r"changed by (.+) at \d\d:\d\d after you opened it; nothing was written")


@pytest.fixture
def two(make_staff: Callable[[Role], StaffUser]) -> tuple[StaffUser, StaffUser]:
    return make_staff(Role.ATTENDANCE_OFFICER), make_staff(Role.DSL)


@pytest.fixture
def learner(db: Database, director: StaffUser) -> int:
    details = LearnerDetails(
        make_upn("820300000001"), "Ahmed", "Ann", date(2011, 3, 14), date(2025, 9, 3)
    )
    return add_learner(db, director, details, today=TODAY)


def _refused_by(caught: pytest.ExceptionInfo[StaleWrite]) -> str:
    found = CHANGED_BY.search(str(caught.value))
    assert found, str(caught.value)
    return found.group(1)


def test_a_stale_contact_edit_is_refused_naming_who_changed_it(
    db: Database, two: tuple[StaffUser, StaffUser], learner: int
) -> None:
    first, second = two
    mum = ContactDetails("Mary Ahmed", "Mother", mobile="07911 123456")
    contact = add_contact(db, first, learner, mum)
    shown, version = stored_contact(db, second, contact)
    update_contact(db, first, contact, replace(mum, notes="new number soon"), version)
    with pytest.raises(StaleWrite) as caught:
        update_contact(db, second, contact, replace(shown, name="Mary A"), version)
    assert _refused_by(caught) == first.full_name
    now, newer = stored_contact(db, second, contact)
    assert (now.name, now.notes, newer) == ("Mary Ahmed", "new number soon", version + 1)
    update_contact(db, second, contact, replace(now, name="Mary A"), newer)  # the reload saves
    assert stored_contact(db, second, contact)[0].name == "Mary A"


def test_stale_professional_and_place_edits_are_refused(
    db: Database, two: tuple[StaffUser, StaffUser], learner: int
) -> None:
    first, second = two
    gp = ProfessionalDetails("gp", "Dr Shah")
    professional = add_professional(db, first, learner, gp)
    _shown, version = stored_professional(db, second, professional)
    update_professional(db, first, professional, replace(gp, organisation="Park Surgery"), version)
    with pytest.raises(StaleWrite) as caught:
        update_professional(db, second, professional, replace(gp, name="Dr Khan"), version)
    assert _refused_by(caught) == first.full_name
    assert stored_professional(db, second, professional)[0].name == "Dr Shah"

    park = PlaceDetails("place", "Roundhay Park")
    place = add_place(db, first, learner, park)
    _shown, version = stored_place(db, second, place)
    update_place(db, second, place, replace(park, detail="by the lake"), version)
    with pytest.raises(StaleWrite) as caught:
        update_place(db, first, place, replace(park, name="Bus station"), version)
    assert _refused_by(caught) == second.full_name
    assert stored_place(db, first, place)[0] == replace(park, detail="by the lake")


def test_a_stale_learner_edit_is_refused_and_without_a_version_there_is_no_check(
    db: Database, learner: int, director: StaffUser
) -> None:
    version = learner_version(db, director, learner)
    details = learner_details(db, director, learner)
    update_learner(db, director, learner, replace(details, description="tall"), TODAY, version)
    with pytest.raises(StaleWrite) as caught:
        update_learner(db, director, learner, replace(details, forename="Anne"), TODAY, version)
    assert _refused_by(caught) == director.full_name
    assert learner_details(db, director, learner).forename == "Ann"
    update_learner(db, director, learner, replace(details, forename="Anne"), TODAY)
    assert learner_details(db, director, learner).forename == "Anne"


def test_a_stale_risk_draft_save_is_refused_even_when_only_its_risks_changed(
    db: Database, two: tuple[StaffUser, StaffUser], learner: int
) -> None:
    _first, dsl = two
    draft = ra.start_assessment(db, dsl, learner, TODAY)
    risks = (ra.RiskEntry("Self-harm", 5, 4, "Check-ins"),)
    saved = ra.save_assessment(
        db, dsl, draft.id, replace(draft.content, risks=risks), TODAY, draft.row_version
    )
    assert saved.row_version > draft.row_version  # only a child row changed, yet it rose
    with pytest.raises(StaleWrite):
        ra.save_assessment(db, dsl, draft.id, draft.content, TODAY, draft.row_version)
    assert ra.get_assessment(db, dsl, draft.id, TODAY).content.risks == risks
