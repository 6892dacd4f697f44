"""Changing a mark after the register closed: a reason dialog, Cancel, permissions, history."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.marking import history, record_mark
from desktop_app.views.register.dialogs import HistoryDialog, ReasonDialog
from desktop_app.views.register.screen import RegisterScreen
from tests.ui.register_fixtures import (
    AM,
    ANN,
    MON,
    Clock,
    at,
    clock,
    go,
    learners,
    make_screen,
    press,
    stored,
    tutor,
)

__all__ = ["clock", "learners", "make_screen", "tutor"]  # fixtures, imported for pytest

Make = Callable[..., RegisterScreen]


@pytest.fixture
def n_before_close(db: Database, director: StaffUser, learners: list[int], clock: Clock) -> None:
    """Ann was marked N at 09:05; it is now 11:00, so the morning register has closed."""
    record_mark(db, director, learners[0], MON, AM, "N", at(MON, 9, 5))
    clock.now = at(MON, 11, 0)


def answer_reason_dialog(qtbot: QtBot, reason: str | None, seen: dict[str, object]) -> None:
    """When the reason dialog opens, note what it shows, then type reason and OK (or Cancel)."""
    tries = [0]

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ReasonDialog):
            tries[0] += 1
            if tries[0] < 100:
                QTimer.singleShot(20, act)
            return
        seen["original"] = dialog.original_label.text()
        seen["new"] = dialog.new_label.text()
        seen["ok_before"] = dialog.ok_button.isEnabled()
        if reason is None:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            return
        qtbot.keyClicks(dialog.reason_edit, reason)
        seen["ok_after"] = dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)


@pytest.mark.usefixtures("n_before_close")
def test_a_change_after_close_asks_a_reason_and_saves_an_amendment(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    seen: dict[str, object] = {}
    answer_reason_dialog(qtbot, "Mum phoned: GP appointment", seen)
    press(qtbot, screen, "I")
    assert seen["original"] == "Original mark: N: Reason for absence not yet established"
    assert seen["new"] == "New mark: I: Illness (physical or mental health)"
    assert (seen["ok_before"], seen["ok_after"]) == (False, True)
    last = history(db, director, learners[0], MON, AM)[-1]
    assert (last.code, last.reason, last.after_close) == ("I", "Mum phoned: GP appointment", True)
    assert "(amendment)" in screen.message.text()
    assert screen.model.cell(ANN, screen.grid.currentIndex().column()).amendments == 1


@pytest.mark.usefixtures("n_before_close")
def test_cancel_leaves_the_mark_unchanged(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    index = go(screen, ANN, MON, AM)
    seen: dict[str, object] = {}
    answer_reason_dialog(qtbot, None, seen)
    press(qtbot, screen, "I")
    assert "original" in seen  # the dialog was shown
    assert stored(db, director, learners[0], MON, AM) == ["N"]
    assert index.data() == "N"
    assert screen.message.text() == "Amendment cancelled: nothing changed"


@pytest.mark.usefixtures("n_before_close")
def test_the_ask_reason_hook_can_be_replaced(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    asked: list[tuple[str, str, str, str]] = []

    def ask(_parent: QWidget, learner: str, when: str, old: str, new: str) -> str:
        asked.append((learner, when, old, new))
        return "Letter from the hospital"

    screen.ask_reason = ask
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "M")
    assert asked == [("Ann Ahmed", "Mon 8 Sep 2025 AM", "N", "M")]
    assert stored(db, director, learners[0], MON, AM) == ["N", "M"]


@pytest.mark.usefixtures("n_before_close")
def test_retyping_the_same_code_after_close_needs_no_reason(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    screen.ask_reason = lambda *_args: pytest.fail("no reason is needed for the same code")
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "N")
    assert stored(db, director, learners[0], MON, AM) == ["N"]


@pytest.mark.usefixtures("n_before_close")
def test_a_tutor_cannot_amend_and_is_not_asked(
    qtbot: QtBot,
    make_screen: Make,
    db: Database,
    tutor: StaffUser,
    director: StaffUser,
    learners: list[int],
) -> None:
    screen = make_screen(tutor)
    screen.ask_reason = lambda *_args: pytest.fail("a tutor is not asked for a reason")
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "I")
    assert "ask the attendance officer" in screen.message.text()
    assert stored(db, director, learners[0], MON, AM) == ["N"]


def test_the_reason_dialog_needs_a_reason() -> None:
    dialog = ReasonDialog("Ann Ahmed", "Mon 8 Sep 2025 AM", "N", "I")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setText(" GP note ")
    assert dialog.ok_button.isEnabled()
    assert dialog.reason == "GP note"


@pytest.mark.usefixtures("n_before_close")
def test_history_lists_the_mark_and_every_change(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    record_mark(db, director, learners[0], MON, AM, "I", at(MON, 11, 0), reason="GP note")
    screen = make_screen()
    index = go(screen, ANN, MON, AM)
    action = next(a for a in screen.menus.cell_menu(index).actions() if a.text() == "History…")
    action.trigger()
    dialog = QApplication.activeModalWidget() or screen.findChild(HistoryDialog)
    assert isinstance(dialog, HistoryDialog)
    table = dialog.table
    items = [[table.item(r, c) for c in range(table.columnCount())] for r in range(2)]
    rows = [[item.text() if item else "" for item in row] for row in items]
    assert table.rowCount() == 2
    assert [r[1] for r in rows] == ["N", "I"]
    assert rows[0][5] == "First mark"
    assert (rows[1][2], rows[1][4], rows[1][5]) == (
        director.full_name,
        "GP note",
        "Amendment (after close)",
    )
    dialog.close()


def test_a_register_that_closes_while_shown_still_asks_a_reason(
    qtbot: QtBot,
    make_screen: Make,
    clock: Clock,
    db: Database,
    director: StaffUser,
    learners: list[int],
) -> None:
    """The screen was opened at 09:05 (open); at 09:40 the service asks, so the screen does."""
    record_mark(db, director, learners[0], MON, AM, "N", at(MON, 9, 5))
    screen = make_screen()
    clock.now = at(MON, 9, 40)
    asked: list[str] = []

    def ask(_parent: QWidget, _learner: str, _when: str, old: str, new: str) -> str:
        asked.append(f"{old}->{new}")
        return "Arrived with a note from the GP"

    screen.ask_reason = ask
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "M")
    assert asked == ["N->M"]
    assert history(db, director, learners[0], MON, AM)[-1].after_close is True
