"""What the register keeps between reads is read again as soon as anything in it changes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.domain.codes import Session
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_closure
from desktop_app.services.marking import record_mark
from desktop_app.services.register_week import CellState, week_register

WED = date(2025, 9, 10)
FRIDAY_EVENING = datetime(2025, 9, 12, 17, 0)


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


def test_a_closure_made_after_a_read_shows_on_the_next_read(
    db: Database, director: StaffUser, ann: int
) -> None:
    before = week_register(db, director, None, WED, FRIDAY_EVENING)
    assert before.rows[0].cells[4].state is CellState.MISSING  # Wednesday AM
    add_closure(db, director, WED, None, "INSET day")
    after = week_register(db, director, None, WED, FRIDAY_EVENING)
    assert after.rows[0].cells[4].state is CellState.CLOSED


def test_the_term_attendance_and_rating_follow_marks_made_after_a_read(
    db: Database, director: StaffUser, ann: int
) -> None:
    assert week_register(db, director, None, WED, FRIDAY_EVENING).rows[0].term_percent is None
    for day in (date(2025, 9, 8), date(2025, 9, 9), WED):
        record_mark(db, director, ann, day, Session.AM, "O", FRIDAY_EVENING, reason="truant")
    row = week_register(db, director, None, WED, FRIDAY_EVENING).rows[0]
    assert row.term_percent == 0
    assert row.rag == "amber"  # persistent (and severe) absence this year


def test_the_session_times_are_kept_across_saved_marks_and_read_again_when_changed(
    db: Database, director: StaffUser, ann: int
) -> None:
    from datetime import time

    from desktop_app.domain.sessions import SessionTimes
    from desktop_app.services import read_cache
    from desktop_app.services.session_times import load_schedule, set_session_times

    reads: list[object] = []

    def schedule() -> object:
        with db.reading() as session:
            version = read_cache.register_version(session)

            def load() -> object:
                reads.append(version)
                return load_schedule(session)

            return read_cache.cached(session, version, "times (test)", load, read_cache.TIMES)

    first = schedule()
    record_mark(db, director, ann, WED, Session.AM, "/", datetime(2025, 9, 10, 9, 5))
    assert schedule() is first and len(reads) == 1  # a mark touches no session time
    later = SessionTimes(time(9, 15), time(9, 45))
    set_session_times(db, director, later, SessionTimes(time(12, 45), time(13, 15)), WED, WED)
    changed = schedule()
    assert len(reads) == 2
    with db.reading() as session:
        assert changed == load_schedule(session)
    assert changed != first
