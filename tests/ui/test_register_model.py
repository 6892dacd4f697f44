"""The register's table model: columns, roles, cell text and colour groups, tooltips, resets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_closure
from desktop_app.services.marking import SavedMark, record_mark
from desktop_app.services.register_week import Cell, CellState, week_register
from desktop_app.views.register import model as rm
from tests.ui.register_fixtures import (
    AM,
    ANN,
    BEN,
    CAT,
    MON,
    PM,
    TUE,
    WED,
    at,
    column,
    learners,
)

__all__ = ["learners"]  # the fixture, imported for pytest


def loaded(db: Database, user: StaffUser, now: datetime) -> rm.RegisterModel:
    model = rm.RegisterModel()
    model.set_week(week_register(db, user, None, MON, now))
    return model


def test_the_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, db: Database, director: StaffUser, learners: list[int]
) -> None:
    record_mark(db, director, learners[0], MON, AM, "L", at(MON, 9, 10), minutes_late=10)
    model = loaded(db, director, at(MON, 14, 0))
    qtmodeltester.check(model)
    model.set_week(None)
    qtmodeltester.check(model)


def test_columns_are_name_term_then_ten_sessions_with_day_headers(
    db: Database, director: StaffUser, learners: list[int]
) -> None:
    model = loaded(db, director, at(MON, 9, 5))
    assert (model.rowCount(), model.columnCount()) == (4, 12)
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(12)]
    assert header[:4] == ["Learner", "Term\nso far", "Mon 8\nAM", "Mon 8\nPM"]
    assert header[-1] == "Fri 12\nPM"
    assert model.index(ANN, rm.NAME).data() == "Ann Ahmed"


def test_today_columns_are_flagged_for_header_and_cells(
    db: Database, director: StaffUser, learners: list[int]
) -> None:
    model = loaded(db, director, at(TUE, 9, 5))
    today = [c for c in range(12) if model.headerData(c, Qt.Orientation.Horizontal, rm.TODAY_ROLE)]
    assert today == [column(TUE, AM), column(TUE, PM)]
    assert model.index(ANN, column(TUE, AM)).data(rm.TODAY_ROLE) is True
    assert model.index(ANN, column(MON, AM)).data(rm.TODAY_ROLE) is False


def test_cells_show_codes_missing_z_and_closures(
    db: Database, director: StaffUser, learners: list[int]
) -> None:
    add_closure(db, director, WED, PM, "INSET afternoon")
    record_mark(db, director, learners[0], MON, AM, "N", at(MON, 9, 5))
    model = loaded(db, director, at(WED, 14, 0))
    text = lambda row, day, s: model.index(row, column(day, s)).data()  # noqa: E731
    assert text(ANN, MON, AM) == "N"
    assert text(ANN, MON, PM) == "?"  # past and unmarked: missing
    assert text(BEN, MON, AM) == "Z"  # before Ben's start date
    assert text(ANN, WED, PM) == "#"
    assert model.index(ANN, column(WED, PM)).data(rm.CELL_ROLE).note == "INSET afternoon"
    assert text(CAT, WED, AM) == ""  # after leaving
    assert model.cell(CAT, column(WED, AM)).locked


def test_each_cell_has_a_colour_group(
    db: Database, director: StaffUser, learners: list[int]
) -> None:
    record_mark(db, director, learners[0], MON, AM, "/", at(MON, 9, 5))
    record_mark(db, director, learners[0], MON, PM, "I", at(MON, 13, 0))
    record_mark(db, director, learners[0], TUE, AM, "O", at(TUE, 9, 5))
    record_mark(db, director, learners[0], TUE, PM, "B", at(TUE, 13, 0))
    model = loaded(db, director, at(WED, 14, 0))
    kinds = [model.index(ANN, c).data(rm.KIND_ROLE) for c in range(2, 12)]
    assert kinds[:6] == [
        rm.PRESENT,
        rm.AUTHORISED,
        rm.UNAUTHORISED,
        rm.ACTIVITY,
        rm.MISSING,
        rm.MISSING,
    ]
    assert model.index(BEN, column(MON, AM)).data(rm.KIND_ROLE) == rm.NOT_COUNTED  # Z
    assert model.index(CAT, column(WED, AM)).data(rm.KIND_ROLE) == rm.LOCKED


def test_tooltip_says_meaning_who_when_lateness_and_changes(
    db: Database, director: StaffUser, learners: list[int]
) -> None:
    record_mark(db, director, learners[0], MON, AM, "N", at(MON, 9, 5))
    record_mark(db, director, learners[0], MON, AM, "L", at(MON, 11, 0), 12, reason="Bus late")
    model = loaded(db, director, at(MON, 11, 5))
    tip = model.index(ANN, column(MON, AM)).data(Qt.ItemDataRole.ToolTipRole)
    assert "L: Late: arrived before the register closed" in tip
    assert "12 minutes late" in tip
    assert f"Marked by {director.full_name}" in tip
    assert "1 amendment(s) after close" in tip


def test_missing_counts_past_unmarked_sessions(
    db: Database, director: StaffUser, learners: list[int]
) -> None:
    model = loaded(db, director, at(MON, 14, 0))
    # Ann, Cat and Dan miss Monday AM and PM; Ben has not started.
    assert model.missing == 6
    assert model.index(ANN, rm.NAME).data(rm.ROW_MISSING_ROLE) == 2


def test_apply_saved_updates_one_cell_and_marks_it_saved(
    db: Database, director: StaffUser, learners: list[int]
) -> None:
    model = loaded(db, director, at(MON, 14, 0))
    saved = SavedMark(learners[0], MON, AM, "M", None, "Dana", datetime.now(UTC), False)
    place = column(MON, AM)
    model.apply_saved(ANN, place, saved)
    assert model.index(ANN, place).data() == "M"
    assert model.index(ANN, place).data(rm.SAVED_ROLE) is True
    assert model.missing == 5
    assert model.index(ANN, column(MON, PM)).data(rm.SAVED_ROLE) is False


def test_planned_marks_ahead_show_as_planned(
    db: Database, director: StaffUser, learners: list[int]
) -> None:
    record_mark(db, director, learners[0], date(2025, 9, 12), PM, "M", at(MON, 10, 0))
    model = loaded(db, director, at(MON, 10, 0))
    cell: Cell = model.index(ANN, column(date(2025, 9, 12), PM)).data(rm.CELL_ROLE)
    assert (cell.state, cell.code) == (CellState.PLANNED, "M")


def test_term_column_shows_percent_and_raw_value(
    db: Database, director: StaffUser, learners: list[int]
) -> None:
    record_mark(db, director, learners[0], MON, AM, "/", at(MON, 9, 5))
    record_mark(db, director, learners[0], MON, PM, "O", at(MON, 13, 0))
    model = loaded(db, director, at(MON, 14, 0))
    assert model.index(ANN, rm.TERM).data() == "50.0%"
    assert model.index(ANN, rm.TERM).data(rm.RAW_ROLE) == Decimal("50")
    assert model.index(BEN, rm.TERM).data() == "–"  # no possible sessions yet
