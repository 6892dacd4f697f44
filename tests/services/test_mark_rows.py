"""The register's save writes its rows with prepared statements (services/mark_rows.py), not ORM
objects: what it writes, and the audit entries it chains, must be exactly what the flush listener
writes for the same change made through ORM objects (the reference here)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.models import Amendment, AuditEntry, Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor
from desktop_app.services.integrity import IntegrityReport, check_chain
from desktop_app.services.mark_rows import StoredMark, change_mark, insert_mark, learner_and_mark

DAY = date(2025, 9, 8)
#: What differs between two learners' otherwise identical writes.
OWN = {"id", "learner_id", "mark_id", "recorded_at", "made_at"}


def two_learners(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        people = [
            Learner(
                upn=upn,
                surname="Shaw",
                forename=name,
                date_of_birth=date(2011, 1, 1),
                start_date=date(2025, 9, 3),
            )
            for upn, name in (("E820300000001", "Ann"), ("U820300000002", "Ben"))
        ]
        session.add_all(people)
        session.flush()
        return people[0].id, people[1].id


def by_orm(db: Database, user: StaffUser, learner_id: int) -> None:
    """The reference: a mark made, then corrected with its amendment, as ORM objects."""
    with db.transaction(actor(user)) as session:
        session.add(
            Mark(
                learner_id=learner_id,
                date=DAY,
                session="AM",
                code="/",
                minutes_late=None,
                recorded_by_id=user.id,
                recorded_at=datetime.now(UTC),
                source="register",
            )
        )
    with db.transaction(actor(user)) as session:
        mark = session.scalars(select(Mark).where(Mark.learner_id == learner_id)).one()
        session.add(
            Amendment(
                mark_id=mark.id,
                original_code=mark.code,
                amended_code="L",
                original_minutes_late=mark.minutes_late,
                amended_minutes_late=12,
                reason="came in late",
                made_at=datetime.now(UTC),
                staff_id=user.id,
                staff_name=user.full_name,
                staff_position=user.position,
                after_close=False,
            )
        )
        mark.code, mark.minutes_late, mark.source = "L", 12, "register"


def by_statements(db: Database, user: StaffUser, learner_id: int) -> StoredMark:
    with db.transaction(actor(user)) as session:
        insert_mark(session, learner_id, DAY, "AM", "/", None, user)
    with db.transaction(actor(user)) as session:
        found = learner_and_mark(session, learner_id, DAY, "AM")
        assert found is not None and found[1] is not None
        return change_mark(session, found[1], user, "L", 12, "came in late", False)


def entries_for(db: Database, learner_id: int, mark_id: int) -> list[tuple[Any, ...]]:
    """Each audit entry about this learner's mark and its amendments: who, what, and the detail
    with what must differ between learners set aside (but its keys kept)."""
    with db.reading() as session:
        amendment_ids = session.scalars(select(Amendment.id).where(Amendment.mark_id == mark_id))
        about = (AuditEntry.entity == "marks") & (AuditEntry.entity_id == mark_id) | (
            AuditEntry.entity == "amendments"
        ) & AuditEntry.entity_id.in_(list(amendment_ids))
        rows = session.scalars(select(AuditEntry).where(about).order_by(AuditEntry.id)).all()
        found = []
        for entry in rows:
            detail = json.loads(entry.detail)
            assert entry.learner_id in (None, learner_id)
            kept = {k: ("own" if k in OWN else v) for k, v in detail.items()}
            found.append((entry.staff_name, entry.action, entry.entity, entry.learner_id, kept))
        return found


def mark_of(db: Database, learner_id: int) -> dict[str, Any]:
    """The learner's one mark, its columns as stored."""
    with db.reading() as session:
        mark = session.scalars(select(Mark).where(Mark.learner_id == learner_id)).one()
        return {c.key: getattr(mark, c.key) for c in Mark.__table__.columns}


def test_statements_write_and_audit_what_orm_objects_write(
    db: Database, director: StaffUser
) -> None:
    ann, ben = two_learners(db)
    by_orm(db, director, ann)
    changed = by_statements(db, director, ben)
    reference, written = mark_of(db, ann), mark_of(db, ben)
    columns = ("date", "session", "code", "minutes_late", "recorded_by_id", "source")
    assert [written[c] for c in columns] == [reference[c] for c in columns]
    assert (changed.code, changed.minutes_late, changed.id) == ("L", 12, written["id"])
    theirs = entries_for(db, ann, reference["id"])
    ours = entries_for(db, ben, written["id"])
    assert [e[1:3] for e in ours] == [
        ("create", "marks"),
        ("create", "amendments"),
        ("change", "marks"),
    ]
    assert ours == [(*e[:3], ben if e[3] == ann else e[3], e[4]) for e in theirs]
    report = IntegrityReport()
    with db.engine.connect() as connection:
        check_chain(connection, report)
    assert report.ok, report.problems


def test_a_created_marks_detail_is_its_row_as_read_back(db: Database, director: StaffUser) -> None:
    ann, _ben = two_learners(db)
    with db.transaction(actor(director)) as session:
        made = insert_mark(session, ann, DAY, "PM", "/", None, director)
    with db.reading() as session:
        entry = newest(session)
        row = session.get_one(Mark, made.id)
        expected = {c.key: getattr(row, c.key) for c in Mark.__table__.columns}
    assert json.loads(entry[0]) == json.loads(json.dumps(expected, default=str_iso))
    assert entry[1:] == ("create", made.id, ann)


def test_an_unchanged_column_is_not_named_as_changed(db: Database, director: StaffUser) -> None:
    ann, _ben = two_learners(db)
    with db.transaction(actor(director)) as session:
        made = insert_mark(session, ann, DAY, "AM", "L", 5, director)
    with db.transaction(actor(director)) as session:
        change_mark(session, made, director, "L", 20, "arrived later than first said", True)
    with db.reading() as session:
        entry = newest(session)
    assert (entry[1], json.loads(entry[0])) == ("change", {"minutes_late": [5, 20]})


def newest(session: Session) -> tuple[str, str, int | None, int | None]:
    """The newest audit entry's detail, action, entity id and learner id."""
    query = select(
        AuditEntry.detail, AuditEntry.action, AuditEntry.entity_id, AuditEntry.learner_id
    )
    row = session.execute(query.order_by(AuditEntry.id.desc()).limit(1)).one()
    return row[0], row[1], row[2], row[3]


def str_iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
