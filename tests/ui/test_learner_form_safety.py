"""The learner form's "what the police ask for" rows: home address, looked after and the placing
authority, medical needs, medication. Typed, saved, loaded again, refused under their field."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop_app.models.engine import Database
from desktop_app.services.learner_records import LearnerDetails, add_learner, learner_details
from desktop_app.views.learners.form import LearnerFormDialog
from tests.ui.conftest import context_for
from tests.ui.test_learner_form import UPN, _count, _ctx, _error, _fill

TYPED = {
    "home_address": "12 Elm Road, Leeds LS1 1AA",
    "placing_authority": "Northshire County Council",
    "medical_needs": "Asthma",
    "medication": "Salbutamol inhaler, in her bag",
}


def _type(qtbot: QtBot, dialog: LearnerFormDialog, values: dict[str, str]) -> None:
    for key, text in values.items():
        dialog.form.edits[key].clear()
        qtbot.keyClicks(dialog.form.edits[key], text)


@pytest.fixture
def dialog(qtbot: QtBot, db: Database) -> LearnerFormDialog:
    form = LearnerFormDialog(_ctx(db))
    qtbot.addWidget(form)
    return form


def test_home_care_and_health_are_typed_and_saved(
    qtbot: QtBot, db: Database, dialog: LearnerFormDialog
) -> None:
    _fill(qtbot, dialog)
    _type(qtbot, dialog, TYPED)
    box = dialog.looked_after
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dialog.looked_after.isChecked()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == LearnerFormDialog.DialogCode.Accepted
    saved = learner_details(db, context_for(db).user, dialog.learner_id or 0)
    assert {key: getattr(saved, key) for key in TYPED} == TYPED
    assert saved.looked_after is True


@pytest.mark.parametrize(
    ("typed", "tick", "field", "message"),
    [
        ({}, True, "placing_authority", "Give the placing authority of a looked-after learner"),
        ({"placing_authority": "Leeds"}, False, "placing_authority", "only for a looked-after"),
        ({"home_address": "x" * 201}, False, "home_address", "201 characters; at most 200"),
    ],
)
def test_a_bad_detail_is_named_under_its_field_and_nothing_is_saved(
    qtbot: QtBot,
    db: Database,
    dialog: LearnerFormDialog,
    typed: dict[str, str],
    tick: bool,
    field: str,
    message: str,
) -> None:
    _fill(qtbot, dialog)
    _type(qtbot, dialog, typed)
    dialog.looked_after.setChecked(tick)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert message in _error(dialog, field)
    assert dialog.result() != LearnerFormDialog.DialogCode.Accepted
    assert _count(db) == 0


def test_editing_shows_them_and_keeps_them_when_something_else_changes(
    qtbot: QtBot, db: Database
) -> None:
    user = context_for(db).user
    stored = LearnerDetails(
        UPN, "Green", "Maisie", date(2011, 3, 14), date(2025, 9, 3), looked_after=True, **TYPED
    )
    learner_id = add_learner(db, user, stored, date(2025, 10, 1))
    edit = LearnerFormDialog(_ctx(db), learner_id)
    qtbot.addWidget(edit)
    assert {key: edit.form.edits[key].text() for key in TYPED} == TYPED
    assert edit.looked_after.isChecked()
    _type(qtbot, edit, {"surname": "Greene", "medication": "None now"})
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    saved = learner_details(db, user, learner_id)
    assert (saved.surname, saved.medication, saved.looked_after) == ("Greene", "None now", True)
    assert saved.home_address == TYPED["home_address"]
