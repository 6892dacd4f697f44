"""What granting a waiting leave request will enter ahead, said before the decision: the same
sessions the decision then enters (not one started by then, none with a mark), nothing written
by asking, and refused as the decision is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from sqlalchemy import select

from desktop_app.domain.permissions import Role
from desktop_app.models import CaseRequest, Mark
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.case_requests import Leave, decide_leave, preview_leave, record_leave
from desktop_app.services.errors import PermissionDenied, ValidationFailed
from tests.services.test_incidents import add_learner

MON, TUE, WED = date(2025, 9, 8), date(2025, 9, 9), date(2025, 9, 10)
#: Monday 10:00: the morning has started, the afternoon (12:45) has not.
NOW = datetime(2025, 9, 8, 10, 0)


@pytest.fixture
def officer(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.ATTENDANCE_OFFICER)


@pytest.fixture
def learner(db: Database, autumn: tuple[date, date], officer: StaffUser) -> int:
    """On roll in the autumn term, with Tuesday already granted as leave (entered ahead)."""
    learner_id = add_learner(db, "Riley", "Quinn", date(2011, 5, 4))
    granted = Leave(MON, TUE, TUE, "Hospital appointment", "M", "granted", "Mr Hall", MON)
    record_leave(db, officer, learner_id, granted, NOW)
    return learner_id


def _waiting(db: Database, officer: StaffUser, learner: int, first: date, last: date) -> int:
    return record_leave(db, officer, learner, Leave(MON, first, last, "Family wedding"), NOW)


def _planned(db: Database, learner: int) -> list[tuple[date, str, str]]:
    with db.reading() as session:
        query = select(Mark.date, Mark.session, Mark.code).where(
            Mark.learner_id == learner, Mark.source == "planned"
        )
        return sorted((d, s, c) for d, s, c in session.execute(query))


def _decision(db: Database, request_id: int) -> str:
    with db.reading() as session:
        return session.get_one(CaseRequest, request_id).decision


def test_the_preview_is_what_granting_then_enters(
    db: Database, officer: StaffUser, learner: int
) -> None:
    """Monday morning has started and Tuesday has its marks: Monday afternoon and Wednesday."""
    request_id = _waiting(db, officer, learner, MON, WED)
    before = _planned(db, learner)
    preview = preview_leave(db, officer, request_id, NOW)
    ahead = [(MON, "PM", "C"), (WED, "AM", "C"), (WED, "PM", "C")]
    assert [(m.day, m.session, m.code) for m in preview.marks] == ahead
    assert preview.said(date.isoformat) == (
        "Granting enters C for 3 sessions still to come (2025-09-08 PM – 2025-09-10 PM)."
    )
    assert _planned(db, learner) == before and _decision(db, request_id) == ""  # nothing written
    entered = decide_leave(db, officer, request_id, "granted", "Mr Hall", MON, NOW)
    assert entered == len(preview.marks)
    assert _planned(db, learner) == sorted(before + ahead)


def test_with_every_session_marked_the_preview_says_none(
    db: Database, officer: StaffUser, learner: int
) -> None:
    request_id = _waiting(db, officer, learner, TUE, TUE)
    preview = preview_leave(db, officer, request_id, NOW)
    assert preview.marks == () and preview.code == "C"
    assert preview.said(date.isoformat).startswith("Granting enters nothing")
    assert decide_leave(db, officer, request_id, "granted", "Mr Hall", MON, NOW) == 0


def test_the_preview_is_refused_as_the_decision_is(
    db: Database, officer: StaffUser, learner: int, make_staff: Callable[[Role], StaffUser]
) -> None:
    """A tutor may not decide, so may not ask; a decided request has nothing to preview."""
    request_id = _waiting(db, officer, learner, WED, WED)
    with pytest.raises(PermissionDenied):
        preview_leave(db, make_staff(Role.TUTOR), request_id, NOW)
    decide_leave(db, officer, request_id, "refused", "Mr Hall", MON, NOW)
    with pytest.raises(ValidationFailed, match="already refused"):
        preview_leave(db, officer, request_id, NOW)
