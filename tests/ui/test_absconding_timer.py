"""The timer dialog with an injected clock: the prompts at 10 and 15 minutes for a vulnerable and
a non-vulnerable learner, the alerts, the checklist, notes and closing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.app import provision_name
from desktop_app.domain.absconding import Stage
from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database
from desktop_app.services.absconding import aware, close_incident, start_incident
from desktop_app.services.absconding_data import Closing, NewIncident
from desktop_app.services.absconding_queries import incident_detail, open_incidents
from desktop_app.services.auth import StaffUser
from desktop_app.views.absconding.timer import TimerDialog
from desktop_app.views.common.context import AppContext
from tests.services.test_incidents import add_learner

T0 = datetime(2025, 9, 8, 10, 0)  # local wall-clock time, as the app's clock gives it


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def at(self, minutes: int, seconds: int = 0) -> None:
        self.now = T0 + timedelta(minutes=minutes, seconds=seconds)


@dataclass
class Beeper:
    calls: list[datetime] = field(default_factory=list)
    clock: Clock | None = None

    def __call__(self) -> None:
        self.calls.append(self.clock.now if self.clock else T0)


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


def context_with(db: Database, user: StaffUser, clock: Clock) -> AppContext:
    return AppContext(db, user, provision_name(db), "/somewhere/register.sqlite", clock)


def begin(db: Database, user: StaffUser, learner_id: int) -> int:
    details = NewIncident(learner_id, aware(T0), "Back gate", "Ms Tutor", "Towards the park")
    return start_incident(db, user, details, aware(T0)).id


@pytest.fixture
def make_dialog(
    qtbot: QtBot, db: Database, director: StaffUser, clock: Clock
) -> Callable[..., tuple[TimerDialog, Beeper]]:
    def make(learner_id: int, user: StaffUser | None = None) -> tuple[TimerDialog, Beeper]:
        incident = begin(db, director, learner_id)
        beeper = Beeper(clock=clock)
        dialog = TimerDialog(context_with(db, user or director, clock), incident, beeper=beeper)
        qtbot.addWidget(dialog)
        dialog.timer.stop()  # the test ticks the clock itself
        dialog.show()
        return dialog, beeper

    return make


@pytest.fixture
def young(db: Database) -> int:
    return add_learner(db, "Alex", "Hughes", date(2011, 3, 1), details=True)


@pytest.fixture
def older(db: Database) -> int:
    return add_learner(db, "Sam", "Older", date(2009, 9, 8))


def at(dialog: TimerDialog, clock: Clock, minutes: int, seconds: int = 0) -> str:
    clock.at(minutes, seconds)
    dialog.tick()
    return dialog.prompt.text()


def test_under_sixteen_prompts_police_at_ten_and_insists_at_fifteen(
    clock: Clock, young: int, make_dialog: Callable[..., tuple[TimerDialog, Beeper]]
) -> None:
    dialog, beeper = make_dialog(young)
    assert "Under 16 or vulnerable" in at(dialog, clock, 9, 59)
    assert dialog.clock.text() == "9 min 59 s" and beeper.calls == []
    prompt = at(dialog, clock, 10)
    assert dialog.clock.text() == "10 min 00 s"
    assert "call the police on 101 now" in prompt and "999" in prompt
    assert beeper.calls == [T0 + timedelta(minutes=10)] and dialog.alerted is Stage.FIRST
    assert at(dialog, clock, 14, 59).startswith("10 minutes: call the police")
    assert at(dialog, clock, 15).startswith("Police must be informed now")
    assert len(beeper.calls) == 2 and dialog.alerted is Stage.SECOND
    assert at(dialog, clock, 61, 5).startswith("Police must be informed now")
    assert dialog.clock.text() == "1 h 01 min" and len(beeper.calls) == 2


def test_police_must_be_informed_stays_until_the_call_is_recorded(
    qtbot: QtBot, clock: Clock, young: int, make_dialog: Callable[..., tuple[TimerDialog, Beeper]]
) -> None:
    dialog, _beeper = make_dialog(young)
    assert at(dialog, clock, 16).startswith("Police must be informed now")
    step = dialog.checklist.open_step("police_told")
    assert step is not None
    step.set_value("channel", "999")
    step.set_value("reference", "CAD 4411")
    qtbot.mouseClick(step.record_button, Qt.MouseButton.LeftButton)
    assert step.result() == step.DialogCode.Accepted
    assert "Police informed" in dialog.prompt.text()
    assert "999, ref CAD 4411" in dialog.checklist.statuses["police_told"].full
    assert "Police informed" in at(dialog, clock, 30)


def test_sixteen_and_not_vulnerable_is_a_judgement_call_but_still_alerts(
    clock: Clock, older: int, make_dialog: Callable[..., tuple[TimerDialog, Beeper]]
) -> None:
    dialog, beeper = make_dialog(older)
    assert "judgement call" in at(dialog, clock, 5)
    assert "judgement call" in at(dialog, clock, 10) and len(beeper.calls) == 1
    prompt = at(dialog, clock, 15)
    assert "judgement call" in prompt and "must be informed" not in prompt
    assert len(beeper.calls) == 2


def test_marked_vulnerable_sixteen_year_old_gets_the_police_prompts(
    db: Database, clock: Clock, make_dialog: Callable[..., tuple[TimerDialog, Beeper]]
) -> None:
    learner = add_learner(db, "Vic", "Marked", date(2008, 1, 1), marked_vulnerable=True)
    dialog, beeper = make_dialog(learner)
    assert "marked vulnerable" in dialog.thresholds.text()
    assert at(dialog, clock, 15).startswith("Police must be informed now")
    assert len(beeper.calls) == 1  # straight past both thresholds: one alert, not two


def test_a_threshold_brings_a_hidden_dialog_back(
    clock: Clock, young: int, make_dialog: Callable[..., tuple[TimerDialog, Beeper]]
) -> None:
    dialog, beeper = make_dialog(young)
    dialog.hide_button.click()
    assert not dialog.isVisible()
    at(dialog, clock, 10)
    assert dialog.isVisible() and len(beeper.calls) == 1


def test_while_locked_a_threshold_sounds_but_shows_nothing(
    qtbot: QtBot, db: Database, director: StaffUser, clock: Clock, young: int
) -> None:
    beeper = Beeper()
    incident = begin(db, director, young)
    dialog = TimerDialog(
        context_with(db, director, clock), incident, beeper=beeper, may_show=lambda: False
    )
    qtbot.addWidget(dialog)
    at(dialog, clock, 10)
    assert not dialog.isVisible() and len(beeper.calls) == 1


def test_opened_late_it_shows_the_true_time_since_last_seen(
    qtbot: QtBot, db: Database, director: StaffUser, clock: Clock, young: int
) -> None:
    """The clock comes from the stored time last seen, not from when the dialog opened."""
    incident = begin(db, director, young)
    clock.at(12, 34)
    beeper = Beeper()
    dialog = TimerDialog(context_with(db, director, clock), incident, beeper=beeper)
    qtbot.addWidget(dialog)
    assert dialog.clock.text() == "12 min 34 s" and len(beeper.calls) == 1


def test_one_click_records_a_step_at_the_time_now(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    clock: Clock,
    young: int,
    make_dialog: Callable[..., tuple[TimerDialog, Beeper]],
) -> None:
    dialog, _beeper = make_dialog(young)
    clock.at(3)
    qtbot.mouseClick(dialog.checklist.buttons["dsl_informed"], Qt.MouseButton.LeftButton)
    detail = incident_detail(db, director, dialog.incident_id)
    assert [(e.kind, e.at, e.staff) for e in detail.entries] == [
        ("dsl_informed", aware(T0 + timedelta(minutes=3)), "Dana Director")
    ]
    assert dialog.checklist.statuses["dsl_informed"].full == "10:03 · Dana Director"
    assert not dialog.checklist.buttons["dsl_informed"].isEnabled()
    assert dialog.timeline.table.rowCount() == 2


def test_a_step_without_its_particulars_shows_why_and_saves_nothing(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    young: int,
    make_dialog: Callable[..., tuple[TimerDialog, Beeper]],
) -> None:
    dialog, _beeper = make_dialog(young)
    step = dialog.checklist.open_step("found")
    assert step is not None
    step.set_value("place", "Skate park")
    qtbot.mouseClick(step.record_button, Qt.MouseButton.LeftButton)
    assert step.isVisible()
    assert step.form.errors["person"].text() == "Say who found or brought back the learner."
    assert step.form.errors["condition"].isVisible()
    assert incident_detail(db, director, dialog.incident_id).entries == ()


def test_contact_attempts_repeat_and_notes_are_timestamped(
    qtbot: QtBot, clock: Clock, young: int, make_dialog: Callable[..., tuple[TimerDialog, Beeper]]
) -> None:
    dialog, _beeper = make_dialog(young)
    for text in ("Rang mobile: no answer", "Texted"):
        step = dialog.checklist.open_step("contact_attempt")
        assert step is not None
        step.set_value("detail", text)
        step.submit()
    assert dialog.checklist.statuses["contact_attempt"].full.startswith("10:00 (2 times) · ")
    assert dialog.checklist.buttons["contact_attempt"].text() == "Another…"
    clock.at(7)
    qtbot.keyClicks(dialog.timeline.note, "Mum says he has gone to the park")
    qtbot.keyClick(dialog.timeline.note, Qt.Key.Key_Return)
    last = dialog.timeline.table.rowCount() - 1
    assert dialog.timeline.table.item(last, 0).text() == "10:07"
    assert dialog.timeline.table.item(last, 2).text() == "Mum says he has gone to the park"


def test_closing_asks_why_steps_were_skipped_then_leaves_the_incident_read_only(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    clock: Clock,
    young: int,
    make_dialog: Callable[..., tuple[TimerDialog, Beeper]],
) -> None:
    """Issue 11.3: parent, commissioner and police not told: the first click asks to confirm and
    why; the reason is kept; the debrief and the return interview can follow the closing."""
    dialog, _beeper = make_dialog(young)
    clock.at(20)
    closing = dialog.open_close()
    assert closing is not None
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)
    assert closing.asking_why() and closing.close_button.text() == "Close anyway"
    assert "Parent or carer told; Commissioner told; Police told" in closing.warning.text()
    assert open_incidents(db, director) != []
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)
    assert closing.form.errors["outcome"].text() == "Write the outcome."
    assert closing.form.errors["skipped"].text().startswith("Not done: Parent or carer told")
    assert open_incidents(db, director) != []
    closing.outcome.setPlainText("Came back by himself; safety plan updated")
    closing.reason.setPlainText("Back before we could ring anyone")
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)
    assert open_incidents(db, director) == []
    detail = incident_detail(db, director, dialog.incident_id)
    assert detail.skipped_reason == "Back before we could ring anyone"
    assert dialog.prompt.text().startswith("Closed (returned) by Dana Director")
    assert "Return interview owed" in dialog.prompt.text()
    enabled = {k for k, b in dialog.checklist.buttons.items() if b.isEnabled()}
    assert enabled == {"debrief", "return_interview"}
    assert not dialog.close_button.isVisible()
    step = dialog.checklist.open_step("return_interview")
    assert step is not None
    step.set_value("detail", "Offered by the LA for Thursday")
    step.submit()
    assert "Return interview owed" not in dialog.prompt.text()
    dialog.timeline.note.setText("Return interview booked by the LA")
    assert dialog.timeline.add() is not None


def test_opened_in_error_closes_with_the_reason_and_no_protocol_question(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    young: int,
    make_dialog: Callable[..., tuple[TimerDialog, Beeper]],
) -> None:
    dialog, _beeper = make_dialog(young)
    closing = dialog.open_close()
    assert closing is not None
    closing.in_error.setChecked(True)
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)
    assert closing.form.errors["outcome"].text() == "Say why it was opened in error."
    closing.outcome.setPlainText("Wrong learner chosen")
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)
    assert not closing.asking_why() and open_incidents(db, director) == []
    assert incident_detail(db, director, dialog.incident_id).opened_in_error
    assert "opened in error" in dialog.heading.text()


def test_the_dsl_corrects_last_seen_on_the_timeline(
    qtbot: QtBot,
    db: Database,
    director: StaffUser,
    clock: Clock,
    young: int,
    make_dialog: Callable[..., tuple[TimerDialog, Beeper]],
) -> None:
    dialog, _beeper = make_dialog(young)
    clock.at(6)
    fix = dialog.open_correct()
    assert fix is not None
    fix.last_seen.set_value(T0 - timedelta(minutes=2))
    fix.seen_by.setText("Mr Site")
    fix.reason.setText("CCTV")
    qtbot.mouseClick(fix.save_button, Qt.MouseButton.LeftButton)
    assert not fix.isVisible()
    dialog.tick()
    assert dialog.clock.text() == "8 min 00 s"  # from the corrected time
    texts = [
        dialog.timeline.table.item(r, 2).text() for r in range(dialog.timeline.table.rowCount())
    ]
    assert "Seen by: Mr Site (was Ms Tutor); CCTV" in texts
    assert any("(was 08/09/2025 10:00)" in text for text in texts)


def test_a_tutor_records_steps_but_the_dsl_closes(
    qtbot: QtBot,
    clock: Clock,
    young: int,
    make_staff: Callable[[Role], StaffUser],
    make_dialog: Callable[..., tuple[TimerDialog, Beeper]],
) -> None:
    dialog, _beeper = make_dialog(young, make_staff(Role.TUTOR))
    assert not dialog.close_button.isEnabled()
    assert dialog.checklist.record_now("dsl_informed") is not None


def test_closed_on_another_computer_the_tutors_dialog_says_so_and_stops(
    db: Database,
    director: StaffUser,
    clock: Clock,
    young: int,
    make_staff: Callable[[Role], StaffUser],
    make_dialog: Callable[..., tuple[TimerDialog, Beeper]],
) -> None:
    dialog, _beeper = make_dialog(young, make_staff(Role.TUTOR))
    closing = Closing(aware(T0 + timedelta(minutes=5)), False, "Back in class", "Back in 5 min")
    close_incident(db, director, dialog.incident_id, closing, aware(T0 + timedelta(minutes=6)))
    dialog.reload()
    assert dialog.prompt.text().startswith("This incident has been closed")
    assert not dialog.checklist.isEnabled() and not dialog.timeline.entry_row.isEnabled()
    assert not dialog.timer.isActive()
