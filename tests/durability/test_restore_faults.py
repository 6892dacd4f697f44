"""Issue 13 point 2: restore keeps the replaced register whole (WAL included), is refused while
the register is open elsewhere, signs in against the live register, refuses a backup not under
this register's key, counts failures toward the lock, is audited, and survives kill -9."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from desktop_app.models import AuditEntry, Learner, Mark
from desktop_app.models.engine import is_encrypted
from tests.durability.faults import (
    ENV,
    PASSPHRASE,
    cli,
    make_register,
    marks_csv,
    one_line_error,
    opened,
    passphrase_only,
    signed,
)

__all__ = ["passphrase_only"]

#: A child that writes one mark, then dies without closing: the commit is only in the WAL.
WRITE_AND_DIE = """
import os, sys
from datetime import datetime, UTC, date
from desktop_app.config import database_url
from desktop_app.models import Mark
from desktop_app.services.database import open_database
db = open_database(database_url(sys.argv[1]))
with db.transaction() as session:
    session.add(Mark(learner_id=1, date=date(2025, 9, 4), session="AM", code="/",
                     recorded_by_id=1, recorded_at=datetime.now(UTC)))
os._exit(0)
"""
#: A child that keeps the register open, as the window does.
HOLD_OPEN = """
import sys, time
from sqlalchemy import text
from desktop_app.config import database_url
from desktop_app.services.database import open_database
db = open_database(database_url(sys.argv[1]))
with db.reading() as session:
    session.execute(text("SELECT count(*) FROM learners")).scalar()
print("open", flush=True)
time.sleep(120)
"""


def _count(path: Path, model: type = Mark) -> int:
    db = opened(path)
    try:
        with db.reading() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        db.dispose()


def _with_backup(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "r.sqlite"
    make_register(path)
    out = tmp_path / "b.sqlite"
    assert cli(path, *signed("backup", "--out", str(out))).returncode == 0
    return path, out


def test_the_replaced_register_is_kept_whole_with_what_was_only_in_its_wal(
    tmp_path: Path, passphrase_only: None
) -> None:
    path, out = _with_backup(tmp_path)
    child = subprocess.run([sys.executable, "-c", WRITE_AND_DIE, str(path)], env=ENV, timeout=60)
    assert child.returncode == 0
    assert Path(f"{path}-wal").stat().st_size > 0  # the mark is in the WAL only
    result = cli(path, *signed("restore", str(out)))
    assert result.returncode == 0, result.stderr
    kept = next(tmp_path.glob("r.sqlite.replaced-*"))
    assert _count(kept) == 1  # the mark the app reported saved is in the kept copy
    assert _count(path) == 0  # the backup is in place
    assert is_encrypted(path) and is_encrypted(kept)
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_restore_is_refused_while_another_process_has_the_register_open(
    tmp_path: Path, passphrase_only: None
) -> None:
    path, out = _with_backup(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(path)], env=ENV, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = path.read_bytes()
        result = cli(path, *signed("restore", str(out)))
        assert result.returncode == 4, result.stderr
        assert "open in another window" in one_line_error(result)
        assert path.read_bytes() == before
        assert not list(tmp_path.glob("r.sqlite.replaced-*"))
    finally:
        holder.kill()
        holder.wait()


def test_a_self_made_plain_register_cannot_take_over_and_wrong_passwords_lock(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = tmp_path / "r.sqlite"
    make_register(path)
    evil = tmp_path / "evil.sqlite"
    make_register(evil, encrypt=False)  # the attacker is "boss" there, with their password
    result = cli(path, *signed("restore", str(evil)))
    assert result.returncode == 2 and "NOT encrypted" in one_line_error(result)
    assert is_encrypted(path)
    for _attempt in range(5):  # signing in is against the live register: failures count
        wrong = cli(path, *signed("restore", str(evil), "--re-encrypt"), stdin="guess\n")
        assert wrong.returncode == 3
    locked = cli(path, *signed("restore", str(evil), "--re-encrypt"))
    assert locked.returncode == 3 and "locked" in locked.stderr
    assert is_encrypted(path)


def test_a_plain_backup_is_restored_only_re_encrypted_and_it_is_audited(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = tmp_path / "r.sqlite"
    make_register(path)
    plain = tmp_path / "plain.sqlite"
    make_register(plain, encrypt=False)
    result = cli(path, *signed("restore", str(plain), "--re-encrypt"))
    assert result.returncode == 0, result.stderr
    assert is_encrypted(path)
    db = opened(path)
    with db.reading() as session:
        restored = session.scalars(
            select(AuditEntry.staff_name).where(AuditEntry.action == "restore")
        ).all()
    db.dispose()
    assert list(restored) == ["Boss"]
    kept = next(tmp_path.glob("r.sqlite.replaced-*"))
    db = opened(kept)
    with db.reading() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    db.dispose()
    assert actions[-1] == "restore"  # the replaced register records it was replaced
    assert cli(path, "check").returncode == 0


def test_a_backup_under_another_key_is_refused(tmp_path: Path, passphrase_only: None) -> None:
    import sqlcipher3.dbapi2 as sqlcipher

    path, out = _with_backup(tmp_path)
    connection = sqlcipher.connect(str(out))  # the backup re-keyed: another register's key
    connection.execute(f"PRAGMA key = '{PASSPHRASE}'")
    connection.execute("PRAGMA rekey = 'someone else entirely, not this register'")
    connection.close()
    before = path.read_bytes()
    result = cli(path, *signed("restore", str(out)))
    assert result.returncode == 2
    assert "not encrypted with this register's key" in one_line_error(result)
    assert path.read_bytes() == before


def test_kill_9_during_restore_leaves_the_old_or_the_new_register_never_neither(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = tmp_path / "r.sqlite"
    make_register(path)
    out = tmp_path / "b.sqlite"
    assert cli(path, *signed("backup", "--out", str(out))).returncode == 0
    rows = [(f"L{i:012d}", "2025-09-03", "AM", "/") for i in range(1, 31)]
    csv = marks_csv(tmp_path / "m.csv", rows)
    assert cli(path, *signed("import", "marks", str(csv))).returncode == 0
    rng = random.Random(13)
    for _attempt in range(4):
        child = subprocess.Popen(
            [sys.executable, "-m", "desktop_app", "--database", str(path),
             *signed("restore", str(out))],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
        )  # fmt: skip
        assert child.stdin is not None
        child.stdin.write(b"correct horse battery\n")
        child.stdin.close()
        time.sleep(rng.uniform(0.5, 3.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert _count(path, Learner) == 30
        assert _count(path) in (0, 30)  # the backup (no marks) or the register as it was
        assert cli(path, "check").returncode == 0
