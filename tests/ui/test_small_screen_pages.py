"""Every page of the main window on a small laptop (1280x720 or 1366x768 less a task bar, at
100% scaling): the window's minimum fits the screen less its frame, and at that size no button,
text box or drop-down on the page is cut off (one in a scroll area is when scrolled to); the
window opens within its screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app import resources
from desktop_app.views.common import fit
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.page import TABS
from desktop_app.views.shell.main_window import MainWindow

#: Screens' available areas (a task bar taken), less the window's frame.
SMALL = QSize(1280, 680) - fit.FRAME_ALLOWANCE
WIDER = QSize(1366, 728) - fit.FRAME_ALLOWANCE
PARTS = [
    ("Today", ""),
    ("Register", ""),
    ("Learners", ""),
    ("Reports", ""),
    *[("Settings", title) for title, _action, _make in TABS],
    ("Audit", ""),
    ("Calendar", ""),
]
FIELDS = (QPushButton, QLineEdit, QComboBox)


@pytest.fixture
def window(qtbot: QtBot, demo_context: AppContext) -> MainWindow:
    """The director's window with the app's stylesheet, shown."""
    main = MainWindow(demo_context)
    main.setStyleSheet(resources.stylesheet())
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def open_page(qtbot: QtBot, window: MainWindow, name: str, part: str) -> QWidget:
    window.open_part(name, part)
    page = window.current_page()
    assert page is window.pages[name]
    qtbot.wait(20)  # the page's refresh, queued on showing it
    return page


def scrolled_to(widget: QWidget, page: QWidget) -> None:
    """Scroll every scroll area (on the page) that holds the widget to it."""
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        body = parent.widget() if isinstance(parent, QScrollArea) else None
        if isinstance(parent, QScrollArea) and body is not None:
            # the whole widget (ensureWidgetVisible brings a text box's cursor into view)
            centre = widget.mapTo(body, widget.rect().center())
            half = widget.size() / 2
            parent.ensureVisible(centre.x(), centre.y(), half.width() + 1, half.height() + 1)
        parent = parent.parentWidget()
    QApplication.processEvents()


def cut_off(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    inside = window.rect().contains(QRect(top_left, widget.size()))
    return not inside or widget.visibleRegion().boundingRect().size() != widget.size()


def fields_cut_off(page: QWidget, window: QWidget) -> list[str]:
    found = []
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, FIELDS) or not widget.isVisible():
            continue
        scrolled_to(widget, page)
        if cut_off(widget, window):
            text = widget.text() if isinstance(widget, QPushButton) else widget.objectName()
            found.append(f"{type(widget).__name__} {text!r}")
    return found


def test_the_window_fits_a_1280x720_laptop_with_every_page_opened(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The window is as small as its largest page (and Settings part) opened so far allows."""
    too_big = {}
    for name, part in PARTS:
        open_page(qtbot, window, name, part)
        hint = window.minimumSizeHint()
        if hint.width() > SMALL.width() or hint.height() > SMALL.height():
            too_big[f"{name} {part}".strip()] = (hint.width(), hint.height())
    assert too_big == {}


@pytest.mark.parametrize("room", [SMALL, WIDER, None], ids=["1280x680", "1366x728", "least"])
@pytest.mark.parametrize(("name", "part"), PARTS)
def test_no_button_or_field_on_the_page_is_cut_off(
    qtbot: QtBot, window: MainWindow, name: str, part: str, room: QSize | None
) -> None:
    """At a laptop's size, and at the least the window can be made once the page is open."""
    page = open_page(qtbot, window, name, part)
    room = room or window.minimumSizeHint()
    window.resize(room)
    qtbot.waitUntil(lambda: window.size() == room)
    QApplication.processEvents()
    assert fields_cut_off(page, window) == []


def test_the_window_opens_within_a_small_screen(qtbot: QtBot, demo_context: AppContext) -> None:
    main = MainWindow(demo_context)
    qtbot.addWidget(main)
    available = main.screen().availableGeometry()
    room = available.size() - fit.FRAME_ALLOWANCE
    assert main.width() <= max(room.width(), main.minimumSizeHint().width())
    assert main.height() <= max(room.height(), main.minimumSizeHint().height())
