"""Security on a server (issue 16 point 6): the password in the keyring, sslmode honoured, and
backups of a PostgreSQL register by pg_dump, restorable by pg_restore into an empty database."""

from __future__ import annotations

import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import keyring
import psycopg
import pytest
from sqlalchemy.engine import make_url

from desktop_app.config import SERVER_SERVICE, server_account, server_password
from desktop_app.models.engine import server_connect_args
from tests.cli.conftest import Run
from tests.conftest import PASSWORD
from tests.memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def empty_keyring() -> Iterator[None]:
    """The tests' memory keyring without server entries, before and after each test."""
    backend = keyring.get_keyring()
    assert isinstance(backend, MemoryKeyring)

    def clear() -> None:
        for key in [k for k in backend.secrets if k[0] == SERVER_SERVICE]:
            del backend.secrets[key]

    clear()
    yield
    clear()


def _account(url: str) -> str:
    return server_account(make_url(url))


def test_connect_server_checks_the_server_then_keeps_the_password_in_the_keyring(
    cli: Run, pg_url: str
) -> None:
    result = cli("connect-server", "--url", pg_url, "--password-stdin", password="s3cret-Pass")
    assert result.code == 0, result.err
    assert keyring.get_password(SERVER_SERVICE, _account(pg_url)) == "s3cret-Pass"
    assert "s3cret" not in result.out and "PostgreSQL 1" in result.out
    assert f'--database "{pg_url}"' in result.out  # the URL to use has no password in it


def test_a_url_without_a_password_gets_the_keyring_one_and_with_one_keeps_its_own() -> None:
    url = "postgresql+psycopg://register_app@db.example:5433/register"
    keyring.set_password(SERVER_SERVICE, "register_app@db.example:5433/register", "from-keyring")
    assert server_password(make_url(url)) == "from-keyring"
    assert server_connect_args(url, 5000)["password"] == "from-keyring"
    own = "postgresql+psycopg://register_app:typed@db.example:5433/register"
    assert "password" not in server_connect_args(own, 5000)  # the URL's own is used
    other = "postgresql+psycopg://register_app@db.example/register"  # port 5432: no entry
    assert "password" not in server_connect_args(other, 5000)


def test_sslmode_require_to_a_server_without_ssl_is_refused_in_one_line_and_nothing_kept(
    cli: Run, pg_url: str
) -> None:
    result = cli(
        "connect-server", "--url", pg_url, "--sslmode", "require", "--password-stdin",
        password="s3cret-Pass",
    )  # fmt: skip
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "does not accept SSL" in lines[0] and "require" in lines[0], lines
    assert "nothing was stored" in lines[0] and "Traceback" not in result.err
    assert keyring.get_password(SERVER_SERVICE, _account(pg_url)) is None


def test_the_database_refuses_sslmode_require_when_opened_too(cli: Run, pg_url: str) -> None:
    """Any command pointed at ?sslmode=require: psycopg is given it and the server refuses."""
    result = cli("staff", "list", "--database", pg_url + "?sslmode=require", "--user", "boss")
    assert result.code == 2 and "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "does not accept SSL" in lines[0], lines


def test_bad_connect_server_input_is_refused_with_exit_2(cli: Run, pg_url: str) -> None:
    with_password = pg_url.replace("@", ":typed@", 1)
    assert cli("connect-server", "--url", with_password, "--password-stdin").code == 2
    assert cli("connect-server", "--url", "sqlite:///x.sqlite", "--password-stdin").code == 2
    bad_mode = cli("connect-server", "--url", pg_url, "--sslmode", "sometimes", "--password-stdin")
    assert bad_mode.code == 2 and "sslmode must be one of" in bad_mode.err


def test_backup_of_a_server_register_is_a_pg_dump_that_restores_into_an_empty_database(
    cli: Run, pg_url: str, tmp_path: Path
) -> None:
    init = ("init", "--database", pg_url, "--name", "Test AP", "--admin", "boss")
    assert cli(*init, "--password-stdin").code == 0
    out = tmp_path / "register.dump"
    signed = ("--database", pg_url, "--user", "boss", "--password-stdin")
    result = cli("backup", "--out", str(out), *signed)
    assert result.code == 0, result.err
    assert "pg_dump --format=custom" in result.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not out.with_name(out.name + ".partial").exists()
    # The documented restore: pg_restore into an empty database, then the register opens.
    server = make_url(pg_url)
    admin = server.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
        c.execute("CREATE DATABASE restored_from_dump")
    target = server.set(database="restored_from_dump")
    try:
        plain = target.set(drivername="postgresql").render_as_string(hide_password=False)
        restored = subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={plain}", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert restored.returncode == 0, restored.stderr
        staff = cli("staff", "list", "--database", str(target.render_as_string(False)),
                    "--user", "boss", "--password-stdin", password=PASSWORD)  # fmt: skip
        assert staff.code == 0 and "boss" in staff.out, staff.err
    finally:
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS restored_from_dump WITH (FORCE)")
