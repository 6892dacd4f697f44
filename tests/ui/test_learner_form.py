"""Adding and editing a learner through the form: each bad input is named and saves nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from desktop_app.domain.upn import make_upn
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.learner_records import get_photo, learner_details
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.form import LearnerFormDialog
from tests.ui.conftest import context_for

TODAY = date(2025, 10, 1)
UPN = make_upn("820300000001")


def _ctx(db: Database) -> AppContext:
    ctx = context_for(db)
    return AppContext(
        ctx.db, ctx.user, ctx.provision_name, ctx.location, lambda: datetime(2025, 10, 1, 10)
    )


def _count(db: Database) -> int:
    with db.reading() as session:
        return session.query(Learner).count()


def _fill(qtbot: QtBot, dialog: LearnerFormDialog, **values: str) -> None:
    fields = {
        "upn": UPN,
        "forename": "Maisie",
        "surname": "Green",
        "date_of_birth": "14/03/2011",
        "start_date": "03/09/2025",
        "leaving_date": "",
    }
    fields.update(values)
    for key, text in fields.items():
        edit = dialog.form.edits.get(key) or dialog.dates[key]
        edit.clear()
        qtbot.keyClicks(edit, text)


def _error(dialog: LearnerFormDialog, key: str) -> str:
    label = dialog.form.errors[key]
    return label.text() if not label.isHidden() else ""


@pytest.fixture
def dialog(qtbot: QtBot, db: Database) -> LearnerFormDialog:
    form = LearnerFormDialog(_ctx(db))
    qtbot.addWidget(form)
    return form


def test_a_complete_form_adds_the_learner(
    qtbot: QtBot, db: Database, dialog: LearnerFormDialog
) -> None:
    _fill(qtbot, dialog)
    dialog.group.setCurrentText("Kestrel")
    dialog.commissioner.setCurrentText("Northgate Academy")
    dialog.vulnerable.setChecked(True)
    qtbot.keyClicks(dialog.description, "Tall, red hair")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == LearnerFormDialog.DialogCode.Accepted
    assert dialog.learner_id is not None
    saved = learner_details(db, context_for(db).user, dialog.learner_id)
    assert (saved.upn, saved.forename, saved.surname) == (UPN, "Maisie", "Green")
    assert saved.date_of_birth == date(2011, 3, 14)
    assert (saved.group, saved.commissioner) == ("Kestrel", "Northgate Academy")
    assert saved.marked_vulnerable and saved.description == "Tall, red hair"


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("upn", "", "Enter the learner's UPN"),
        ("upn", "A12345678901", "13 characters"),
        ("upn", UPN[:-1] + ("A" if UPN[-1] != "A" else "B"), "UPN"),
        ("forename", "", "Enter the learner's forename"),
        ("surname", "", "Enter the learner's surname"),
        ("date_of_birth", "", "Enter the date of birth"),
        ("date_of_birth", "31/02/2011", "is not a date"),
        ("date_of_birth", "01/01/2030", "must be in the past"),
        ("date_of_birth", "01/01/2024", "makes the learner 1 on the start date"),
        ("start_date", "", "Enter the start date"),
        ("start_date", "soon", "is not a date"),
        ("leaving_date", "01/09/2025", "is before the start date"),
    ],
)
def test_each_bad_input_is_named_and_nothing_is_saved(
    qtbot: QtBot, db: Database, dialog: LearnerFormDialog, field: str, text: str, message: str
) -> None:
    _fill(qtbot, dialog, **{field: text})
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert message in _error(dialog, field)
    assert dialog.result() != LearnerFormDialog.DialogCode.Accepted
    assert _count(db) == 0


def test_a_duplicate_upn_names_the_learner_who_has_it(
    qtbot: QtBot, db: Database, dialog: LearnerFormDialog
) -> None:
    _fill(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    second = LearnerFormDialog(_ctx(db))
    qtbot.addWidget(second)
    _fill(qtbot, second, forename="Other")
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    assert "already belongs to Maisie Green" in _error(second, "upn")
    assert _count(db) == 1


def test_editing_loads_the_details_and_saves_changes(
    qtbot: QtBot, db: Database, dialog: LearnerFormDialog
) -> None:
    _fill(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.learner_id is not None
    edit = LearnerFormDialog(_ctx(db), dialog.learner_id)
    qtbot.addWidget(edit)
    assert edit.form.edits["surname"].text() == "Green"
    assert edit.dates["date_of_birth"].text() == "14/03/2011"
    edit.form.edits["surname"].clear()
    qtbot.keyClicks(edit.form.edits["surname"], "Greene")
    qtbot.keyClicks(edit.dates["leaving_date"], "19/12/2025")
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    saved = learner_details(db, context_for(db).user, dialog.learner_id)
    assert saved.surname == "Greene" and saved.leaving_date == date(2025, 12, 19)


def test_a_photo_is_scaled_stored_and_removable(
    qtbot: QtBot, db: Database, dialog: LearnerFormDialog, tmp_path: Path
) -> None:
    picture = QImage(1200, 1600, QImage.Format.Format_RGB32)
    picture.fill(QColor("#336699"))
    path = tmp_path / "photo.jpg"
    assert picture.save(str(path))
    dialog.photo_file = lambda: str(path)  # type: ignore[method-assign]
    _fill(qtbot, dialog)
    qtbot.mouseClick(dialog.choose_photo, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.learner_id is not None
    stored = get_photo(db, context_for(db).user, dialog.learner_id)
    assert stored is not None and stored.startswith(b"\x89PNG")
    image = QImage.fromData(stored)
    assert (image.width(), image.height()) == (360, 480)
    edit = LearnerFormDialog(_ctx(db), dialog.learner_id)
    qtbot.addWidget(edit)
    qtbot.mouseClick(edit.remove_photo, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    assert get_photo(db, context_for(db).user, dialog.learner_id) is None


def test_a_file_that_is_not_an_image_is_refused(
    qtbot: QtBot, db: Database, dialog: LearnerFormDialog, tmp_path: Path
) -> None:
    path = tmp_path / "notes.png"
    path.write_text("not a picture")
    dialog.photo_file = lambda: str(path)  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.choose_photo, Qt.MouseButton.LeftButton)
    assert "not an image" in dialog.photo_error.text()
    assert not dialog.photo_error.isHidden()
    assert dialog.photo is None
