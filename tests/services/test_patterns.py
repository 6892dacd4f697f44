"""Weekly patterns plan D and C2 ahead; present marks are never pre-filled."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_closure
from desktop_app.services.errors import PermissionDenied, ValidationFailed
from desktop_app.services.marking import record_mark
from desktop_app.services.marks import import_marks
from desktop_app.services.patterns import PatternEntry, get_pattern, set_pattern
from desktop_app.services.register_week import CellState, week_register

TODAY = date(2025, 9, 10)  # a Wednesday
AM, PM = Session.AM, Session.PM


@pytest.fixture
def ann(db: Database, autumn: tuple[date, date]) -> int:
    with db.transaction() as session:
        learner = Learner(
            upn="E820300000001",
            surname="Ahmed",
            forename="Ann",
            date_of_birth=date(2011, 1, 1),
            start_date=date(2025, 9, 3),
        )
        session.add(learner)
        session.flush()
        return learner.id


def test_pattern_plans_future_sessions_only(db: Database, director: StaffUser, ann: int) -> None:
    pattern = [PatternEntry(2, PM, "C2"), PatternEntry(4, AM, "D")]
    applied = set_pattern(db, director, ann, pattern, TODAY)
    # Wednesdays after today: 17 Sep to 22 Oct = 6; Fridays 12 Sep to 24 Oct = 7.
    assert applied.planned_marks == 13
    assert get_pattern(db, director, ann) == pattern
    now = datetime(2025, 9, 10, 14, 0)
    this_week = week_register(db, director, None, TODAY, now).rows[0].cells
    assert this_week[5].state is CellState.MISSING  # today's PM is not re-planned
    assert (this_week[8].state, this_week[8].code) == (CellState.PLANNED, "D")
    codes = {
        c.code for c in week_register(db, director, None, date(2025, 9, 17), now).rows[0].cells
    }
    assert codes == {None, "C2", "D"}  # nothing present is ever pre-filled


def test_a_new_pattern_replaces_planned_marks_but_keeps_hand_marks(
    db: Database, director: StaffUser, ann: int
) -> None:
    set_pattern(db, director, ann, [PatternEntry(4, AM, "D")], TODAY)
    record_mark(db, director, ann, date(2025, 9, 19), AM, "M", datetime(2025, 9, 10, 10, 0))
    applied = set_pattern(db, director, ann, [PatternEntry(0, PM, "C2")], TODAY)
    assert applied.removed_marks == 6  # Fridays 12 Sep to 24 Oct, less the one changed by hand
    friday = week_register(db, director, None, date(2025, 9, 19), datetime(2025, 9, 10, 10, 0))
    assert friday.rows[0].cells[8].code == "M"
    assert friday.rows[0].cells[1].code == "C2"


def test_pattern_skips_closures(db: Database, director: StaffUser, ann: int) -> None:
    add_closure(db, director, date(2025, 9, 12), None, "INSET day")
    set_pattern(db, director, ann, [PatternEntry(4, AM, "D")], TODAY)
    cell = week_register(db, director, None, TODAY, datetime(2025, 9, 10, 10)).rows[0].cells[8]
    assert (cell.state, cell.code, cell.note) == (CellState.CLOSED, "#", "INSET day")


def test_pattern_refuses_other_codes(db: Database, director: StaffUser, ann: int) -> None:
    with pytest.raises(ValidationFailed, match="not D or C2"):
        set_pattern(db, director, ann, [PatternEntry(0, AM, "/")], TODAY)
    assert get_pattern(db, director, ann) == []


def test_a_tutor_cannot_set_a_pattern(
    db: Database, make_staff: Callable[[Role], StaffUser], ann: int
) -> None:
    with pytest.raises(PermissionDenied):
        set_pattern(db, make_staff(Role.TUTOR), ann, [PatternEntry(0, AM, "D")], TODAY)


def test_a_planned_mark_amended_by_an_import_is_kept_by_a_new_pattern(
    db: Database, director: StaffUser, ann: int, tmp_path: Path
) -> None:
    set_pattern(db, director, ann, [PatternEntry(4, AM, "D")], TODAY)
    amend = tmp_path / "amend.csv"
    amend.write_text("upn,date,session,code,replaces\nE820300000001,2025-09-19,AM,M,D\n")
    import_marks(db, director, amend, amend_reason="hospital letter", now=datetime(2025, 9, 10, 10))
    applied = set_pattern(db, director, ann, [PatternEntry(0, PM, "C2")], TODAY)
    assert applied.removed_marks == 6  # the amended Friday is the register's own now
    friday = week_register(db, director, None, date(2025, 9, 19), datetime(2025, 9, 10, 10, 0))
    assert friday.rows[0].cells[8].code == "M"
