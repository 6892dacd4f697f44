"""Emergency contacts, professionals involved, and places a learner may go if missing.

Numbers are checked as UK numbers and stored in E.164; every refusal changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.models import AuditEntry, EmergencyContact, MissingPlace, Professional
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.contacts import (
    PROFESSIONAL_KINDS,
    ContactDetails,
    PlaceDetails,
    ProfessionalDetails,
    add_contact,
    add_place,
    add_professional,
    contact_form,
    remove_contact,
    remove_place,
    remove_professional,
    reorder_contacts,
    update_contact,
    update_place,
    update_professional,
)
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.learner_records import LearnerDetails, add_learner

MUM = ContactDetails(
    name="Mary Ahmed",
    relationship="Mother",
    parental_responsibility=True,
    mobile="07911 123456",
    email="mary@example.com",
    address="1 Park Road, Leeds",
)
DAD = ContactDetails(name="Sam Ahmed", relationship="Father", landline="0113 496 0001")
GRAN = ContactDetails(
    name="Gran",
    relationship="Grandmother",
    work_phone="0113 496 0002",
    may_collect=False,
    notes="not to collect",
)
DRAMA_MOBILE = "07700 900123"  # Ofcom's drama range: not a valid number in libphonenumber
UK_ADVICE = "is not a valid UK number: check the digits (a mobile is 07 and 9 more digits)"
LANDLINE_ADVICE = "is not a valid UK number: check the digits"


def learner(db: Database, user: StaffUser, body: str, surname: str) -> int:
    details = LearnerDetails(
        make_upn(body), surname, "Ann", date(2011, 3, 14), date(2025, 9, 3), group="Kestrel"
    )
    return add_learner(db, user, details, today=date(2025, 9, 1))


@pytest.fixture
def officer(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.ATTENDANCE_OFFICER)


@pytest.fixture
def ann(db: Database, officer: StaffUser) -> int:
    return learner(db, officer, "820300000001", "Ahmed")


@pytest.fixture
def ben(db: Database, officer: StaffUser) -> int:
    return learner(db, officer, "820300000002", "Brown")


def contacts_of(db: Database, learner_id: int) -> list[tuple]:
    with db.reading() as session:
        return [
            (r.id, r.priority, r.name, r.mobile, r.landline, r.work_phone, r.email)
            for r in session.scalars(
                select(EmergencyContact)
                .where(EmergencyContact.learner_id == learner_id)
                .order_by(EmergencyContact.priority)
            )
        ]


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def rows(db: Database, model: type) -> list[dict]:
    with db.reading() as session:
        return [
            {c.key: getattr(r, c.key) for c in model.__table__.columns}
            for r in session.scalars(select(model).order_by(model.id))
        ]


def snapshot(db: Database) -> tuple:
    """Every row these services write, and the audit log's length."""
    return (
        rows(db, EmergencyContact),
        rows(db, Professional),
        rows(db, MissingPlace),
        count(db, AuditEntry),
    )


def refused(call: Callable[[], object]) -> list[tuple[str | None, str]]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return [(p.field, p.message) for p in caught.value.problems]


def audit(db: Database, entity: str) -> list[tuple[str, int | None, int | None, int | None, str]]:
    with db.reading() as session:
        return [
            (e.action, e.entity_id, e.learner_id, e.staff_id, e.detail)
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
            )
        ]


# --- Adding emergency contacts --------------------------------------------------------------


def test_contacts_are_added_in_priority_order_with_numbers_in_e164(
    db: Database, officer: StaffUser, ann: int
) -> None:
    mum = add_contact(db, officer, ann, MUM)
    dad = add_contact(db, officer, ann, DAD)
    gran = add_contact(db, officer, ann, GRAN)
    assert contacts_of(db, ann) == [
        (mum, 1, "Mary Ahmed", "+447911123456", "", "", "mary@example.com"),
        (dad, 2, "Sam Ahmed", "", "+441134960001", "", ""),
        (gran, 3, "Gran", "", "", "+441134960002", ""),
    ]


def test_the_form_shows_a_stored_contact_as_entered_with_numbers_in_e164(
    db: Database, officer: StaffUser, ann: int
) -> None:
    contact_id = add_contact(db, officer, ann, replace(GRAN, name="  Gran ", notes=" no "))
    with db.reading() as session:
        form = contact_form(session.get_one(EmergencyContact, contact_id))
    assert form == replace(GRAN, work_phone="+441134960002", notes="no")


