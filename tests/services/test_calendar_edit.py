"""The calendar screen's services: closures over marks, removing closures, term files, drafts."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from desktop_app.domain.calendar_year import DayState
from desktop_app.domain.codes import Session
from desktop_app.models import Amendment, Learner, Term
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.calendar import add_closure, add_term, list_calendar
from desktop_app.services.calendar_edit import (
    calendar_year,
    copy_year_draft,
    import_terms_file,
    preview_terms_file,
    remove_closure,
    save_terms,
)
from desktop_app.services.errors import NotFound, ValidationFailed
from desktop_app.services.marking import history, record_mark

MON, TUE = date(2025, 9, 8), date(2025, 9, 9)
TODAY = date(2025, 9, 10)


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


def marked(db: Database, director: StaffUser, ann: int) -> None:
    record_mark(db, director, ann, MON, Session.AM, "/", datetime(2025, 9, 8, 9, 5))
    record_mark(db, director, ann, MON, Session.PM, "N", datetime(2025, 9, 8, 13, 0))


def codes(db: Database, director: StaffUser, ann: int) -> list[str]:
    return [e.code for e in history(db, director, ann, MON, Session.AM)] + [
        e.code for e in history(db, director, ann, MON, Session.PM)
    ]


def test_a_closure_over_marks_is_refused_until_told_what_to_do(
    db: Database, director: StaffUser, ann: int
) -> None:
    marked(db, director, ann)
    with pytest.raises(ValidationFailed) as refused:
        add_closure(db, director, MON, None, "Boiler failure")
    assert refused.value.problems[0].field == "marks"
    assert "2 marks" in refused.value.problems[0].message
    assert list_calendar(db, director).closures == []


def test_keeping_the_marks_closes_the_day_and_leaves_them(
    db: Database, director: StaffUser, ann: int
) -> None:
    marked(db, director, ann)
    add_closure(db, director, MON, None, "Boiler failure", marks="keep")
    with db.reading() as session:
        assert session.scalars(select(Amendment)).all() == []
    assert len(list_calendar(db, director).closures) == 1


def test_replacing_the_marks_amends_only_the_closed_session_to_hash(
    db: Database, director: StaffUser, ann: int
) -> None:
    marked(db, director, ann)
    add_closure(db, director, MON, Session.PM, "Staff training", marks="replace")
    with db.reading() as session:
        amendments = session.scalars(select(Amendment)).all()
        assert [(a.original_code, a.amended_code) for a in amendments] == [("N", "#")]
        assert amendments[0].reason == "Closure: Staff training"


def test_a_closure_on_a_day_without_marks_needs_no_choice(
    db: Database, director: StaffUser, ann: int
) -> None:
    add_closure(db, director, TUE, Session.AM, "INSET")
    remove_closure(db, director, TUE, Session.AM)
    assert list_calendar(db, director).closures == []
    with pytest.raises(NotFound):
        remove_closure(db, director, TUE, None)


def test_the_year_view_shows_each_days_state(
    db: Database, director: StaffUser, autumn: tuple[date, date]
) -> None:
    add_closure(db, director, TUE, Session.PM, "INSET")
    year = calendar_year(db, director, 2025)
    assert year.states[date(2025, 9, 2)] is DayState.BREAK
    assert year.states[date(2025, 9, 3)] is DayState.TERM
    assert year.states[date(2025, 9, 6)] is DayState.WEEKEND
    assert year.states[TUE] is DayState.CLOSED_PM
    assert year.states[date(2025, 12, 25)] is DayState.BANK_HOLIDAY
    assert year.states[date(2025, 10, 24)] is DayState.TERM
    assert year.states[date(2025, 10, 27)] is DayState.BREAK
    assert len(year.states) == 365


CSV = "name,start,end\nSpring 1 2026,2026-01-05,2026-02-13\nSpring 2 2026,23/02/2026,2026-03-27\n"


def terms(db: Database) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(Term.name).order_by(Term.start_date)))


def test_a_csv_of_terms_is_added_whole(db: Database, director: StaffUser) -> None:
    preview = preview_terms_file(db, director, "terms.csv", CSV, TODAY)
    assert preview.problems == [] and [r.row for r in preview.terms] == [2, 3]
    assert terms(db) == []  # the preview writes nothing
    import_terms_file(db, director, "terms.csv", CSV, TODAY)
    assert terms(db) == ["Spring 1 2026", "Spring 2 2026"]


def test_one_bad_row_saves_nothing_and_is_named_with_its_field(
    db: Database, director: StaffUser, autumn: tuple[date, date]
) -> None:
    text = CSV + "Autumn again,2025-10-01,2025-10-10\nSummer,2026-04-31,2026-05-20\n"
    preview = preview_terms_file(db, director, "terms.csv", text, TODAY)
    found = {(p.row, p.field) for p in preview.problems}
    assert found == {(5, "start"), (4, "dates")}
    with pytest.raises(ValidationFailed):
        import_terms_file(db, director, "terms.csv", text, TODAY)
    assert terms(db) == ["Autumn 1 2025"]


def test_rows_that_overlap_each_other_are_refused(db: Database, director: StaffUser) -> None:
    text = "name,start,end\nA,2026-01-05,2026-02-13\nB,2026-02-10,2026-03-27\n"
    preview = preview_terms_file(db, director, "t.csv", text, TODAY)
    assert [(p.row, p.field) for p in preview.problems] == [(3, "dates")]


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Spring term\\, first half\r\n"
    "DTSTART;VALUE=DATE:20260105\r\nDTEND;VALUE=DATE:20260214\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nSUMMARY:Spring 2\r\nDTSTART:20260223T000000Z\r\n"
    "DTEND:20260327T170000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_an_icalendar_files_all_day_end_is_the_day_after_the_last(
    db: Database, director: StaffUser
) -> None:
    preview = preview_terms_file(db, director, "la.ics", ICS, TODAY)
    assert preview.problems == []
    assert [(t.name, t.start, t.end) for t in preview.terms] == [
        ("Spring term, first half", date(2026, 1, 5), date(2026, 2, 13)),
        ("Spring 2", date(2026, 2, 23), date(2026, 3, 27)),
    ]


def test_last_years_pattern_moves_to_the_same_weekdays(
    db: Database, director: StaffUser, autumn: tuple[date, date]
) -> None:
    add_term(db, director, "Summer 2 2026", date(2026, 6, 1), date(2026, 7, 22))
    draft = copy_year_draft(db, director, 2025)
    assert [(t.name, t.start, t.end) for t in draft] == [
        ("Autumn 1 2026", date(2026, 9, 2), date(2026, 10, 23)),
        ("Summer 2 2027", date(2027, 5, 31), date(2027, 7, 21)),
    ]
    assert all(t.start.weekday() == 2 for t in draft[:1])
    save_terms(db, director, draft)
    assert len(terms(db)) == 4


def test_a_first_of_september_start_stays_in_its_year(db: Database, director: StaffUser) -> None:
    add_term(db, director, "Autumn 2025", date(2025, 9, 1), date(2025, 12, 19))
    draft = copy_year_draft(db, director, 2025)
    assert (draft[0].start, draft[0].start.weekday()) == (date(2026, 9, 7), 0)
    with pytest.raises(ValidationFailed):
        copy_year_draft(db, director, 2030)
