"""The decision on a waiting leave request says, before the button is pressed, what granting
will enter ahead: the code and how many sessions still to come, from the first to the last (or
that none will be); refusing, nothing. What it said is what the save then enters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.demo.provision import DemoResult
from desktop_app.models.engine import Database
from desktop_app.services.case_requests import Leave, record_leave
from desktop_app.views.common.labels import short_date
from desktop_app.views.learners import request_dialogs as dialogs
from tests.ui.conftest import context_for
from tests.ui.test_request_actions import (
    LEARNER,
    _choose,
    _free_sessions,
    _planned,
    _staff,
    _tab,
    _waiting_leave,
    close_panels,
)

__all__ = ["close_panels"]  # the fixture (autouse), used by name


def _open(qtbot: QtBot, db: Database, request_id: int) -> dialogs.DecisionDialog:
    tab = _tab(qtbot, context_for(db, "officer"))
    _choose(tab, request_id)
    qtbot.mouseClick(tab.record_the_decision_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, dialogs.DecisionDialog)
    return dialog


def _choose_decision(qtbot: QtBot, dialog: dialogs.DecisionDialog, decision: str) -> str:
    """Choose it; what the dialog then says about the register, once it has found out."""
    dialog.decision.setCurrentIndex(dialog.decision.findData(decision))
    qtbot.waitUntil(lambda: "finding" not in dialog.preview.text())
    assert dialog.preview.isVisible()
    return dialog.preview.text()


def test_granted_says_how_many_sessions_it_will_enter_before_the_save(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    db = demo[0]
    request_id, days = _waiting_leave(db, context_for(db).clock().date())
    free = _free_sessions(db, days)
    dialog = _open(qtbot, db, request_id)
    assert not dialog.preview.isVisible()  # nothing chosen yet
    (first, am), (last, pm) = free[0], free[-1]
    said = (
        f"Granting enters C for {len(free)} sessions still to come "
        f"({short_date(first)} {am} – {short_date(last)} {pm})."
    )
    assert _choose_decision(qtbot, dialog, "granted") == said
    assert _choose_decision(qtbot, dialog, "refused") == "Refusing enters nothing on the register."
    assert _choose_decision(qtbot, dialog, "granted") == said
    assert _planned(db, days) == []  # saying it wrote nothing
    dialog.decided_by.setText("Mr Hall, head of year")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.entered == len(free) == len(_planned(db, days))


def test_granted_says_when_no_session_will_be_entered(
    qtbot: QtBot, demo: tuple[Database, DemoResult]
) -> None:
    """Its days already granted as other leave: every session has its mark."""
    db = demo[0]
    today = context_for(db).clock().date()
    request_id, days = _waiting_leave(db, today)
    officer = _staff(db, "officer")
    granted = Leave(today, days[0], days[-1], "Hospital", "M", "granted", "Mr Hall", today)
    record_leave(db, officer, LEARNER, granted)
    dialog = _open(qtbot, db, request_id)
    said = _choose_decision(qtbot, dialog, "granted")
    assert said == "Granting enters nothing: no session in those dates is still to come unmarked."
