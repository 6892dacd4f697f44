"""The closing form by keyboard: Tab from the outcome reaches the reason (once asked for) and
then Close, never Cancel first; Cancel or Escape with an outcome typed asks before throwing it
away (a space typed on a focused Cancel lost what the DSL had written)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.views.absconding.close import CloseIncidentDialog
from tests.ui.test_absconding_close_layout import closing  # noqa: F401 (a fixture)

OUTCOME = "Found at the bus station by his carer; home safe"


def _tab(qtbot: QtBot, dialog: CloseIncidentDialog) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert dialog.isVisible()


def test_tab_from_the_outcome_goes_to_close_then_to_the_reason_once_asked(
    qtbot: QtBot,
    closing: CloseIncidentDialog,  # noqa: F811
) -> None:
    closing.outcome.setFocus()
    qtbot.keyClicks(closing.outcome, OUTCOME)
    _tab(qtbot, closing)
    assert QApplication.focusWidget() is closing.close_button
    qtbot.keyClick(closing.close_button, Qt.Key.Key_Space)  # steps not done: asks why
    assert closing.asking_why() and closing.reason.hasFocus()
    closing.outcome.setFocus()
    _tab(qtbot, closing)
    assert QApplication.focusWidget() is closing.reason
    _tab(qtbot, closing)
    assert QApplication.focusWidget() is closing.close_button


def test_escape_or_cancel_with_an_outcome_typed_asks_first(
    qtbot: QtBot,
    closing: CloseIncidentDialog,  # noqa: F811
) -> None:
    qtbot.keyClicks(closing.outcome, OUTCOME)
    qtbot.keyClick(closing, Qt.Key.Key_Escape)
    question = closing.discard_question
    assert question is not None and question.isVisible()
    qtbot.mouseClick(question.cancel_button, Qt.MouseButton.LeftButton)
    assert closing.isVisible() and closing.outcome.toPlainText() == OUTCOME


def test_with_nothing_typed_escape_closes_at_once(
    qtbot: QtBot,
    closing: CloseIncidentDialog,  # noqa: F811
) -> None:
    qtbot.keyClick(closing, Qt.Key.Key_Escape)
    assert not closing.isVisible() and closing.discard_question is None
