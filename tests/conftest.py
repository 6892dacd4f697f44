"""Shared fixtures: a real temporary SQLite database with a director, and staff of each role."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import keyring
import pytest

from tests.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.config import database_url
from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, to_user
from desktop_app.services.calendar import add_term
from desktop_app.services.database import open_database
from desktop_app.services.provision import add_staff_unchecked, init_provision

# Keys made by tests go to memory, never to this machine's keyring (nor a plaintext one).
os.environ.pop("PROVISION_REGISTER_PASSPHRASE", None)
os.environ.pop("PROVISION_REGISTER_RECOVERY_KEY", None)
keyring.set_keyring(MemoryKeyring())

PASSWORD = "correct horse battery"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    # Unencrypted so tests can inspect the file with sqlite3; encryption has its own tests.
    database = open_database(database_url(str(db_path)), create=True, encrypt=False)
    init_provision(database, "Test Provision", "director", PASSWORD, "Dana Director")
    yield database
    database.dispose()


@pytest.fixture
def director(db: Database) -> StaffUser:
    from desktop_app.services.provision import staff_by_username

    user = staff_by_username(db, "director")
    assert user is not None
    return user


@pytest.fixture
def make_staff(db: Database) -> Callable[[Role], StaffUser]:
    """Add a member of staff with the given role and return them."""
    made: dict[Role, StaffUser] = {}

    def make(role: Role) -> StaffUser:
        if role not in made:
            with db.transaction() as session:
                staff = add_staff_unchecked(
                    session, f"{role.value}1", f"A {role.value}", role.value.title(), role, PASSWORD
                )
                session.flush()
                made[role] = to_user(staff)
        return made[role]

    return make


@pytest.fixture
def autumn(db: Database, director: StaffUser) -> tuple[date, date]:
    """An autumn half-term, 2025-09-03 to 2025-10-24."""
    add_term(db, director, "Autumn 1 2025", date(2025, 9, 3), date(2025, 10, 24))
    return date(2025, 9, 3), date(2025, 10, 24)
