"""The schema: migrations match the models, upgrades keep data, the register's rules hold in SQL."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop_app.models import Amendment, Base, Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.models.migrate import alembic_config, current_revision, head_revision
from desktop_app.services.auth import StaffUser


def test_migrations_build_exactly_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    assert current_revision(db.engine) == head_revision()


@pytest.mark.sqlite_only
def test_sqlite_is_in_wal_mode_with_foreign_keys_and_full_sync(db: Database, db_path: Path) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_upgrade_from_first_revision_keeps_marks(tmp_path: Path) -> None:
    """On the app's own engine (foreign keys on), as a provision's register is upgraded."""
    from alembic import command

    from desktop_app.models.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO staff (id, username, full_name, position, role, password_hash, "
                "active, failed_logins) VALUES (1, 'd', 'D', 'Director', 'director', 'x', 1, 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO learners (id, upn, surname, forename, date_of_birth, start_date) "
                "VALUES (1, 'E820300000001', 'A', 'B', '2011-01-01', '2025-09-03')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO marks (learner_id, date, session, code, recorded_by_id, recorded_at) "
                "VALUES (1, '2025-09-08', 'AM', '/', 1, '2025-09-08 08:05:00')"
            )
        )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        row = connection.execute(text("SELECT code, source FROM marks")).one()
        learner = connection.execute(
            text("SELECT upn, marked_vulnerable, description FROM learners")
        ).one()
        triggers = set(
            connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        )
    assert tuple(row) == ("/", "register")
    assert tuple(learner) == ("E820300000001", 0, "")
    assert {"amendments_no_update", "amendments_no_delete", "audit_log_no_update"} <= triggers
    assert {"incident_entries_no_update", "risk_assessments_signed"} <= triggers


def _learner_and_mark(db: Database, staff: StaffUser) -> int:
    with db.transaction() as session:
        learner = Learner(
            upn="E820300000001",
            surname="A",
            forename="B",
            date_of_birth=date(2011, 1, 1),
            start_date=date(2025, 9, 3),
        )
        session.add(learner)
        session.flush()
        mark = Mark(
            learner_id=learner.id,
            date=date(2025, 9, 8),
            session="AM",
            code="N",
            recorded_by_id=staff.id,
            recorded_at=datetime.now(UTC),
        )
        session.add(mark)
        session.flush()
        return mark.id


def test_one_mark_per_learner_per_session_is_enforced_by_the_database(
    db: Database, director: StaffUser
) -> None:
    _learner_and_mark(db, director)
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(
            Mark(
                learner_id=1,
                date=date(2025, 9, 8),
                session="AM",
                code="/",
                recorded_by_id=director.id,
                recorded_at=datetime.now(UTC),
            )
        )


def test_amendments_cannot_be_changed_or_deleted(
    db: Database, db_path: Path, director: StaffUser
) -> None:
    mark_id = _learner_and_mark(db, director)
    with db.transaction() as session:
        session.add(
            Amendment(
                mark_id=mark_id,
                original_code="N",
                amended_code="I",
                reason="ill",
                made_at=datetime.now(UTC),
                staff_id=director.id,
                staff_name="D",
                staff_position="Director",
            )
        )
    with sqlite3.connect(db_path) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE amendments SET reason = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match="kept for 6 years"):
            connection.execute("DELETE FROM amendments")
        assert connection.execute("SELECT reason FROM amendments").fetchall() == [("ill",)]


def test_audit_log_records_who_created_what_and_cannot_be_changed(
    db: Database, db_path: Path, director: StaffUser
) -> None:
    from desktop_app.services.calendar import add_term

    add_term(db, director, "Autumn 1 2025", date(2025, 9, 3), date(2025, 10, 24))
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute(
            "SELECT staff_id, staff_name, action, entity, detail FROM audit_log"
            " WHERE entity = 'terms'"
        ).fetchall()
        assert len(rows) == 1
        staff_id, name, action, entity, detail = rows[0]
        assert (staff_id, name, action, entity) == (
            director.id,
            director.full_name,
            "create",
            "terms",
        )
        assert "Autumn 1 2025" in detail
        for statement in ("UPDATE audit_log SET staff_name = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                connection.execute(statement)
