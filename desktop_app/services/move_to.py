"""Moving a SQLite register onto a PostgreSQL server: copied whole, then checked, or nothing.

The SQLite register (encrypted or not) is only read. The server database must be empty; its
schema is brought to the newest revision first. Every table is copied in one transaction with
its rows as stored (the audit log's hash chain included, so nothing new is audited), the
protective triggers switched off only inside that transaction (a signed assessment's rows could
not otherwise be copied) and on again before it commits. Then every table's row count and, for
every academic year, the marks by session and code (what the statistics are worked out from) are
compared on both sides; any difference rolls the copy back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, Table, func, inspect, select, text

from desktop_app.domain.calendar import academic_year_start
from desktop_app.domain.permissions import Action
from desktop_app.models import Base, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.database import open_database
from desktop_app.services.errors import ServiceError

CHUNK = 1000
SKIP = {"alembic_version"}


@dataclass(frozen=True, slots=True)
class MoveReport:
    """What was copied and checked."""

    target: str
    counts: dict[str, int]
    years: dict[int, int] = field(default_factory=dict)  # academic year -> marks

    def lines(self) -> list[str]:
        rows = sum(self.counts.values())
        out = [f"{len(self.counts)} tables, {rows} rows copied; every table's count is equal."]
        out += [
            f"{year}/{(year + 1) % 100:02d}: {marks} marks, equal by session and code"
            for year, marks in sorted(self.years.items())
        ]
        return out


def check_target(url: str) -> str:
    if not url.startswith("postgresql"):
        raise ServiceError("move-to copies onto a PostgreSQL server: postgresql+psycopg://…")
    return url


def _tables(connection: Connection) -> list[Table]:
    present = set(inspect(connection).get_table_names()) - SKIP
    known = {table.name for table in Base.metadata.sorted_tables}
    if unknown := present - known:
        raise ServiceError(f"this version of the app does not know tables {sorted(unknown)}")
    return [table for table in Base.metadata.sorted_tables if table.name in present]


def _counts(connection: Connection, tables: list[Table]) -> dict[str, int]:
    return {
        t.name: connection.execute(select(func.count()).select_from(t)).scalar_one() for t in tables
    }


def _marks_by_year(connection: Connection) -> Counter[tuple[int, str, str]]:
    """How many marks of each code in each session, per academic year."""
    rows = connection.execute(
        select(Mark.date, Mark.session, Mark.code, func.count()).group_by(
            Mark.date, Mark.session, Mark.code
        )
    )
    found: Counter[tuple[int, str, str]] = Counter()
    for day, session, code, count in rows:
        year = academic_year_start(day if isinstance(day, date) else date.fromisoformat(day)).year
        found[(year, str(session), str(code))] += int(count)
    return found


def _copy(source: Connection, target: Connection, tables: list[Table]) -> None:
    for table in tables:
        target.exec_driver_sql(f'ALTER TABLE "{table.name}" DISABLE TRIGGER USER')
    for table in tables:
        result = source.execute(select(table))
        while chunk := result.mappings().fetchmany(CHUNK):
            target.execute(table.insert(), [dict(row) for row in chunk])
    for table in tables:
        target.exec_driver_sql(f'ALTER TABLE "{table.name}" ENABLE TRIGGER USER')
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto" and column.type.python_type is int
            ):
                target.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', :c), "
                        f'coalesce((SELECT max("{column.name}") FROM "{table.name}"), 0) + 1, '
                        "false)"
                    ),
                    {"c": column.name},
                )


def _require_empty(target: Connection, tables: list[Table]) -> None:
    if any(_counts(target, tables).values()):
        raise ServiceError("the server database is not empty; move-to needs an empty one")


def move_to(db: Database, user: StaffUser, target_url: str) -> MoveReport:
    """Copy the register behind db into the empty PostgreSQL database at target_url, checked."""
    require(user, Action.BACKUPS)
    if db.engine.dialect.name != "sqlite":
        raise ServiceError("move-to copies a SQLite register; this one is already on a server")
    server = open_database(check_target(target_url))  # brings its schema to the newest revision
    try:
        with db.engine.connect() as source, server.engine.begin() as target:
            tables = _tables(source)
            _require_empty(target, tables)
            _copy(source, target, tables)
            counts = _counts(source, tables)
            if _counts(target, tables) != counts:
                raise ServiceError("the copy's row counts differ; nothing was moved")
            marks = _marks_by_year(source)
            if _marks_by_year(target) != marks:
                raise ServiceError("the copy's statistics differ; nothing was moved")
    finally:
        server.dispose()
    years: Counter[int] = Counter()
    for (year, _session, _code), count in marks.items():
        years[year] += count
    return MoveReport(server.url, counts, dict(years))
