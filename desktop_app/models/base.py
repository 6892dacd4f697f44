"""The declarative base and column types shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A moment stored in UTC and always read back timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("moments must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        """On SQLite the stored text read straight to an aware moment: a sixth of the time of
        reading it naive and then `replace(tzinfo=UTC)`, which a week of the register does for
        every mark."""
        if dialect.name == "sqlite":
            return moment_from_sqlite
        return super().result_processor(dialect, coltype)


def moment_from_sqlite(value: str | None) -> datetime | None:
    """A moment as SQLite holds it ('2026-06-15 09:05:00.000000', UTC without an offset)."""
    if value is None:
        return None
    return datetime.fromisoformat(value + "+00:00")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
