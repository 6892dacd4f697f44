"""Issue 13 point 3 and issue 11 point 13: a backup counts only when its copy passes its check;
a failed or killed backup leaves nothing counted; pruning keeps the newest good backup and every
backup of the last 24 hours, by the backups' own order; backups are named after the register;
plain backups of an encrypted register are named by `check`; a full disk is said in one line."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.models.engine import Database
from desktop_app.services import backup as backups
from desktop_app.services.errors import ServiceError
from tests.conftest import PASSWORD
from tests.durability.faults import (
    ENV,
    cli,
    make_register,
    one_line_error,
    opened,
    passphrase_only,
    signed,
)

__all__ = ["passphrase_only"]


def test_a_damaged_register_is_not_backed_up_and_leaves_no_partial(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = tmp_path / "r.sqlite"
    make_register(path, encrypt=False)
    db = opened(path)
    db.dispose()
    raw = bytearray(path.read_bytes())
    page = 4096
    for number in range(2, 8):  # damaged page headers
        raw[page * number : page * number + 12] = b"\x2a" * 12
    path.write_bytes(bytes(raw))
    db = opened(path)
    try:
        with pytest.raises(ServiceError, match=r"failed its integrity check|could not be written"):
            backups.write_backup(db, tmp_path / "out" / "b.sqlite")
    finally:
        db.dispose()
    assert list((tmp_path / "out").iterdir()) == []  # neither the backup nor a .partial


class _FullDisk:
    """A connection whose backup fails as a full disk does, mid-copy."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def backup(self, target: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_a_full_disk_during_a_backup_is_one_line_and_leaves_nothing(
    tmp_path: Path,
    passphrase_only: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "r.sqlite"
    make_register(path)
    real = backups.connect_file
    monkeypatch.setattr(backups, "connect_file", lambda p, k: _FullDisk(real(p, k)))
    monkeypatch.setattr("sys.stdin", _Stdin(PASSWORD + "\n"))
    out = tmp_path / "b" / "copy.sqlite"
    code = main(["--database", str(path), *signed("backup", "--out", str(out))])
    err = capsys.readouterr().err
    assert code == 2
    assert "the disk is full" in err and "Traceback" not in err and "Surname" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists() and list(out.parent.iterdir()) == []


class _Stdin:
    def __init__(self, text: str) -> None:
        self.lines = iter(text.splitlines(keepends=True))

    def readline(self) -> str:
        return next(self.lines, "")

    def isatty(self) -> bool:
        return False


def test_kill_9_during_a_backup_never_leaves_a_counted_bad_copy(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = tmp_path / "r.sqlite"
    make_register(path)
    folder = tmp_path / "b"
    for attempt in range(4):
        out = folder / f"r-20260101-00000{attempt}-{attempt + 1}.sqlite"
        child = subprocess.Popen(
            [sys.executable, "-m", "desktop_app", "--database", str(path),
             *signed("backup", "--out", str(out))],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
        )  # fmt: skip
        assert child.stdin is not None
        child.stdin.write(f"{PASSWORD}\n".encode())
        child.stdin.close()
        time.sleep(0.8 + attempt * 0.4)
        child.send_signal(signal.SIGKILL)
        child.wait()
    db = opened(path)
    try:
        for written in backups.backups_in(folder):  # every file with a backup's name is good
            assert backups.check_file(written, db.key).ok
        backups.automatic_backup(db, folder, datetime(2026, 1, 2, 9))
    finally:
        db.dispose()
    assert not list(folder.glob("*.partial"))  # what a kill left is removed, never counted


def test_pruning_keeps_the_newest_and_lets_a_backup_from_a_wrong_clock_age_out(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "auto"
    future = backups.automatic_backup(db, folder, datetime(2036, 5, 1, 9))
    assert future is not None
    start = datetime(2026, 1, 1, 9)
    written = []
    for day in range(400):
        made = backups.automatic_backup(db, folder, start + timedelta(days=day), on_exit=True)
        assert made is not None and made.exists()  # the backup just made is never pruned
        written.append(made)
    kept = backups.backups_in(folder)
    assert kept[0] == written[-1]
    assert future not in kept  # aged out by the backups' own order, not kept forever
    assert all(p.name.startswith(f"{db_path.stem}-") for p in kept)  # named after the register


def test_every_backup_of_the_last_24_hours_is_kept(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "auto"
    start = datetime(2026, 3, 2, 8)
    made = [
        backups.automatic_backup(db, folder, start + timedelta(hours=h), on_exit=True)
        for h in range(0, 30, 3)
    ]
    kept = set(backups.backups_in(folder))
    newest = start + timedelta(hours=27)
    for path, hours in zip(made, range(0, 30, 3), strict=True):
        within = newest - (start + timedelta(hours=hours)) < timedelta(hours=24)
        assert (path in kept) == within or path == made[0]  # (the day's newest also kept)


def test_check_names_plain_backups_made_before_encryption(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = tmp_path / "r.sqlite"
    make_register(path, encrypt=False)
    folder = tmp_path / "b"
    db = opened(path)
    plain = backups.automatic_backup(db, folder, datetime(2026, 1, 1, 9))
    db.dispose()
    assert cli(path, *signed("encrypt")).returncode == 0
    result = cli(path, "check", "--backups", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"plain backup (NOT encrypted, made before encryption): {plain}" in result.stdout
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_backup_of_a_damaged_encrypted_register_is_refused_by_the_cli(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = tmp_path / "r.sqlite"
    make_register(path)
    raw = bytearray(path.read_bytes())
    raw[4096 * 5 + 50 : 4096 * 5 + 90] = b"\x00" * 40
    path.write_bytes(bytes(raw))
    out = tmp_path / "b.sqlite"
    result = cli(path, *signed("backup", "--out", str(out)))
    assert result.returncode != 0 and "Backup written" not in result.stdout
    one_line_error(result)
    assert not out.exists() and not list(tmp_path.glob("*.partial"))
