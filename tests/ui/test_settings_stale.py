"""Settings tabs under the no-lost-update rule: a save based on values someone else has changed
since the tab read them is refused, says who and when, and the tab shows their values."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.models.engine import Database
from desktop_app.services.absconding import set_absconding_thresholds
from desktop_app.services.absconding_queries import absconding_thresholds
from desktop_app.services.auth import StaffUser
from desktop_app.services.thresholds import provision_thresholds, set_threshold
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.absconding import AbscondingPanel
from desktop_app.views.settings.thresholds import ThresholdsPanel
from tests.ui.settings_helpers import click, shown


def saved(db: Database, user: StaffUser) -> dict[str, int]:
    return {v.threshold.key: v.value for v in provision_thresholds(db, user)}


def test_a_threshold_save_after_someone_elses_is_refused_and_their_values_shown(
    qtbot: QtBot, context: AppContext, db: Database, director: StaffUser
) -> None:
    panel = shown(qtbot, ThresholdsPanel(context))
    set_threshold(db, director, "lateness_marks", 4)  # another PC, after this tab read
    panel.boxes["penalty_sessions"].setValue(12)
    click(qtbot, panel.save_button)
    assert "changed by Dana Director at" in panel.message.text()
    assert saved(db, director)["penalty_sessions"] == 10  # nothing written
    assert panel.boxes["lateness_marks"].value() == 4  # their value is shown
    assert panel.boxes["penalty_sessions"].value() == 10
    panel.boxes["penalty_sessions"].setValue(12)  # made again on the newer values: saved
    click(qtbot, panel.save_button)
    assert saved(db, director)["penalty_sessions"] == 12


def test_the_ten_day_notice_rule_is_chosen_from_a_list(
    qtbot: QtBot, context: AppContext, db: Database, director: StaffUser
) -> None:
    panel = shown(qtbot, ThresholdsPanel(context))
    rule = panel.boxes["unauthorised_run_rule"]
    assert rule.currentText() == "continuous"  # type: ignore[union-attr]
    rule.setCurrentIndex(rule.findText("accumulated"))  # type: ignore[union-attr]
    click(qtbot, panel.save_button)
    assert saved(db, director)["unauthorised_run_rule"] == 1
    panel.refresh()
    assert rule.currentText() == "accumulated"  # type: ignore[union-attr]


def test_absconding_minutes_after_someone_elses_are_refused_and_reloaded(
    qtbot: QtBot, context: AppContext, db: Database, director: StaffUser
) -> None:
    panel = shown(qtbot, AbscondingPanel(context))
    set_absconding_thresholds(db, director, 12, 14)
    panel.first.setValue(5)
    click(qtbot, panel.save_button)
    assert "changed by Dana Director at" in panel.form.form_error.text()
    assert (panel.first.value(), panel.second.value()) == (12, 14)
    assert absconding_thresholds(db, director).first == 12
