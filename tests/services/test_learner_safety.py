"""What the police ask for, kept on the learner's record: home address, looked after and the
placing authority, medical needs, medication (services/learner_records.py, the rule in
domain/learner_safety.py). Set like the rest of the record (MANAGE_LEARNERS); every refusal
changes nothing. Split from test_learner_records.py, whose helpers it uses."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import pytest

from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.learner_records import add_learner, learner_details, update_learner
from tests.services.test_learner_records import (
    ANN,
    BEN,
    NONE_FOR_POLICE,
    TODAY,
    audit,
    refused,
    snapshot,
)


@pytest.fixture
def officer(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.ATTENDANCE_OFFICER)


@pytest.fixture
def ann(db: Database, officer: StaffUser) -> int:
    return add_learner(db, officer, ANN, today=TODAY)


FOR_POLICE = {
    "home_address": "12 Elm Road, Leeds LS1 1AA",
    "looked_after": True,
    "placing_authority": "Northshire County Council",
    "medical_needs": "Asthma",
    "medication": "Salbutamol inhaler, in her bag",
}
NOT_GIVEN = dict.fromkeys(NONE_FOR_POLICE)  # None: leave as stored


def test_home_care_and_health_are_kept_trimmed_and_audited(
    db: Database, officer: StaffUser, ann: int
) -> None:
    padded = {k: f" {v} " if isinstance(v, str) else v for k, v in FOR_POLICE.items()}
    update_learner(db, officer, ann, replace(ANN, **padded), today=TODAY)
    assert learner_details(db, officer, ann) == replace(ANN, **FOR_POLICE)
    detail = json.loads(audit(db, "learners")[-1].detail)
    assert detail["home_address"] == ["", FOR_POLICE["home_address"]]
    assert detail["looked_after"] == [False, True]


def test_a_form_that_does_not_give_them_leaves_them_as_stored(
    db: Database, officer: StaffUser, ann: int
) -> None:
    update_learner(db, officer, ann, replace(ANN, **FOR_POLICE), today=TODAY)
    update_learner(db, officer, ann, replace(ANN, surname="Ahmad", **NOT_GIVEN), today=TODAY)
    assert learner_details(db, officer, ann) == replace(ANN, surname="Ahmad", **FOR_POLICE)
    added = add_learner(db, officer, replace(BEN, **NOT_GIVEN), today=TODAY)
    assert learner_details(db, officer, added) == BEN  # nothing given on adding: blank


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            {"looked_after": True},
            ("placing_authority", "Give the placing authority of a looked-after learner"),
        ),
        (
            {"placing_authority": "Leeds"},
            (
                "placing_authority",
                "A placing authority is only for a looked-after learner: "
                "say they are looked after, or clear it",
            ),
        ),
        (
            {"home_address": "x" * 201},
            ("home_address", "The home address is 201 characters; at most 200"),
        ),
        (
            {"medication": "Puff\nx"},
            ("medication", "Medication has a control or unprintable character (U+000A) at 5"),
        ),
        (
            {"medical_needs": "Epi\u202epen"},
            (
                "medical_needs",
                "Medical needs has an invisible text-direction character (U+202E) at 4",
            ),
        ),
    ],
)
def test_a_bad_home_care_or_health_detail_is_refused_and_changes_nothing(
    db: Database, officer: StaffUser, ann: int, change: dict, problem: tuple[str, str]
) -> None:
    before = snapshot(db)
    assert refused(
        lambda: update_learner(db, officer, ann, replace(ANN, **change), today=TODAY)
    ) == [problem]
    assert refused(lambda: add_learner(db, officer, replace(BEN, **change), today=TODAY)) == [
        problem
    ]
    assert snapshot(db) == before


def test_clearing_the_authority_of_a_learner_stored_as_looked_after_is_refused(
    db: Database, officer: StaffUser, ann: int
) -> None:
    update_learner(db, officer, ann, replace(ANN, **FOR_POLICE), today=TODAY)
    before = snapshot(db)
    cleared = replace(ANN, **{**NOT_GIVEN, "placing_authority": ""})
    assert [f for f, _m in refused(lambda: update_learner(db, officer, ann, cleared))] == [
        "placing_authority"
    ]
    assert snapshot(db) == before
