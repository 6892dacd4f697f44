"""setup-server on a real PostgreSQL server: the app's role keeps the register but cannot touch
its history (audit log, amendments, incident timelines, closed incidents), by privileges as
well as by triggers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from desktop_app.services import server_setup
from desktop_app.services.database import open_database
from desktop_app.services.errors import ValidationFailed
from desktop_app.services.provision import init_provision
from tests.conftest import PASSWORD

APP_PASSWORD = "a long app password for the server"


@pytest.fixture
def role(pg_url: str) -> Iterator[str]:
    """A role name of this test's own (roles belong to the whole cluster)."""
    name = f"app_{os.getpid()}_{abs(hash(pg_url)) % 10_000}"
    yield name
    with psycopg.connect(_plain(pg_url), autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone():
            connection.execute(f"DROP OWNED BY {name}")  # type: ignore[arg-type]
            connection.execute(f"DROP ROLE {name}")  # type: ignore[arg-type]


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def app(pg_url: str, role: str) -> Iterator[psycopg.Connection]:
    """The register set up, with a director and a closed incident, and a connection as the
    app's role."""
    done = server_setup.setup_server(pg_url, role, APP_PASSWORD)
    assert done.created
    db = open_database(done.app_url)  # the app connects as the role from now on
    init_provision(db, "Server AP", "director", PASSWORD, "Dana Director")
    db.dispose()
    with psycopg.connect(_plain(pg_url), autocommit=True) as owner:
        owner.execute(
            "INSERT INTO learners (upn, surname, forename, date_of_birth, start_date, "
            "marked_vulnerable, description) VALUES "
            "('A123456789012', 'S', 'F', '2011-01-01', '2025-09-03', false, '')"
        )
    with psycopg.connect(_plain(done.app_url), autocommit=True) as connection:
        yield connection


def test_setup_server_makes_a_role_the_app_can_sign_in_with(pg_url: str, role: str) -> None:
    done = server_setup.setup_server(pg_url, role, APP_PASSWORD)
    assert done.created and done.schema_revision
    assert make_url(done.app_url).username == role
    again = server_setup.setup_server(pg_url, role, None)  # after an upgrade: no password needed
    assert not again.created


def test_the_app_role_writes_the_register_and_appends_to_the_audit_log(
    app: psycopg.Connection,
) -> None:
    staff = app.execute("SELECT count(*) FROM staff").fetchone()
    logged = app.execute("SELECT count(*) FROM audit_log").fetchone()
    assert staff == (1,) and logged is not None and logged[0] >= 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET detail = 'forged'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER USER",
        "DROP TRIGGER audit_log_append_only ON audit_log",
        "UPDATE amendments SET amended_code = 'X'",
        "TRUNCATE amendments",
        "DELETE FROM incident_entries",
        "UPDATE incident_entries SET detail = 'forged'",
        "DELETE FROM incidents",
        "UPDATE alembic_version SET version_num = '0001'",
        "CREATE TABLE intruder (id integer)",
    ],
)
def test_the_app_role_cannot_change_the_history(app: psycopg.Connection, statement: str) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute(statement)  # type: ignore[arg-type]


def test_a_closed_incident_cannot_be_updated_by_the_app_role(
    app: psycopg.Connection, pg_url: str
) -> None:
    with psycopg.connect(_plain(pg_url), autocommit=True) as owner:
        owner.execute(
            "INSERT INTO incidents (learner_id, last_seen_at, last_seen_where, seen_by, direction,"
            " description, clothing, police_required, police_reason, first_minutes,"
            " second_minutes, started_at, started_by_id, closed_at, closed_by_id,"
            " handed_to_police, outcome) SELECT id, now(), 'gate', 'A', '', '', '', false, '',"
            " 10, 15, now(), 1, now(), 1, false, 'returned' FROM learners"
        )
    changed = app.execute("UPDATE incidents SET outcome = 'rewritten'")
    assert changed.rowcount == 0  # the row policy hides closed incidents from UPDATE
    assert app.execute("SELECT outcome FROM incidents").fetchone() == ("returned",)


def test_a_new_role_needs_a_long_password(pg_url: str, role: str) -> None:
    with pytest.raises(ValidationFailed):
        server_setup.setup_server(pg_url, role, "short")


def test_the_documented_sql_script_is_the_one_the_app_runs() -> None:
    """docs/postgresql-setup.sql is printed by `setup-server --print-sql`: never edited apart."""
    script = Path(__file__).resolve().parents[2] / "docs" / "postgresql-setup.sql"
    assert script.read_text() == server_setup.script()


def test_the_sql_script_sets_up_a_role_with_psql(pg_url: str, role: str, tmp_path: Path) -> None:
    import subprocess

    from tests.pg import find_bindir

    bindir = find_bindir()
    assert bindir is not None
    path = tmp_path / "setup.sql"
    path.write_text(server_setup.script(role))
    url = make_url(pg_url)
    result = subprocess.run(
        [str(bindir / "psql"), "-X", "-q", "-h", str(url.host), "-p", str(url.port),
         "-U", str(url.username), "-d", str(url.database),
         "-v", f"app_password={APP_PASSWORD}", "-f", str(path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    as_app = _plain(pg_url).replace("postgres@", f"{role}@")
    with (
        psycopg.connect(as_app) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute("DELETE FROM audit_log")
