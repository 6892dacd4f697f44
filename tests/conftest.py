"""Shared fixtures: a real temporary database with a director, and staff of each role.

The service, CLI and durability tests that use `db`, `db_url`, `new_register_url` or the CLI's
`provision` run twice: on a SQLite file and on a throwaway PostgreSQL cluster (tests/pg.py).
A test that asks for `db_path` (it looks inside the SQLite file) runs on SQLite only.
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import keyring
import pytest

from tests.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.config import database_url
from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database, sqlite_path
from desktop_app.services import provision
from desktop_app.services.auth import StaffUser, hash_password, to_user
from desktop_app.services.calendar import add_term
from desktop_app.services.database import open_database
from desktop_app.services.provision import add_staff_unchecked, init_provision
from tests import pg

# Keys made by tests go to memory, never to this machine's keyring (nor a plaintext one).
os.environ.pop("PROVISION_REGISTER_PASSPHRASE", None)
os.environ.pop("PROVISION_REGISTER_RECOVERY_KEY", None)
keyring.set_keyring(MemoryKeyring())

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _nothing_frozen_outlives_its_test() -> Iterator[None]:
    """The app freezes what is alive at start-up out of the cycle collector (longlived.py). In
    a test process that moment falls mid-session, and the garbage of earlier tests (windows
    with their timers) would be kept for good and go on acting in later tests: thaw it."""
    yield
    gc.unfreeze()


BOTH_BACKENDS = ("services", "cli", "durability")  # test folders run on SQLite and PostgreSQL
SQLITE_FILE = "register.sqlite"
# Whole modules about the SQLite file itself (encryption, its backups): SQLite only. The role
# matrices (every service as every role) check the role before any SQL is sent; they run on
# SQLite, and the services themselves run on PostgreSQL through the other modules.
SQLITE_ONLY = {
    "test_encryption_and_backups.py",
    "test_roles.py",
    "test_safeguarding_roles.py",
    "test_incident_roles.py",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames or "db_path" in metafunc.fixturenames:
        return
    path = metafunc.definition.path
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return
    if path.parent.name in BOTH_BACKENDS and path.name not in SQLITE_ONLY:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about SQLite itself; not run on PostgreSQL")


def pytest_report_header(config: pytest.Config) -> str:
    reason = pg.unavailable_reason()
    if reason is None:
        return f"postgresql: throwaway clusters from {pg.find_bindir()}"
    return f"postgresql: NOT TESTED, {reason}" + (" (CI: these tests fail)" if pg.in_ci() else "")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.Cluster]:
    """This test process's PostgreSQL cluster, started on first use and stopped at the end."""
    try:
        cluster = pg.start_cluster()
    except pg.ClusterUnavailable as error:
        if pg.in_ci():
            pytest.fail(f"PostgreSQL must be tested in CI but could not start: {error}")
        pytest.skip(f"PostgreSQL not tested: {error}")
    yield cluster
    cluster.stop()


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """ "sqlite" or "postgresql" (see pytest_generate_tests)."""
    return str(getattr(request, "param", "sqlite"))


def _fresh_pg(request: pytest.FixtureRequest, key: str, build: Callable[[str], None]) -> str:
    cluster: pg.Cluster = request.getfixturevalue("pg_cluster")
    name = cluster.checkout(key, build)
    request.addfinalizer(lambda: cluster.checkin(key, name))
    return cluster.url(name)


def _schema_only(url: str) -> None:
    open_database(url, create=True).dispose()


def _with_director(url: str) -> None:
    database = open_database(url, create=True)
    init_provision(database, "Test Provision", "director", PASSWORD, "Dana Director")
    database.dispose()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / SQLITE_FILE


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where `db` is: a SQLite file, or a PostgreSQL database that already has the director."""
    if backend == "sqlite":
        return database_url(str(tmp_path / SQLITE_FILE))
    return _fresh_pg(request, "director", _with_director)


@pytest.fixture
def new_register_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a test can make a new register: a missing SQLite file, or an empty PostgreSQL
    database (schema only, no provision yet)."""
    if backend == "sqlite":
        return database_url(str(tmp_path / "new-register.sqlite"))
    return _fresh_pg(request, "schema", _schema_only)


@pytest.fixture(scope="session")
def sqlite_director(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite register with the director, made once per test process (through the app's own
    create, every migration and init_provision); each test's `db` is a copy of the file.
    Making it took about a second a test, most of the suite's time. Creating a register, the
    migrations and encryption are tested on their own."""
    path = tmp_path_factory.mktemp("sqlite-director") / SQLITE_FILE
    # Unencrypted so tests can inspect the file with sqlite3; encryption has its own tests.
    database = open_database(database_url(str(path)), create=True, encrypt=False)
    init_provision(database, "Test Provision", "director", PASSWORD, "Dana Director")
    database.dispose()  # the last connection closed: the WAL is checkpointed into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def db(db_url: str, backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    if backend == "sqlite":
        path = sqlite_path(db_url)
        assert path is not None
        shutil.copyfile(request.getfixturevalue("sqlite_director"), path)
        path.chmod(0o600)  # as the app makes a register
        database = open_database(db_url)
    else:
        database = open_database(db_url)
    yield database
    database.dispose()


_hashed: dict[str, str] = {}


def _hash_once(password: str) -> str:
    """A real argon2 hash of the password, made once per test process and reused."""
    if password not in _hashed:
        _hashed[password] = hash_password(password)
    return _hashed[password]


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
            with db.transaction() as session, pytest.MonkeyPatch.context() as patch:
                patch.setattr(provision, "hash_password", _hash_once)
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


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """An empty register (schema only) on PostgreSQL, for tests about the server itself."""
    return _fresh_pg(request, "schema", _schema_only)
