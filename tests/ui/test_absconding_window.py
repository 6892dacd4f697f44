"""The main window and open incidents: reopened at sign-in with the true elapsed time, the red
bar, Ctrl+Shift+L, several at once, and nothing shown while locked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.models.engine import Database
from desktop_app.services.absconding import aware, close_incident
from desktop_app.services.absconding_data import Closing
from desktop_app.services.auth import StaffUser
from desktop_app.views.absconding import common
from desktop_app.views.absconding.desk import start_incident
from desktop_app.views.absconding.lock_panel import LockedIncidents
from desktop_app.views.shell.main_window import MainWindow
from tests.conftest import PASSWORD
from tests.services.test_incidents import add_learner
from tests.ui.test_absconding_timer import T0, Beeper, Clock, begin, context_with


@pytest.fixture
def beeper(monkeypatch: pytest.MonkeyPatch) -> Beeper:
    recorder = Beeper()
    monkeypatch.setattr(common, "beep", recorder)
    return recorder


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


def open_window(qtbot: QtBot, db: Database, user: StaffUser, clock: Clock) -> MainWindow:
    window = MainWindow(context_with(db, user, clock), idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def two_open(db: Database, director: StaffUser) -> tuple[int, int]:
    alex = add_learner(db, "Alex", "Hughes", date(2011, 3, 1))
    sam = add_learner(db, "Sam", "Older", date(2009, 9, 8))
    return begin(db, director, alex), begin(db, director, sam)


def test_open_incidents_reopen_at_sign_in_with_the_true_elapsed_time(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    clock: Clock,
    beeper: Beeper,
    two_open: tuple[int, int],
) -> None:
    clock.at(12, 5)
    window = open_window(qtbot, db, director, clock)
    desk = window.incidents
    qtbot.waitUntil(lambda: len(desk.dialogs) == 2)
    assert all(desk.dialogs[i].isVisible() for i in two_open)
    assert [desk.dialogs[i].clock.text() for i in two_open] == ["12 min 05 s", "12 min 05 s"]
    assert window.incident_bar.texts() == [
        "⚠ Alex Hughes · 12 min 05 s",
        "⚠ Sam Older · 12 min 05 s",
    ]
    assert window.incident_bar.caption.isVisible()
    assert len(beeper.calls) == 2  # each past its first threshold: one alert each


def test_bar_says_police_now_and_clicking_it_brings_the_dialog_back(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    clock: Clock,
    beeper: Beeper,
    two_open: tuple[int, int],
) -> None:
    window = open_window(qtbot, db, director, clock)
    qtbot.waitUntil(lambda: len(window.incidents.dialogs) == 2)
    alex = window.incidents.dialogs[two_open[0]]
    alex.hide()
    clock.at(16)
    window.incident_bar.tick()
    assert window.incident_bar.texts()[0] == "⚠ Alex Hughes · 16 min 00 s · POLICE NOW"
    assert window.incident_bar.texts()[1] == "⚠ Sam Older · 16 min 00 s"  # judgement call
    alex.timer.stop()
    qtbot.mouseClick(window.incident_bar.buttons[two_open[0]], Qt.MouseButton.LeftButton)
    assert alex.isVisible()


def test_closed_incidents_leave_the_bar(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    clock: Clock,
    beeper: Beeper,
    two_open: tuple[int, int],
) -> None:
    window = open_window(qtbot, db, director, clock)
    qtbot.waitUntil(lambda: len(window.incident_bar.buttons) == 2)
    for incident in two_open:
        closing = Closing(aware(T0 + timedelta(minutes=1)), False, "Back in class", "Back in 1 min")
        close_incident(db, director, incident, closing, aware(T0 + timedelta(minutes=2)))
    window.incidents.check()  # as the 20-second poll does
    assert window.incident_bar.texts() == [] and not window.incident_bar.caption.isVisible()


def test_ctrl_shift_l_opens_the_form_and_the_bar_is_always_there(
    qtbot: QtBot, db: Database, director: StaffUser, clock: Clock
) -> None:
    window = open_window(qtbot, db, director, clock)
    assert window.incident_bar.start_button.isVisible()
    assert window.incident_bar.buttons == {} and not window.incident_bar.caption.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.incidents.start_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle().startswith("Learner left site")


def test_ctrl_shift_l_in_front_of_the_window_on_a_timer_opens_the_form_too(
    qtbot: QtBot, db: Database, director: StaffUser, clock: Clock, two_open: tuple[int, int]
) -> None:
    """A second learner leaves while the first one's timer is in front: the main window's
    shortcut did not reach it, and the keys did nothing."""
    window = open_window(qtbot, db, director, clock)
    qtbot.waitUntil(lambda: len(window.incidents.dialogs) == 2)
    timer = window.incidents.dialogs[two_open[0]]
    timer.show()
    timer.activateWindow()
    qtbot.waitUntil(timer.isActiveWindow)
    assert window.incidents.start_dialog is None
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(timer, Qt.Key.Key_L, modifiers)
    form = window.incidents.start_dialog
    assert form is not None and form.isVisible()


def test_locked_window_hides_the_bar_and_the_dialogs(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    clock: Clock,
    beeper: Beeper,
    two_open: tuple[int, int],
) -> None:
    window = open_window(qtbot, db, director, clock)
    qtbot.waitUntil(lambda: len(window.incidents.dialogs) == 2)
    window.lock()
    assert not window.incident_bar.isVisible()
    assert not any(d.isVisible() for d in window.incidents.dialogs.values())
    clock.at(10)
    for dialog in window.incidents.dialogs.values():
        dialog.tick()
    assert len(beeper.calls) == 2  # heard through the lock screen
    assert not any(d.isVisible() for d in window.incidents.dialogs.values())
    assert window.incidents.show_incident(two_open[0]).isHidden()


def test_started_from_a_page_it_joins_the_bar_and_gets_its_dialog(
    qtbot: QtBot, db: Database, director: StaffUser, clock: Clock, beeper: Beeper
) -> None:
    """As the register row menu and the learner panel call it: prefilled with the learner."""
    learner = add_learner(db, "Alex", "Hughes", date(2011, 3, 1))
    window = open_window(qtbot, db, director, clock)
    form = start_incident(window.pages["Register"], window.context, learner)
    assert form.learner_id() == learner
    form.where.setText("Back gate")
    form.seen_by.setText("Ms Tutor")
    qtbot.mouseClick(form.start_button, Qt.MouseButton.LeftButton)
    assert form.summary is not None
    assert window.incidents.dialogs[form.summary.id].isVisible()
    assert window.incident_bar.texts() == ["⚠ Alex Hughes · 0 s"]


def test_the_lock_screen_shows_each_open_incident_live_and_alerts_still_fire(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    clock: Clock,
    beeper: Beeper,
    two_open: tuple[int, int],
) -> None:
    """Issue 11.1: the idle lock hid an open incident and the lock screen said nothing."""
    window = open_window(qtbot, db, director, clock)
    qtbot.waitUntil(lambda: len(window.incidents.dialogs) == 2)
    clock.at(9, 50)
    window.lock()
    panel = window.lock_screen.incidents
    assert isinstance(panel, LockedIncidents) and panel.isVisible()
    panel.tick()
    alex, sam = panel.texts()
    assert alex.startswith("⚠ Alex Hughes · missing for 9 min 50 s | Under 16 or vulnerable")
    assert sam.startswith("⚠ Sam Older · missing for 9 min 50 s | 16 or over")
    clock.at(15, 5)
    panel.tick()
    assert panel.texts()[0] == (
        "⚠ Alex Hughes · missing for 15 min 05 s | "
        "Police must be informed now. Call 101, or 999 if at risk."
    )
    before = len(beeper.calls)
    for dialog in window.incidents.dialogs.values():
        dialog.tick()
    assert len(beeper.calls) == before + 2  # each crossing sounds through the lock
    assert not any(d.isVisible() for d in window.incidents.dialogs.values())
    shown = " ".join(label.text() for label in panel.findChildren(QLabel))
    assert "Ms Tutor" not in shown and "Back gate" not in shown  # no detail on the lock screen


def test_an_unsaved_start_form_survives_the_lock_and_sign_out_asks_first(
    qtbot: QtBot, db: Database, director: StaffUser, clock: Clock
) -> None:
    """Issue 11.1: an unsaved start form behind a lock must not be lost."""
    learner = add_learner(db, "Alex", "Hughes", date(2011, 3, 1))
    window = open_window(qtbot, db, director, clock)
    form = window.incidents.start(learner)
    form.where.setText("Back gate")
    window.lock()
    assert not form.isVisible()
    panel = window.lock_screen.incidents
    assert isinstance(panel, LockedIncidents)
    panel.tick()
    assert panel.isVisible() and panel.form_note.isVisible()
    qtbot.mouseClick(window.lock_screen.sign_out_button, Qt.MouseButton.LeftButton)
    question = window.lock_screen.question
    assert question is not None and question.isVisible() and window.isVisible()
    qtbot.mouseClick(question.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(window.lock_screen.password, PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert form.isVisible() and form.where.text() == "Back gate" and form.learner_id() == learner
