"""The timer window on a small laptop (1280x720 less a task bar and a title bar): the clock, what
to do now and every action stay in view, the checklist scrolls instead, the focus is scrolled
into view, and the window opens within its screen; the "Learner left site" form fits too."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app import resources
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.views.absconding.start import StartIncidentDialog
from desktop_app.views.absconding.timer import PREFERRED_SIZE, TimerDialog
from desktop_app.views.common import fit
from tests.services.test_incidents import add_learner
from tests.ui.test_absconding_timer import T0, Clock, begin, context_with

AVAILABLE = QRect(0, 0, 1280, 720 - 40)  # a 1280x720 screen less a task bar
TITLE_BAR = 32
ROOM = QSize(AVAILABLE.width(), AVAILABLE.height() - TITLE_BAR)  # inside the window's frame


def fully_shown(widget: QWidget, window: QWidget) -> bool:
    """Shown, inside the window, not cut off by anything around it, and (wrapped text) as tall
    as its lines need."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    seen = widget.visibleRegion().boundingRect()
    wraps = widget.hasHeightForWidth()
    return (
        widget.isVisible()
        and window.rect().contains(QRect(top_left, widget.size()))
        and seen.size() == widget.size()
        and (not wraps or widget.height() >= widget.heightForWidth(widget.width()))
    )


def always_seen(dialog: TimerDialog) -> list[QWidget]:
    """The clock, what to do now, the note box and every button but the checklist's."""
    paper = dialog.paper
    return [
        dialog.clock,
        dialog.prompt,
        dialog.timeline.note,
        dialog.close_button,
        dialog.correct_button,
        dialog.hide_button,
        dialog.timeline.add_button,
        paper.sheet_button,
        paper.print_sheet_button,
        paper.report_button,
        paper.print_report_button,
    ]


def shown(qtbot: QtBot, db: Database, director: StaffUser) -> TimerDialog:
    """The DSL's window 16 minutes in for a 16-year-old with a full brief (the longest prompt
    and reason), with the app's stylesheet and a line under the paper buttons, shown at the
    size it opens."""
    clock = Clock(T0)
    learner = add_learner(db, "Sam", "Older", date(2009, 9, 8), details=True)
    dialog = TimerDialog(context_with(db, director, clock), begin(db, director, learner))
    dialog.setStyleSheet(resources.stylesheet())
    qtbot.addWidget(dialog)
    dialog.timer.stop()
    clock.at(16)
    dialog.tick()
    dialog.paper.say("Saved at /home/dsl/Documents/Provision Register/missing-learner.pdf.")
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def timer(qtbot: QtBot, db: Database, director: StaffUser) -> TimerDialog:
    """The window made as small as the small laptop's screen."""
    dialog = shown(qtbot, db, director)
    dialog.resize(ROOM)
    qtbot.waitUntil(lambda: dialog.checklist.area.viewport().height() > 0)
    return dialog


def test_the_window_fits_a_1280x720_screen_with_its_clock_prompt_and_buttons_in_view(
    timer: TimerDialog,
) -> None:
    """Its smallest size fits the room, and there every action and the clock are whole."""
    least = timer.minimumSizeHint()
    assert least.height() <= ROOM.height() and least.width() <= ROOM.width()
    assert timer.height() <= ROOM.height() and timer.width() <= ROOM.width()
    assert "judgement call" in timer.prompt.text()
    for widget in always_seen(timer):
        assert fully_shown(widget, timer), widget


def test_at_its_smallest_the_checklist_scrolls_and_the_rest_stays(
    qtbot: QtBot, timer: TimerDialog
) -> None:
    """Squeezed to its minimum size, only the steps scroll: the clock, what to do now, the
    thresholds (wrapped in a narrow column) and the buttons are still whole."""
    timer.resize(timer.minimumSizeHint())
    area = timer.checklist.area
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    for widget in (*always_seen(timer), timer.last_seen, timer.thresholds):
        assert fully_shown(widget, timer), widget


