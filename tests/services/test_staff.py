"""Staff accounts: adding, disabling, resetting, lockout after failed sign-ins, own password."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain.permissions import Role
from desktop_app.models import Staff
from desktop_app.models.engine import Database
from desktop_app.services.audit import audit_log
from desktop_app.services.auth import MAX_FAILED_LOGINS, StaffUser, authenticate
from desktop_app.services.errors import AuthenticationFailed, ServiceError, ValidationFailed
from desktop_app.services.staff import (
    add_staff,
    change_own_password,
    disable_staff,
    list_staff,
    reset_password,
)
from tests.conftest import PASSWORD

NEW = "a new long password"


def test_added_staff_can_sign_in_with_their_role(db: Database, director: StaffUser) -> None:
    add_staff(db, director, "tina", "Tina Tutor", "Tutor, Kestrel", Role.TUTOR, NEW)
    user = authenticate(db, "tina", NEW)
    assert (user.full_name, user.position, user.role) == (
        "Tina Tutor",
        "Tutor, Kestrel",
        Role.TUTOR,
    )


def test_add_staff_refuses_taken_usernames_and_missing_fields(
    db: Database, director: StaffUser
) -> None:
    with pytest.raises(ValidationFailed, match="is taken"):
        add_staff(db, director, "director", "X", "Y", Role.TUTOR, NEW)
    with pytest.raises(ValidationFailed) as caught:
        add_staff(db, director, "two words", "", "", Role.TUTOR, "short")
    fields = {p.field for p in caught.value.problems}
    assert fields == {"username", "full name", "password", "position"}
    assert [s.username for s in list_staff(db, director)] == ["director"]


def test_five_failed_sign_ins_lock_the_account_for_five_minutes(
    db: Database, director: StaffUser
) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationFailed, match="unknown username or password"):
            authenticate(db, "director", "wrong password")
    with pytest.raises(AuthenticationFailed, match="locked"):
        authenticate(db, "director", PASSWORD)
    with db.transaction() as session:
        staff = session.get_one(Staff, director.id)
        assert staff.locked_until is not None
        remaining = staff.locked_until - datetime.now(UTC)
        assert timedelta(minutes=4) < remaining <= timedelta(minutes=5)
        staff.locked_until = datetime.now(UTC) - timedelta(seconds=1)
    assert authenticate(db, "director", PASSWORD).id == director.id


def test_four_failures_then_success_resets_the_count(db: Database, director: StaffUser) -> None:
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthenticationFailed):
            authenticate(db, "director", "wrong password")
    authenticate(db, "director", PASSWORD)
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthenticationFailed):
            authenticate(db, "director", "wrong password")
    assert authenticate(db, "director", PASSWORD).id == director.id


def test_disabled_staff_cannot_sign_in(db: Database, director: StaffUser) -> None:
    add_staff(db, director, "tina", "Tina Tutor", "Tutor", Role.TUTOR, NEW)
    disable_staff(db, director, "tina")
    with pytest.raises(AuthenticationFailed):
        authenticate(db, "tina", NEW)


def test_the_last_director_and_yourself_cannot_be_disabled(
    db: Database, director: StaffUser
) -> None:
    with pytest.raises(ServiceError, match="your own account"):
        disable_staff(db, director, "director")
    add_staff(db, director, "dep", "Deputy", "Deputy Director", Role.DIRECTOR, NEW)
    deputy = authenticate(db, "dep", NEW)
    disable_staff(db, deputy, "director")
    with pytest.raises(ServiceError, match="last active director"):
        disable_staff(db, director, "dep")  # director is disabled but the call checks the count


def test_reset_password_lifts_a_lock(db: Database, director: StaffUser) -> None:
    add_staff(db, director, "tina", "Tina Tutor", "Tutor", Role.TUTOR, NEW)
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationFailed):
            authenticate(db, "tina", "wrong password")
    reset_password(db, director, "tina", "another long password")
    assert authenticate(db, "tina", "another long password").username == "tina"


def test_change_own_password_needs_the_current_one(db: Database, director: StaffUser) -> None:
    with pytest.raises(ValidationFailed, match="not your current password"):
        change_own_password(db, director, "wrong", NEW)
    change_own_password(db, director, PASSWORD, NEW)
    assert authenticate(db, "director", NEW).id == director.id


def test_staff_changes_are_audited_without_the_hash(db: Database, director: StaffUser) -> None:
    add_staff(db, director, "tina", "Tina Tutor", "Tutor", Role.TUTOR, NEW)
    reset_password(db, director, "tina", "another long password")
    rows = [r for r in audit_log(db, director, username="director") if r.entity == "staff"]
    assert [r.action for r in rows] == ["change", "create"]
    assert all("argon2" not in r.detail for r in rows)
    assert "(changed)" in rows[0].detail
