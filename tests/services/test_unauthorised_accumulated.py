"""The 10-day unauthorised notice counted over the academic year (the local authority's choice),
through alerts(): the days before the watches' bounded window are read too."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop_app.domain.codes import Session
from desktop_app.domain.watches import UNAUTHORISED_RUN
from desktop_app.models import Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.alerts import alerts
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_term
from desktop_app.services.thresholds import set_threshold

SEPT = [date(2025, 9, n) for n in (8, 9, 10, 11, 12)]  # Autumn 1
DEC = [date(2025, 12, n) for n in (8, 9, 10, 11, 12)]  # Autumn 2: outside the window then
PRESENT = [date(2025, 9, 15), date(2025, 11, 3)]


@pytest.fixture
def ann(db: Database, director: StaffUser, autumn: tuple[date, date]) -> int:
    add_term(db, director, "Autumn 2 2025", date(2025, 11, 3), date(2025, 12, 19))
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
        codes = {**dict.fromkeys(SEPT, "O"), **dict.fromkeys(DEC, "G")}
        codes |= dict.fromkeys(PRESENT, "/")
        for day, code in codes.items():
            for sess in (Session.AM, Session.PM):
                session.add(
                    Mark(
                        learner_id=learner.id,
                        date=day,
                        session=sess.value,
                        code=code if code != "/" or sess is Session.AM else "\\",
                        recorded_by_id=director.id,
                        recorded_at=datetime(2025, 9, 1, 12, tzinfo=UTC),
                    )
                )
        return learner.id


def runs(db: Database, user: StaffUser, day: date) -> list[date]:
    now = datetime.combine(day, datetime.min.time()).replace(hour=16)
    return [a.date for a in alerts(db, user, now=now) if a.kind == UNAUTHORISED_RUN]


def test_ten_days_apart_in_the_year_reach_the_notice_only_when_accumulated(
    db: Database, director: StaffUser, ann: int
) -> None:
    assert runs(db, director, DEC[-1]) == []  # continuous only: two runs of five
    set_threshold(db, director, "unauthorised_run_rule", 1)
    assert runs(db, director, DEC[-2]) == []  # nine
    assert runs(db, director, DEC[-1]) == [DEC[-1]]  # the tenth, in September's absence too
    set_threshold(db, director, "unauthorised_run_rule", 0)
    assert runs(db, director, DEC[-1]) == []
