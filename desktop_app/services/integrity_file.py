"""`check`: a register or backup file examined in full, as lines to print.

Integrity and schema; then, read through the file's own key and without changing it, the
audit log's hash chain, the protective triggers, every mark against the audit log and the
clock against the newest record; and the plain backups of an encrypted register.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from desktop_app.domain.clock import clock_behind, describe_behind
from desktop_app.models.engine import Database, DatabaseKey, is_encrypted
from desktop_app.services import backup as backups
from desktop_app.services import integrity


def file_engine(path: Path, key: DatabaseKey | None) -> Engine:
    """An engine on a file that sets no pragmas and creates nothing (for checking)."""
    return create_engine(
        "sqlite://", creator=lambda: backups.connect_file(path, key), poolclass=NullPool
    )


def clock_line(newest: datetime | None, now: datetime) -> str | None:
    gap = clock_behind(now, newest)
    if gap is None or newest is None:
        return None
    return (
        f"clock: this computer's clock runs {describe_behind(gap)} behind the register's newest "
        f"record ({newest:%Y-%m-%d %H:%M} UTC): set the clock right before marking"
    )


def _deep(path: Path, key: DatabaseKey | None, current: bool) -> tuple[list[str], bool]:
    engine = file_engine(path, key)
    try:
        with engine.connect() as connection:
            columns = {r[1] for r in connection.execute(text("PRAGMA table_info(audit_log)"))}
            report = integrity.IntegrityReport()
            if "hash" in columns:
                integrity.check_chain(connection, report)
            if current:
                integrity.check_triggers(connection, report)
            integrity.check_marks(connection, report)
            newest = integrity.newest_record(connection)
    finally:
        engine.dispose()
    lines = [f"audit log: {report.entries} entries; chain head {report.head[:16]}"]
    if report.ok:
        lines.append("audit chain, protective triggers and every mark: as the audit log says")
    lines.extend(f"PROBLEM: {p}" for p in report.problems)
    if warning := clock_line(newest, datetime.now(UTC)):
        lines.append(warning)
    return lines, report.ok


def check_register_file(
    path: Path, key: DatabaseKey | None, backup_folder: Path | None
) -> tuple[list[str], bool]:
    """What `check` prints, and whether everything is as it should be."""
    result = backups.check_file(path, key)
    lines = [
        f"{path}: integrity {result.integrity}; schema {result.schema} "
        f"(this version expects {result.expected_schema}); "
        f"{'encrypted' if result.encrypted else 'NOT encrypted'}"
    ]
    ok = result.ok
    if ok:
        more, ok = _deep(
            path, key if result.encrypted else None, result.schema == result.expected_schema
        )
        lines.extend(more)
    if backup_folder is not None and is_encrypted(path):
        for plain in backups.plain_backups(backup_folder, path.stem):
            lines.append(
                f"plain backup (NOT encrypted, made before encryption): {plain}: "
                "anyone who copies it can read it; delete it once newer backups exist"
            )
    return lines, ok


def clock_warning(db: Database, now: datetime | None = None) -> str | None:
    """A sentence when this computer's clock runs behind the register's newest record (said at
    start by the command line and the window, and by `check`)."""
    with db.reading() as session:
        newest = integrity.newest_record(session.connection())
    return clock_line(newest, now or datetime.now(UTC))
