"""Two PCs on one PostgreSQL register: an absconding incident started on one shows on the other
window's red bar within 2 seconds, through LISTEN/NOTIFY into its change bus (issue 16 point 4),
long before the bar's own 20-second poll."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.upn import make_upn
from desktop_app.models.engine import Database
from desktop_app.services.absconding import start_incident
from desktop_app.services.absconding_data import NewIncident
from desktop_app.services.database import open_database
from desktop_app.services.learner_records import LearnerDetails, add_learner
from desktop_app.services.provision import init_provision, staff_by_username
from desktop_app.views.shell.main_window import MainWindow
from tests.conftest import PASSWORD
from tests.ui.conftest import context_for

NOW = datetime(2025, 9, 10, 10, 0)


@pytest.fixture
def two_pcs(pg_url: str) -> Iterator[tuple[Database, Database]]:
    first = open_database(pg_url)
    init_provision(first, "Test Provision", "director", PASSWORD, "Dana Director")
    second = open_database(pg_url)
    yield first, second
    first.dispose()
    second.dispose()


def test_an_incident_started_on_another_pc_shows_on_this_red_bar_within_2_seconds(
    qtbot: QtBot, two_pcs: tuple[Database, Database]
) -> None:
    first, second = two_pcs
    director = staff_by_username(first, "director")
    assert director is not None
    details = LearnerDetails(
        make_upn("820300000001"), "Ahmed", "Ann", NOW.date().replace(year=2011), NOW.date()
    )
    learner = add_learner(first, director, details, NOW.date())
    window = MainWindow(context_for(second))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.remote is not None
    qtbot.waitUntil(lambda: window.remote is not None and window.remote.listening, timeout=10_000)
    assert window.incident_bar.buttons == {}
    started = time.monotonic()
    start_incident(first, director, NewIncident(learner, NOW - timedelta(minutes=3)), NOW)
    qtbot.waitUntil(lambda: len(window.incident_bar.buttons) == 1, timeout=2_000)
    assert time.monotonic() - started < 2.0
    remote = window.remote
    window.close()
    assert remote._thread is None  # stopped and joined on close
