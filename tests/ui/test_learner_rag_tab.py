"""The RAG tab: ticking criteria saves at once; the override needs a reason and an assessment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from PySide6.QtCore import Qt, SignalInstance
from pytestqt.qtbot import QtBot

from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.models import RagOverride, RiskAssessment, RiskRow
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor
from desktop_app.services.learner_panel import learner_panel
from desktop_app.services.learner_records import LearnerDetails, add_learner
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.rag_tab import OverrideDialog, RagTab

TODAY = date(2025, 10, 1)


def changed(tab: Any) -> SignalInstance:
    """The change-bus signal the tab's saves announce on (the panel listens to it)."""
    signal: SignalInstance = tab.ctx.changes.sig_risk_changed
    return signal


def _ctx(db: Database, user: StaffUser) -> AppContext:
    return AppContext(db, user, "Test", "here", lambda: datetime.combine(TODAY, time(10)))


@pytest.fixture
def learner(db: Database, director: StaffUser) -> int:
    details = LearnerDetails(
        make_upn("820300000001"), "Green", "Maisie", date(2011, 3, 14), date(2025, 9, 3)
    )
    return add_learner(db, director, details, TODAY)


def _tab(qtbot: QtBot, db: Database, user: StaffUser, learner: int) -> RagTab:
    tab = RagTab(_ctx(db, user), learner_panel(db, user, learner, TODAY))
    changed(tab).connect(lambda: tab.show_panel(learner_panel(db, user, learner, TODAY)))
    qtbot.addWidget(tab)
    return tab


def test_ticking_a_red_criterion_makes_the_learner_red(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = _tab(qtbot, db, director, learner)
    assert tab.summary.text() == "Rating: GREEN"
    tab.rows["cp_plan"].since.setText("15/09/2025")
    with qtbot.waitSignal(changed(tab)):
        tab.rows["cp_plan"].check.click()
    assert tab.summary.text() == "Rating: RED"
    assert "Child protection plan" in tab.reasons.text()
    panel = learner_panel(db, director, learner, TODAY)
    assert panel.rag.factors["cp_plan"][0] == date(2025, 9, 15)
    with qtbot.waitSignal(changed(tab)):
        tab.rows["cp_plan"].check.click()
    assert tab.summary.text() == "Rating: GREEN"
    assert "cp_plan" not in learner_panel(db, director, learner, TODAY).rag.factors


def test_an_amber_criterion_makes_amber(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int
) -> None:
    tab = _tab(qtbot, db, director, learner)
    with qtbot.waitSignal(changed(tab)):
        tab.rows["family_concern"].check.click()
    assert tab.summary.text() == "Rating: AMBER"


@pytest.mark.parametrize(
    ("text", "message"),
    [("01/01/2030", "is in the future"), ("32/13/2025", "is not a date")],
)
def test_a_bad_date_is_refused_and_nothing_is_ticked(
    qtbot: QtBot, db: Database, director: StaffUser, learner: int, text: str, message: str
) -> None:
    tab = _tab(qtbot, db, director, learner)
    tab.rows["cce"].since.setText(text)
    tab.rows["cce"].check.click()
    assert message in tab.error.text() and not tab.error.isHidden()
    assert not tab.rows["cce"].check.isChecked()
    assert learner_panel(db, director, learner, TODAY).rag.factors == {}


def test_a_tutor_sees_the_rating_but_no_ticks_or_reasons(
    qtbot: QtBot, db: Database, make_staff: Callable[[Role], StaffUser], learner: int
) -> None:
    tab = _tab(qtbot, db, make_staff(Role.TUTOR), learner)
    assert tab.rows == {}
    assert "seen by the attendance officer" in tab.reasons.text()


def _signed_assessment(db: Database, user: StaffUser, learner: int) -> None:
    with db.transaction(actor(user)) as session:
        assessment = RiskAssessment(
            learner_id=learner,
            version=1,
            date_written=TODAY,
            compiled_by="DSL",
            review_date=date(2026, 1, 1),
            created_at=datetime.now(UTC),
        )
        assessment.risks = [RiskRow(position=0, risk="Leaves site", likelihood=3, frequency=3)]
        session.add(assessment)
        session.flush()
        assessment.dsl_signed_on = TODAY


def test_override_needs_an_assessment_then_a_reason(
    qtbot: QtBot, db: Database, make_staff: Callable[[Role], StaffUser], learner: int
) -> None:
    dsl = make_staff(Role.DSL)
    dialog = OverrideDialog(_ctx(db, dsl), learner)
    qtbot.addWidget(dialog)
    dialog.rating.setCurrentIndex(dialog.rating.findData("amber"))
    qtbot.keyClicks(dialog.reason, "Known to be at risk at weekends")
    dialog.submit()
    assert "needs a risk assessment in place" in dialog.error.text()
    _signed_assessment(db, dsl, learner)
    dialog.reason.clear()
    dialog.submit()
    assert "Give the reason" in dialog.error.text()
    with db.reading() as session:
        assert session.query(RagOverride).count() == 0
    qtbot.keyClicks(dialog.reason, "Known to be at risk at weekends")
    dialog.submit()
    assert dialog.result() == OverrideDialog.DialogCode.Accepted
    tab = _tab(qtbot, db, dsl, learner)
    assert tab.summary.text() == "Rating: AMBER"
    assert "Overridden to AMBER by" in tab.override_note.text()
    assert "at risk at weekends" in tab.override_note.text()
    with qtbot.waitSignal(changed(tab)):
        qtbot.mouseClick(tab.clear_button, Qt.MouseButton.LeftButton)
    assert tab.summary.text() == "Rating: GREEN"