def test_adding_a_contact_is_in_the_audit_log_against_the_learner(
    db: Database, officer: StaffUser, ann: int
) -> None:
    contact_id = add_contact(db, officer, ann, MUM)
    ((action, entity_id, learner_id, staff_id, detail),) = audit(db, "emergency_contacts")
    assert (action, entity_id, learner_id, staff_id) == ("create", contact_id, ann, officer.id)
    assert json.loads(detail)["mobile"] == "+447911123456"


def test_each_learner_has_their_own_priority_order(
    db: Database, officer: StaffUser, ann: int, ben: int
) -> None:
    add_contact(db, officer, ann, MUM)
    add_contact(db, officer, ann, DAD)
    add_contact(db, officer, ben, GRAN)
    assert [c[1] for c in contacts_of(db, ben)] == [1]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"name": "  "}, ("name", "Enter the contact's name")),
        ({"relationship": ""}, ("relationship", "Enter how the contact is related to the learner")),
        ({"mobile": DRAMA_MOBILE}, ("mobile", f"Mobile: '{DRAMA_MOBILE}' {UK_ADVICE}")),
        ({"mobile": "07911 12345"}, ("mobile", f"Mobile: '07911 12345' {UK_ADVICE}")),
        ({"landline": "0113 496"}, ("landline", f"Home phone: '0113 496' {LANDLINE_ADVICE}")),
        ({"work_phone": "reception"}, ("work_phone", "Work: 'reception' is not a phone number")),
        ({"mobile": ""}, ("mobile", "Enter at least one phone number")),
        ({"mobile": "   "}, ("mobile", "Enter at least one phone number")),
        ({"email": "mary at home"}, ("email", "'mary at home' is not an email address")),
        ({"email": "@example.com"}, ("email", "'@example.com' is not an email address")),
        ({"email": "mary@"}, ("email", "'mary@' is not an email address")),
        ({"email": "mary.example.com"}, ("email", "'mary.example.com' is not an email address")),
    ],
)
def test_an_invalid_contact_is_refused_with_its_message_and_nothing_is_added(
    db: Database, officer: StaffUser, ann: int, change: dict, problem: tuple[str, str]
) -> None:
    add_contact(db, officer, ann, DAD)
    before = snapshot(db)
    assert refused(lambda: add_contact(db, officer, ann, replace(MUM, **change))) == [problem]
    assert snapshot(db) == before


def test_a_landline_alone_is_enough(db: Database, officer: StaffUser, ann: int) -> None:
    add_contact(db, officer, ann, DAD)
    assert contacts_of(db, ann)[0][4] == "+441134960001"


def test_an_invalid_number_and_an_invalid_email_are_listed_together(
    db: Database, officer: StaffUser, ann: int
) -> None:
    details = replace(MUM, mobile="", landline="0113", email="nope")
    assert [field for field, _m in refused(lambda: add_contact(db, officer, ann, details))] == [
        "landline",
        "email",
    ]
    assert contacts_of(db, ann) == []


def test_a_contact_with_no_name_and_no_number_is_told_both(
    db: Database, officer: StaffUser, ann: int
) -> None:
    """A form with no name and no number is told both at once, not one per attempt."""
    details = replace(MUM, name="", mobile="")
    assert [field for field, _m in refused(lambda: add_contact(db, officer, ann, details))] == [
        "name",
        "mobile",
    ]


def test_a_contact_for_a_learner_who_has_gone_is_not_found(
    db: Database, officer: StaffUser
) -> None:
    with pytest.raises(NotFound, match="no longer on the register"):
        add_contact(db, officer, 999, MUM)
    assert count(db, EmergencyContact) == 0


# --- Editing, removing and reordering -------------------------------------------------------


def test_editing_a_contact_changes_it_and_is_audited(
    db: Database, officer: StaffUser, ann: int
) -> None:
    mum = add_contact(db, officer, ann, MUM)
    update_contact(db, officer, mum, replace(MUM, mobile="+44 7912 345678", email=""))
    assert contacts_of(db, ann) == [(mum, 1, "Mary Ahmed", "+447912345678", "", "", "")]
    action, entity_id, learner_id, _staff, detail = audit(db, "emergency_contacts")[-1]
    assert (action, entity_id, learner_id) == ("change", mum, ann)
    assert json.loads(detail)["mobile"] == ["+447911123456", "+447912345678"]


