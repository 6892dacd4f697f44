"""The provision's settings under the no-lost-update rule (issue 16 point 3): the absconding
minutes, the thresholds and the session times each take the settings' version the screen read,
and a save based on an older read is refused, naming who saved and when, writing nothing."""

from __future__ import annotations

from datetime import date, time

import pytest

from desktop_app.domain.sessions import SessionTimes
from desktop_app.models.engine import Database
from desktop_app.services.absconding import set_absconding_thresholds
from desktop_app.services.absconding_queries import (
    absconding_thresholds,
    absconding_thresholds_to_edit,
)
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import StaleWrite, ValidationFailed
from desktop_app.services.provision_details import provision_contact, set_provision_details
from desktop_app.services.session_times import session_schedule, set_session_times
from desktop_app.services.thresholds import (
    set_threshold,
    set_thresholds,
    thresholds_in,
    thresholds_to_edit,
)

TODAY = date(2025, 9, 8)
AM, PM = SessionTimes(time(9, 15), time(9, 45)), SessionTimes(time(13, 0), time(13, 30))
STALE = r"changed by Dana Director at \d\d:\d\d"


def saved_thresholds(db: Database) -> dict[str, int]:
    with db.reading() as session:
        values = thresholds_in(session)
    return {k: values[k] for k in ("lateness_marks", "penalty_sessions")}


def test_a_threshold_save_on_an_older_read_is_refused_and_writes_nothing(
    db: Database, director: StaffUser
) -> None:
    mine, theirs = thresholds_to_edit(db, director), thresholds_to_edit(db, director)
    set_thresholds(db, director, {"lateness_marks": 4}, theirs.version)
    with pytest.raises(StaleWrite, match=STALE):
        set_thresholds(db, director, {"lateness_marks": 7, "penalty_sessions": 12}, mine.version)
    assert saved_thresholds(db) == {"lateness_marks": 4, "penalty_sessions": 10}
    again = thresholds_to_edit(db, director)
    set_thresholds(db, director, {"lateness_marks": 7, "penalty_sessions": 12}, again.version)
    assert saved_thresholds(db) == {"lateness_marks": 7, "penalty_sessions": 12}


def test_several_thresholds_are_saved_all_or_none(db: Database, director: StaffUser) -> None:
    read = thresholds_to_edit(db, director)
    with pytest.raises(ValidationFailed):
        set_thresholds(db, director, {"lateness_marks": 7, "penalty_sessions": 0}, read.version)
    assert saved_thresholds(db) == {"lateness_marks": 5, "penalty_sessions": 10}
    # a refused save did not move the version: the same read still saves
    set_thresholds(db, director, {"lateness_marks": 7}, read.version)


def test_absconding_minutes_on_an_older_read_are_refused(db: Database, director: StaffUser) -> None:
    _values, mine = absconding_thresholds_to_edit(db, director)
    set_absconding_thresholds(db, director, 12, 14, mine)
    with pytest.raises(StaleWrite, match=STALE):
        set_absconding_thresholds(db, director, 5, 8, mine)
    now = absconding_thresholds(db, director)
    assert (now.first, now.second) == (12, 14)
    set_absconding_thresholds(db, director, 5, 8)  # the command line: not checked
    assert absconding_thresholds(db, director).first == 5


def test_session_times_on_an_older_read_are_refused(db: Database, director: StaffUser) -> None:
    mine = session_schedule(db, director, TODAY)
    set_session_times(db, director, AM, PM, TODAY, TODAY, version=mine.version)
    with pytest.raises(StaleWrite, match=STALE):
        set_session_times(db, director, AM, PM, TODAY, TODAY, weekday=4, version=mine.version)
    assert [c.weekday for c in session_schedule(db, director, date(2025, 9, 1)).coming] == [None]


def test_one_version_for_every_settings_tab(db: Database, director: StaffUser) -> None:
    """A threshold saved on one PC makes the provision details read before it stale too."""
    details = provision_contact(db, director)
    set_threshold(db, director, "lateness_marks", 6, thresholds_to_edit(db, director).version)
    with pytest.raises(StaleWrite, match=STALE):
        set_provision_details(db, director, details, details.version)
