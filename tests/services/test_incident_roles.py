"""The incident services called as every role: anyone may start an incident and act on an open
one; closing, and anything about a closed one, is for safeguarding staff; thresholds for the
director."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from desktop_app.domain.permissions import Action, Role, allowed
from desktop_app.models.engine import Database
from desktop_app.services.absconding import (
    add_note,
    close_in_error,
    close_incident,
    correct_start,
    record_step,
    set_absconding_thresholds,
    start_incident,
)
from desktop_app.services.absconding_data import Closing, NewIncident, StartCorrection, StepInput
from desktop_app.services.absconding_queries import (
    absconding_thresholds,
    incident_detail,
    incident_history,
    learner_brief,
    learner_choices,
    open_incidents,
)
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import PermissionDenied
from tests.services.test_incidents import NOW, SEEN, add_learner

Call = Callable[[Database, StaffUser, dict[str, int]], Any]
STEP = StepInput("dsl_informed", NOW)
CLOSING = Closing(NOW, False, "Back in class", skipped_reason="Back within two minutes")

#: (the action the role needs, the call) — `ids` holds an open and a closed incident.
CALLS: dict[str, tuple[Action, Call]] = {
    "start": (
        Action.START_INCIDENT,
        lambda db, u, ids: start_incident(
            db, u, NewIncident(ids["learner"], SEEN, "Gate", "Me"), NOW
        ),
    ),
    "record_step_open": (
        Action.START_INCIDENT,
        lambda db, u, ids: record_step(db, u, ids["open"], STEP, NOW),
    ),
    "note_open": (
        Action.START_INCIDENT,
        lambda db, u, ids: add_note(db, u, ids["open"], "Seen on CCTV", NOW),
    ),
    "detail_open": (Action.START_INCIDENT, lambda db, u, ids: incident_detail(db, u, ids["open"])),
    "open_incidents": (Action.START_INCIDENT, lambda db, u, ids: open_incidents(db, u)),
    "choices": (Action.START_INCIDENT, lambda db, u, ids: learner_choices(db, u, NOW.date())),
    "brief": (Action.START_INCIDENT, lambda db, u, ids: learner_brief(db, u, ids["learner"], NOW)),
    "thresholds": (Action.START_INCIDENT, lambda db, u, ids: absconding_thresholds(db, u)),
    "close": (
        Action.SAFEGUARDING,
        lambda db, u, ids: close_incident(db, u, ids["open"], CLOSING, NOW),
    ),
    "close_in_error": (
        Action.SAFEGUARDING,
        lambda db, u, ids: close_in_error(db, u, ids["open"], "Wrong learner chosen", NOW),
    ),
    "correct_start": (
        Action.SAFEGUARDING,
        lambda db, u, ids: correct_start(
            db, u, ids["open"], StartCorrection("CCTV", last_seen_where="Side gate"), NOW
        ),
    ),
    "debrief_closed": (
        Action.SAFEGUARDING,
        lambda db, u, ids: record_step(
            db, u, ids["closed"], StepInput("debrief", NOW, detail="Upset by a text"), NOW
        ),
    ),
    "note_closed": (
        Action.SAFEGUARDING,
        lambda db, u, ids: add_note(db, u, ids["closed"], "LA interview booked", NOW),
    ),
    "detail_closed": (
        Action.SAFEGUARDING,
        lambda db, u, ids: incident_detail(db, u, ids["closed"]),
    ),
    "history": (Action.SAFEGUARDING, lambda db, u, ids: incident_history(db, u)),
    "set_thresholds": (
        Action.MANAGE_SETTINGS,
        lambda db, u, ids: set_absconding_thresholds(db, u, 10, 15),
    ),
}


@pytest.fixture
def ids(db: Database, director: StaffUser) -> dict[str, int]:
    first = add_learner(db, "Open", "Case", date(2011, 1, 1))
    second = add_learner(db, "Closed", "Case", date(2011, 2, 2))
    third = add_learner(db, "New", "Case", date(2011, 3, 3))
    open_one = start_incident(db, director, NewIncident(first, SEEN, "Gate", "Me"), NOW).id
    closed = start_incident(db, director, NewIncident(second, SEEN, "Gate", "Me"), NOW).id
    close_incident(db, director, closed, CLOSING, NOW + timedelta(minutes=1))
    return {"open": open_one, "closed": closed, "learner": third}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(CALLS))
def test_each_incident_service_checks_the_role(
    db: Database,
    make_staff: Callable[[Role], StaffUser],
    ids: dict[str, int],
    role: Role,
    name: str,
) -> None:
    action, call = CALLS[name]
    user = make_staff(role)
    if allowed(role, action):
        call(db, user, ids)
    else:
        with pytest.raises(PermissionDenied):
            call(db, user, ids)


def test_every_role_may_start_an_incident_but_only_safeguarding_staff_close_one() -> None:
    assert all(allowed(role, Action.START_INCIDENT) for role in Role)
    assert [r for r in Role if allowed(r, Action.SAFEGUARDING)] == [Role.DSL, Role.DIRECTOR]
