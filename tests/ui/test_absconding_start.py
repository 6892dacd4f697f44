"""The "Learner left site" form: the searchable picker, the learner's brief, the time last seen,
bad input, and the Settings panel for the thresholds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.absconding_queries import absconding_thresholds, open_incidents
from desktop_app.services.auth import StaffUser
from desktop_app.views.absconding.desk import IncidentDesk, start_incident
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


def test_no_learner_is_refused_and_where_and_by_whom_may_wait(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    young: int,
    opener: Callable[[int | None], StartIncidentDialog],
) -> None:
    """Issue 11.2: the clock never waits for typing: where and seen by can come later."""
    dialog = opener(young)
    dialog.learner.setCurrentIndex(-1)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.form.errors["learner"].text() == "Choose the learner who has left."
    assert dialog.isVisible() and open_incidents(db, director) == []
    dialog.choose(young)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    [summary] = open_incidents(db, director)
    assert summary.learner_id == young and not dialog.isVisible()


def test_tab_never_lands_on_a_button_so_typing_cannot_press_now(
    qtbot: QtBot, opener: Callable[[int | None], StartIncidentDialog], young: int
) -> None:
    """Issue 11.2: Tab from "Last seen" went to "Now"; a space in the next field pressed it."""
    dialog = opener(young)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.last_seen.set_value(T0)
    dialog.last_seen.edit.setFocus()
    assert dialog.last_seen.now_button.focusPolicy() == Qt.FocusPolicy.NoFocus
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.last_seen.edit.setFocus()
    qtbot.keyClick(dialog.last_seen.edit, Qt.Key.Key_Tab)  # one press, not one per part
    assert dialog.where.hasFocus()
    qtbot.keyClicks(dialog.where, "Back gate")
    qtbot.keyClick(dialog.where, Qt.Key.Key_Tab)
    assert dialog.seen_by.hasFocus()  # Tab went back to "Last seen" (MomentEdit's proxy)
    qtbot.keyClicks(dialog.seen_by, "Ms Tutor")
    assert dialog.last_seen.value().replace(tzinfo=None) == T0  # "Now" was never pressed
    assert (dialog.where.text(), dialog.seen_by.text()) == ("Back gate", "Ms Tutor")
    stops = [dialog.direction, dialog.description, dialog.clothing, dialog.start_button]
    for expected in [*stops, dialog.cancel_button]:  # Start first: a space on Cancel loses it all
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected


def test_the_pane_shows_the_description_as_typed(
    opener: Callable[[int | None], StartIncidentDialog], db: Database, young: int
) -> None:
    """Issue 11.4: the pane said "No description on record" beside the one just typed."""
    bare = add_learner(db, "Dee", "Bare", date(2011, 2, 2))
    with db.transaction() as session:
        session.get_one(Learner, bare).description = ""
    dialog = opener(bare)
    assert "No description on record" in dialog.panel.sections["Description"].text()
    dialog.description.setPlainText("Tall, red hoodie, white trainers")
    assert dialog.panel.sections["Description"].text() == "Tall, red hoodie, white trainers"


def test_starting_opens_the_timer_dialog(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    young: int,
    opener: Callable[[int | None], StartIncidentDialog],
) -> None:
    dialog = opener(young)
    IncidentDesk(dialog._context, dialog.parentWidget())  # as the main window has
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
    assert timers[0].clock.text() == "2 min 00 s"


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


def test_tab_leaves_the_time_at_once_and_the_arrows_still_move_between_its_parts(
    qtbot: QtBot, opener: Callable[[int | None], StartIncidentDialog], young: int
) -> None:
    """Tab stepped through the time's six parts: "Back gate" typed after one Tab went into the
    time (found in the real window). Left and Right still move between the parts."""
    dialog = opener(young)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    edit = dialog.last_seen.edit
    edit.setFocus()
    edit.setCurrentSection(QDateTimeEdit.Section.HourSection)
    qtbot.keyClick(edit, Qt.Key.Key_Right)
    qtbot.keyClick(edit, Qt.Key.Key_Right)
    qtbot.keyClick(edit, Qt.Key.Key_Right)
    assert edit.currentSection() is QDateTimeEdit.Section.MinuteSection and edit.hasFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Backtab)
    assert dialog.learner.hasFocus() or dialog.learner.isAncestorOf(QApplication.focusWidget())
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Back gate")
    assert dialog.where.text() == "Back gate"


def test_escape_with_details_written_asks_before_throwing_them_away(
    qtbot: QtBot, opener: Callable[[int | None], StartIncidentDialog], young: int
) -> None:
    """Cancel, Escape or a space on a focused Cancel lost what was written; a learner chosen
    (or prefilled from the panel) with nothing written still closes at once."""
    dialog = opener(young)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.where, "Back gate")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    question = dialog.discard_question
    assert question is not None and question.isVisible() and dialog.isVisible()
    qtbot.mouseClick(question.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.where.text() == "Back gate"
    dialog.where.clear()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
