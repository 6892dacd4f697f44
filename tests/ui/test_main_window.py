"""The main window: title, navigation by click and by Ctrl+1..5, and the status bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.page import LearnersPage
from desktop_app.views.register.screen import RegisterScreen
from desktop_app.views.reports.page import ReportsPage
from desktop_app.views.settings.page import SettingsPage
from desktop_app.views.shell.main_window import PAGES, MainWindow
from desktop_app.views.today.page import TodayPage

ORDER = [TodayPage, RegisterScreen, LearnersPage, ReportsPage, SettingsPage]
NUMBER_KEYS = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5]


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> MainWindow:
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_title_names_the_provision(window: MainWindow) -> None:
    assert window.windowTitle() == "Provision Register — Test Provision"
    assert not window.windowIcon().isNull()


def test_opens_on_today(window: MainWindow) -> None:
    assert isinstance(window.current_page(), TodayPage)
    assert window.navigation.currentRow() == 0


def test_clicking_navigation_switches_page(qtbot: QtBot, window: MainWindow) -> None:
    nav = window.navigation
    for row in [4, 2, 1, 3, 0]:
        centre = nav.visualItemRect(nav.item(row)).center()
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        assert isinstance(window.current_page(), ORDER[row])
        assert window.current_page() is window.pages[PAGES[row].name]


def test_ctrl_number_switches_page(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for row in [4, 3, 2, 1, 0]:
        qtbot.keyClick(window, NUMBER_KEYS[row], Qt.KeyboardModifier.ControlModifier)
        assert isinstance(window.current_page(), ORDER[row])
        assert window.navigation.currentRow() == row


def test_status_bar_shows_user_role_and_database(window: MainWindow) -> None:
    assert window.user_label.text() == "Signed in as Dana Director · Director"
    assert window.location_label.text() == "Database: /somewhere/register.sqlite"
    assert window.user_label.isVisible() and window.location_label.isVisible()


def test_status_bar_counts_missing_marks_in_the_register_week(window: MainWindow) -> None:
    register = window.pages["Register"]
    assert isinstance(register, RegisterScreen)
    register.sig_missing_changed.emit(3)
    assert window.missing_label.text().strip() == "⚠ 3 missing marks in the register week"
    register.sig_missing_changed.emit(0)
    assert "No missing marks" in window.missing_label.text()


def test_status_bar_shows_a_real_missing_register(
    qtbot: QtBot, context: AppContext, autumn: tuple[object, object]
) -> None:
    """A learner unmarked on a past session of the week shown is counted from the database."""
    from dataclasses import replace
    from datetime import date, datetime

    from desktop_app.models import Learner

    with context.db.transaction() as session:
        session.add(
            Learner(
                upn="E820300000001",
                surname="Ahmed",
                forename="Ann",
                date_of_birth=date(2011, 1, 1),
                start_date=date(2025, 9, 3),
            )
        )
    tuesday_noon = replace(context, clock=lambda: datetime(2025, 9, 9, 12, 0))
    main = MainWindow(tuesday_noon)
    qtbot.addWidget(main)
    main.show()
    # Monday AM and PM and Tuesday AM have closed; Tuesday PM has not. The register is built
    # just after the first page is painted, and the count follows.
    qtbot.waitUntil(lambda: window_text(main) == "⚠ 3 missing marks in the register week")


def test_pages_are_built_when_first_shown(qtbot: QtBot, context: AppContext) -> None:
    """Signing in builds the window, then Today on the next turn of the event loop (two short
    steps rather than one long one); Learners is built the first time it is shown."""
    main = MainWindow(context)
    qtbot.addWidget(main)
    assert main.page_if_built("Today") is None and main.navigation.currentRow() == 0
    qtbot.waitUntil(lambda: main.page_if_built("Today") is not None)
    assert isinstance(main.current_page(), TodayPage)
    assert main.page_if_built("Learners") is None and main.page_if_built("Reports") is None
    main.show_page(2)
    assert isinstance(main.page_if_built("Learners"), LearnersPage)
    assert main.current_page() is main.page_if_built("Learners")


def test_lock_now_and_sign_out_are_in_the_menu(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+L locks the window; the menu also offers Sign out."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()
    assert not window.menuBar().isEnabled()  # nothing behind the lock is reachable from a menu
    window.window_lock.unlock()
    assert window.menuBar().isEnabled()
    menu = window.menuBar().actions()[0].menu()
    assert [a.text() for a in menu.actions() if a.text()] == ["&Lock now", "&Sign out", "&Quit"]


def window_text(main: MainWindow) -> str:
    return main.missing_label.text().strip()


def test_the_keys_go_to_todays_worklist_and_stay_there_when_the_register_is_built_ahead(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    """Signed in, the officer's arrow keys move down Today's worklist at once; the register,
    built behind it for the status bar, never takes the keyboard while hidden (a '/' typed on
    Today must not mark anyone)."""
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.page_if_built("Register") is not None, timeout=5000)
    today = window.pages["Today"]
    assert isinstance(today, TodayPage)
    register = window.pages["Register"]
    qtbot.waitUntil(lambda: register.model.rowCount() > 0)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not register.loader.busy())  # type: ignore[attr-defined]
    assert QApplication.focusWidget() is today.tree  # its cursor placed, the keys left alone
