"""Issue 13 points 5 and 6: a tampered file is found by `check` (the hash chain, the protective
triggers, every mark against the audit log, naming the first entry that disagrees); existing
logs are chained by migration 0007; a clock set forward purges nothing young, and the
amendment trigger refuses it too; a clock behind the newest record is reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from alembic import command
from sqlalchemy import create_engine, text

from desktop_app.domain.clock import ambiguous_local_time, clock_behind, reference_moment
from desktop_app.models import migrate
from desktop_app.services import integrity
from tests.durability.faults import (
    ENV,
    PASSPHRASE,
    cli,
    make_register,
    marks_csv,
    passphrase_only,
    signed,
)

__all__ = ["passphrase_only"]


def _raw(path: Path, *statements: str) -> None:
    connection = sqlcipher.connect(str(path))
    connection.execute(f"PRAGMA key = '{PASSPHRASE}'")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def _marked(tmp_path: Path) -> Path:
    path = tmp_path / "r.sqlite"
    make_register(path)
    rows = [(f"L{i:012d}", "2025-09-03", "AM", "/") for i in range(1, 31)]
    result = cli(path, *signed("import", "marks", str(marks_csv(tmp_path / "m.csv", rows))))
    assert result.returncode == 0, result.stderr
    return path


def test_an_untouched_register_checks_clean(tmp_path: Path, passphrase_only: None) -> None:
    path = _marked(tmp_path)
    result = cli(path, "check")
    assert result.returncode == 0, result.stdout
    assert "every mark: as the audit log says" in result.stdout


def test_a_direct_update_of_a_mark_is_named_with_the_entry_it_disagrees_with(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = _marked(tmp_path)
    _raw(path, "UPDATE marks SET code = 'N' WHERE id = 7")
    result = cli(path, "check")
    assert result.returncode == 2
    assert "mark 7 (2025-09-03 AM) is 'N' but audit log entry" in result.stdout
    assert "says '/'" in result.stdout
    assert "Surname" not in result.stdout + result.stderr  # no learner data


def test_a_rewritten_audit_entry_breaks_the_chain_and_is_named(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = _marked(tmp_path)
    _raw(
        path,
        "DROP TRIGGER audit_log_no_update",
        "UPDATE audit_log SET staff_name = 'Someone else' WHERE id = 5",
    )
    result = cli(path, "check")
    assert result.returncode == 2
    assert "audit log entry 5 (" in result.stdout and "does not match its hash" in result.stdout
    assert "protective trigger(s) missing: audit_log_no_update" in result.stdout


def test_a_trigger_replaced_by_one_that_does_nothing_is_named(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = _marked(tmp_path)
    _raw(
        path,
        "DROP TRIGGER amendments_no_update",
        "CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments BEGIN SELECT 1; END",
    )
    result = cli(path, "check")
    assert result.returncode == 2
    assert "protective trigger(s) altered: amendments_no_update" in result.stdout


def test_migration_0007_chains_the_entries_already_there(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        for n in range(3):
            connection.execute(
                text(
                    "INSERT INTO audit_log (at, staff_name, action, entity, detail) "
                    f"VALUES ('2026-01-0{n + 1} 09:00:00.000000', 'system', 'view', 'x', 'd{n}')"
                )
            )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
    with engine.connect() as connection:
        report = integrity.IntegrityReport()
        integrity.check_chain(connection, report)
    engine.dispose()
    assert report.ok and report.entries == 3


def test_a_clock_set_forward_purges_nothing_young_and_the_trigger_agrees(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = _marked(tmp_path)
    _raw(
        path,
        "INSERT INTO amendments (mark_id, original_code, amended_code, reason, made_at, "
        "staff_id, staff_name, staff_position, after_close) "
        "VALUES (1, '/', 'L', 'late', datetime('now'), 1, 'Boss', 'Director', 1)",
    )
    forward = ["faketime", "2033-01-01 09:00:00"]
    purge = subprocess.run(
        [*forward, sys.executable, "-m", "desktop_app", "--database", str(path),
         *signed("retention", "--purge", "--yes")],
        input="correct horse battery\n", capture_output=True, text=True, env=ENV, timeout=120,
    )  # fmt: skip
    assert purge.returncode == 0, purge.stderr
    assert "0 marks and 0 amendments" in purge.stdout
    delete = subprocess.run(
        [*forward, sys.executable, "-c",
         "import sqlcipher3.dbapi2 as s, sys; c = s.connect(sys.argv[1]); "
         f"c.execute(\"PRAGMA key = '{PASSPHRASE}'\"); c.execute('DELETE FROM amendments')",
         str(path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert delete.returncode != 0
    assert "amendments are kept for 6 years" in delete.stderr


def test_a_clock_behind_the_newest_record_is_reported(
    tmp_path: Path, passphrase_only: None
) -> None:
    path = _marked(tmp_path)
    result = subprocess.run(
        ["faketime", "2026-01-01 09:00:00", sys.executable, "-m", "desktop_app", "--database",
         str(path), "check"],
        capture_output=True, text=True, env=ENV, timeout=120,
    )  # fmt: skip
    assert "behind the register's newest record" in result.stdout


def test_the_clock_rules() -> None:
    from datetime import UTC, date, datetime, time, timedelta

    now = datetime(2033, 1, 1, tzinfo=UTC)
    newest = datetime(2026, 11, 30, tzinfo=UTC)
    assert reference_moment(now, newest) == newest
    assert reference_moment(newest, now) == newest
    assert clock_behind(newest, now) == now - newest
    assert clock_behind(now, newest) is None
    assert clock_behind(newest - timedelta(minutes=1), newest) is None  # ordinary drift
    assert ambiguous_local_time(date(2026, 10, 25), time(1, 30))  # happens twice
    assert not ambiguous_local_time(date(2026, 10, 25), time(2, 30))
    assert not ambiguous_local_time(date(2026, 10, 24), time(1, 30))
    assert not ambiguous_local_time(date(2026, 3, 29), time(1, 30))  # skipped, not doubled
