"""Keyboard marking typed into the real grid view: codes, Space, movement, refused keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.views.register import model as rm
from desktop_app.views.register.screen import RegisterScreen
from desktop_app.views.register.view import PREFIX_TIMEOUT_MS
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
    at,
    clock,
    column,
    current,
    go,
    learners,
    make_screen,
    press,
    stored,
    stored_cell,
)

__all__ = ["clock", "learners", "make_screen"]  # fixtures, imported for pytest

Make = Callable[..., RegisterScreen]


def test_the_screen_starts_on_todays_open_register(make_screen: Make) -> None:
    screen = make_screen()
    assert current(screen) == (ANN, column(MON, AM))
    assert screen.focusWidget() is screen.grid  # the keyboard goes to the grid


def test_typing_a_code_saves_it_and_moves_down(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "n")
    assert stored(db, director, learners[0], MON, AM) == ["N"]
    assert screen.model.index(ANN, column(MON, AM)).data() == "N"
    assert current(screen) == (BEN, column(MON, AM))
    assert screen.message.text().startswith("Saved 09:05 — Ann Ahmed Mon AM N")
    assert screen.model.index(ANN, column(MON, AM)).data(rm.SAVED_ROLE) is True


def test_two_character_codes_are_typed_as_two_keys(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "c2")
    go(screen, DAN, MON, AM)
    press(qtbot, screen, "J1")
    assert stored(db, director, learners[0], MON, AM) == ["C2"]
    assert stored(db, director, learners[3], MON, AM) == ["J1"]


def test_a_prefix_then_a_pause_records_the_single_code(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    assert PREFIX_TIMEOUT_MS == screen.grid.prefix_timer.interval() == 1000
    screen.grid.prefix_timer.setInterval(100)  # the same timer, shorter to keep the test quick
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "C")
    assert screen.grid.pending_prefix == "C"
    assert stored(db, director, learners[0], MON, AM) == []  # nothing yet: waiting for 1 or 2
    qtbot.waitUntil(lambda: stored(db, director, learners[0], MON, AM) == ["C"], timeout=3000)
    assert screen.grid.pending_prefix == ""


def test_a_prefix_then_another_key_records_the_single_code_and_goes_on(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, CAT, MON, AM)
    press(qtbot, screen, "C", Qt.Key.Key_Space)
    assert stored(db, director, learners[2], MON, AM) == ["C"]
    assert stored(db, director, learners[3], MON, AM) == ["/"]  # Space went to the next learner


def test_a_prefix_then_an_arrow_records_the_code_and_moves_once(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "C", Qt.Key.Key_Down)
    assert stored(db, director, learners[0], MON, AM) == ["C"]
    assert current(screen) == (BEN, column(MON, AM))


def test_space_marks_present_with_the_sessions_slash(
    qtbot: QtBot,
    make_screen: Make,
    clock: Clock,
    db: Database,
    director: StaffUser,
    learners: list[int],
) -> None:
    clock.now = at(MON, 12, 50)
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, Qt.Key.Key_Space)
    go(screen, ANN, MON, PM)
    press(qtbot, screen, Qt.Key.Key_Space)
    assert stored(db, director, learners[0], MON, AM) == ["/"]
    assert stored(db, director, learners[0], MON, PM) == ["\\"]


def test_arrows_tab_and_enter_move_without_marking(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    start = column(MON, AM)
    go(screen, ANN, MON, AM)
    press(qtbot, screen, Qt.Key.Key_Right)
    assert current(screen) == (ANN, start + 1)
    press(qtbot, screen, Qt.Key.Key_Down)
    assert current(screen) == (BEN, start + 1)
    press(qtbot, screen, Qt.Key.Key_Left, Qt.Key.Key_Up)
    assert current(screen) == (ANN, start)
    press(qtbot, screen, Qt.Key.Key_Tab)
    assert current(screen) == (ANN, start + 1)
    press(qtbot, screen, Qt.Key.Key_Return)
    assert current(screen) == (BEN, start + 1)
    press(qtbot, screen, Qt.Key.Key_Enter)
    assert current(screen) == (CAT, start + 1)
    assert all(stored(db, director, i, MON, s) == [] for i in learners for s in (AM, PM))


def test_a_key_that_is_no_code_flashes_and_changes_nothing(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    index = go(screen, ANN, MON, AM)
    with qtbot.waitSignal(screen.grid.sig_key_refused) as refused:
        press(qtbot, screen, "A")
    assert "not an attendance code" in refused.args[1]
    assert index.data(rm.FLASH_ROLE) is True
    assert screen.message.text() == "Not changed: 'A' is not an attendance code"
    assert stored(db, director, learners[0], MON, AM) == []
    assert current(screen) == (ANN, column(MON, AM))  # refused keys do not move on
    qtbot.waitUntil(lambda: index.data(rm.FLASH_ROLE) is False, timeout=3000)


def test_the_wrong_slash_and_a_blank_are_refused(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "\\")
    assert "afternoon present mark" in screen.message.text()
    press(qtbot, screen, Qt.Key.Key_Delete)
    assert "a blank is not a code" in screen.message.text()
    assert stored(db, director, learners[0], MON, AM) == []


def test_a_retired_prefix_on_its_own_is_refused(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "J", Qt.Key.Key_Down)
    assert "retired code" in screen.message.text()
    assert stored(db, director, learners[0], MON, AM) == []


def test_a_locked_cell_refuses_marks(
    qtbot: QtBot,
    make_screen: Make,
    clock: Clock,
    db: Database,
    director: StaffUser,
    learners: list[int],
) -> None:
    clock.now = at(WED, 9, 5)
    screen = make_screen()
    go(screen, CAT, WED, AM)
    press(qtbot, screen, Qt.Key.Key_Space)
    assert screen.message.text() == "Not changed: 2025-09-10 is after Cat's leaving date 2025-09-09"
    assert stored(db, director, learners[2], WED, AM) == []


def test_a_service_refusal_shows_and_keeps_the_cell(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    index = go(screen, ANN, WED, AM)  # Wednesday, while the clock says Monday
    press(qtbot, screen, Qt.Key.Key_Space)
    assert "cannot be recorded ahead" in screen.message.text()
    assert index.data() == ""
    assert stored_cell(db, director, ANN, WED, AM, at(MON, 9, 5)).code is None


def test_saving_updates_the_missing_count_and_signal(
    qtbot: QtBot, make_screen: Make, clock: Clock, director: StaffUser
) -> None:
    clock.now = at(MON, 14, 0)
    screen = make_screen()
    assert screen.missing == 6
    assert "6 missing marks" in screen.missing_label.text()
    go(screen, ANN, MON, AM)
    with qtbot.waitSignal(screen.sig_missing_changed) as changed:
        press(qtbot, screen, "I")
    assert changed.args == [5]
    assert screen.missing == 5


def test_next_missing_jumps_to_the_next_gap(make_screen: Make, clock: Clock) -> None:
    clock.now = at(MON, 14, 0)
    screen = make_screen()
    go(screen, ANN, MON, PM)
    assert screen.next_missing()
    assert current(screen) == (CAT, column(MON, AM))
    assert screen.model.cell(BEN, column(MON, AM)).code == "Z"  # skipped: not missing


def test_a_prefix_then_a_click_elsewhere_records_the_code_where_it_was_typed(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "C")
    target = screen.model.index(DAN, column(MON, PM))
    centre = screen.grid.visualRect(target).center()
    qtbot.mouseClick(screen.grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert stored(db, director, learners[0], MON, AM) == ["C"]
    assert current(screen) == (DAN, column(MON, PM))  # the click wins; no move down
