"""The learner panel's lifetime (closed with Escape, it opens again), and every dialog that
edits asking before Escape or closing throws edits away (issue 11, point 9)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.views.common.confirm import Confirmation
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.unsaved import EditDialog
from desktop_app.views.learners.contact_dialogs import ContactDialog
from desktop_app.views.learners.form import LearnerFormDialog
from desktop_app.views.learners.log_dialog import LogContactDialog
from desktop_app.views.learners.page import LearnersPage
from desktop_app.views.learners.panel import LearnerPanelWindow
from desktop_app.views.learners.rag_tab import OverrideDialog
from tests.ui.panel_helpers import shown_panel


@pytest.fixture(autouse=True)
def close_panels() -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, LearnerPanelWindow):
            widget.close()


def _page(qtbot: QtBot, ctx: AppContext) -> LearnersPage:
    page = LearnersPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loader.busy() and page.proxy.rowCount() > 0)
    return page


def test_a_panel_closed_with_escape_opens_again(qtbot: QtBot, demo_context: AppContext) -> None:
    page = _page(qtbot, demo_context)
    learner_id = page.model.item(0).id
    for _ in range(3):
        assert page.open_learner(learner_id) is None  # read off the GUI thread, then shown
        window = shown_panel(qtbot, demo_context, learner_id)
        assert _panels() == [window]
        qtbot.waitExposed(window)
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not _panels())
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as the event loop does
    page.open_learner(learner_id)
    again = shown_panel(qtbot, demo_context, learner_id)
    assert _panels() == [again]
    assert page.open_learner(learner_id) is again  # open already: brought forward
    assert (
        again.header.name.text()
        == page.model.item(0).name.partition(", ")[2]
        + " "
        + page.model.item(0).name.partition(", ")[0]
    )


def _panels() -> list[LearnerPanelWindow]:
    found = QApplication.topLevelWidgets()
    return [w for w in found if isinstance(w, LearnerPanelWindow) and w.isVisible()]


# --- asking before edits are thrown away ---------------------------------------------------


def _escape(qtbot: QtBot, window: QWidget) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Escape)


def _question(dialog: EditDialog | LearnerPanelWindow) -> Confirmation:
    question = dialog.discard_question
    assert question is not None and question.isVisible()
    assert question.text().endswith("have not been saved. Discard them?")
    return question


def test_escape_asks_before_losing_risk_assessment_edits(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    """The panel closes at once with nothing typed; with edits, only once the DSL agrees."""
    page = _page(qtbot, demo_context)
    page.open_learner(page.model.item(0).id)
    window = shown_panel(qtbot, demo_context, page.model.item(0).id)
    qtbot.waitExposed(window)
    assert window.risk is not None
    window.tabs.setCurrentWidget(window.risk)
    qtbot.waitUntil(lambda: window.risk is not None and window.risk.review_button.isVisible())
    qtbot.mouseClick(window.risk.review_button, Qt.MouseButton.LeftButton)  # a draft to edit
    assert window.risk.save_button.isVisible()
    qtbot.keyClicks(window.risk.form.compiled_by, " and the DSL")
    _escape(qtbot, window)
    question = _question(window)
    qtbot.mouseClick(question.cancel_button, Qt.MouseButton.LeftButton)
    assert window.isVisible() and "and the DSL" in window.risk.form.compiled_by.text()
    _escape(qtbot, window)
    qtbot.mouseClick(_question(window).confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not _panels())


def _edit_dialogs(ctx: AppContext, panel: LearnerPanelWindow) -> list[tuple[EditDialog, QWidget]]:
    """Each dialog that edits something, with a field to type in."""
    learner = panel.learner_id
    details = LearnerFormDialog(ctx, learner, panel)
    contact = ContactDialog(ctx, learner, None, panel)
    log = LogContactDialog(ctx, panel.panel, panel)
    override = OverrideDialog(ctx, learner, panel)
    return [
        (details, details.form.edits["forename"]),
        (contact, contact.name),
        (log, log.notes),
        (override, override.reason),
    ]


def test_every_edit_dialog_asks_before_escape_discards_what_was_typed(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = _page(qtbot, demo_context)
    page.open_learner(page.model.item(0).id)
    panel = shown_panel(qtbot, demo_context, page.model.item(0).id)
    for dialog, field in _edit_dialogs(demo_context, panel):
        dialog.open()
        qtbot.waitExposed(dialog)
        _escape(qtbot, dialog)
        assert not dialog.isVisible(), type(dialog)  # nothing typed: closes at once
        dialog.open()
        qtbot.keyClicks(field, "x")
        _escape(qtbot, dialog)
        assert dialog.isVisible(), type(dialog)
        qtbot.mouseClick(_question(dialog).confirm_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), type(dialog)
        assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_close_button_asks_too(qtbot: QtBot, demo_context: AppContext) -> None:
    page = _page(qtbot, demo_context)
    page.open_learner(page.model.item(0).id)
    panel = shown_panel(qtbot, demo_context, page.model.item(0).id)
    dialog = ContactDialog(demo_context, panel.learner_id, None, panel)
    dialog.open()
    qtbot.keyClicks(dialog.name, "Gran")
    assert not dialog.close()  # the window's close button: refused until the person agrees
    qtbot.mouseClick(_question(dialog).cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.name.text() == "Gran"


def test_a_learner_removed_meanwhile_is_said_and_no_window_opens(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    """The panel is read off the GUI thread; a refusal comes back as a message, not a crash."""
    page = _page(qtbot, demo_context)
    assert page.open_learner(987_654) is None

    def said() -> list[QMessageBox]:
        found = QApplication.topLevelWidgets()
        return [w for w in found if isinstance(w, QMessageBox) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(said()))
    (box,) = said()
    assert box.text() == "The panel cannot be opened. That learner is no longer on the register."
    assert not _panels()
    box.close()
    assert QApplication.overrideCursor() is None  # the wait cursor went with the read


def test_enter_in_a_list_of_the_panel_never_starts_an_incident(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    """ "Learner left site…" is not the panel's default button: Enter in one of its lists (and
    a second Enter in whatever that opened) must not start the absconding clock."""
    from PySide6.QtWidgets import QAbstractItemView

    page = _page(qtbot, demo_context)
    learner_id = page.model.item(0).id
    page.open_learner(learner_id)
    window = shown_panel(qtbot, demo_context, learner_id)
    qtbot.waitExposed(window)
    started: list[int] = []
    window._start_incident = lambda _parent, _ctx, learner: started.append(learner)
    assert not window.left_site.autoDefault() and not window.left_site.isDefault()
    tried = 0
    for tab in range(window.tabs.count()):  # each tab is built when first shown
        window.tabs.setCurrentIndex(tab)
        for view in [v for v in window.findChildren(QAbstractItemView) if v.isVisible()]:
            view.setFocus()
            qtbot.keyClick(view, Qt.Key.Key_Return)
            qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_Return)
            tried += 1
            for dialog in [w for w in QApplication.topLevelWidgets() if w.isVisible()]:
                if isinstance(dialog, QDialog) and dialog is not window:
                    dialog.reject()  # whatever a list's Enter opened, closed again
    assert tried >= 3  # the contacts', the log's and case work's lists at least
    assert started == []
