"""Session times by date and weekday, read by every rule: arrivals, the mark rule, missing
registers, the register's closed columns and the commissioner summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

import pytest

from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.domain.sessions import SessionTimes
from desktop_app.domain.watches import MISSING_REGISTER
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.alerts import alerts
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import PermissionDenied, ValidationFailed
from desktop_app.services.marking import record_arrival, record_mark
from desktop_app.services.register_week import CellState, week_register
from desktop_app.services.report_data.commissioner import NOT_YET_DUE, commissioner_summary
from desktop_app.services.session_times import session_schedule, set_session_times

MON, TUE, FRI = date(2025, 9, 8), date(2025, 9, 9), date(2025, 9, 12)
AM, PM = Session.AM, Session.PM
SEED_003_AM = SessionTimes(time(9, 15), time(9, 45))
DEFAULT_PM = SessionTimes(time(12, 45), time(13, 15))


def at(day: date, hh: int, mm: int) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm)


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


@pytest.fixture
def tutor(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.TUTOR)


@pytest.fixture
def quarter_past(db: Database, director: StaffUser, ann: int) -> None:
    """Seed 003's times from the start of term: AM 09:15, register closes 09:45."""
    set_session_times(db, director, SEED_003_AM, DEFAULT_PM, date(2025, 9, 1), date(2025, 9, 1))


@pytest.mark.usefixtures("quarter_past")
@pytest.mark.parametrize(
    ("arrived", "code", "minutes"), [((9, 35), "L", 20), ((9, 44), "L", 29), ((9, 45), "U", 30)]
)
def test_an_arrival_is_late_until_the_provisions_own_close(
    db: Database, tutor: StaffUser, ann: int, arrived: tuple[int, int], code: str, minutes: int
) -> None:
    saved = record_arrival(db, tutor, ann, MON, AM, at(MON, *arrived))
    assert (saved.code, saved.minutes_late) == (code, minutes)


@pytest.mark.usefixtures("quarter_past")
def test_present_is_refused_before_the_provisions_own_start(
    db: Database, tutor: StaffUser, ann: int
) -> None:
    with pytest.raises(ValidationFailed, match="09:15"):
        record_mark(db, tutor, ann, MON, AM, "/", at(MON, 9, 10))
    assert record_mark(db, tutor, ann, MON, AM, "/", at(MON, 9, 15)).code == "/"


def test_a_change_dated_tomorrow_leaves_today_alone(
    db: Database, director: StaffUser, tutor: StaffUser, ann: int
) -> None:
    set_session_times(db, director, SEED_003_AM, DEFAULT_PM, TUE, MON)
    today = record_arrival(db, tutor, ann, MON, AM, at(MON, 9, 35))
    assert (today.code, today.minutes_late) == ("U", 35)  # today still closes at 09:30
    tomorrow = record_arrival(db, tutor, ann, TUE, AM, at(TUE, 9, 35))
    assert (tomorrow.code, tomorrow.minutes_late) == ("L", 20)


def test_marks_already_made_are_never_re_judged(
    db: Database, director: StaffUser, tutor: StaffUser, ann: int
) -> None:
    record_arrival(db, tutor, ann, MON, AM, at(MON, 9, 35))  # U 35 under 09:00/09:30
    set_session_times(db, director, SEED_003_AM, DEFAULT_PM, MON, MON)
    cell = week_register(db, tutor, None, MON, at(MON, 9, 40)).rows[0].cells[0]
    assert (cell.code, cell.minutes_late) == ("U", 35)


def test_a_friday_override_changes_fridays_only(
    db: Database, director: StaffUser, tutor: StaffUser, ann: int
) -> None:
    short = SessionTimes(time(12, 0), time(12, 30))
    set_session_times(db, director, SessionTimes(time(9, 0), time(9, 30)), short, MON, MON, 4)
    friday = record_arrival(db, tutor, ann, FRI, PM, at(FRI, 12, 20))
    assert (friday.code, friday.minutes_late) == ("L", 20)
    thursday = date(2025, 9, 11)
    with pytest.raises(ValidationFailed, match="12:45"):
        record_arrival(db, tutor, ann, thursday, PM, at(thursday, 12, 20))
    week = week_register(db, tutor, None, MON, at(FRI, 12, 31))
    assert week.times_on(FRI)[PM] == short
    assert week.times_on(thursday)[PM] == DEFAULT_PM
    assert week.closed_columns[-1] is True  # Friday PM closed at 12:30


def test_a_back_dated_change_is_refused_once_marks_exist_after_it(
    db: Database, director: StaffUser, tutor: StaffUser, ann: int
) -> None:
    record_mark(db, tutor, ann, MON, AM, "/", at(MON, 9, 5))
    with pytest.raises(ValidationFailed, match="from today at the earliest"):
        set_session_times(db, director, SEED_003_AM, DEFAULT_PM, date(2025, 9, 1), TUE)
    set_session_times(db, director, SEED_003_AM, DEFAULT_PM, TUE, TUE)


def test_only_a_director_changes_the_times(db: Database, tutor: StaffUser, ann: int) -> None:
    with pytest.raises(PermissionDenied):
        set_session_times(db, tutor, SEED_003_AM, DEFAULT_PM, TUE, MON)


def test_the_same_date_again_replaces_that_change_and_the_schedule_shows_what_is_coming(
    db: Database, director: StaffUser, ann: int
) -> None:
    set_session_times(db, director, SEED_003_AM, DEFAULT_PM, TUE, MON)
    later = SessionTimes(time(9, 10), time(9, 40))
    set_session_times(db, director, later, DEFAULT_PM, TUE, MON)
    shown = session_schedule(db, director, MON)
    assert shown.this_week[0][AM].close == time(9, 30)  # Monday: still the defaults
    assert shown.this_week[1][AM] == later
    assert [c.am for c in shown.coming] == [later]


@pytest.mark.usefixtures("quarter_past")
def test_missing_register_alerts_wait_for_the_provisions_close(
    db: Database, director: StaffUser, ann: int
) -> None:
    before = alerts(db, director, now=at(MON, 9, 44))
    after = alerts(db, director, now=at(MON, 9, 45))
    today = [a for a in after if a.kind == MISSING_REGISTER and a.date == MON]
    assert not [a for a in before if a.kind == MISSING_REGISTER and a.date == MON]
    assert [a.detail for a in today] == ["AM register not taken"]


@pytest.mark.usefixtures("quarter_past")
def test_the_register_and_the_commissioner_summary_use_the_days_close(
    db: Database, director: StaffUser, ann: int
) -> None:
    cell = week_register(db, director, None, MON, at(MON, 9, 44)).rows[0].cells[0]
    assert cell.state is CellState.UNMARKED
    cell = week_register(db, director, None, MON, at(MON, 9, 45)).rows[0].cells[0]
    assert cell.state is CellState.MISSING
    summary = commissioner_summary(db, director, MON, at(MON, 9, 44))
    am = summary.commissioners[0].learners[0].am
    assert (am.state, am.note) == (NOT_YET_DUE, "09:45")
