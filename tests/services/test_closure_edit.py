"""Changing a closure in place: marks settled once, stale and invalid changes refused, audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.domain.calendar import Closure
from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.models import Amendment, AuditEntry, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_closure, list_calendar
from desktop_app.services.calendar_edit import closure_on, edit_closure, remove_closure
from desktop_app.services.errors import (
    NotFound,
    PermissionDenied,
    StaleWrite,
    ValidationFailed,
)
from tests.services import test_calendar_edit as closures_over_marks

MON, TUE, WED = date(2025, 9, 8), date(2025, 9, 9), date(2025, 9, 10)
#: Ann, on roll in the autumn term, and her Monday marks (AM "/", PM "N").
ann, marked = closures_over_marks.ann, closures_over_marks.marked


def amendments(db: Database) -> list[tuple[str, str, str]]:
    """(session, original, amended) of every amendment, oldest first."""
    with db.reading() as session:
        query = select(Mark.session, Amendment.original_code, Amendment.amended_code)
        rows = session.execute(
            query.join(Mark, Mark.id == Amendment.mark_id).order_by(Amendment.id)
        )
        return [(row[0], row[1], row[2]) for row in rows]


def written(db: Database) -> tuple[int, int]:
    """How many audit entries and amendments there are: unchanged means nothing was written."""
    with db.reading() as session:
        audit = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        amended = session.scalar(select(func.count()).select_from(Amendment)) or 0
    return int(audit), int(amended)


def closures(db: Database, director: StaffUser) -> list[Closure]:
    return list_calendar(db, director).closures


def test_a_whole_day_made_pm_only_is_not_settled_again(
    db: Database, director: StaffUser, ann: int
) -> None:
    """Its PM was settled when it was made (marks kept): no second question, no amendment;
    the AM it no longer closes keeps its marks, as removing a closure does."""
    marked(db, director, ann)
    add_closure(db, director, MON, None, "Boiler failure", marks="keep")
    changed = edit_closure(db, director, MON, None, Closure(MON, Session.PM, "Boiler, PM only"))
    assert changed == Closure(MON, Session.PM, "Boiler, PM only")
    assert closures(db, director) == [changed]
    assert amendments(db) == []


def test_replaced_marks_stay_when_a_session_is_reopened(
    db: Database, director: StaffUser, ann: int
) -> None:
    marked(db, director, ann)
    add_closure(db, director, MON, None, "Boiler failure", marks="replace")
    before = amendments(db)
    assert before == [("AM", "/", "#"), ("PM", "N", "#")]
    edit_closure(db, director, MON, None, Closure(MON, Session.PM, "Boiler failure"))
    assert amendments(db) == before  # AM keeps its # (removal's rule); PM not settled twice


def test_widening_to_the_whole_day_settles_only_the_newly_closed_session(
    db: Database, director: StaffUser, ann: int
) -> None:
    marked(db, director, ann)
    add_closure(db, director, MON, Session.PM, "Training", marks="replace")
    before = written(db)
    whole = Closure(MON, None, "Training all day")
    with pytest.raises(ValidationFailed) as refused:
        edit_closure(db, director, MON, Session.PM, whole)
    assert refused.value.problems[0].field == "marks"
    assert "1 mark is already recorded for the AM session" in refused.value.problems[0].message
    assert written(db) == before
    assert closures(db, director) == [Closure(MON, Session.PM, "Training")]
    edit_closure(db, director, MON, Session.PM, whole, marks="replace")
    assert amendments(db) == [("PM", "N", "#"), ("AM", "/", "#")]
    with db.reading() as session:
        newest = session.scalars(select(Amendment).order_by(Amendment.id.desc())).first()
        assert newest is not None and newest.reason == "Closure: Training all day"


def test_a_closure_moved_to_a_marked_day_settles_that_day_and_frees_the_old(
    db: Database, director: StaffUser, ann: int
) -> None:
    marked(db, director, ann)
    add_closure(db, director, TUE, None, "INSET")
    before = written(db)
    with pytest.raises(ValidationFailed) as refused:
        edit_closure(db, director, TUE, None, Closure(MON, None, "INSET"))
    assert "2 marks are already recorded for that day" in refused.value.problems[0].message
    assert written(db) == before and closures(db, director) == [Closure(TUE, None, "INSET")]
    edit_closure(db, director, TUE, None, Closure(MON, None, "INSET"), marks="replace")
    assert closures(db, director) == [Closure(MON, None, "INSET")]
    assert amendments(db) == [("AM", "/", "#"), ("PM", "N", "#")]
    edit_closure(db, director, MON, None, Closure(TUE, None, "INSET"))  # back: no marks there
    assert closures(db, director) == [Closure(TUE, None, "INSET")]
    assert len(amendments(db)) == 2  # Monday's # marks stay, as on removal


def test_a_closure_changed_by_someone_else_since_it_was_read_is_refused(
    db: Database,
    director: StaffUser,
    autumn: tuple[date, date],
    make_staff: Callable[[Role], StaffUser],
) -> None:
    add_closure(db, director, TUE, None, "INSET")
    read = closure_on(db, director, TUE, None)
    other = make_staff(Role.DIRECTOR)
    edit_closure(db, other, TUE, None, Closure(TUE, None, "INSET: first aid"), expected="INSET")
    before = written(db)
    with pytest.raises(StaleWrite) as refused:
        edit_closure(db, director, TUE, None, Closure(TUE, Session.AM, "X"), expected=read.reason)
    assert "changed by A director at" in str(refused.value)
    assert written(db) == before
    assert closures(db, director) == [Closure(TUE, None, "INSET: first aid")]
    remove_closure(db, other, TUE, None)
    with pytest.raises(StaleWrite, match="moved or removed"):
        edit_closure(db, director, TUE, None, Closure(TUE, None, "X"), expected="INSET: first aid")
    with pytest.raises(NotFound):  # the command line names a closure that is not there
        edit_closure(db, director, TUE, None, Closure(TUE, None, "X"))


@pytest.mark.parametrize(
    ("to", "field", "words"),
    [
        (Closure(date(2025, 9, 13), None, "INSET"), "date", "not a weekday inside a term"),
        (Closure(date(2025, 10, 27), None, "INSET"), "date", "not a weekday inside a term"),
        (Closure(WED, Session.AM, "INSET"), "date", "already closed"),
        (Closure(TUE, Session.PM, "  "), "reason", "is required"),
        (Closure(TUE, None, "x" * 301), "reason", "at most 300"),
    ],
    ids=["weekend", "half-term", "clash", "no-reason", "too-long"],
)
def test_an_invalid_change_is_refused_under_its_field_with_nothing_written(
    db: Database,
    director: StaffUser,
    autumn: tuple[date, date],
    to: Closure,
    field: str,
    words: str,
) -> None:
    add_closure(db, director, TUE, Session.AM, "INSET")
    add_closure(db, director, WED, None, "Training")
    before, listed = written(db), closures(db, director)
    with pytest.raises(ValidationFailed) as refused:
        edit_closure(db, director, TUE, Session.AM, to, expected="INSET")
    assert [p.field for p in refused.value.problems] == [field]
    assert words in refused.value.problems[0].message
    assert written(db) == before and closures(db, director) == listed


@pytest.mark.parametrize("role", [Role.TUTOR, Role.ATTENDANCE_OFFICER, Role.DSL])
def test_only_a_director_may_change_a_closure(
    db: Database,
    director: StaffUser,
    autumn: tuple[date, date],
    make_staff: Callable[[Role], StaffUser],
    role: Role,
) -> None:
    add_closure(db, director, TUE, None, "INSET")
    staff = make_staff(role)
    before = written(db)
    with pytest.raises(PermissionDenied):
        edit_closure(db, staff, TUE, None, Closure(TUE, Session.AM, "INSET"), expected="INSET")
    with pytest.raises(PermissionDenied):
        closure_on(db, staff, TUE, None)
    assert written(db) == before


def test_a_change_is_one_audited_update_of_the_closure(
    db: Database, director: StaffUser, autumn: tuple[date, date]
) -> None:
    add_closure(db, director, TUE, None, "INSET")
    with db.reading() as session:
        audit_before = session.scalar(select(func.max(AuditEntry.id)))
    edit_closure(db, director, TUE, None, Closure(WED, Session.PM, "Training"), expected="INSET")
    with db.reading() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.id > audit_before)).all()
        assert [(e.entity, e.action, e.staff_name) for e in entries] == [
            ("closures", "change", director.full_name)
        ]
        detail = json.loads(entries[0].detail)
    assert detail == {
        "day": [TUE.isoformat(), WED.isoformat()],
        "reason": ["INSET", "Training"],
        "session": [None, "PM"],
    }


def test_a_change_to_nothing_new_writes_nothing(
    db: Database, director: StaffUser, autumn: tuple[date, date]
) -> None:
    add_closure(db, director, TUE, None, "INSET")
    before = written(db)
    assert edit_closure(db, director, TUE, None, Closure(TUE, None, " INSET ")) == Closure(
        TUE, None, "INSET"
    )
    assert written(db) == before
