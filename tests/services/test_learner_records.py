"""Adding and editing learners by hand, their photo, and their commissioner's contact person.

Every refusal lists what is wrong and changes nothing (rows and the audit log as they were)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.models import AuditEntry, Commissioner, Group, Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.learner_records import (
    MAX_PHOTO_BYTES,
    CommissionerInfo,
    LearnerDetails,
    add_learner,
    get_photo,
    learner_details,
    list_commissioners,
    set_photo,
    update_commissioner,
    update_learner,
)

TODAY = date(2025, 9, 1)
START = date(2025, 9, 3)
#: The details the police ask for, as stored for a learner who has none recorded.
NONE_FOR_POLICE = {
    "home_address": "",
    "looked_after": False,
    "placing_authority": "",
    "medical_needs": "",
    "medication": "",
}
ANN = LearnerDetails(
    upn=make_upn("820300000001"),
    surname="Ahmed",
    forename="Ann",
    date_of_birth=date(2011, 3, 14),
    start_date=START,
    group="Kestrel",
    commissioner="Leeds City Council",
    **NONE_FOR_POLICE,
)
BEN = LearnerDetails(
    upn=make_upn("820300000002"),
    surname="Brown",
    forename="Ben",
    date_of_birth=date(2010, 11, 2),
    start_date=START,
    group="Kestrel",
    commissioner="Leeds City Council",
    **NONE_FOR_POLICE,
)
PNG = b"\x89PNG\r\n\x1a\n" + b"SECRET-PIXELS" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"SECRET-PIXELS" * 20


@pytest.fixture
def officer(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.ATTENDANCE_OFFICER)


@pytest.fixture
def ann(db: Database, officer: StaffUser) -> int:
    return add_learner(db, officer, ANN, today=TODAY)


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def learner_rows(db: Database) -> list[tuple]:
    with db.reading() as session:
        return [
            (
                row.id,
                row.upn,
                row.surname,
                row.forename,
                row.date_of_birth,
                row.start_date,
                row.leaving_date,
                row.group_id,
                row.commissioner_id,
                row.marked_vulnerable,
                row.description,
                row.home_address,
                row.looked_after,
                row.placing_authority,
                row.medical_needs,
                row.medication,
            )
            for row in session.scalars(select(Learner).order_by(Learner.id))
        ]


def snapshot(db: Database) -> tuple:
    """Everything a refused add or edit must leave as it was."""
    return (learner_rows(db), count(db, Group), count(db, Commissioner), count(db, AuditEntry))


def audit(db: Database, entity: str) -> list[SimpleNamespace]:
    """The audit entries about one table, oldest first, as plain values."""
    with db.reading() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
        )
        return [
            SimpleNamespace(
                action=e.action,
                entity_id=e.entity_id,
                learner_id=e.learner_id,
                staff_id=e.staff_id,
                staff_name=e.staff_name,
                detail=e.detail,
            )
            for e in rows
        ]


def refused(call: Callable[[], object]) -> list[tuple[str | None, str]]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return [(p.field, p.message) for p in caught.value.problems]


# --- Adding a learner -----------------------------------------------------------------------


def test_a_new_learner_is_put_on_roll_with_their_group_and_commissioner(
    db: Database, officer: StaffUser
) -> None:
    details = replace(ANN, surname="  Ahmed ", forename=" Ann", description=" tall ")
    learner_id = add_learner(db, officer, details, today=TODAY)
    assert learner_details(db, officer, learner_id) == replace(ANN, description="tall")
    with db.reading() as session:
        row = session.get_one(Learner, learner_id)
        assert (row.group.name, row.commissioner.name) == ("Kestrel", "Leeds City Council")


def test_adding_a_learner_is_in_the_audit_log_with_who_did_it(
    db: Database, officer: StaffUser
) -> None:
    learner_id = add_learner(db, officer, ANN, today=TODAY)
    (entry,) = audit(db, "learners")
    assert (entry.action, entry.entity_id, entry.learner_id) == ("create", learner_id, learner_id)
    assert (entry.staff_id, entry.staff_name) == (officer.id, officer.full_name)
    assert json.loads(entry.detail)["upn"] == ANN.upn


def test_a_lower_case_upn_is_stored_in_upper_case(db: Database, officer: StaffUser) -> None:
    learner_id = add_learner(db, officer, replace(ANN, upn=f" {ANN.upn.lower()} "), today=TODAY)
    assert learner_details(db, officer, learner_id).upn == ANN.upn


def test_learners_in_the_same_group_share_it(db: Database, officer: StaffUser) -> None:
    add_learner(db, officer, ANN, today=TODAY)
    add_learner(db, officer, BEN, today=TODAY)
    assert (count(db, Group), count(db, Commissioner)) == (1, 1)


def test_a_blank_group_and_commissioner_are_left_empty(db: Database, officer: StaffUser) -> None:
    learner_id = add_learner(db, officer, replace(ANN, group=" ", commissioner=None), today=TODAY)
    details = learner_details(db, officer, learner_id)
    assert (details.group, details.commissioner) == (None, None)
    assert count(db, Group) == 0


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"upn": "  "}, ("upn", "Enter the learner's UPN")),
        ({"surname": " "}, ("surname", "Enter the learner's surname")),
        ({"forename": ""}, ("forename", "Enter the learner's forename")),
        ({"date_of_birth": None}, ("date_of_birth", "Enter the date of birth")),
        ({"start_date": None}, ("start_date", "Enter the start date")),
        (
            {"upn": "A820300000001"},
            ("upn", "UPN: 'A820300000001' fails the DfE check: its check letter should be 'E'"),
        ),
        ({"upn": "E82030"}, ("upn", "UPN: a UPN has 13 characters; 'E82030' has 6")),
        ({"date_of_birth": TODAY}, ("date_of_birth", "The date of birth must be in the past")),
        (
            {"date_of_birth": date(2025, 9, 2)},
            ("date_of_birth", "The date of birth must be in the past"),
        ),
        (
            {"date_of_birth": date(2021, 9, 4)},
            (
                "date_of_birth",
                "That date of birth makes the learner 3 on the start date; "
                "a learner here is 4 to 19",
            ),
        ),
        (
            {"date_of_birth": date(2005, 9, 3)},
            (
                "date_of_birth",
                "That date of birth makes the learner 20 on the start date; "
                "a learner here is 4 to 19",
            ),
        ),
        (
            {"leaving_date": date(2025, 9, 2)},
            ("leaving_date", "The leaving date 02/09/2025 is before the start date 03/09/2025"),
        ),
    ],
)
def test_an_invalid_learner_is_refused_with_its_message_and_nothing_is_added(
    db: Database, officer: StaffUser, change: dict, problem: tuple[str, str]
) -> None:
    before = snapshot(db)
    assert refused(lambda: add_learner(db, officer, replace(ANN, **change), today=TODAY)) == [
        problem
    ]
    assert snapshot(db) == before
    assert learner_rows(db) == []


@pytest.mark.parametrize(
    ("born", "age"),
    [(date(2021, 9, 3), 4), (date(2005, 9, 4), 19)],
)
def test_learners_aged_4_and_19_on_the_start_date_are_accepted(
    db: Database, officer: StaffUser, born: date, age: int
) -> None:
    learner_id = add_learner(db, officer, replace(ANN, date_of_birth=born), today=TODAY)
    assert learner_details(db, officer, learner_id).date_of_birth == born


def test_leaving_on_the_start_date_is_accepted(db: Database, officer: StaffUser) -> None:
    learner_id = add_learner(db, officer, replace(ANN, leaving_date=START), today=TODAY)
    assert learner_details(db, officer, learner_id).leaving_date == START


def test_every_problem_is_listed_at_once(db: Database, officer: StaffUser) -> None:
    details = replace(ANN, surname="", forename="", leaving_date=date(2025, 1, 1))
    problems = refused(lambda: add_learner(db, officer, details, today=TODAY))
    assert [field for field, _message in problems] == ["surname", "forename", "leaving_date"]
    assert learner_rows(db) == []


def test_a_upn_already_on_the_register_is_refused(
    db: Database, officer: StaffUser, ann: int
) -> None:
    before = snapshot(db)
    clash = replace(BEN, upn=ANN.upn.lower())
    assert refused(lambda: add_learner(db, officer, clash, today=TODAY)) == [
        ("upn", f"UPN {ANN.upn} already belongs to Ann Ahmed")
    ]
    assert snapshot(db) == before


# --- Editing a learner ----------------------------------------------------------------------


def test_editing_a_learner_changes_them_and_the_audit_log_has_old_and_new(
    db: Database, officer: StaffUser, ann: int
) -> None:
    edited = replace(ANN, surname="Ahmad", group="Heron", marked_vulnerable=True)
    update_learner(db, officer, ann, edited, today=TODAY)
    assert learner_details(db, officer, ann) == edited
    changes = [e for e in audit(db, "learners") if e.action == "change"]
    assert changes
    assert {(e.entity_id, e.learner_id, e.staff_id) for e in changes} == {(ann, ann, officer.id)}
    detail = {k: v for e in changes for k, v in json.loads(e.detail).items()}
    assert detail["surname"] == ["Ahmed", "Ahmad"]
    assert detail["marked_vulnerable"] == [False, True]


def test_a_learner_keeps_their_own_upn_when_edited(
    db: Database, officer: StaffUser, ann: int
) -> None:
    update_learner(db, officer, ann, replace(ANN, forename="Anne"), today=TODAY)
    assert learner_details(db, officer, ann).forename == "Anne"


def test_an_edit_to_another_learners_upn_is_refused(
    db: Database, officer: StaffUser, ann: int
) -> None:
    ben = add_learner(db, officer, BEN, today=TODAY)
    before = snapshot(db)
    problems = refused(lambda: update_learner(db, officer, ben, replace(BEN, upn=ANN.upn)))
    assert problems == [("upn", f"UPN {ANN.upn} already belongs to Ann Ahmed")]
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"surname": ""}, "surname"),
        ({"upn": "A820300000001"}, "upn"),
        ({"date_of_birth": date(2030, 1, 1)}, "date_of_birth"),
        ({"leaving_date": date(2025, 9, 1)}, "leaving_date"),
    ],
)
def test_an_invalid_edit_changes_nothing(
    db: Database, officer: StaffUser, ann: int, change: dict, field: str
) -> None:
    before = snapshot(db)
    problems = refused(
        lambda: update_learner(db, officer, ann, replace(ANN, **change), today=TODAY)
    )
    assert [f for f, _message in problems] == [field]
    assert snapshot(db) == before
    assert learner_details(db, officer, ann) == ANN


def test_editing_a_learner_who_has_gone_is_not_found(db: Database, officer: StaffUser) -> None:
    with pytest.raises(NotFound, match="no longer on the register"):
        update_learner(db, officer, 999, ANN, today=TODAY)
    with pytest.raises(NotFound):
        learner_details(db, officer, 999)


# --- Photo ----------------------------------------------------------------------------------


@pytest.mark.parametrize("photo", [PNG, JPEG])
def test_a_png_or_jpeg_photo_is_stored_and_read_back(
    db: Database, officer: StaffUser, ann: int, photo: bytes
) -> None:
    set_photo(db, officer, ann, photo)
    assert get_photo(db, officer, ann) == photo


def test_the_photo_bytes_never_reach_the_audit_log(
    db: Database, officer: StaffUser, ann: int
) -> None:
    set_photo(db, officer, ann, PNG)
    set_photo(db, officer, ann, JPEG)
    set_photo(db, officer, ann, None)
    changes = [e for e in audit(db, "learners") if e.action == "change"]
    assert len(changes) == 3
    assert all(json.loads(e.detail) == {"photo": "(changed)"} for e in changes)
    with db.reading() as session:
        details = list(session.scalars(select(AuditEntry.detail)))
    assert not any("SECRET" in text or "PNG" in text or "\\x" in text for text in details)


def test_removing_the_photo_leaves_none(db: Database, officer: StaffUser, ann: int) -> None:
    set_photo(db, officer, ann, PNG)
    set_photo(db, officer, ann, None)
    assert get_photo(db, officer, ann) is None


def test_a_photo_of_exactly_2_mb_is_accepted(db: Database, officer: StaffUser, ann: int) -> None:
    photo = PNG + b"\0" * (MAX_PHOTO_BYTES - len(PNG))
    assert len(photo) == 2_000_000
    set_photo(db, officer, ann, photo)
    assert get_photo(db, officer, ann) == photo


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (b"GIF89a" + b"SECRET-PIXELS", "The photo must be a PNG or JPEG image"),
        (b"", "The photo must be a PNG or JPEG image"),
        (b"%PDF-1.7", "The photo must be a PNG or JPEG image"),
        (PNG + b"\0" * (MAX_PHOTO_BYTES + 1 - len(PNG)), "larger than 2 MB; choose a smaller one"),
    ],
)
def test_an_unacceptable_photo_is_refused_and_the_old_one_kept(
    db: Database, officer: StaffUser, ann: int, photo: bytes, message: str
) -> None:
    set_photo(db, officer, ann, JPEG)
    entries = count(db, AuditEntry)
    problems = refused(lambda: set_photo(db, officer, ann, photo))
    assert len(problems) == 1
    assert problems[0][0] == "photo"
    assert message in problems[0][1]
    assert get_photo(db, officer, ann) == JPEG
    assert count(db, AuditEntry) == entries


def test_a_photo_for_a_learner_who_has_gone_is_not_found(db: Database, officer: StaffUser) -> None:
    with pytest.raises(NotFound):
        set_photo(db, officer, 999, PNG)


# --- Commissioner ---------------------------------------------------------------------------


@pytest.fixture
def leeds(db: Database, officer: StaffUser, ann: int) -> int:
    (info,) = list_commissioners(db, officer)
    return info.id


def test_the_commissioners_contact_person_is_kept_with_the_number_in_e164(
    db: Database, officer: StaffUser, leeds: int
) -> None:
    update_commissioner(db, officer, leeds, " Carol Case ", " carol@leeds.gov.uk ", "0113 496 0123")
    assert list_commissioners(db, officer) == [
        CommissionerInfo(
            leeds, "Leeds City Council", "Carol Case", "carol@leeds.gov.uk", "+441134960123"
        )
    ]
    change = audit(db, "commissioners")[-1]
    assert (change.action, change.entity_id, change.staff_id) == ("change", leeds, officer.id)


def test_blank_commissioner_details_are_cleared(
    db: Database, officer: StaffUser, leeds: int
) -> None:
    update_commissioner(db, officer, leeds, "Carol Case", "carol@leeds.gov.uk", "0113 496 0123")
    update_commissioner(db, officer, leeds, " ", "", "")
    assert list_commissioners(db, officer) == [
        CommissionerInfo(leeds, "Leeds City Council", "", "", "")
    ]
    with db.reading() as session:
        row = session.get_one(Commissioner, leeds)
        assert (row.contact_name, row.email, row.phone) == (None, None, None)


def commissioner_row(db: Database, commissioner_id: int) -> tuple:
    with db.reading() as session:
        row = session.get_one(Commissioner, commissioner_id)
        return (row.name, row.contact_name, row.email, row.phone)


def test_an_invalid_commissioner_phone_and_email_are_refused_together(
    db: Database, officer: StaffUser, leeds: int
) -> None:
    update_commissioner(db, officer, leeds, "Carol Case", "carol@leeds.gov.uk", "0113 496 0123")
    before, entries = commissioner_row(db, leeds), count(db, AuditEntry)
    problems = refused(
        lambda: update_commissioner(db, officer, leeds, "Dan", "dan at leeds", "0113 496")
    )
    assert problems == [
        (
            "phone",
            "'0113 496' is not a valid UK number: check the digits",
        ),
        ("email", "'dan at leeds' is not an email address"),
    ]
    assert commissioner_row(db, leeds) == before
    assert count(db, AuditEntry) == entries


def test_an_email_with_nothing_before_the_at_is_refused_for_a_commissioner(
    db: Database, officer: StaffUser, leeds: int
) -> None:
    """A commissioner's email is checked as strictly as a contact's: '@leeds.gov.uk' and
    'carol@' are refused."""
    assert refused(lambda: update_commissioner(db, officer, leeds, "C", "@leeds.gov.uk", "")) == [
        ("email", "'@leeds.gov.uk' is not an email address")
    ]


def test_a_commissioner_that_has_gone_is_not_found(db: Database, officer: StaffUser) -> None:
    with pytest.raises(NotFound, match="that commissioner no longer exists"):
        update_commissioner(db, officer, 999, "Carol", "", "")
