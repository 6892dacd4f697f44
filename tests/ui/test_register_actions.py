"""Menus and actions: arrivals, a whole column present, patterns, weeks, groups, the name column."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from desktop_app.models import Group, Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.groups import add_group, archive_group, rename_group
from desktop_app.services.marking import history, record_mark
from desktop_app.services.patterns import PatternEntry, get_pattern
from desktop_app.services.register_week import CellState, week_register
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.register import model as rm
from desktop_app.views.register import saving as register_saving
from desktop_app.views.register.dialogs import PatternDialog
from desktop_app.views.register.screen import RegisterScreen
from tests.ui.register_fixtures import (
    AM,
    ANN,
    BEN,
    CAT,
    DAN,
    MON,
    PM,
    WED,
    Clock,
    add_learner,
    at,
    clock,
    column,
    go,
    learners,
    make_screen,
    settle,
    stored,
    stored_cell,
    tutor,
)

__all__ = ["clock", "learners", "make_screen", "tutor"]  # fixtures, imported for pytest

Make = Callable[..., RegisterScreen]


def action(menu: QMenu, text: str) -> QAction:
    """The menu's action with this text (top level)."""
    return next(a for a in menu.actions() if a.text() == text)


def submenus(menu: QMenu) -> dict[str, QMenu]:
    """The menu's submenus by title, in order."""
    found = {}
    for item in menu.actions():
        sub = item.menu()
        if isinstance(sub, QMenu):
            found[item.text()] = sub
    return found


@pytest.mark.parametrize(("hh", "mm", "code", "minutes"), [(9, 12, "L", 12), (9, 40, "U", 40)])
def test_arrived_now_is_l_before_close_and_u_after(
    make_screen: Make,
    clock: Clock,
    db: Database,
    director: StaffUser,
    learners: list[int],
    hh: int,
    mm: int,
    code: str,
    minutes: int,
) -> None:
    clock.now = at(MON, hh, mm)
    screen = make_screen()
    index = go(screen, ANN, MON, AM)
    action(screen.menus.cell_menu(index), "Arrived now").trigger()
    entry = history(db, director, learners[0], MON, AM)[-1]
    assert (entry.code, entry.minutes_late) == (code, minutes)
    assert screen.model.cell(ANN, index.column()).minutes_late == minutes


def test_arrived_now_is_only_for_today(make_screen: Make) -> None:
    screen = make_screen()
    index = go(screen, ANN, WED, AM)
    assert not action(screen.menus.cell_menu(index), "Arrived now").isEnabled()


def test_mark_all_unmarked_present_fills_only_unmarked_cells(
    make_screen: Make, clock: Clock, db: Database, director: StaffUser, learners: list[int]
) -> None:
    record_mark(db, director, learners[0], MON, AM, "M", at(MON, 8, 0))
    clock.now = at(MON, 9, 2)
    screen = make_screen()
    action(screen.menus.header_menu(column(MON, AM)), "Mark all unmarked present").trigger()
    week = week_register(db, director, None, MON, clock.now)
    codes = [r.cells[0].code for r in week.rows]
    assert codes == ["M", "Z", "/", "/"]  # Ann kept M; Ben not started; Cat and Dan present
    assert stored(db, director, learners[0], MON, AM) == ["M"]
    assert [r.cells[1].code for r in week.rows] == [None, "Z", None, None]  # PM untouched
    assert screen.message.text() == "Marked 2 learner(s) present for Mon AM"


def test_the_code_menu_groups_codes_by_meaning_with_descriptions(make_screen: Make) -> None:
    screen = make_screen()
    menu = screen.menus.cell_menu(go(screen, ANN, MON, PM))
    groups = submenus(menu)
    assert list(groups) == [
        "Present",
        "Approved educational activity",
        "Leave of absence (authorised)",
        "Other authorised absence",
        "Unavoidable cause (not counted)",
        "Unauthorised absence",
        "Not counted / administrative",
    ]
    present = [a.text() for a in groups["Present"].actions()]
    assert present == [
        "\\  —  Present at afternoon registration",
        "L  —  Late: arrived before the register closed",
    ]
    assert "C2  —  Leave: agreed temporary part-time timetable" in [
        a.text() for a in groups["Leave of absence (authorised)"].actions()
    ]


