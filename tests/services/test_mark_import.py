"""Importing marks in bulk: one executemany, yet every mark audited as a hand-made one is, and
every row still judged by the mark rule for its own learner."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.models import AuditEntry, Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import ValidationFailed
from desktop_app.services.integrity import check_all
from desktop_app.services.marking import record_mark
from desktop_app.services.marks import import_marks

AFTER = datetime(2025, 9, 19, 17, 0)
UPNS = ("E820300000001", "U820300000002", "A820300000003")


@pytest.fixture
def learners(db: Database, autumn: tuple[date, date]) -> list[int]:
    """Ann and Cat on roll from 3 September; Ben starts on Wednesday 10th."""
    starts = (date(2025, 9, 3), date(2025, 9, 10), date(2025, 9, 3))
    with db.transaction() as session:
        people = [
            Learner(
                upn=upn,
                surname=f"Surname{i}",
                forename=f"Forename{i}",
                date_of_birth=date(2011, 1, 1),
                start_date=start,
            )
            for i, (upn, start) in enumerate(zip(UPNS, starts, strict=True))
        ]
        session.add_all(people)
        session.flush()
        return [p.id for p in people]


@pytest.fixture
def officer(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.ATTENDANCE_OFFICER)


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("upn,date,session,code,minutes_late\n" + "".join(r + "\n" for r in rows))
    return path


def week_rows(days: list[str], upns: tuple[str, ...] = UPNS) -> list[str]:
    return [
        f"{u},{d},{s},{'/' if s == 'AM' else chr(92)},"
        for d in days
        for s in ("AM", "PM")
        for u in upns
    ]


def test_an_import_audits_each_mark_as_one_recorded_by_hand_and_the_check_agrees(
    db: Database, officer: StaffUser, learners: list[int], tmp_path: Path
) -> None:
    record_mark(db, officer, learners[0], date(2025, 9, 8), Session.AM, "/", AFTER)
    days = ["2025-09-10", "2025-09-11", "2025-09-12"]
    result = import_marks(db, officer, write(tmp_path / "m.csv", week_rows(days)), now=AFTER)
    assert result.imported == 18
    with db.reading() as session:
        marks = {m.id: m for m in session.scalars(select(Mark))}
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "marks").order_by(AuditEntry.id)
        ).all()
        report = check_all(session.connection())
        by_hand, imported = entries[0], entries[1:]
        assert [e.entity_id for e in imported] == sorted(m for m in marks if m != by_hand.entity_id)
        hand_keys = set(json.loads(by_hand.detail))
        for entry in imported:
            detail = json.loads(entry.detail)
            mark = marks[entry.entity_id]
            assert set(detail) == hand_keys  # the same fields as the flush listener writes
            assert (entry.action, entry.staff_id, entry.learner_id) == (
                "create",
                officer.id,
                mark.learner_id,
            )
            assert (detail["code"], detail["date"], detail["session"]) == (
                mark.code,
                mark.date.isoformat(),
                mark.session,
            )
    assert report.ok, report.problems  # the chain holds and every mark agrees with the log


def test_a_row_judged_like_many_others_is_still_judged_for_its_own_learner(
    db: Database, officer: StaffUser, learners: list[int], tmp_path: Path
) -> None:
    # Ann and Cat may be present on Tuesday 9th; Ben starts on the 10th, so his row is refused
    # although the same code on the same session was accepted for the others.
    rows = week_rows(["2025-09-09"], (UPNS[0], UPNS[2], UPNS[1]))
    with pytest.raises(ValidationFailed) as refused:
        import_marks(db, officer, write(tmp_path / "m.csv", rows), now=AFTER)
    assert {p.row for p in refused.value.problems} == {4, 7}
    with db.reading() as session:
        assert session.scalars(select(Mark)).all() == []  # all or nothing


def test_an_amend_file_with_a_short_row_says_so_once_and_writes_nothing(
    db: Database, learners: list[int], officer: StaffUser, tmp_path: Path
) -> None:
    """Checking that an amend file has its 'replaces' column reads the header, not the rows,
    so a row with too few values is refused once, not once per reading."""
    path = tmp_path / "amend.csv"
    path.write_text(
        "upn,date,session,code,minutes_late,replaces\n"
        f"{UPNS[0]},2025-09-08,AM,/,,\n"
        f"{UPNS[0]},2025-09-08\n"
    )
    with pytest.raises(ValidationFailed) as refused:
        import_marks(db, officer, path, amend_reason="Mum rang", now=AFTER)
    lines = [str(p) for p in refused.value.problems]
    assert len(lines) == 1 and "row 3" in lines[0], lines
    with db.reading() as session:
        assert session.scalars(select(Mark)).all() == []
