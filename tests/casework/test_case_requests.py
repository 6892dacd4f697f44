"""Requests and what they do to the register, letters filed against learners, and case work
owed on Today: granted leave and a part-time timetable enter planned marks with the request or
not at all; letters written or emailed are filed; reviews, follow-ups and notices are alerts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.models import CaseRequest, EmergencyContact, FiledLetter, Learner, Mark
from desktop_app.models.engine import Database
from desktop_app.services.alerts import alerts
from desktop_app.services.case_requests import (
    Leave,
    PartTime,
    agree_part_time,
    case_owed,
    decide_leave,
    record_home_education,
    record_leave,
    record_leaving,
    review_part_time,
)
from desktop_app.services.chronology import chronology
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.report_jobs import letters_job
from desktop_app.services.sending_letters import send_letters
from tests.mail.conftest import configure
from tests.reports.conftest import NOW, TODAY, fresh, template, user  # noqa: F401

#: Friday 19 December 2025, after school: the spring term starts on Monday 5 January.
JAN_5, JAN_6, JAN_9 = date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 9)


def _learner(db: Database, n: int = 0) -> int:
    with db.reading() as session:
        return session.scalars(select(Learner.id).order_by(Learner.id)).all()[n]


def _planned(db: Database, learner_id: int) -> list[tuple[date, str, str]]:
    with db.reading() as session:
        query = select(Mark.date, Mark.session, Mark.code).where(
            Mark.learner_id == learner_id, Mark.source == "planned"
        )
        return sorted((d, s, c) for d, s, c in session.execute(query))


def _requests(db: Database) -> int:
    with db.reading() as session:
        return len(session.scalars(select(CaseRequest.id)).all())


def test_granted_leave_enters_its_code_for_each_school_session(fresh: Database) -> None:  # noqa: F811
    lid, officer = _learner(fresh), user(fresh, "officer")
    leave = Leave(TODAY, JAN_5, JAN_6, "Family funeral", "C", "granted", "Mr Hall", TODAY)
    record_leave(fresh, officer, lid, leave, NOW)
    assert _planned(fresh, lid) == [
        (JAN_5, "AM", "C"), (JAN_5, "PM", "C"), (JAN_6, "AM", "C"), (JAN_6, "PM", "C")
    ]  # fmt: skip


def test_leave_waiting_or_refused_enters_nothing(fresh: Database) -> None:  # noqa: F811
    lid, officer = _learner(fresh), user(fresh, "officer")
    waiting = record_leave(fresh, officer, lid, Leave(TODAY, JAN_5, JAN_6, "Wedding"), NOW)
    assert _planned(fresh, lid) == []
    assert decide_leave(fresh, officer, waiting, "refused", "Mr Hall", TODAY, NOW) == 0
    assert _planned(fresh, lid) == []


def test_leave_over_a_holiday_enters_only_school_sessions(fresh: Database) -> None:  # noqa: F811
    """From the last afternoon of term through the holiday: only sessions not yet started and
    in term are entered (none before 5 January; 19 December's have already happened)."""
    lid, officer = _learner(fresh), user(fresh, "officer")
    leave = Leave(TODAY, date(2025, 12, 19), JAN_5, "Travel", "C", "granted", "Mr H", TODAY)
    record_leave(fresh, officer, lid, leave, NOW)
    assert _planned(fresh, lid) == [(JAN_5, "AM", "C"), (JAN_5, "PM", "C")]


def test_leave_the_mark_rule_refuses_writes_nothing(fresh: Database) -> None:  # noqa: F811
    lid, officer = _learner(fresh), user(fresh, "officer")
    with fresh.transaction() as session:
        session.get_one(Learner, lid).leaving_date = JAN_5
    leave = Leave(TODAY, JAN_5, JAN_6, "Travel", "C", "granted", "Mr H", TODAY)
    before = _requests(fresh)
    with pytest.raises(ValidationFailed, match="leaving date"):
        record_leave(fresh, officer, lid, leave, NOW)
    assert _planned(fresh, lid) == [] and _requests(fresh) == before


def test_part_time_enters_c2_outside_its_sessions_until_its_end(fresh: Database) -> None:  # noqa: F811
    lid, officer = _learner(fresh), user(fresh, "officer")
    mornings = ("Mon AM", "Tue AM", "Wed AM", "Thu AM", "Fri AM")
    terms = PartTime(JAN_5, JAN_9, date(2026, 1, 8), mornings, "Phased return", TODAY, TODAY,
                     None)  # fmt: skip
    agree_part_time(fresh, officer, lid, terms, NOW)
    planned = _planned(fresh, lid)
    assert planned == [(date(2026, 1, d), "PM", "C2") for d in range(5, 10)]


def test_leaving_removes_marks_planned_after_it(fresh: Database) -> None:  # noqa: F811
    lid, officer = _learner(fresh), user(fresh, "officer")
    leave = Leave(TODAY, JAN_5, JAN_9, "Travel", "C", "granted", "Mr H", TODAY)
    record_leave(fresh, officer, lid, leave, NOW)
    record_leaving(fresh, officer, lid, JAN_6, "Moved", "Northgate Academy", TODAY, TODAY)
    assert [d for d, _s, _c in _planned(fresh, lid)] == [JAN_5, JAN_5, JAN_6, JAN_6]


def test_letters_written_are_filed_against_the_learner(
    fresh: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    officer = user(fresh, "officer")
    written = letters_job(fresh, officer, "persistent_absence", tmp_path, now=NOW)
    with fresh.reading() as session:
        filed = session.scalars(
            select(FiledLetter.how).where(FiledLetter.stage == "persistent_absence")
        ).all()
    assert len(filed) == len(written.files) >= 1 and set(filed) == {"printed"}
    lid = _learner(fresh)
    kinds = {e.kind for e in chronology(fresh, user(fresh, "dsl"), lid, date(2025, 9, 1),
                                         TODAY).entries}  # fmt: skip
    with fresh.reading() as session:
        has_letter = session.scalars(
            select(FiledLetter.id).where(FiledLetter.learner_id == lid)
        ).first()
    assert ("letter" in kinds) == (has_letter is not None)


def test_letters_emailed_or_printed_are_filed_as_such(
    fresh: Database,  # noqa: F811
    tmp_path: Path,
) -> None:
    configure(fresh, 2525)  # nothing is delivered here: the outbox only queues
    officer = user(fresh, "officer")
    with fresh.transaction() as session:
        for contact in session.scalars(select(EmergencyContact)):
            contact.email = f"family{contact.id}@example.org" if contact.learner_id % 2 else ""
    result = send_letters(fresh, officer, "persistent_absence", NOW, tmp_path)
    with fresh.reading() as session:
        hows = session.scalars(
            select(FiledLetter.how).where(FiledLetter.stage == "persistent_absence")
        ).all()
    assert sorted(hows) == sorted(
        ["email"] * len(result.emails) + ["printed"] * len(result.printed)
    )


def test_case_work_owed_shows_as_alerts_with_the_learner_and_day(fresh: Database) -> None:  # noqa: F811
    lid, officer = _learner(fresh), user(fresh, "officer")
    record_home_education(fresh, officer, lid, date(2025, 12, 17), None, None)
    found = [a for a in alerts(fresh, officer, TODAY, NOW) if a.kind == "home_education_notice"]
    with fresh.reading() as session:
        upn = session.get_one(Learner, lid).upn
    assert [(a.upn, a.date) for a in found] == [(upn, date(2025, 12, 17))]
    record_home_education(fresh, officer, _learner(fresh, 1), TODAY, TODAY, TODAY)
    again = [a for a in alerts(fresh, officer, TODAY, NOW) if a.kind == "home_education_notice"]
    assert len(again) == 1  # passed on and a meeting offered: owes nothing


def test_a_part_time_review_and_end_are_alerts(fresh: Database) -> None:  # noqa: F811
    lid, officer = _learner(fresh), user(fresh, "officer")
    terms = PartTime(date(2025, 12, 1), date(2025, 12, 22), date(2025, 12, 15), ("Mon AM",),
                     "Phased return", date(2025, 11, 28), date(2025, 11, 28), None)  # fmt: skip
    agree_part_time(fresh, officer, lid, terms, datetime(2025, 11, 28, 16, 0))
    kinds = {a.kind for a in alerts(fresh, officer, TODAY, NOW)}
    assert {"part_time_review_due", "part_time_ends"} <= kinds


def test_a_part_time_review_moves_review_due_on(fresh: Database) -> None:  # noqa: F811
    """The next review comes after this one, within four weeks and not after the end; refused,
    nothing changes; recorded, the review due goes until the next falls due."""
    lid, officer = _learner(fresh), user(fresh, "officer")
    terms = PartTime(date(2025, 12, 1), date(2025, 12, 22), date(2025, 12, 15), ("Mon AM",),
                     "Phased return", date(2025, 11, 28), date(2025, 11, 28), None)  # fmt: skip
    row = agree_part_time(fresh, officer, lid, terms, datetime(2025, 11, 28, 16, 0))

    def due(on: date) -> bool:
        with fresh.reading() as session:
            return any(o.kind == "part_time_review_due" for o in case_owed(session, on))

    for wrong, said in ((TODAY, "after this one"), (date(2025, 12, 23), r"ends \(22 Dec 2025\)"),
                        (date(2026, 1, 20), "within 4 weeks")):  # fmt: skip
        with pytest.raises(ValidationFailed, match=said) as refused:
            review_part_time(fresh, officer, row, TODAY, wrong)
        assert [p.field for p in refused.value.problems] == ["review_on"]
    assert due(TODAY)
    review_part_time(fresh, officer, row, TODAY, date(2025, 12, 22))
    assert not due(TODAY) and due(date(2025, 12, 22))
    with pytest.raises(NotFound):
        review_part_time(fresh, officer, row + 1000, TODAY, None)