def test_an_invalid_edit_changes_nothing(db: Database, officer: StaffUser, ann: int) -> None:
    mum = add_contact(db, officer, ann, MUM)
    before = snapshot(db)
    problems = refused(lambda: update_contact(db, officer, mum, replace(MUM, mobile=DRAMA_MOBILE)))
    assert problems == [("mobile", f"Mobile: '{DRAMA_MOBILE}' {UK_ADVICE}")]
    assert snapshot(db) == before


def test_editing_or_removing_a_contact_that_has_gone_is_not_found(
    db: Database, officer: StaffUser, ann: int
) -> None:
    mum = add_contact(db, officer, ann, MUM)
    remove_contact(db, officer, mum)
    with pytest.raises(NotFound, match="removed by someone else"):
        update_contact(db, officer, mum, MUM)
    with pytest.raises(NotFound, match="removed by someone else"):
        remove_contact(db, officer, mum)


def test_removing_a_contact_closes_the_gap_in_the_priorities(
    db: Database, officer: StaffUser, ann: int, ben: int
) -> None:
    mum = add_contact(db, officer, ann, MUM)
    dad = add_contact(db, officer, ann, DAD)
    gran = add_contact(db, officer, ann, GRAN)
    other = add_contact(db, officer, ben, MUM)
    remove_contact(db, officer, mum)
    assert [(c[0], c[1]) for c in contacts_of(db, ann)] == [(dad, 1), (gran, 2)]
    assert [(c[0], c[1]) for c in contacts_of(db, ben)] == [(other, 1)]
    assert ("delete", mum, ann) in [a[:3] for a in audit(db, "emergency_contacts")]


def test_reordering_puts_the_contacts_in_the_order_given(
    db: Database, officer: StaffUser, ann: int
) -> None:
    mum = add_contact(db, officer, ann, MUM)
    dad = add_contact(db, officer, ann, DAD)
    gran = add_contact(db, officer, ann, GRAN)
    reorder_contacts(db, officer, ann, [gran, mum, dad])
    assert [(c[0], c[1]) for c in contacts_of(db, ann)] == [(gran, 1), (mum, 2), (dad, 3)]


def test_reordering_with_the_same_order_writes_nothing(
    db: Database, officer: StaffUser, ann: int
) -> None:
    mum = add_contact(db, officer, ann, MUM)
    dad = add_contact(db, officer, ann, DAD)
    before = snapshot(db)
    reorder_contacts(db, officer, ann, [mum, dad])
    assert snapshot(db) == before


@pytest.mark.parametrize("order", ["missing", "extra", "duplicate", "other learner"])
def test_reordering_a_list_that_has_changed_is_refused(
    db: Database, officer: StaffUser, ann: int, ben: int, order: str
) -> None:
    mum = add_contact(db, officer, ann, MUM)
    dad = add_contact(db, officer, ann, DAD)
    bens = add_contact(db, officer, ben, GRAN)
    ids = {
        "missing": [dad],
        "extra": [dad, mum, 999],
        "duplicate": [dad, dad],
        "other learner": [dad, bens],
    }[order]
    before = snapshot(db)
    assert refused(lambda: reorder_contacts(db, officer, ann, ids)) == [
        (None, "The contacts changed while you were reordering them; reopen the learner")
    ]
    assert snapshot(db) == before


def test_reordering_for_a_learner_who_has_gone_is_not_found(
    db: Database, officer: StaffUser
) -> None:
    with pytest.raises(NotFound):
        reorder_contacts(db, officer, 999, [])


# --- Professionals --------------------------------------------------------------------------

SOCIAL_WORKER = ProfessionalDetails(
    kind="social_worker",
    name=" Pat Jones ",
    organisation="Leeds Children's Services",
    phone="0113 496 0100",
    email="pat.jones@leeds.gov.uk",
)


def professionals(db: Database) -> list[tuple]:
    return [
        (r["learner_id"], r["kind"], r["name"], r["organisation"], r["phone"], r["email"])
        for r in rows(db, Professional)
    ]


def test_the_professional_kinds_include_those_the_issue_names() -> None:
    assert {"social_worker", "ewo", "yot", "camhs", "gp", "school_nurse", "other"} <= set(
        PROFESSIONAL_KINDS
    )


def test_a_professional_is_added_with_their_number_in_e164(
    db: Database, officer: StaffUser, ann: int
) -> None:
    pro = add_professional(db, officer, ann, SOCIAL_WORKER)
    assert professionals(db) == [
        (
            ann,
            "social_worker",
            "Pat Jones",
            "Leeds Children's Services",
            "+441134960100",
            "pat.jones@leeds.gov.uk",
        )
    ]
    assert audit(db, "professionals")[0][:4] == ("create", pro, ann, officer.id)


