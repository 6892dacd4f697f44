"""Editing staff: name, position, role, "must change password"; the last director stays one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, authenticate
from desktop_app.services.errors import PermissionDenied, ValidationFailed
from desktop_app.services.marking import history, record_mark
from desktop_app.services.staff import change_own_password, disable_staff, edit_staff
from tests.conftest import PASSWORD

MON = date(2025, 9, 8)


def test_name_position_and_role_are_changed(
    db: Database, director: StaffUser, make_staff: Callable[[Role], StaffUser]
) -> None:
    tutor = make_staff(Role.TUTOR)
    done = edit_staff(db, director, tutor.username, "Tom Reilly", "Senior tutor", Role.DSL)
    assert (done.full_name, done.position, done.role) == ("Tom Reilly", "Senior tutor", Role.DSL)
    assert authenticate(db, tutor.username, PASSWORD).role is Role.DSL


def test_the_last_director_stays_a_director_and_blanks_are_refused(
    db: Database, director: StaffUser, make_staff: Callable[[Role], StaffUser]
) -> None:
    with pytest.raises(ValidationFailed, match="last active director"):
        edit_staff(db, director, "director", role=Role.TUTOR)
    with pytest.raises(ValidationFailed, match="part of every amendment"):
        edit_staff(db, director, "director", position=" ")
    with pytest.raises(PermissionDenied):
        edit_staff(db, make_staff(Role.DSL), "director", full_name="X")


def test_must_change_password_until_a_new_one_is_chosen(
    db: Database, director: StaffUser, make_staff: Callable[[Role], StaffUser]
) -> None:
    tutor = make_staff(Role.TUTOR)
    edit_staff(db, director, tutor.username, must_change_password=True)
    user = authenticate(db, tutor.username, PASSWORD)
    assert user.must_change_password
    with pytest.raises(ValidationFailed, match="must differ"):
        change_own_password(db, user, PASSWORD, PASSWORD)
    change_own_password(db, user, PASSWORD, "a brand new password")
    assert not authenticate(db, tutor.username, "a brand new password").must_change_password


def test_a_disabled_or_renamed_member_of_staff_keeps_their_amendments_name(
    db: Database,
    director: StaffUser,
    make_staff: Callable[[Role], StaffUser],
    autumn: tuple[date, date],
) -> None:
    officer = make_staff(Role.ATTENDANCE_OFFICER)
    with db.transaction() as session:
        learner = Learner(
            upn="E820300000001",
            surname="Ahmed",
            forename="Ann",
            date_of_birth=date(2011, 1, 1),
            start_date=date(2025, 9, 3),
        )
        session.add(learner)
        session.flush()
        learner_id = learner.id
    record_mark(db, director, learner_id, MON, Session.AM, "N", datetime(2025, 9, 8, 9, 5))
    record_mark(
        db, officer, learner_id, MON, Session.AM, "I", datetime(2025, 9, 8, 11), reason="GP"
    )
    edit_staff(db, director, officer.username, "Renamed Person", "Other post")
    disable_staff(db, director, officer.username)
    entries = history(db, director, learner_id, MON, Session.AM)
    assert (entries[1].recorded_by, entries[1].position) == (
        officer.full_name,
        officer.position,
    )
