"""Signing in, the signed-in user, and the role check every service makes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from desktop_app.domain.permissions import Action, Role, allowed
from desktop_app.models import Staff
from desktop_app.models.engine import Database
from desktop_app.services.errors import AuthenticationFailed, PermissionDenied, Problem

HASHER = PasswordHasher()  # argon2id with the library's recommended parameters
MIN_PASSWORD_LENGTH = 8
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class StaffUser:
    """The member of staff doing an action."""

    id: int
    username: str
    full_name: str
    position: str
    role: Role
    #: A director asked for a new password at the next sign-in: nothing else until it is set.
    must_change_password: bool = False


def actor(user: StaffUser) -> tuple[int, str]:
    """Who the audit log records for a transaction."""
    return (user.id, user.full_name)


def require(user: StaffUser, action: Action) -> None:
    """Raise PermissionDenied unless the user's role allows the action."""
    if not allowed(user.role, action):
        raise PermissionDenied(
            f"{user.full_name} ({user.role.value}) may not {action.value.replace('_', ' ')}"
        )


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def password_problem(password: str) -> Problem | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return Problem(f"must be at least {MIN_PASSWORD_LENGTH} characters", field="password")
    return None


def to_user(staff: Staff) -> StaffUser:
    return StaffUser(
        staff.id,
        staff.username,
        staff.full_name,
        staff.position,
        Role(staff.role),
        bool(staff.must_change_password),
    )


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(db: Database, username: str, password: str) -> StaffUser:
    """Check a username and password; lock the account after repeated failures."""
    now = datetime.now(UTC)
    with db.transaction() as session:
        staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
        if staff is None or not staff.active:
            raise AuthenticationFailed("unknown username or password")
        if staff.locked_until is not None and staff.locked_until > now:
            raise AuthenticationFailed(
                f"account locked after {MAX_FAILED_LOGINS} failed attempts; try again later"
            )
        if not verify_password(staff.password_hash, password):
            staff.failed_logins += 1
            if staff.failed_logins >= MAX_FAILED_LOGINS:
                staff.locked_until = now + LOCKOUT
                staff.failed_logins = 0
            raise_after_commit = AuthenticationFailed("unknown username or password")
        else:
            if staff.failed_logins or staff.locked_until:
                staff.failed_logins = 0
                staff.locked_until = None
            return to_user(staff)
    raise raise_after_commit