def test_tabbing_into_the_checklist_scrolls_each_step_into_view(
    qtbot: QtBot, timer: TimerDialog
) -> None:
    """Back from the note box to the last step, then Tab down from the first: the focused
    button is in view every time."""
    timer.resize(timer.width(), timer.minimumSizeHint().height())
    checklist, area = timer.checklist, timer.checklist.area
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    timer.activateWindow()
    timer.timeline.note.setFocus()
    qtbot.keyClick(timer.timeline.note, Qt.Key.Key_Backtab)
    enabled = [w for w in checklist.focus_order() if w.isEnabled()]
    assert timer.focusWidget() is enabled[-1] and area.shows_whole(enabled[-1])
    enabled[0].setFocus()
    assert area.verticalScrollBar().value() == 0
    for expected in enabled[1:]:
        qtbot.keyClick(timer.focusWidget(), Qt.Key.Key_Tab)
        assert timer.focusWidget() is expected and area.shows_whole(expected)
    qtbot.keyClick(timer.focusWidget(), Qt.Key.Key_Tab)
    assert timer.focusWidget() is timer.timeline.note


def tab_stops(qtbot: QtBot, window: QWidget, start: QWidget, count: int) -> list[QWidget]:
    """Where Tab takes the focus, `count` times, from `start`."""
    start.setFocus()
    found = []
    for _ in range(count):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        found.append(window.focusWidget())
    return found


def test_tab_goes_down_the_left_then_down_the_right(qtbot: QtBot, timer: TimerDialog) -> None:
    """After the steps: the note, the incident's buttons, then the tabs, the learner and the
    papers, and round to the first step; it opens with the focus on the missing-learner sheet."""
    paper = timer.paper
    assert timer.focusWidget() is paper.sheet_button
    assert tab_stops(qtbot, timer, timer.timeline.note, 11) == [
        timer.timeline.add_button,
        timer.correct_button,
        timer.close_button,
        timer.hide_button,
        timer.tabs.tabBar(),
        timer.brief,
        paper.sheet_button,
        paper.print_sheet_button,
        paper.report_button,
        paper.print_report_button,
        timer.checklist.buttons["dsl_informed"],
    ]


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (AVAILABLE, QSize(1120, 632)),  # 1280x720 less the task bar and the frame
        (QRect(0, 0, 1366, 728), QSize(1120, 680)),  # 1366x768
        (QRect(0, 0, 1920, 1040), PREFERRED_SIZE),  # room to spare
        (QRect(0, 0, 800, 560), QSize(935, 515)),  # too small: no smaller than its minimum
    ],
)
def test_it_opens_at_a_size_within_the_screen(available: QRect, expected: QSize) -> None:
    assert fit.starting_size(PREFERRED_SIZE, QSize(935, 515), available) == expected


def test_it_opens_within_the_screen_it_is_on(
    qtbot: QtBot, db: Database, director: StaffUser
) -> None:
    """Shown on the test screen (800x800), it is as tall as the screen allows, not taller."""
    dialog = shown(qtbot, db, director)
    screen = dialog.screen().availableGeometry()
    assert dialog.height() <= screen.height() - fit.FRAME_ALLOWANCE.height()


def test_the_start_form_fits_the_small_screen_with_its_start_button_in_view(
    qtbot: QtBot, db: Database, director: StaffUser
) -> None:
    """Chosen learner, brief beside it, made as small as it goes: its boxes and "Start the
    clock" are whole (the intro wraps to more lines than a window's minimum counts)."""
    learner = add_learner(db, "Alex", "Hughes", date(2011, 3, 1), details=True)
    form = StartIncidentDialog(context_with(db, director, Clock(T0)), learner)
    form.setStyleSheet(resources.stylesheet())
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert form.height() <= form.screen().availableGeometry().height()
    form.resize(form.minimumSizeHint())
    assert form.minimumSizeHint().height() <= ROOM.height()
    whole = (form.description, form.clothing, form.cancel_button, form.start_button)
    qtbot.waitUntil(lambda: all(fully_shown(widget, form) for widget in whole))
