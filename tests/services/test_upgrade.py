"""Opening a register made by an older version: a backup first, then the migrations; a failed
migration puts the backup back and says so; a newer register and a wrong SQLCipher are refused."""

from __future__ import annotations

import secrets
import subprocess
import sys
import types
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from desktop_app.config import database_url
from desktop_app.models import migrate
from desktop_app.models.engine import DatabaseKey, make_engine
from desktop_app.services import cipher, keys, upgrade
from desktop_app.services.database import open_database
from desktop_app.services.errors import ServiceError
from desktop_app.services.upgrade import TooNew, UpgradeFailed

HEAD = migrate.head_revision()
PREVIOUS = f"{int(HEAD) - 1:04d}"


def _migrate_to(engine: Engine, revision: str) -> None:
    from alembic import command

    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _old_register(path: Path) -> DatabaseKey:
    """An encrypted register at the revision before this build's, holding one mark."""
    key = DatabaseKey(raw_hex=secrets.token_hex(32))
    keys.remember_key(path, key)
    engine = make_engine(database_url(str(path)), key)
    _migrate_to(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO staff (id, username, full_name, position, role, password_hash, "
                "active, failed_logins) VALUES (1, 'd', 'D', 'Director', 'director', 'x', 1, 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO learners (id, upn, surname, forename, date_of_birth, start_date) "
                "VALUES (1, 'E820300000001', 'A', 'B', '2011-01-01', '2025-09-03')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO marks (learner_id, date, session, code, recorded_by_id, recorded_at) "
                "VALUES (1, '2025-09-08', 'AM', '/', 1, '2025-09-08 08:05:00')"
            )
        )
    _migrate_to(engine, PREVIOUS)
    engine.dispose()
    return key


def _contents(path: Path, key: DatabaseKey) -> tuple[str | None, list[str]]:
    """The schema version and the marks' codes in a file, read directly."""
    engine = make_engine(database_url(str(path)), key)
    try:
        with engine.connect() as connection:
            marks = list(connection.scalars(text("SELECT code FROM marks")))
        return migrate.stored_revision(engine), marks
    finally:
        engine.dispose()


def _backups_beside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}-before-upgrade-*{path.suffix}"))


def test_head_revision_read_from_file_names_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(migrate.alembic_config()).get_current_head() == HEAD


def test_an_older_register_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    key = _old_register(path)
    db = open_database(database_url(str(path)))
    db.dispose()
    assert _contents(path, key) == (HEAD, ["/"])
    [copy] = _backups_beside(path)
    assert f"-before-upgrade-{PREVIOUS}-" in copy.name
    assert _contents(copy, key) == (PREVIOUS, ["/"])  # the copy is as it was, and encrypted
    assert not copy.read_bytes().startswith(b"SQLite format 3")


def test_a_failed_migration_puts_the_backup_back_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "register.sqlite"
    key = _old_register(path)

    def half_done_then_broken(engine: Engine) -> None:
        with engine.begin() as connection:  # committed damage the backup must undo
            connection.execute(text("DELETE FROM marks"))
            connection.execute(text(f"UPDATE alembic_version SET version_num = '{HEAD}'"))
        raise RuntimeError("column already exists")

    monkeypatch.setattr(migrate, "run_migrations", half_done_then_broken)
    with pytest.raises(UpgradeFailed) as failed:
        open_database(database_url(str(path)))
    message = str(failed.value)
    [copy] = _backups_beside(path)
    assert "column already exists" in message and "put back from the backup" in message
    assert str(copy) in message
    assert _contents(path, key) == (PREVIOUS, ["/"])
    assert _contents(copy, key) == (PREVIOUS, ["/"])


def test_no_migration_without_a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "register.sqlite"
    key = _old_register(path)
    ran: list[Engine] = []
    monkeypatch.setattr(migrate, "run_migrations", ran.append)

    def no_room(*_args: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop_app.services.backup.write_backup", no_room)
    with pytest.raises(ServiceError, match="backup could not be taken first"):
        open_database(database_url(str(path)))
    assert ran == [] and _contents(path, key) == (PREVIOUS, ["/"])


def test_a_register_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    key = _old_register(path)
    engine = make_engine(database_url(str(path)), key)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    before = path.read_bytes()
    with pytest.raises(TooNew, match="newer version"):
        open_database(database_url(str(path)))
    assert path.read_bytes() == before and _backups_beside(path) == []


def test_an_up_to_date_register_takes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    open_database(database_url(str(path)), create=True).dispose()
    open_database(database_url(str(path))).dispose()
    assert _backups_beside(path) == []


def test_opening_an_up_to_date_register_does_not_load_alembic(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    open_database(database_url(str(path)), create=True, encrypt=False).dispose()
    code = (
        "import sys; from desktop_app.services.database import open_database; "
        f"open_database({database_url(str(path))!r}).dispose(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _fake_sqlcipher(monkeypatch: pytest.MonkeyPatch, reports: str | None) -> None:
    class Connection:
        def execute(self, _sql: str) -> Connection:
            return self

        def fetchone(self) -> tuple[str] | None:
            return None if reports is None else (reports,)

        def close(self) -> None:
            pass

    fake = types.ModuleType("sqlcipher3.dbapi2")
    fake.connect = lambda _name: Connection()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", fake)
    cipher.require_sqlcipher.cache_clear()


@pytest.mark.parametrize("reports", [None, "3.4.2 community"])
def test_a_register_is_not_opened_without_sqlcipher_4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reports: str | None
) -> None:
    """A sqlcipher3 built on plain SQLite (no cipher_version) or SQLCipher 3 is refused."""
    _fake_sqlcipher(monkeypatch, reports)
    path = tmp_path / "register.sqlite"
    try:
        with pytest.raises(cipher.SQLCipherMissing, match="no register is opened"):
            open_database(database_url(str(path)), create=True)
    finally:
        cipher.require_sqlcipher.cache_clear()
    assert not path.exists()


def test_the_real_sqlcipher_is_version_4() -> None:
    cipher.require_sqlcipher.cache_clear()
    assert cipher.require_sqlcipher().startswith("4.")


def test_the_backup_is_named_for_the_version_it_holds(tmp_path: Path) -> None:
    from datetime import datetime

    name = upgrade.backup_name(tmp_path / "register.sqlite", "0007", datetime(2026, 11, 30, 9, 5))
    assert name == tmp_path / "register-before-upgrade-0007-20261130-090500.sqlite"
