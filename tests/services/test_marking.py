"""Marking the register: saving, corrections, amendments after close, arrivals, history."""

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
from desktop_app.services.errors import PermissionDenied, StaleWrite, ValidationFailed
from desktop_app.services.marking import history, mark_all_present, record_arrival, record_mark
from desktop_app.services.register_week import CellState, week_register

MON = date(2025, 9, 8)
AM, PM = Session.AM, Session.PM


def at(day: date, hh: int, mm: int) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm)


@pytest.fixture
def learners(db: Database, autumn: tuple[date, date]) -> list[int]:
    """Ann (on roll from the start), Ben (starts Wed 10th), Cat (left Tue 9th)."""
    with db.transaction() as session:
        people = [
            Learner(
                upn="E820300000001",
                surname="Ahmed",
                forename="Ann",
                date_of_birth=date(2011, 1, 1),
                start_date=date(2025, 9, 3),
            ),
            Learner(
                upn="U820300000002",
                surname="Brown",
                forename="Ben",
                date_of_birth=date(2011, 1, 1),
                start_date=date(2025, 9, 10),
            ),
            Learner(
                upn="A820300000003",
                surname="Cole",
                forename="Cat",
                date_of_birth=date(2011, 1, 1),
                start_date=date(2025, 9, 3),
                leaving_date=date(2025, 9, 9),
            ),
        ]
        session.add_all(people)
        session.flush()
        return [p.id for p in people]


@pytest.fixture
def tutor(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.TUTOR)


@pytest.fixture
def officer(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.ATTENDANCE_OFFICER)


