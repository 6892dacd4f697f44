"""Small service helpers the window uses: is a register file encrypted, when was a backup taken."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from desktop_app.config import database_url
from desktop_app.models.engine import Database
from desktop_app.services.backup import automatic_backup, taken_at
from desktop_app.services.database import is_encrypted_file
from desktop_app.services.setup import create_register
from tests.conftest import PASSWORD


def test_is_encrypted_file_tells_plain_encrypted_missing_and_servers_apart(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    assert not is_encrypted_file(database_url(str(db_path)))
    encrypted = create_register(database_url(str(tmp_path / "e.sqlite")), "AP", "b", "B", PASSWORD)
    encrypted.dispose()
    assert is_encrypted_file(database_url(str(tmp_path / "e.sqlite")))
    assert not is_encrypted_file(database_url(str(tmp_path / "missing.sqlite")))
    assert not is_encrypted_file("postgresql://server/register")


@pytest.mark.sqlite_only  # automatic backups are of the SQLite file
def test_taken_at_reads_the_time_from_an_automatic_backups_name(
    db: Database, tmp_path: Path
) -> None:
    written = automatic_backup(db, tmp_path / "b", datetime(2026, 1, 2, 3, 4, 5))
    assert written is not None and taken_at(written) == datetime(2026, 1, 2, 3, 4, 5)
    assert taken_at(tmp_path / "copy.sqlite") is None
