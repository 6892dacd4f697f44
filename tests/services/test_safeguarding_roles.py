"""Every safeguarding and learner-record service, called as every role (the style of
test_roles.py). A tutor may view learners but not manage them or log contacts; an attendance
officer may manage learners and log contacts but not set RAG criteria or override the rating;
the DSL and the director may do all of it. A refused call changes nothing."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop_app.domain.permissions import Action, Role, allowed
from desktop_app.domain.upn import make_upn
from desktop_app.models import (
    AuditEntry,
    Commissioner,
    ContactLogEntry,
    EmergencyContact,
    Learner,
    MissingPlace,
    Professional,
    RagFactor,
    RagOverride,
    RiskAssessment,
)
from desktop_app.models.engine import Database
from desktop_app.services import alerts, contact_log, contacts, learner_records, rag
from desktop_app.services.auth import StaffUser
from desktop_app.services.contacts import ContactDetails, PlaceDetails, ProfessionalDetails
from desktop_app.services.errors import PermissionDenied
from desktop_app.services.learner_records import LearnerDetails

TODAY = date(2025, 9, 1)
NOW = datetime(2025, 9, 10, 12, 0, tzinfo=UTC)
ANN = LearnerDetails(
    make_upn("820300000001"),
    "Ahmed",
    "Ann",
    date(2011, 3, 14),
    date(2025, 9, 3),
    None,
    "Kestrel",
    "Leeds",
)
BEN = LearnerDetails(make_upn("820300000002"), "Brown", "Ben", date(2010, 5, 1), date(2025, 9, 3))
MUM = ContactDetails("Mary Ahmed", "Mother", True, mobile="07911 123456")
DAD = ContactDetails("Sam Ahmed", "Father", landline="0113 496 0001")
GP = ProfessionalDetails("gp", "Dr Patel", "Park Surgery", "0113 496 0200")
PARK = PlaceDetails("place", "Roundhay Park")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@dataclass(frozen=True)
class Ids:
    learner: int
    mum: int
    dad: int
    professional: int
    place: int
    commissioner: int


Call = Callable[[Database, StaffUser, Ids], Any]

CALLS: dict[str, tuple[Action, Call]] = {
    # learner_records
    "add_learner": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: learner_records.add_learner(db, u, BEN, TODAY),
    ),
    "update_learner": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: learner_records.update_learner(db, u, i.learner, ANN, TODAY),
    ),
    "learner_details": (
        Action.VIEW_LEARNERS,
        lambda db, u, i: learner_records.learner_details(db, u, i.learner),
    ),
    "learner_version": (
        Action.VIEW_LEARNERS,
        lambda db, u, i: learner_records.learner_version(db, u, i.learner),
    ),
    "stored_contact": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.stored_contact(db, u, i.mum),
    ),
    "stored_professional": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.stored_professional(db, u, i.professional),
    ),
    "stored_place": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.stored_place(db, u, i.place),
    ),
    "find_learner": (
        Action.VIEW_LEARNERS,
        lambda db, u, i: learner_records.find_learner(db, u, ANN.upn),
    ),
    "set_photo": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: learner_records.set_photo(db, u, i.learner, PNG),
    ),
    "get_photo": (
        Action.VIEW_LEARNERS,
        lambda db, u, i: learner_records.get_photo(db, u, i.learner),
    ),
    "list_commissioners": (
        Action.VIEW_LEARNERS,
        lambda db, u, i: learner_records.list_commissioners(db, u),
    ),
    "update_commissioner": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: learner_records.update_commissioner(
            db, u, i.commissioner, "Carol Case", "carol@leeds.gov.uk", "0113 496 0123"
        ),
    ),
    # contacts
    "add_contact": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.add_contact(db, u, i.learner, MUM),
    ),
    "update_contact": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.update_contact(db, u, i.mum, DAD),
    ),
    "remove_contact": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.remove_contact(db, u, i.mum),
    ),
    "reorder_contacts": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.reorder_contacts(db, u, i.learner, [i.dad, i.mum]),
    ),
    "add_professional": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.add_professional(db, u, i.learner, GP),
    ),
    "update_professional": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.update_professional(db, u, i.professional, GP),
    ),
    "remove_professional": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.remove_professional(db, u, i.professional),
    ),
    "add_place": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.add_place(db, u, i.learner, PARK),
    ),
    "update_place": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.update_place(db, u, i.place, PlaceDetails("person", "Jo")),
    ),
    "remove_place": (
        Action.MANAGE_LEARNERS,
        lambda db, u, i: contacts.remove_place(db, u, i.place),
    ),
    # contact_log
    "log_contact": (
        Action.LOG_CONTACTS,
        lambda db, u, i: contact_log.log_contact(
            db, u, i.learner, NOW, "phone_call", "Mother", "spoke", now=NOW
        ),
    ),
    "contact_history": (
        Action.LOG_CONTACTS,
        lambda db, u, i: contact_log.contact_history(db, u, i.learner),
    ),
    # rag
    "set_factor": (
        Action.SAFEGUARDING,
        lambda db, u, i: rag.set_factor(db, u, i.learner, "cp_plan", date(2025, 9, 5)),
    ),
    "clear_factor": (
        Action.SAFEGUARDING,
        lambda db, u, i: rag.clear_factor(db, u, i.learner, "family_concern"),
    ),
    "override_rating": (
        Action.SAFEGUARDING,
        lambda db, u, i: rag.override_rating(db, u, i.learner, "red", "disclosure", NOW),
    ),
    "clear_override": (
        Action.SAFEGUARDING,
        lambda db, u, i: rag.clear_override(db, u, i.learner, NOW),
    ),
    # alerts, now with the five safeguarding alerts
    "alerts": (
        Action.VIEW_ALERTS,
        lambda db, u, i: alerts.alerts(db, u, date(2025, 9, 10), datetime(2025, 9, 10, 16, 0)),
    ),
}

EVERYONE = set(Role)
OFFICER_UP = {Role.ATTENDANCE_OFFICER, Role.DSL, Role.DIRECTOR}
DSL_UP = {Role.DSL, Role.DIRECTOR}
#: The brief's rule, written out independently of desktop_app/domain/permissions.py.
EXPECTED: dict[Action, set[Role]] = {
    Action.VIEW_LEARNERS: EVERYONE,
    Action.VIEW_ALERTS: EVERYONE,
    Action.MANAGE_LEARNERS: OFFICER_UP,
    Action.LOG_CONTACTS: OFFICER_UP,
    Action.SAFEGUARDING: DSL_UP,
}
MODULES: tuple[ModuleType, ...] = (learner_records, contacts, contact_log, rag)
TABLES = (
    Learner,
    Commissioner,
    EmergencyContact,
    Professional,
    MissingPlace,
    ContactLogEntry,
    RagFactor,
    RagOverride,
)


@pytest.fixture
def ids(db: Database, director: StaffUser) -> Ids:
    """A learner with two contacts, a professional, a place, a commissioner, a ticked AMBER
    criterion, a signed risk assessment and an override, so every call has something to do."""
    learner = learner_records.add_learner(db, director, ANN, TODAY)
    mum = contacts.add_contact(db, director, learner, MUM)
    dad = contacts.add_contact(db, director, learner, DAD)
    professional = contacts.add_professional(db, director, learner, GP)
    place = contacts.add_place(db, director, learner, PARK)
    (commissioner,) = learner_records.list_commissioners(db, director)
    rag.set_factor(db, director, learner, "family_concern", date(2025, 9, 3))
    with db.transaction() as session:
        session.add(
            RiskAssessment(
                learner_id=learner,
                version=1,
                date_written=date(2025, 9, 4),
                compiled_by="Dee Dsl",
                review_date=date(2025, 12, 1),
                dsl_signed_on=date(2025, 9, 4),
                created_at=NOW,
            )
        )
    rag.override_rating(db, director, learner, "amber", "agreed at the review", NOW)
    return Ids(learner, mum, dad, professional, place, commissioner.id)


def snapshot(db: Database) -> tuple:
    with db.reading() as session:
        tables = tuple(
            [
                tuple(getattr(row, c.key) for c in model.__table__.columns)
                for row in session.scalars(select(model).order_by(model.id))
            ]
            for model in TABLES
        )
        return (*tables, session.scalar(select(func.count()).select_from(AuditEntry)))


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(CALLS))
def test_service_allows_exactly_the_roles_in_the_table(
    name: str, role: Role, db: Database, ids: Ids, make_staff: Callable[[Role], StaffUser]
) -> None:
    action, call = CALLS[name]
    user = make_staff(role)
    if allowed(role, action):
        call(db, user, ids)  # set up so that it succeeds: no error of any kind
    else:
        before = snapshot(db)
        with pytest.raises(PermissionDenied, match=action.value.replace("_", " ")):
            call(db, user, ids)
        assert snapshot(db) == before


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_permission_table_gives_each_call_the_roles_the_brief_names(name: str) -> None:
    action, _call = CALLS[name]
    assert {role for role in Role if allowed(role, action)} == EXPECTED[action]


def test_every_public_service_function_is_in_the_table() -> None:
    """A new service function that takes the signed-in user must be added to CALLS."""
    public = {
        name
        for module in MODULES
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__ == module.__name__
        and not name.startswith("_")
        and "user" in inspect.signature(value).parameters
    }
    assert public - set(CALLS) == set()


def test_a_tutor_sees_the_learner_but_cannot_change_or_chase_them(
    db: Database, ids: Ids, make_staff: Callable[[Role], StaffUser]
) -> None:
    tutor = make_staff(Role.TUTOR)
    stored = replace(ANN, home_address="", looked_after=False, placing_authority="")
    stored = replace(stored, medical_needs="", medication="")  # as stored: none given
    assert learner_records.learner_details(db, tutor, ids.learner) == stored
    with pytest.raises(PermissionDenied):
        learner_records.update_learner(db, tutor, ids.learner, BEN, TODAY)
    with pytest.raises(PermissionDenied):
        contact_log.log_contact(db, tutor, ids.learner, NOW, "text", "Mum", "replied", now=NOW)


def test_an_officer_manages_and_chases_but_cannot_rate(
    db: Database, ids: Ids, make_staff: Callable[[Role], StaffUser]
) -> None:
    officer = make_staff(Role.ATTENDANCE_OFFICER)
    contacts.add_contact(db, officer, ids.learner, MUM)
    contact_log.log_contact(db, officer, ids.learner, NOW, "text", "Mum", "replied", now=NOW)
    with pytest.raises(PermissionDenied):
        rag.set_factor(db, officer, ids.learner, "ehcp", date(2025, 9, 5))
    with pytest.raises(PermissionDenied):
        rag.override_rating(db, officer, ids.learner, "green", "fine now", NOW)
    with pytest.raises(PermissionDenied):
        rag.clear_override(db, officer, ids.learner, NOW)
