"""The "Learner left site" form: the searchable picker, the learner's brief, the time last seen,
bad input, and the Settings panel for the thresholds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.absconding_queries import absconding_thresholds, open_incidents
from desktop_app.views.absconding.desk import start_incident
from desktop_app.views.absconding.start import StartIncidentDialog
from desktop_app.views.absconding.timer import TimerDialog
from desktop_app.views.settings.absconding import AbscondingPanel
from tests.services.test_incidents import add_learner
from tests.ui.test_absconding_timer import T0, Clock, context_with


@pytest.fixture
def young(db: Database) -> int:
    return add_learner(db, "Alex", "Hughes", date(2011, 3, 1), details=True)


@pytest.fixture
def opener(
    qtbot: QtBot, db: Database, director: StaffUser, young: int
) -> Callable[[int | None], StartIncidentDialog]:
    add_learner(db, "Bea", "Hughes-Smith", date(2010, 5, 5))
    add_learner(db, "Cal", "Other", date(2010, 6, 6))
    parent = QWidget()
    qtbot.addWidget(parent)

    def open_form(learner_id: int | None) -> StartIncidentDialog:
        context = context_with(db, director, Clock(T0 + timedelta(minutes=2)))
        dialog = start_incident(parent, context, learner_id)
        qtbot.addWidget(dialog)
        return dialog

    return open_form


def test_prefilled_form_shows_the_learners_brief(
    opener: Callable[[int | None], StartIncidentDialog], young: int
) -> None:
    dialog = opener(young)
    assert dialog.learner_id() == young and dialog.learner.currentText() == "Alex Hughes"
    panel = dialog.panel
    assert panel.name.text() == "Alex Hughes"
    assert "Age 14" in panel.facts.text() and "RAG GREEN" in panel.rag.text()
    assert "under 16 (aged 14)" in panel.police.text()
    contacts = panel.sections["Emergency contacts"].text()
    assert contacts.index("Kim Hughes") < contacts.index("Gran Hughes")
    assert "07700 900123" in contacts and "01632 960123" in contacts
    assert "Road safety" in panel.sections["Known risks"].text()
    assert "Skate park" in panel.sections["Places they may go"].text()
    assert dialog.description.toPlainText() == "Slim build, short brown hair"


def test_typing_part_of_a_name_finds_the_learner(
    qtbot: QtBot, opener: Callable[[int | None], StartIncidentDialog]
) -> None:
    dialog = opener(None)
    assert dialog.learner_id() is None and dialog.panel.name.text() == "Choose the learner"
    completer = dialog.learner.completer()
    completer.setCompletionPrefix("hugh")
    model = completer.completionModel()
    found = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert found == ["Alex Hughes", "Bea Hughes-Smith"]
    dialog.learner.setCurrentIndex(dialog.learner.findText("Bea Hughes-Smith"))
    assert dialog.panel.name.text() == "Bea Hughes-Smith"


def test_time_last_seen_defaults_to_now_and_cannot_go_forward(
    opener: Callable[[int | None], StartIncidentDialog],
) -> None:
    dialog = opener(None)
    now = T0 + timedelta(minutes=2)
    edit = dialog.last_seen.edit
    assert edit.dateTime().toPython() == now
    edit.setDateTime(edit.dateTime().addSecs(600))
    assert edit.dateTime().toPython() == now  # clamped: never in the future
    edit.setDateTime(edit.dateTime().addSecs(-300))
    assert dialog.last_seen.value().replace(tzinfo=None) == now - timedelta(minutes=5)


def test_missing_details_are_shown_and_nothing_starts(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    young: int,
    opener: Callable[[int | None], StartIncidentDialog],
) -> None:
    dialog = opener(young)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors["last_seen_where"].text() == "Say where the learner was last seen."
    assert dialog.form.errors["seen_by"].isVisible()
    assert dialog.isVisible() and open_incidents(db, director) == []
    dialog.learner.setCurrentIndex(-1)
    dialog.where.setText("Gate")
    dialog.seen_by.setText("Me")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors["learner"].text() == "Choose the learner who has left."


def test_starting_opens_the_timer_dialog(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    young: int,
    opener: Callable[[int | None], StartIncidentDialog],
) -> None:
    dialog = opener(young)
    dialog.last_seen.set_value(T0)
    dialog.where.setText("Back gate")
    dialog.seen_by.setText("Ms Tutor")
    dialog.clothing.setPlainText("Red hoodie")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.summary is not None and not dialog.isVisible()
    [summary] = open_incidents(db, director)
    assert summary.last_seen_at.replace(tzinfo=None) == T0
    timers = [w for w in dialog.parent().window().findChildren(TimerDialog)]
    assert [t.incident_id for t in timers] == [summary.id]
    assert timers[0].clock.text() == "02:00"


def test_director_sets_the_thresholds_with_a_message_for_bad_ones(
    qtbot: QtBot, db: Database, director: StaffUser
) -> None:
    panel = AbscondingPanel(context_with(db, director, Clock(datetime(2025, 9, 8))))
    qtbot.addWidget(panel)
    assert (panel.first.value(), panel.second.value()) == (10, 15)
    panel.first.setValue(20)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.form.errors["second"].text() == (
        "The second threshold must not be earlier than the first (20 minutes)."
    )
    panel.first.setValue(0)
    panel.save()
    assert panel.form.errors["first"].text().startswith("The first threshold must be 1 to 60")
    assert absconding_thresholds(db, director).first == 10
    panel.first.setValue(8)
    panel.second.setValue(12)
    panel.save()
    assert not panel.form.errors["first"].isVisible() and "Saved" in panel.message.text()
    assert absconding_thresholds(db, director).second == 12
