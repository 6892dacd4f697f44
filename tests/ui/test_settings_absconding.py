"""Settings › Absconding: a save is announced as a settings change; a refusal announces nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database
from desktop_app.services.absconding_queries import absconding_thresholds
from desktop_app.services.auth import StaffUser
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.absconding import AbscondingPanel
from tests.ui.settings_helpers import click, context_as, shown


@pytest.fixture
def heard(context: AppContext) -> list[Change]:
    changes: list[Change] = []
    context.changes.sig_changed.connect(changes.append)
    return changes


def test_saving_announces_a_settings_change(
    qtbot: QtBot, context: AppContext, heard: list[Change], director: StaffUser, db: Database
) -> None:
    panel = shown(qtbot, AbscondingPanel(context))
    panel.first.setValue(8)
    panel.second.setValue(12)
    click(qtbot, panel.save_button)
    assert panel.message.text() == "Saved: 8 and 12 minutes, for incidents started from now on."
    assert heard == [Change.of(Kind.SETTINGS)]
    assert absconding_thresholds(db, director).second == 12


def test_a_refused_save_announces_nothing_and_clears_the_last_message(
    qtbot: QtBot, context: AppContext, heard: list[Change]
) -> None:
    panel = shown(qtbot, AbscondingPanel(context))
    click(qtbot, panel.save_button)
    assert panel.message.text().startswith("Saved")
    heard.clear()
    panel.first.setValue(20)
    click(qtbot, panel.save_button)
    assert panel.form.errors["second"].isVisible() and panel.message.text() == ""
    assert heard == []


def test_a_tutor_is_told_on_the_form_line(
    qtbot: QtBot, db: Database, make_staff: Callable[[Role], StaffUser]
) -> None:
    """The tab is only for the director; if a tutor reached it, the service refuses in words."""
    panel = shown(qtbot, AbscondingPanel(context_as(db, make_staff, Role.TUTOR)))
    click(qtbot, panel.save_button)
    assert panel.form.form_error.isVisible()
    assert panel.form.form_error.text() == "A tutor (tutor) may not manage settings."
    assert panel.message.text() == ""
