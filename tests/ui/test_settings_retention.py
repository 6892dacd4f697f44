"""Settings › Retention: entries past 6 years are counted, and purged only after a question."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.models import Amendment, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.confirm import Confirmation
from desktop_app.views.common.context import AppContext
from desktop_app.views.settings.retention import RetentionPanel
from tests.ui.settings_helpers import add_old_and_new_marks, click, shown

TODAY = date(2025, 11, 23)


def counts(db: Database) -> tuple[int, int]:
    with db.reading() as session:
        return session.query(Mark).count(), session.query(Amendment).count()


def counted(qtbot: QtBot, panel: RetentionPanel) -> RetentionPanel:
    """Wait for the count (it runs on the thread pool) to be shown."""
    qtbot.waitUntil(lambda: not panel.loader.busy())
    return panel


@pytest.fixture
def panel(qtbot: QtBot, context: AppContext, db: Database, director: StaffUser) -> RetentionPanel:
    add_old_and_new_marks(db, director)
    return counted(qtbot, shown(qtbot, RetentionPanel(context, today=lambda: TODAY)))


def test_nothing_is_counted_until_the_tab_is_shown(
    qtbot: QtBot, context: AppContext, db: Database, director: StaffUser
) -> None:
    add_old_and_new_marks(db, director)
    panel = RetentionPanel(context, today=lambda: TODAY)
    qtbot.addWidget(panel)
    assert not panel.loader.busy() and panel.summary is None
    assert not panel.purge_button.isEnabled()
    panel.show()
    counted(qtbot, panel)
    assert panel.summary is not None and panel.summary.marks == 1


def test_old_entries_are_counted(panel: RetentionPanel) -> None:
    assert panel.found.text() == (
        "Entries older than 6 years: 1 mark and 1 amendment, made before Saturday 23 November "
        "2019, the oldest from Tuesday 1 October 2019."
    )
    assert panel.purge_button.isEnabled()


def test_purge_asks_first_naming_the_count_and_cancel_keeps_everything(
    qtbot: QtBot, panel: RetentionPanel, db: Database
) -> None:
    click(qtbot, panel.purge_button)
    box = panel.dialog
    assert isinstance(box, Confirmation)
    assert "Permanently delete 1 register mark and 1 amendment" in box.text()
    assert box.confirm_button.text() == "Delete 1 register mark"
    click(qtbot, box.cancel_button)
    assert counts(db) == (2, 1)


def test_confirmed_purge_deletes_only_old_entries(
    qtbot: QtBot, panel: RetentionPanel, db: Database, context: AppContext
) -> None:
    heard: list[Change] = []
    context.changes.sig_changed.connect(heard.append)
    click(qtbot, panel.purge_button)
    assert isinstance(panel.dialog, Confirmation)
    click(qtbot, panel.dialog.confirm_button)
    assert counts(db) == (1, 0)
    assert heard == [Change.of(Kind.MARKS)]  # every page showing marks reads them again
    counted(qtbot, panel)
    assert panel.message.text().startswith("Deleted 1 mark and 1 amendment.")
    assert panel.found.text() == "Nothing in the register is older than 6 years."
    assert not panel.purge_button.isEnabled()


def test_nothing_old_means_nothing_to_purge(qtbot: QtBot, context: AppContext) -> None:
    panel = counted(qtbot, shown(qtbot, RetentionPanel(context, today=lambda: TODAY)))
    assert panel.found.text() == "Nothing in the register is older than 6 years."
    assert not panel.purge_button.isEnabled() and panel.ask_purge() is None