def test_a_mark_is_saved_with_who_and_when(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    saved = record_mark(db, tutor, learners[0], MON, AM, "/", at(MON, 9, 5))
    assert (saved.code, saved.recorded_by, saved.amendment) == ("/", tutor.full_name, False)
    cell = week_register(db, tutor, None, MON, at(MON, 9, 6)).rows[0].cells[0]
    assert (cell.state, cell.code, cell.recorded_by) == (CellState.MARKED, "/", tutor.full_name)


def test_change_before_close_is_a_correction_not_an_amendment(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    record_mark(db, tutor, learners[0], MON, AM, "N", at(MON, 9, 5))
    saved = record_mark(db, tutor, learners[0], MON, AM, "/", at(MON, 9, 20))
    assert saved.amendment is False
    entries = history(db, tutor, learners[0], MON, AM)
    assert [(e.code, e.after_close) for e in entries] == [("N", False), ("/", False)]
    cell = week_register(db, tutor, None, MON, at(MON, 9, 21)).rows[0].cells[0]
    assert (cell.changes, cell.amendments) == (1, 0)


def test_change_after_close_needs_a_reason_and_changes_nothing_without(
    db: Database, officer: StaffUser, learners: list[int]
) -> None:
    record_mark(db, officer, learners[0], MON, AM, "N", at(MON, 9, 5))
    with pytest.raises(ValidationFailed, match="give a reason"):
        record_mark(db, officer, learners[0], MON, AM, "I", at(MON, 11, 0))
    assert [e.code for e in history(db, officer, learners[0], MON, AM)] == ["N"]


def test_amendment_after_close_keeps_original_reason_name_and_position(
    db: Database, officer: StaffUser, learners: list[int]
) -> None:
    record_mark(db, officer, learners[0], MON, AM, "N", at(MON, 9, 5))
    saved = record_mark(db, officer, learners[0], MON, AM, "I", at(MON, 11, 0), reason="GP note")
    assert saved.amendment is True
    last = history(db, officer, learners[0], MON, AM)[-1]
    assert (last.code, last.reason, last.recorded_by, last.position, last.after_close) == (
        "I",
        "GP note",
        officer.full_name,
        officer.position,
        True,
    )
    cell = week_register(db, officer, None, MON, at(MON, 11, 1)).rows[0].cells[0]
    assert cell.amendments == 1


def test_a_tutor_cannot_amend_after_close(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    record_mark(db, tutor, learners[0], MON, AM, "N", at(MON, 9, 5))
    with pytest.raises(PermissionDenied):
        record_mark(db, tutor, learners[0], MON, AM, "I", at(MON, 10, 0), reason="x")


@pytest.mark.parametrize(
    ("hh", "mm", "code", "minutes"),
    [(9, 0, "/", None), (9, 12, "L", 12), (9, 29, "L", 29), (9, 30, "U", 30), (9, 45, "U", 45)],
)
def test_arrival_before_close_is_l_and_after_is_u(
    db: Database,
    tutor: StaffUser,
    learners: list[int],
    hh: int,
    mm: int,
    code: str,
    minutes: int | None,
) -> None:
    saved = record_arrival(db, tutor, learners[0], MON, AM, at(MON, hh, mm))
    assert (saved.code, saved.minutes_late) == (code, minutes)


def test_an_arrival_before_the_session_starts_is_refused(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    """No present mark before its session starts, even for a learner already in the building."""
    with pytest.raises(ValidationFailed, match="cannot be recorded ahead"):
        record_arrival(db, tutor, learners[0], MON, AM, at(MON, 8, 55))
    assert history(db, tutor, learners[0], MON, AM) == []


def test_n_then_arrival_after_close_becomes_u_as_an_amendment(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    record_mark(db, tutor, learners[0], MON, PM, "N", at(MON, 13, 0))
    saved = record_arrival(db, tutor, learners[0], MON, PM, at(MON, 13, 40))
    assert (saved.code, saved.minutes_late, saved.amendment) == ("U", 55, True)
    assert history(db, tutor, learners[0], MON, PM)[-1].reason == "Arrived at 13:40"


def test_arrival_is_refused_when_already_marked_present(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    record_mark(db, tutor, learners[0], MON, AM, "/", at(MON, 9, 0))
    with pytest.raises(ValidationFailed, match="already marked"):
        record_arrival(db, tutor, learners[0], MON, AM, at(MON, 9, 10))


def test_mark_all_present_only_fills_unmarked_learners_on_roll(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    record_mark(db, tutor, learners[0], MON, AM, "M", at(MON, 8, 0))
    saved = mark_all_present(db, tutor, learners, MON, AM, at(MON, 9, 2))
    # Ann already has M; Ben has not started; Cat is still on roll on Monday.
    assert [(s.learner_id, s.code) for s in saved] == [(learners[2], "/")]


def test_present_is_never_recorded_before_the_session(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    with pytest.raises(ValidationFailed, match="cannot be recorded ahead"):
        mark_all_present(db, tutor, learners, MON, PM, at(MON, 11, 0))
    with pytest.raises(ValidationFailed, match="cannot be recorded ahead"):
        record_mark(db, tutor, learners[0], date(2025, 9, 9), AM, "/", at(MON, 11, 0))


def test_leave_can_be_entered_ahead_and_shows_as_planned(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    record_mark(db, tutor, learners[0], date(2025, 9, 12), PM, "m", at(MON, 10, 0))
    cells = week_register(db, tutor, None, MON, at(MON, 10, 1)).rows[0].cells
    assert (cells[9].state, cells[9].code) == (CellState.PLANNED, "M")


@pytest.mark.parametrize(
    ("code", "session", "message"),
    [
        ("/", PM, "morning present"),
        ("\\", AM, "afternoon present"),
        ("H", AM, "retired"),
        ("", AM, "blank"),
        ("Q9", AM, "not an attendance code"),
        ("Z", AM, "only for sessions before"),
    ],
)
def test_bad_codes_are_refused_with_a_reason(
    db: Database, tutor: StaffUser, learners: list[int], code: str, session: Session, message: str
) -> None:
    with pytest.raises(ValidationFailed, match=message):
        record_mark(db, tutor, learners[0], MON, session, code, at(MON, 14, 0))
    assert history(db, tutor, learners[0], MON, session) == []


def test_week_shows_z_before_start_locked_after_leaving_and_missing_registers(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    week = week_register(db, tutor, None, MON, at(date(2025, 9, 10), 10, 0))
    ann, ben, cat = week.rows
    assert ben.cells[0].state is CellState.BEFORE_START and ben.cells[0].code == "Z"
    assert cat.cells[4].state is CellState.AFTER_LEAVING and cat.cells[4].locked
    # Wednesday AM has closed at 10:00, Wednesday PM has not.
    assert ann.cells[4].state is CellState.MISSING and ann.cells[5].state is CellState.UNMARKED
    assert week.missing == 5 + 1 + 4  # Ann 5, Ben Wed AM, Cat Mon-Tue


def test_overdue_n_is_flagged_after_five_school_days(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    record_mark(db, tutor, learners[0], MON, AM, "N", at(MON, 9, 5))
    fifth = week_register(db, tutor, None, MON, at(date(2025, 9, 15), 12, 0)).rows[0].cells[0]
    sixth = week_register(db, tutor, None, MON, at(date(2025, 9, 16), 12, 0)).rows[0].cells[0]
    assert (fifth.n_overdue, sixth.n_overdue) == (False, True)


def test_the_missing_reason_is_its_own_error(
    db: Database, officer: StaffUser, learners: list[int]
) -> None:
    """Screens ask for a reason on exactly this error, not on any refusal."""
    from desktop_app.services.errors import ReasonRequired

    record_mark(db, officer, learners[0], MON, AM, "N", at(MON, 9, 5))
    with pytest.raises(ReasonRequired):
        record_mark(db, officer, learners[0], MON, AM, "I", at(MON, 11, 0), reason="   ")


# --- issue 11 point 6: nothing but planned codes before the session starts ---------------------


def test_at_nine_past_nine_a_present_mark_for_the_afternoon_is_refused(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    with pytest.raises(ValidationFailed, match=r"cannot be recorded ahead.*12:45"):
        record_mark(db, tutor, learners[0], MON, PM, "\\", at(MON, 9, 6))
    with pytest.raises(ValidationFailed, match="cannot be recorded ahead"):
        record_mark(db, tutor, learners[0], MON, PM, "N", at(MON, 9, 6))
    assert history(db, tutor, learners[0], MON, PM) == []
    assert record_mark(db, tutor, learners[0], MON, PM, "M", at(MON, 9, 6)).code == "M"


def test_a_hash_for_one_learner_on_an_open_day_is_refused(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    with pytest.raises(ValidationFailed, match="planned closures only"):
        record_mark(db, tutor, learners[0], MON, AM, "#", at(MON, 9, 6))


def test_l_is_saved_with_its_minutes_and_checked_against_the_close(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    saved = record_mark(db, tutor, learners[0], MON, AM, "L", at(MON, 9, 12), minutes_late=12)
    assert (saved.code, saved.minutes_late) == ("L", 12)
    with pytest.raises(ValidationFailed, match="is U"):
        record_mark(db, tutor, learners[2], MON, AM, "L", at(MON, 9, 40), minutes_late=40)


# --- issue 13 point 1: a change based on a value no longer there is refused ------------------


def test_a_change_based_on_a_stale_code_is_refused_naming_who_and_when(
    db: Database, tutor: StaffUser, officer: StaffUser, learners: list[int]
) -> None:
    record_mark(db, tutor, learners[0], MON, AM, "N", at(MON, 9, 5))
    record_mark(
        db, officer, learners[0], MON, AM, "I", at(MON, 11, 0), reason="Mum rang", expected="N"
    )
    with pytest.raises(
        StaleWrite, match=f"changed by {officer.full_name} at \\d\\d:\\d\\d"
    ) as error:
        record_mark(
            db, officer, learners[0], MON, AM, "M", at(MON, 11, 1), reason="GP", expected="N"
        )
    assert error.value.current == "I"
    assert stored_codes(db, officer, learners[0]) == ["N", "I"]


def test_a_first_mark_is_refused_when_someone_marked_the_session_meanwhile(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    record_mark(db, tutor, learners[0], MON, AM, "/", at(MON, 9, 5))
    with pytest.raises(StaleWrite, match=f"changed by {tutor.full_name}"):
        record_mark(db, tutor, learners[0], MON, AM, "N", at(MON, 9, 6), expected="")
    assert stored_codes(db, tutor, learners[0]) == ["/"]


def test_the_expected_code_matching_lets_the_change_through(
    db: Database, tutor: StaffUser, learners: list[int]
) -> None:
    record_mark(db, tutor, learners[0], MON, AM, "N", at(MON, 9, 5), expected="")
    record_mark(db, tutor, learners[0], MON, AM, "/", at(MON, 9, 6), expected="N")
    assert stored_codes(db, tutor, learners[0]) == ["N", "/"]


def stored_codes(db: Database, user: StaffUser, learner_id: int) -> list[str]:
    return [e.code for e in history(db, user, learner_id, MON, AM)]


def test_an_amending_import_needs_the_replaces_column_and_refuses_stale_rows(
    db: Database, tutor: StaffUser, officer: StaffUser, learners: list[int], tmp_path: Path
) -> None:
    from desktop_app.services.marks import import_marks

    record_mark(db, tutor, learners[0], MON, AM, "N", at(MON, 9, 5))
    blind = tmp_path / "blind.csv"
    blind.write_text("upn,date,session,code\nE820300000001,2025-09-08,AM,I\n")
    with pytest.raises(ValidationFailed, match="needs a 'replaces' column"):
        import_marks(db, officer, blind, amend_reason="Mum rang")
    record_mark(db, officer, learners[0], MON, AM, "M", at(MON, 11, 0), reason="GP", expected="N")
    stale = tmp_path / "stale.csv"
    stale.write_text("upn,date,session,code,replaces\nE820300000001,2025-09-08,AM,I,N\n")
    with pytest.raises(StaleWrite, match=f"row 2: .*changed by {officer.full_name}"):
        import_marks(db, officer, stale, amend_reason="Mum rang")
    assert stored_codes(db, officer, learners[0]) == ["N", "M"]
    fresh = tmp_path / "fresh.csv"
    fresh.write_text("upn,date,session,code,replaces\nE820300000001,2025-09-08,AM,I,M\n")
    assert import_marks(db, officer, fresh, amend_reason="Mum rang").amended == 1
    assert stored_codes(db, officer, learners[0]) == ["N", "M", "I"]
