"""Settings › Session times and Settings › Groups, through their widgets."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QTime
from pytestqt.qtbot import QtBot

from desktop_app.domain.codes import Session
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_term
from desktop_app.services.groups import add_group, groups_of_tutor
from desktop_app.services.session_times import session_schedule
from desktop_app.views.common.changes import Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.groups import GroupsPanel
from desktop_app.views.settings.times import SessionTimesPanel
from tests.ui.settings_helpers import click, shown

NOW = datetime(2025, 9, 8, 8, 0)  # Monday


def at_eight(context: AppContext) -> AppContext:
    return replace(context, clock=lambda: NOW)


def test_new_times_for_fridays_are_saved_from_a_date_and_announced(
    qtbot: QtBot, context: AppContext, db: Database, director: StaffUser
) -> None:
    context = at_eight(context)
    panel = shown(qtbot, SessionTimesPanel(context))
    changes: list[Kind] = []
    context.changes.sig_changed.connect(lambda change: changes.append(change.kind))
    panel.weekday.setCurrentText("Friday")
    panel.pm_start.setTime(QTime(12, 0))
    panel.pm_close.setTime(QTime(12, 30))
    panel.start.setDate(QDate(2025, 9, 12))
    click(qtbot, panel.save_button)
    assert "Saved: from 12/09/2025 (friday)" in panel.message.text()
    assert changes == [Kind.SETTINGS]
    view = session_schedule(db, director, date(2025, 9, 12))
    assert view.this_week[4][Session.PM].close == time(12, 30)
    assert view.this_week[3][Session.PM].close == time(13, 15)
    assert "Fridays" in panel.coming.text() or "Friday" in panel.coming.text()


def test_a_register_open_over_30_minutes_is_refused_under_its_field(
    qtbot: QtBot, context: AppContext, db: Database, director: StaffUser
) -> None:
    panel = shown(qtbot, SessionTimesPanel(at_eight(context)))
    panel.am_close.setTime(QTime(9, 31))
    click(qtbot, panel.save_button)
    assert "at most 30 minutes" in panel.form.errors["am"].text()
    assert panel.form.errors["am"].isVisible()
    view = session_schedule(db, director, date(2025, 9, 8))
    assert view.coming == [] and view.this_week[0][Session.AM].close == time(9, 30)


def test_groups_are_added_renamed_linked_and_a_learner_moved(
    qtbot: QtBot, context: AppContext, db: Database, director: StaffUser
) -> None:
    from desktop_app.domain.permissions import Role
    from desktop_app.services.provision import add_staff_unchecked, staff_by_username

    add_term(db, director, "Autumn 1 2025", date(2025, 9, 3), date(2025, 10, 24), date(2025, 9, 1))
    with db.transaction() as session:
        add_staff_unchecked(session, "tom", "Tom Reilly", "Tutor", Role.TUTOR, "long password 1")
    add_group(db, director, "Falcon")
    panel = shown(qtbot, GroupsPanel(at_eight(context)))
    qtbot.keyClicks(panel.name, "Kestrel")
    click(qtbot, panel.add_button)
    assert panel.message.text() == "Added Kestrel."
    assert [g.name for g in panel.groups] == ["Falcon", "Kestrel"]
    panel.table.selectRow(1)
    panel.name.setText("Kestrels")
    click(qtbot, panel.rename_button)
    assert panel.table.item(1, 0).text() == "Kestrels"
    panel.table.selectRow(1)
    panel.tutor.setCurrentIndex(panel.tutor.findData("tom"))
    click(qtbot, panel.link_button)
    assert panel.table.item(1, 1).text() == "Tom Reilly"
    tom = staff_by_username(db, "tom")
    assert tom is not None and [n for _i, n in groups_of_tutor(db, tom)] == ["Kestrels"]
    panel.name.setText("Falcon")
    click(qtbot, panel.add_button)
    assert panel.message.text() == "Not done: 'Falcon' already exists."
    with db.transaction() as session:
        session.add(
            Learner(
                upn="E820300000001",
                surname="Ahmed",
                forename="Ann",
                date_of_birth=date(2011, 1, 1),
                start_date=date(2025, 9, 3),
            )
        )
    panel.refresh()
    panel.learner.setCurrentIndex(0)
    panel.to_group.setCurrentIndex(panel.to_group.findData("Falcon"))
    click(qtbot, panel.move_button)
    assert panel.message.text() == "Moved to Falcon from 08/09/2025."
    assert panel.table.item(0, 2).text() == "1"


def test_a_threshold_is_saved_from_its_box_and_a_wrong_one_shown_under_it(
    qtbot: QtBot, context: AppContext, db: Database, director: StaffUser
) -> None:
    from desktop_app.services.thresholds import provision_thresholds
    from desktop_app.views.settings.thresholds import ThresholdsPanel

    panel = shown(qtbot, ThresholdsPanel(context))
    changes: list[Kind] = []
    context.changes.sig_changed.connect(lambda change: changes.append(change.kind))
    assert panel.boxes["lateness_marks"].value() == 5
    panel.boxes["lateness_marks"].setValue(4)
    click(qtbot, panel.save_button)
    assert panel.message.text() == "Saved 1 change(s); they apply from now on."
    assert changes == [Kind.SETTINGS]
    saved = {v.threshold.key: v.value for v in provision_thresholds(db, director)}
    assert saved["lateness_marks"] == 4
    panel.boxes["band_upper_amber"].setValue(99)
    click(qtbot, panel.save_button)
    assert "bands must go down" in panel.errors["band_upper_amber"].text()
    assert panel.errors["band_upper_amber"].isVisible()
