"""Encryption at rest, backups, restore and retention, on real files."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring

from desktop_app.config import database_url
from desktop_app.models import Amendment, Learner, Mark
from desktop_app.models.engine import Database, is_encrypted
from desktop_app.services import backup as backups
from desktop_app.services.auth import StaffUser, authenticate
from desktop_app.services.database import DatabaseUnreadable, open_database
from desktop_app.services.encryption import encrypt_in_place
from desktop_app.services.errors import ServiceError
from desktop_app.services.keys import ENV_PASSPHRASE, ENV_RECOVERY_KEY, forget_key
from desktop_app.services.retention import expired_entries, purge_expired
from desktop_app.services.setup import create_register
from tests.conftest import PASSWORD

SURNAME = "Zielinskaya"


def add_learner(db: Database, user: StaffUser) -> None:
    with db.transaction((user.id, user.full_name)) as session:
        session.add(
            Learner(
                upn="E820300000001",
                surname=SURNAME,
                forename="Ann",
                date_of_birth=date(2011, 1, 1),
                start_date=date(2025, 9, 3),
            )
        )


def all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


@pytest.fixture
def encrypted(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    path = tmp_path / "enc.sqlite"
    db = create_register(database_url(str(path)), "AP", "boss", "Boss", PASSWORD)
    add_learner(db, authenticate(db, "boss", PASSWORD))
    yield db, path
    db.dispose()


def test_new_register_is_encrypted_and_holds_no_name_in_plain_text(
    encrypted: tuple[Database, Path], tmp_path: Path
) -> None:
    db, path = encrypted
    assert db.recovery_key is not None and len(db.recovery_key) == 71
    db.dispose()
    assert is_encrypted(path)
    raw = all_bytes(tmp_path)
    assert SURNAME.encode() not in raw and b"boss" not in raw
    assert db.recovery_key.replace("-", "").lower().encode() not in raw  # the key is not on disk


def test_encrypted_register_will_not_open_without_its_key(
    encrypted: tuple[Database, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, path = encrypted
    db.dispose()
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT * FROM learners").fetchall()
    forget_key(path)
    with pytest.raises(ServiceError, match="its key is not in this computer's keyring"):
        open_database(database_url(str(path)))
    monkeypatch.setenv(ENV_PASSPHRASE, "a wrong passphrase entirely")
    with pytest.raises(DatabaseUnreadable, match="wrong"):
        open_database(database_url(str(path)))


def test_recovery_key_opens_it_and_is_remembered(
    encrypted: tuple[Database, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, path = encrypted
    recovery = db.recovery_key
    assert recovery is not None
    db.dispose()
    forget_key(path)
    monkeypatch.setenv(ENV_RECOVERY_KEY, recovery.lower().replace("-", " "))
    reopened = open_database(database_url(str(path)))
    reopened.dispose()
    monkeypatch.delenv(ENV_RECOVERY_KEY)
    again = open_database(database_url(str(path)))  # now from the keyring
    assert authenticate(again, "boss", PASSWORD).username == "boss"
    again.dispose()


def test_without_a_keyring_a_passphrase_is_asked_and_nothing_is_left_if_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: NoKeyring())
    path = tmp_path / "p.sqlite"
    with pytest.raises(ServiceError, match="no keyring"):
        create_register(database_url(str(path)), "AP", "boss", "Boss", PASSWORD, ask=lambda n: None)
    assert not path.exists()
    asked: list[bool] = []
    db = create_register(
        database_url(str(path)),
        "AP",
        "boss",
        "Boss",
        PASSWORD,
        ask=lambda new: asked.append(new) or "a good long passphrase",
    )
    assert asked == [True] and db.recovery_key is None
    db.dispose()
    reopened = open_database(database_url(str(path)), ask=lambda new: "a good long passphrase")
    assert authenticate(reopened, "boss", PASSWORD).username == "boss"
    reopened.dispose()


def test_unencrypted_register_can_be_encrypted_in_place(
    db: Database, db_path: Path, director: StaffUser, tmp_path: Path
) -> None:
    add_learner(db, director)
    assert SURNAME.encode() in all_bytes(tmp_path)
    reopened, recovery = encrypt_in_place(db, director)
    assert recovery is not None and is_encrypted(db_path)
    assert SURNAME.encode() not in all_bytes(tmp_path)
    with reopened.reading() as session:
        assert session.query(Learner).one().surname == SURNAME
    reopened.dispose()


def test_backup_is_encrypted_restorable_and_restore_keeps_the_old_file(
    encrypted: tuple[Database, Path], tmp_path: Path
) -> None:
    db, path = encrypted
    user = authenticate(db, "boss", PASSWORD)
    out = backups.backup(db, user, tmp_path / "b" / "copy.sqlite")
    assert is_encrypted(out) and SURNAME.encode() not in out.read_bytes()
    assert backups.check_file(out, db.key).ok
    with db.transaction() as session:
        session.query(Learner).delete()
    key = db.key
    db.dispose()
    kept = backups.restore(path, out, key, datetime(2026, 1, 2, 3, 4, 5))
    assert kept.name == "enc.sqlite.replaced-20260102-030405" and kept.exists()
    restored = open_database(database_url(str(path)))
    with restored.reading() as session:
        assert session.query(Learner).count() == 1
    restored.dispose()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    db.dispose()
    before = db_path.read_bytes()
    with pytest.raises(ServiceError, match="failed its check"):
        backups.restore(db_path, bad, None, datetime(2026, 1, 1))
    assert db_path.read_bytes() == before
    assert not list(tmp_path.glob("*.replaced-*"))


def test_automatic_backups_daily_and_on_exit_keep_14_daily_and_12_monthly(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "auto"
    start = datetime(2025, 1, 1, 16, 0)
    for day in range(400):
        when = start + timedelta(days=day)
        assert backups.automatic_backup(db, folder, when) is not None
        assert backups.automatic_backup(db, folder, when + timedelta(hours=1)) is None
    assert backups.automatic_backup(db, folder, start + timedelta(days=399, hours=2), on_exit=True)
    kept = backups.backups_in(folder)
    assert kept[0].name == "register-20260204-180000-401.sqlite"  # the register's name, then N
    assert kept[1].name == "register-20260204-160000-400.sqlite"  # within 24 hours: kept too
    days = {p.name[9:17] for p in kept}
    months = {p.name[9:15] for p in kept}
    # Backups ran daily from 1 Jan 2025 to 4 Feb 2026: the last 14 days (22 Jan to 4 Feb 2026),
    # and the newest of each of the last 12 months, two of which are already among those days.
    recent = {f"202601{d:02d}" for d in range(22, 32)} | {f"202602{d:02d}" for d in range(1, 5)}
    month_ends = {
        "20250331",
        "20250430",
        "20250531",
        "20250630",
        "20250731",
        "20250831",
        "20250930",
        "20251031",
        "20251130",
        "20251231",
    }
    assert days == recent | month_ends
    assert len(months) == 12
    assert backups.newest_good_backup(folder, None, backups.stem_of(db)) == kept[0]
    assert backups.newest_good_backup(folder, None, "another-register") is None


def test_retention_purges_only_entries_older_than_six_years(
    db: Database, director: StaffUser
) -> None:
    add_learner(db, director)
    old = datetime(2019, 10, 1, 9, 0, tzinfo=UTC)
    with db.transaction() as session:
        session.add_all(
            [
                Mark(
                    learner_id=1,
                    date=date(2019, 10, 1),
                    session="AM",
                    code="N",
                    recorded_by_id=director.id,
                    recorded_at=old,
                ),
                Mark(
                    learner_id=1,
                    date=date(2025, 10, 1),
                    session="AM",
                    code="/",
                    recorded_by_id=director.id,
                    recorded_at=datetime(2025, 10, 1, 9, tzinfo=UTC),
                ),
            ]
        )
        session.flush()
        session.add(
            Amendment(
                mark_id=1,
                original_code="N",
                amended_code="I",
                reason="ill",
                made_at=old + timedelta(days=2),
                staff_id=director.id,
                staff_name="D",
                staff_position="Director",
            )
        )
    found = expired_entries(db, director, date(2025, 11, 23))
    assert (found.marks, found.amendments, found.oldest) == (1, 1, date(2019, 10, 1))
    purge_expired(db, director, date(2025, 11, 23))
    with db.reading() as session:
        assert [m.date for m in session.query(Mark)] == [date(2025, 10, 1)]
        assert session.query(Amendment).count() == 0