def test_choosing_a_code_from_the_menu_saves_it(
    make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    menu = screen.menus.cell_menu(go(screen, DAN, MON, AM))
    leave = submenus(menu)["Leave of absence (authorised)"]
    next(a for a in leave.actions() if a.data() == "M").trigger()
    assert stored(db, director, learners[3], MON, AM) == ["M"]


def test_a_typed_mark_is_saved_with_the_collector_held_off_and_resumed_after(
    make_screen: Make, db: Database, director: StaffUser, learners: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    screen, during = make_screen(), list[bool]()

    def record(*args: Any, **kwargs: Any) -> Any:
        during.append(gc.isenabled())
        return record_mark(*args, **kwargs)

    monkeypatch.setattr(register_saving, "record_mark", record)
    go(screen, DAN, MON, AM)
    for automatic in (True, False):  # Python's own collector, or the window's (GUI thread)
        if automatic:
            gc.enable()
        else:
            gc.disable()
        during.clear()
        QTest.keyClick(screen.grid, Qt.Key.Key_M if automatic else Qt.Key.Key_B)
        assert during == [False] and gc.isenabled() is automatic  # as it was before the key
    assert stored(db, director, learners[3], MON, AM) == ["M", "B"]


def test_the_group_box_follows_groups_added_renamed_and_archived_elsewhere(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser
) -> None:
    add_group(db, director, "Kestrel")
    screen = make_screen()
    box = screen.bar.group_box

    def shown() -> list[str]:
        return [box.itemText(i) for i in range(box.count())]

    assert shown() == ["All learners", "Kestrel"]
    box.setCurrentIndex(1)
    settle(qtbot, screen)
    add_group(db, director, "Falcon")
    rename_group(db, director, "Kestrel", "Merlin")
    screen.context.changes.announce(Change.of(Kind.GROUPS))
    qtbot.waitUntil(lambda: shown() == ["All learners", "Falcon", "Merlin"])
    assert box.currentText() == "Merlin"  # the group chosen stays chosen under its new name
    archive_group(db, director, "Merlin", MON)
    screen.context.changes.announce(Change.of(Kind.GROUPS))
    qtbot.waitUntil(lambda: shown() == ["All learners", "Falcon"])
    settle(qtbot, screen)
    assert screen.bar.group_id is None and screen.model.week is not None


def test_the_pattern_dialog_plans_d_and_c2(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    menu = screen.menus.name_menu(DAN)
    with qtbot.waitSignal(screen.model.modelReset):
        action(menu, "Planned pattern for Dan Dunn…").trigger()
        dialog = screen.findChild(PatternDialog)
        assert isinstance(dialog, PatternDialog) and dialog.isVisible()
        dialog.choose(2, PM, "C2")
        dialog.combos[(3, AM)].setCurrentIndex(dialog.combos[(3, AM)].findData("D"))
        dialog.accept()
    assert get_pattern(db, director, learners[3]) == [
        PatternEntry(2, PM, "C2"),
        PatternEntry(3, AM, "D"),
    ]
    wed_pm = stored_cell(db, director, DAN, WED, PM, at(MON, 9, 5))
    assert (wed_pm.state, wed_pm.code) == (CellState.PLANNED, "C2")
    shown = screen.model.cell(DAN, column(MON + timedelta(days=3), AM))
    assert (shown.state, shown.code) == (CellState.PLANNED, "D")
    assert "Pattern saved for Dan Dunn" in screen.message.text()


def test_a_tutor_cannot_open_the_pattern(make_screen: Make, tutor: StaffUser) -> None:
    screen = make_screen(tutor)
    assert not action(screen.menus.name_menu(ANN), "Planned pattern for Ann Ahmed…").isEnabled()


def test_week_buttons_and_date_picker_change_the_week(qtbot: QtBot, make_screen: Make) -> None:
    screen = make_screen()
    assert screen.model.week is not None and screen.model.week.monday == MON
    screen.bar.next_button.click()
    settle(qtbot, screen)
    assert screen.model.week.monday == MON + timedelta(days=7)
    assert "Week of Monday 15 September 2025" in screen.bar.week_label.text()
    screen.bar.previous_button.click()
    screen.bar.previous_button.click()
    settle(qtbot, screen)
    assert screen.model.week.monday == MON - timedelta(days=7)
    screen.bar.date_edit.setDate(QDate(2025, 10, 1))
    settle(qtbot, screen)
    assert screen.model.week.monday == date(2025, 9, 29)
    screen.bar.this_week_button.click()
    settle(qtbot, screen)
    assert screen.model.week.monday == MON


def test_choosing_a_group_shows_only_its_learners(
    qtbot: QtBot, db: Database, make_screen: Make, learners: list[int]
) -> None:
    with db.transaction() as session:
        group = Group(name="Kestrel")
        session.add(group)
        session.flush()
        for learner_id in (learners[0], learners[3]):
            session.get_one(Learner, learner_id).group_id = group.id
    screen = make_screen()
    assert [screen.bar.group_box.itemText(i) for i in range(2)] == ["All learners", "Kestrel"]
    screen.bar.group_box.setCurrentIndex(1)
    settle(qtbot, screen)
    names = [screen.model.learner(r).name for r in range(screen.model.rowCount())]
    assert names == ["Ann Ahmed", "Dan Dunn"]


def test_names_stay_in_their_own_view_and_scroll_with_the_grid(
    qtbot: QtBot, db: Database, make_screen: Make
) -> None:
    for i in range(30):
        add_learner(db, f"Extra{i:02d}", "Pat", date(2025, 9, 3))
    screen = make_screen()
    screen.resize(700, 400)
    qtbot.waitUntil(lambda: screen.grid.verticalScrollBar().maximum() > 0)
    names, grid = screen.names, screen.grid
    assert not names.isColumnHidden(rm.NAME) and names.isColumnHidden(rm.FIRST_SESSION)
    assert grid.isColumnHidden(rm.NAME) and not grid.isColumnHidden(rm.FIRST_SESSION)
    grid.verticalScrollBar().setValue(grid.verticalScrollBar().maximum())
    assert names.verticalScrollBar().value() == grid.verticalScrollBar().maximum() > 0
    left = names.mapTo(screen, names.rect().topLeft())
    qtbot.waitUntil(lambda: grid.horizontalScrollBar().maximum() > 0)
    grid.horizontalScrollBar().setValue(grid.horizontalScrollBar().maximum())
    assert names.mapTo(screen, names.rect().topLeft()) == left
    assert names.rowViewportPosition(BEN) == grid.rowViewportPosition(BEN)


def test_sizes_follow_the_font(make_screen: Make) -> None:
    screen = make_screen()
    grid = screen.grid
    before = grid.horizontalHeader().minimumSectionSize()
    assert before >= grid.fontMetrics().horizontalAdvance("Wed 30")
    font = grid.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    grid.setFont(font)
    grid.fit_columns()
    assert grid.horizontalHeader().minimumSectionSize() > before
    assert grid.verticalHeader().defaultSectionSize() >= grid.fontMetrics().height() * 2


def test_missing_cells_and_overdue_n_are_marked_beyond_colour(
    qtbot: QtBot,
    make_screen: Make,
    clock: Clock,
    db: Database,
    director: StaffUser,
    learners: list[int],
) -> None:
    record_mark(db, director, learners[0], MON, AM, "N", at(MON, 9, 5))
    clock.now = at(date(2025, 9, 18), 9, 5)  # eight school days later
    screen = make_screen()
    screen.go_to_week(MON)
    settle(qtbot, screen)
    overdue = screen.model.cell(ANN, column(MON, AM))
    assert overdue.n_overdue
    tip = screen.model.index(ANN, column(MON, AM)).data(rm.Qt.ItemDataRole.ToolTipRole)
    assert "! N not replaced within 5 school days" in tip
    assert screen.model.index(CAT, column(MON, PM)).data() == "?"


def test_name_rows_line_up_with_the_grid_after_a_style_change(make_screen: Make) -> None:
    """The app's style sheet sets a larger font once shown: both views take the same rows."""
    screen = make_screen()
    before = screen.grid.rowHeight(0)
    screen.setStyleSheet("QWidget { font-size: 18pt; }")
    grid, names = screen.grid, screen.names
    assert grid.rowHeight(0) > before
    assert names.rowHeight(0) == grid.rowHeight(0)
    assert names.rowViewportPosition(DAN) == grid.rowViewportPosition(DAN)
    assert names.horizontalHeader().height() == grid.horizontalHeader().height()
