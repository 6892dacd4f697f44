"""The closing form keeps every row at its full size when it asks why steps were not done and
when it shows problems: it grows instead of squeezing (the "Now" button was clipped)."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot

from desktop_app import resources
from desktop_app.models.engine import Database
from desktop_app.services.absconding_queries import incident_detail
from desktop_app.services.auth import StaffUser
from desktop_app.views.absconding.close import CloseIncidentDialog
from tests.services.test_incidents import add_learner
from tests.ui.test_absconding_timer import T0, Clock, begin, context_with

SMALL_SCREEN_HEIGHT = 720 - 40  # a 1280x720 screen less a title bar


def smallest(widget: QWidget) -> QSize:
    """The size a layout must give the widget: its minimum size hint, unless set explicitly
    (the text boxes have a fixed height), never more than its maximum; a wrapped label needs
    its height for the width it has."""
    hint = widget.minimumSizeHint()
    width = widget.minimumWidth() or hint.width()
    height = widget.minimumHeight() or hint.height()
    if widget.hasHeightForWidth():
        height = max(height, widget.heightForWidth(widget.width()))
    return QSize(width, height).boundedTo(widget.maximumSize())


def squeezed(dialog: QWidget) -> list[str]:
    """Every shown widget given less room than it needs, described (not Qt's own parts of a
    widget, such as a date edit's text, which its style places)."""
    found = []
    for child in dialog.findChildren(QWidget):
        need = smallest(child)
        if child.objectName().startswith("qt_"):
            continue
        if child.isVisible() and (child.width() < need.width() or child.height() < need.height()):
            text = getattr(child, "text", lambda: "")()
            found.append(f"{type(child).__name__} {text!r} {child.size()} < {need}")
    return found


def laid_out(qtbot: QtBot, dialog: QWidget) -> list[str]:
    """What is still squeezed once the dialog has handled its layout requests (within 1 s)."""
    with contextlib.suppress(TimeoutError):
        qtbot.waitUntil(lambda: not squeezed(dialog), timeout=1000)
    return squeezed(dialog)


def now_fully_shown(dialog: CloseIncidentDialog) -> bool:
    button = dialog.returned_at.now_button
    seen = button.visibleRegion().boundingRect()
    return (
        seen.size() == button.size()
        and button.size().expandedTo(button.minimumSizeHint()) == button.size()
    )


@pytest.fixture
def closing(qtbot: QtBot, db: Database, director: StaffUser) -> CloseIncidentDialog:
    """The form for an incident with parent, commissioner and police not told, shown at its
    default size with the app's stylesheet."""
    clock = Clock(T0)
    learner = add_learner(db, "Alex", "Hughes", date(2011, 3, 1), details=True)
    incident = incident_detail(db, director, begin(db, director, learner))
    dialog = CloseIncidentDialog(context_with(db, director, clock), incident)
    dialog.setStyleSheet(resources.stylesheet())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert squeezed(dialog) == [] and now_fully_shown(dialog)
    return dialog


def test_asking_why_grows_the_form_and_keeps_the_now_button_whole(
    qtbot: QtBot, closing: CloseIncidentDialog
) -> None:
    """The first click adds the notice and the reason; every row keeps its size."""
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)
    assert closing.asking_why() and closing.warning.isVisible()
    assert laid_out(qtbot, closing) == []
    assert now_fully_shown(closing)


def test_problems_under_the_fields_grow_it_too_and_it_fits_a_small_screen(
    qtbot: QtBot, closing: CloseIncidentDialog
) -> None:
    """Asked why, then closed with nothing written: two messages more, nothing squeezed, still
    shorter than a 1280x720 screen, and moved up to stay on the screen when it was low."""
    screen = closing.screen().availableGeometry()
    closing.move(closing.x(), screen.bottom() - closing.frameGeometry().height())
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)
    assert closing.form.errors["skipped"].isVisible()
    assert laid_out(qtbot, closing) == []
    assert now_fully_shown(closing)
    assert closing.frameGeometry().height() <= SMALL_SCREEN_HEIGHT
    assert screen.contains(closing.frameGeometry())
