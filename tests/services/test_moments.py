"""A moment is stored in UTC and always read back aware, to the microsecond, on both databases;
on SQLite the stored text is read straight to an aware moment (models/base.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text
from sqlalchemy.dialects import sqlite

from desktop_app.models.base import UtcDateTime, moment_from_sqlite
from desktop_app.models.engine import Database

MOMENTS = [
    datetime(2026, 11, 30, 9, 5, tzinfo=UTC),
    datetime(2026, 11, 30, 9, 5, 7, 123456, tzinfo=UTC),
    datetime(2026, 6, 15, 13, 1, 2, 5, tzinfo=timezone(timedelta(hours=1))),  # BST
    datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
]


@pytest.fixture
def moments(db: Database) -> Iterator[Table]:
    table = Table("test_moments", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", UtcDateTime(), nullable=True))  # fmt: skip
    table.create(db.engine)
    yield table
    table.drop(db.engine)


def test_a_moment_reads_back_aware_and_equal_to_what_was_written(
    db: Database, moments: Table
) -> None:
    with db.engine.begin() as connection:
        connection.execute(insert(moments), [{"at": m} for m in [*MOMENTS, None]])
    with db.engine.connect() as connection:
        found = connection.execute(select(moments.c.at).order_by(moments.c.id)).scalars().all()
    assert found[:-1] == MOMENTS and found[-1] is None
    assert all(m.utcoffset() == timedelta(0) for m in found[:-1])


@pytest.mark.sqlite_only
def test_sqlite_text_written_by_hand_reads_as_utc(db: Database, moments: Table) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO test_moments (at) VALUES ('2026-11-30 09:05:00')"))
        found = connection.execute(select(moments.c.at)).scalar_one()
    assert found == datetime(2026, 11, 30, 9, 5, tzinfo=UTC) and found.tzinfo is not None


def test_the_sqlite_reading_matches_sqlalchemys_own_then_made_aware() -> None:
    dialect = sqlite.dialect()
    theirs = sqlite.DATETIME().result_processor(dialect, None)
    assert theirs is not None
    for stored in (
        "2026-11-30 09:05:00.000000",
        "2026-11-30 09:05:07.123456",
        "2026-11-30 09:05:07",
    ):
        assert moment_from_sqlite(stored) == theirs(stored).replace(tzinfo=UTC)
    assert moment_from_sqlite(None) is None
    assert UtcDateTime().dialect_impl(dialect).result_processor(dialect, None) is moment_from_sqlite