def test_a_professional_needs_no_number(db: Database, officer: StaffUser, ann: int) -> None:
    add_professional(db, officer, ann, replace(SOCIAL_WORKER, phone="", email=""))
    assert professionals(db)[0][4:] == ("", "")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kind": "priest"}, ("kind", "Choose the kind of professional")),
        ({"kind": ""}, ("kind", "Choose the kind of professional")),
        ({"name": " "}, ("name", "Enter the professional's name")),
        ({"phone": DRAMA_MOBILE}, ("phone", f"Phone: '{DRAMA_MOBILE}' {UK_ADVICE}")),
        ({"email": "pat@"}, ("email", "'pat@' is not an email address")),
    ],
)
def test_an_invalid_professional_is_refused_and_nothing_changes(
    db: Database, officer: StaffUser, ann: int, change: dict, problem: tuple[str, str]
) -> None:
    pro = add_professional(db, officer, ann, SOCIAL_WORKER)
    before = snapshot(db)
    details = replace(SOCIAL_WORKER, **change)
    assert refused(lambda: add_professional(db, officer, ann, details)) == [problem]
    assert refused(lambda: update_professional(db, officer, pro, details)) == [problem]
    assert snapshot(db) == before


def test_a_professional_is_edited_and_removed(db: Database, officer: StaffUser, ann: int) -> None:
    pro = add_professional(db, officer, ann, SOCIAL_WORKER)
    update_professional(db, officer, pro, replace(SOCIAL_WORKER, kind="ewo", phone="07911 123456"))
    assert professionals(db)[0][1:5:3] == ("ewo", "+447911123456")
    remove_professional(db, officer, pro)
    assert professionals(db) == []
    assert [a[0] for a in audit(db, "professionals")] == ["create", "change", "delete"]
    with pytest.raises(NotFound):
        update_professional(db, officer, pro, SOCIAL_WORKER)
    with pytest.raises(NotFound):
        remove_professional(db, officer, pro)


def test_a_professional_for_a_learner_who_has_gone_is_not_found(
    db: Database, officer: StaffUser
) -> None:
    with pytest.raises(NotFound):
        add_professional(db, officer, 999, SOCIAL_WORKER)
    assert count(db, Professional) == 0


# --- Places a learner may go ----------------------------------------------------------------


def test_places_and_people_are_added_edited_and_removed(
    db: Database, officer: StaffUser, ann: int
) -> None:
    park = add_place(db, officer, ann, PlaceDetails("place", " Roundhay Park ", " by the lake "))
    friend = add_place(db, officer, ann, PlaceDetails("person", "Jo Smith", "Flat 3, Elm St"))
    assert [(r["kind"], r["name"], r["detail"]) for r in rows(db, MissingPlace)] == [
        ("place", "Roundhay Park", "by the lake"),
        ("person", "Jo Smith", "Flat 3, Elm St"),
    ]
    update_place(db, officer, park, PlaceDetails("place", "Roundhay Park", "the skate park"))
    remove_place(db, officer, friend)
    assert [(r["id"], r["detail"]) for r in rows(db, MissingPlace)] == [(park, "the skate park")]
    assert [a[:3] for a in audit(db, "missing_places")] == [
        ("create", park, ann),
        ("create", friend, ann),
        ("change", park, ann),
        ("delete", friend, ann),
    ]


@pytest.mark.parametrize(
    ("details", "problem"),
    [
        (PlaceDetails("pub", "The Fox"), ("kind", "Choose whether this is a place or a person")),
        (PlaceDetails("place", " "), ("name", "Enter the place or the person's name")),
    ],
)
def test_an_invalid_place_is_refused_and_nothing_changes(
    db: Database, officer: StaffUser, ann: int, details: PlaceDetails, problem: tuple[str, str]
) -> None:
    park = add_place(db, officer, ann, PlaceDetails("place", "Roundhay Park"))
    before = snapshot(db)
    assert refused(lambda: add_place(db, officer, ann, details)) == [problem]
    assert refused(lambda: update_place(db, officer, park, details)) == [problem]
    assert snapshot(db) == before


def test_a_place_that_has_gone_is_not_found(db: Database, officer: StaffUser, ann: int) -> None:
    with pytest.raises(NotFound):
        add_place(db, officer, 999, PlaceDetails("place", "Park"))
    with pytest.raises(NotFound):
        update_place(db, officer, 999, PlaceDetails("place", "Park"))
    with pytest.raises(NotFound):
        remove_place(db, officer, 999)
