"""Setting up a new provision and reading its settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.permissions import Role
from desktop_app.models import ProvisionSettings, Staff
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, hash_password, password_problem, to_user
from desktop_app.services.errors import Problem, ServiceError, ValidationFailed
from desktop_app.services.session_times import add_first_times
from desktop_app.services.tx import in_transaction


@dataclass(frozen=True, slots=True)
class ProvisionInfo:
    """The provision's name (its session times: services/session_times.py, by day)."""

    name: str


def is_initialised(db: Database) -> bool:
    with db.reading() as session:
        return session.get(ProvisionSettings, 1) is not None


def provision_details(db: Database) -> ProvisionInfo:
    """The provision's name."""
    with db.reading() as session:
        return provision_info(session)


@in_transaction
def provision_info(session: Session) -> ProvisionInfo:
    """The provision's name (inside an open session)."""
    row = session.get(ProvisionSettings, 1)
    if row is None:
        raise ServiceError("this database has not been set up; run 'init' first")
    return ProvisionInfo(row.name)


def check_new_provision(name: str, username: str, full_name: str, password: str) -> list[Problem]:
    """Every problem with the details for a new provision and its first director."""
    problems = [Problem("is required", field="name")] if not name.strip() else []
    return problems + check_new_staff(username, full_name, password)


def check_new_staff(username: str, full_name: str, password: str) -> list[Problem]:
    problems = []
    if not username.strip() or any(c.isspace() for c in username):
        problems.append(Problem("must be one word with no spaces", field="username"))
    if not full_name.strip():
        problems.append(Problem("is required", field="full name"))
    if (problem := password_problem(password)) is not None:
        problems.append(problem)
    return problems


def init_provision(
    db: Database,
    name: str,
    admin_username: str,
    password: str,
    admin_full_name: str | None = None,
    position: str = "Director",
) -> StaffUser:
    """Create the provision's settings and its first director. Refused if already set up."""
    full_name = admin_full_name or admin_username
    problems = check_new_provision(name, admin_username, full_name, password)
    if problems:
        raise ValidationFailed(problems)
    with db.transaction() as session:
        if session.get(ProvisionSettings, 1) is not None:
            raise ServiceError("this database is already set up")
        session.add(ProvisionSettings(id=1, name=name.strip()))
        add_first_times(session)
        staff = Staff(
            username=admin_username.strip(),
            full_name=full_name.strip(),
            position=position,
            role=Role.DIRECTOR.value,
            password_hash=hash_password(password),
            active=True,
            failed_logins=0,
        )
        session.add(staff)
        session.flush()
        return to_user(staff)


@in_transaction
def add_staff_unchecked(
    session: Session, username: str, full_name: str, position: str, role: Role, password: str
) -> Staff:
    """Add a member of staff inside an open session (for set-up and the demo)."""
    staff = Staff(
        username=username,
        full_name=full_name,
        position=position,
        role=role.value,
        password_hash=hash_password(password),
        active=True,
        failed_logins=0,
    )
    session.add(staff)
    return staff


def staff_by_username(db: Database, username: str) -> StaffUser | None:
    with db.reading() as session:
        staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
        return None if staff is None else to_user(staff)
