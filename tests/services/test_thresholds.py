"""The provision's thresholds: kept in the database, audited, checked, read by the rules at once."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.domain.codes import Session
from desktop_app.domain.pattern_watches import PERSISTENT_LATENESS
from desktop_app.domain.permissions import Role
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.alerts import alerts
from desktop_app.services.audit import audit_log
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import PermissionDenied, ValidationFailed
from desktop_app.services.marking import record_arrival
from desktop_app.services.report_data.learner import learner_report
from desktop_app.services.thresholds import provision_thresholds, set_threshold

MON, TUE = date(2025, 9, 8), date(2025, 9, 9)


@pytest.fixture
def ann(db: Database, autumn: tuple[date, date]) -> int:
    with db.transaction() as session:
        learner = Learner(
            upn="E820300000001",
            surname="Ahmed",
            forename="Ann",
            date_of_birth=date(2011, 1, 1),
            start_date=date(2025, 9, 3),
        )
        session.add(learner)
        session.flush()
        return learner.id


def values(db: Database, user: StaffUser) -> dict[str, int]:
    return {v.threshold.key: v.value for v in provision_thresholds(db, user)}


def test_the_defaults_are_the_registrys_and_a_change_is_kept(
    db: Database, director: StaffUser
) -> None:
    before = values(db, director)
    assert (before["band_no_concern"], before["minimum_percent"], before["reward_percent"]) == (
        95,
        85,
        94,
    )
    set_threshold(db, director, "lateness_marks", 3)
    after = values(db, director)
    assert after["lateness_marks"] == 3 and after["penalty_sessions"] == 10


def test_a_threshold_change_is_in_the_audit_log(db: Database, director: StaffUser) -> None:
    set_threshold(db, director, "penalty_sessions", 12)
    set_threshold(db, director, "penalty_sessions", 8)
    entries = [e for e in audit_log(db, director) if e.entity.startswith("provision_thresholds")]
    assert len(entries) == 2


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("band_upper_amber", 96, "bands must go down"),
        ("band_lower_amber", 94, "bands must go down"),
        ("reward_percent", 101, "100 at most"),
        ("penalty_sessions", 0, "cannot be below 1"),
        ("no_such_thing", 3, "is not a threshold"),
    ],
)
def test_impossible_values_are_refused(
    db: Database, director: StaffUser, key: str, value: int, message: str
) -> None:
    with pytest.raises(ValidationFailed, match=message):
        set_threshold(db, director, key, value)
    assert values(db, director) == {
        v.threshold.key: v.threshold.default for v in provision_thresholds(db, director)
    }


def test_only_a_director_changes_a_threshold(db: Database, make_staff) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        set_threshold(db, make_staff(Role.ATTENDANCE_OFFICER), "lateness_marks", 3)


def test_the_watches_read_the_saved_value_at_once(
    db: Database, director: StaffUser, ann: int
) -> None:
    record_arrival(db, director, ann, MON, Session.AM, datetime(2025, 9, 8, 9, 10))
    record_arrival(db, director, ann, TUE, Session.AM, datetime(2025, 9, 9, 9, 10))
    now = datetime(2025, 9, 9, 16, 0)
    assert not [a for a in alerts(db, director, now=now) if a.kind == PERSISTENT_LATENESS]
    set_threshold(db, director, "lateness_marks", 2)
    late = [a for a in alerts(db, director, now=now) if a.kind == PERSISTENT_LATENESS]
    assert [a.date for a in late] == [TUE]


def test_the_bands_in_the_learner_report_follow_the_settings(
    db: Database, director: StaffUser, ann: int
) -> None:
    record_arrival(db, director, ann, MON, Session.AM, datetime(2025, 9, 8, 9, 40))  # U: absent
    for hh, session in ((13, Session.PM),):
        record_arrival(db, director, ann, MON, session, datetime(2025, 9, 8, hh, 0))
    now = datetime(2025, 9, 9, 16, 0)
    report = learner_report(db, director, "E820300000001", MON, MON, now)
    assert report.band == "significant concern"  # 50 %
    set_threshold(db, director, "band_lower_amber", 50)
    report = learner_report(db, director, "E820300000001", MON, MON, now)
    assert report.band == "lower amber"
