"""`init --unencrypted`, `encrypt`, `backup`, `check`, `restore` and `retention` end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.models.engine import is_encrypted
from tests.cli.conftest import Run
from tests.conftest import PASSWORD


def signed(db: Path) -> tuple[str, ...]:
    return ("--database", str(db), "--user", "boss", "--password-stdin")


@pytest.mark.sqlite_only  # the SQLite file itself
def test_init_encrypts_by_default_and_prints_a_recovery_key(provision: Path, cli: Run) -> None:
    assert is_encrypted(provision)
    assert cli("check", "--database", str(provision)).code == 0


def test_unencrypted_init_warns_and_encrypt_fixes_it(tmp_path: Path, cli: Run) -> None:
    db = tmp_path / "plain.sqlite"
    made = cli(
        "init",
        "--database",
        str(db),
        "--name",
        "AP",
        "--admin",
        "boss",
        "--unencrypted",
        "--password-stdin",
    )
    assert made.code == 0 and "will NOT be encrypted" in made.err and not is_encrypted(db)
    done = cli("encrypt", *signed(db))
    assert done.code == 0 and "recovery key" in done.out and is_encrypted(db)
    assert "encrypted" in cli("check", "--database", str(db)).out


@pytest.mark.sqlite_only  # the SQLite file itself
def test_backup_check_and_restore(provision: Path, cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "backup.sqlite"
    assert cli("backup", "--out", str(out), *signed(provision)).code == 0
    assert is_encrypted(out)
    checked = cli("check", str(out), "--database", str(provision))
    assert checked.code == 0 and "integrity ok" in checked.out
    restored = cli("restore", str(out), *signed(provision))
    assert restored.code == 0, restored.err
    assert list(tmp_path.glob("cli.sqlite.replaced-*"))
    assert cli("stats", *signed(provision)).code == 0


@pytest.mark.sqlite_only  # the SQLite file itself
def test_restore_of_a_damaged_file_is_refused(provision: Path, cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    result = cli("restore", str(bad), *signed(provision), password=PASSWORD)
    assert result.code == 2 and "failed its check" in result.err
    assert not list(tmp_path.glob("*.replaced-*"))


def test_retention_lists_nothing_for_a_new_register(provision: Path, cli: Run) -> None:
    result = cli("retention", *signed(provision))
    assert result.code == 0 and result.out.startswith("0 marks and 0 amendments")
