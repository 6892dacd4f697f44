"""Staff accounts: directors add, disable and reset; everyone changes their own password."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.permissions import Action, Role
from desktop_app.models import Staff
from desktop_app.models.engine import Database
from desktop_app.services.auth import (
    StaffUser,
    actor,
    hash_password,
    password_problem,
    require,
    verify_password,
)
from desktop_app.services.errors import NotFound, Problem, ServiceError, ValidationFailed
from desktop_app.services.provision import add_staff_unchecked, check_new_staff


@dataclass(frozen=True, slots=True)
class StaffSummary:
    username: str
    full_name: str
    position: str
    role: Role
    active: bool
    locked: bool
    must_change_password: bool = False


def _summary(staff: Staff, now: datetime) -> StaffSummary:
    locked = staff.locked_until is not None and staff.locked_until > now
    return StaffSummary(
        staff.username,
        staff.full_name,
        staff.position,
        Role(staff.role),
        staff.active,
        locked,
        bool(staff.must_change_password),
    )


def _find(session: Session, username: str) -> Staff:
    staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
    if staff is None:
        raise NotFound(f"no member of staff with username '{username}'")
    return staff


def list_staff(db: Database, user: StaffUser) -> list[StaffSummary]:
    require(user, Action.MANAGE_STAFF)
    now = datetime.now(UTC)
    with db.reading() as session:
        return [_summary(s, now) for s in session.scalars(select(Staff).order_by(Staff.full_name))]


def add_staff(
    db: Database,
    user: StaffUser,
    username: str,
    full_name: str,
    position: str,
    role: Role,
    password: str,
) -> StaffSummary:
    """Add a member of staff; the username must be new."""
    require(user, Action.MANAGE_STAFF)
    problems = check_new_staff(username, full_name, password)
    if not position.strip():
        problems.append(Problem("is required (it is part of every amendment)", field="position"))
    if problems:
        raise ValidationFailed(problems)
    with db.transaction(actor(user)) as session:
        taken = session.scalars(select(Staff.id).where(Staff.username == username.strip()))
        if taken.first() is not None:
            raise ValidationFailed([Problem(f"'{username}' is taken", field="username")])
        staff = add_staff_unchecked(
            session, username.strip(), full_name.strip(), position.strip(), role, password
        )
        session.flush()
        return _summary(staff, datetime.now(UTC))


def disable_staff(db: Database, user: StaffUser, username: str) -> StaffSummary:
    """Stop an account signing in. Refused for your own account and the last active director."""
    require(user, Action.MANAGE_STAFF)
    with db.transaction(actor(user)) as session:
        staff = _find(session, username)
        if staff.id == user.id:
            raise ServiceError("you cannot disable your own account")
        if staff.role == Role.DIRECTOR.value:
            directors = session.scalar(
                select(func.count()).where(Staff.role == Role.DIRECTOR.value, Staff.active)
            )
            if (directors or 0) <= 1:
                raise ServiceError("the last active director cannot be disabled")
        staff.active = False
        return _summary(staff, datetime.now(UTC))


def reset_password(db: Database, user: StaffUser, username: str, password: str) -> StaffSummary:
    """Give an account a new password and lift any lock."""
    require(user, Action.MANAGE_STAFF)
    if (problem := password_problem(password)) is not None:
        raise ValidationFailed([problem])
    with db.transaction(actor(user)) as session:
        staff = _find(session, username)
        staff.password_hash = hash_password(password)
        staff.failed_logins, staff.locked_until = 0, None
        return _summary(staff, datetime.now(UTC))


def change_own_password(db: Database, user: StaffUser, current: str, new: str) -> None:
    """Anyone may change their own password, given the current one; a new one must differ from
    it. This also meets a director's "must change password at next sign-in"."""
    if (problem := password_problem(new)) is not None:
        raise ValidationFailed([problem])
    if new == current:
        raise ValidationFailed([Problem("must differ from the current one", field="new")])
    with db.transaction(actor(user)) as session:
        staff = session.get_one(Staff, user.id)
        if not verify_password(staff.password_hash, current):
            raise ValidationFailed([Problem("is not your current password", field="current")])
        staff.password_hash = hash_password(new)
        staff.must_change_password = False


def edit_staff(
    db: Database,
    user: StaffUser,
    username: str,
    full_name: str | None = None,
    position: str | None = None,
    role: Role | None = None,
    must_change_password: bool | None = None,
) -> StaffSummary:
    """Change a member of staff's name, position, role or "must change password" (None: keep).

    Records they made keep the name and position they had then (amendments copy them); the
    last active director cannot be made anything else.
    """
    require(user, Action.MANAGE_STAFF)
    problems = []
    if full_name is not None and not full_name.strip():
        problems.append(Problem("is required", field="full name"))
    if position is not None and not position.strip():
        problems.append(Problem("is required (it is part of every amendment)", field="position"))
    if problems:
        raise ValidationFailed(problems)
    with db.transaction(actor(user)) as session:
        staff = _find(session, username)
        if role is not None and role.value != staff.role and staff.role == Role.DIRECTOR.value:
            directors = session.scalar(
                select(func.count()).where(Staff.role == Role.DIRECTOR.value, Staff.active)
            )
            if (directors or 0) <= 1 and staff.active:
                raise ValidationFailed(
                    [Problem("the last active director must stay a director", field="role")]
                )
        if full_name is not None:
            staff.full_name = full_name.strip()
        if position is not None:
            staff.position = position.strip()
        if role is not None:
            staff.role = role.value
        if must_change_password is not None:
            staff.must_change_password = must_change_password
        return _summary(staff, datetime.now(UTC))
