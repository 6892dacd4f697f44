"""The one mark rule, at each of its boundaries: session start and close, roll dates, calendar."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from desktop_app.domain.calendar import Closure, SchoolCalendar, Term
from desktop_app.domain.codes import Session
from desktop_app.domain.mark_rule import (
    Existing,
    Outcome,
    Proposal,
    Roll,
    SessionDay,
    judge_mark,
    may_plan,
    session_day,
)
from desktop_app.domain.sessions import DEFAULT_TIMES

MON = date(2025, 9, 8)
AM, PM = Session.AM, Session.PM
ON_ROLL = Roll(date(2025, 9, 3), None, "Ann")
OPEN = SessionDay(True)


def at(hh: int, mm: int, day: date = MON) -> datetime:
    return datetime.combine(day, time(hh, mm))


def judge(
    code: str,
    session: Session = AM,
    now: datetime | None = None,
    *,
    day: date = MON,
    minutes: int | None = None,
    roll: Roll = ON_ROLL,
    place: SessionDay = OPEN,
    existing: Existing | None = None,
    may_amend: bool = False,
    reason: str | None = None,
) -> tuple[Outcome, str]:
    verdict = judge_mark(
        Proposal(code, day, session, minutes),
        times=DEFAULT_TIMES[session],
        now=now or at(14, 0),
        roll=roll,
        place=place,
        existing=existing,
        may_amend=may_amend,
        reason=reason,
    )
    return verdict.outcome, verdict.message


# --- the code and the session ---------------------------------------------------------------


def test_a_present_mark_must_match_its_session() -> None:
    assert judge("/", AM)[0] is Outcome.OK
    assert judge("\\", PM)[0] is Outcome.OK
    outcome, why = judge("\\", AM)
    assert outcome is Outcome.REFUSED and "afternoon present mark" in why
    outcome, why = judge("/", PM)
    assert outcome is Outcome.REFUSED and "morning present mark" in why


def test_codes_are_normalised_and_retired_codes_refused() -> None:
    verdict = judge_mark(
        Proposal(" m ", MON, AM),
        times=DEFAULT_TIMES[AM],
        now=at(14, 0),
        roll=ON_ROLL,
        place=OPEN,
    )
    assert (verdict.outcome, verdict.code) == (Outcome.OK, "M")
    outcome, why = judge("H")
    assert outcome is Outcome.REFUSED and "retired" in why


# --- session start: only planned codes ahead ------------------------------------------------


def test_present_is_refused_a_minute_before_the_session_starts_and_accepted_at_the_start() -> None:
    outcome, why = judge("\\", PM, at(12, 44))
    assert outcome is Outcome.REFUSED and "cannot be recorded ahead" in why and "12:45" in why
    assert judge("\\", PM, at(12, 45))[0] is Outcome.OK


def test_at_nine_past_nine_the_afternoon_present_mark_is_refused() -> None:
    """Issue 11 point 6: Space on today's PM cell at 09:06."""
    assert judge("\\", PM, at(9, 6))[0] is Outcome.REFUSED


@pytest.mark.parametrize("code", ["N", "O", "I", "L", "U", "G", "B"])
def test_absence_and_attendance_marks_wait_for_the_session(code: str) -> None:
    assert judge(code, PM, at(9, 6))[0] is Outcome.REFUSED


@pytest.mark.parametrize("code", ["D", "C2", "M", "J1", "C", "S", "X"])
def test_planned_codes_may_be_entered_ahead(code: str) -> None:
    assert may_plan(code)
    assert judge(code, PM, at(9, 6))[0] is Outcome.OK
    assert judge(code, AM, at(9, 6), day=date(2025, 9, 12))[0] is Outcome.OK


def test_absence_is_refused_for_a_later_day_even_late_in_the_evening() -> None:
    assert judge("I", AM, at(23, 59), day=date(2025, 9, 9))[0] is Outcome.REFUSED


# --- closures: '#' only for closures ---------------------------------------------------------


def test_hash_is_refused_on_an_open_session() -> None:
    outcome, why = judge("#")
    assert outcome is Outcome.REFUSED and "planned closures only" in why


def test_a_closed_session_takes_only_hash() -> None:
    inset = SessionDay(True, "INSET day")
    outcome, why = judge("/", place=inset)
    assert outcome is Outcome.REFUSED and "INSET day" in why
    assert judge("#", place=inset)[0] is Outcome.OK


def test_a_day_outside_the_terms_is_refused() -> None:
    outcome, why = judge("/", place=SessionDay(False))
    assert outcome is Outcome.REFUSED and "outside every term" in why


def test_session_day_reads_the_calendar() -> None:
    calendar = SchoolCalendar.build(
        [Term("Autumn", date(2025, 9, 3), date(2025, 12, 19))],
        [Closure(date(2025, 9, 12), Session.PM, "INSET")],
    )
    assert session_day(calendar, MON, AM) == SessionDay(True)
    assert session_day(calendar, date(2025, 9, 12), PM) == SessionDay(True, "INSET")
    assert session_day(calendar, date(2025, 9, 13), AM) == SessionDay(False)
    assert session_day(calendar, date(2025, 9, 2), AM) == SessionDay(False)


# --- the roll: Z before the start date, nothing after leaving --------------------------------


def test_the_start_date_is_the_first_day_a_mark_other_than_z_is_taken() -> None:
    roll = Roll(MON, None, "Ben")
    assert judge("/", roll=roll)[0] is Outcome.OK
    outcome, why = judge("Z", roll=roll)
    assert outcome is Outcome.REFUSED and "before the start date" in why
    sunday_before = Roll(date(2025, 9, 9), None, "Ben")
    outcome, why = judge("/", roll=sunday_before)
    assert outcome is Outcome.REFUSED and "before Ben's start date 2025-09-09; only Z" in why
    assert judge("Z", roll=sunday_before)[0] is Outcome.OK


def test_the_leaving_date_is_the_last_day_on_roll() -> None:
    assert judge("/", roll=Roll(date(2025, 9, 1), MON, "Cat"))[0] is Outcome.OK
    outcome, why = judge("/", roll=Roll(date(2025, 9, 1), date(2025, 9, 5), "Cat"))
    assert outcome is Outcome.REFUSED and "after Cat's leaving date 2025-09-05" in why


# --- minutes late -----------------------------------------------------------------------------


def test_minutes_late_only_go_with_l_or_u() -> None:
    outcome, why = judge("/", minutes=5)
    assert outcome is Outcome.REFUSED and "only go with L or U" in why


def test_l_is_for_arrivals_before_the_register_closes() -> None:
    assert judge("L", minutes=1)[0] is Outcome.OK
    assert judge("L", minutes=29)[0] is Outcome.OK
    outcome, why = judge("L", minutes=30)  # 09:30: the register has closed
    assert outcome is Outcome.REFUSED and "is U" in why
    assert judge("L", minutes=0)[0] is Outcome.REFUSED


def test_u_is_for_arrivals_after_the_register_closes() -> None:
    assert judge("U", minutes=30)[0] is Outcome.OK
    outcome, why = judge("U", minutes=29)
    assert outcome is Outcome.REFUSED and "is L" in why
    assert judge("U", minutes=241)[0] is Outcome.REFUSED


def test_late_marks_without_minutes_are_still_accepted() -> None:
    assert judge("L")[0] is Outcome.OK


# --- the closed register: amendments ---------------------------------------------------------


def test_a_change_a_minute_before_close_is_a_correction() -> None:
    verdict = judge_mark(
        Proposal("I", MON, AM),
        times=DEFAULT_TIMES[AM],
        now=at(9, 29),
        roll=ON_ROLL,
        place=OPEN,
        existing=Existing("N"),
    )
    assert (verdict.outcome, verdict.amendment) == (Outcome.OK, False)


def test_at_close_a_change_needs_the_right_and_a_reason() -> None:
    existing = Existing("N")
    outcome, why = judge("I", now=at(9, 30), existing=existing)
    assert outcome is Outcome.REFUSED and "ask the attendance officer" in why
    outcome, _ = judge("I", now=at(9, 30), existing=existing, may_amend=True)
    assert outcome is Outcome.NEEDS_REASON
    outcome, _ = judge("I", now=at(9, 30), existing=existing, may_amend=True, reason="  ")
    assert outcome is Outcome.NEEDS_REASON
    verdict = judge_mark(
        Proposal("I", MON, AM),
        times=DEFAULT_TIMES[AM],
        now=at(9, 30),
        roll=ON_ROLL,
        place=OPEN,
        existing=existing,
        may_amend=True,
        reason="GP note",
    )
    assert (verdict.outcome, verdict.amendment) == (Outcome.OK, True)


def test_a_first_mark_after_close_needs_no_reason() -> None:
    assert judge("N", now=at(11, 0))[0] is Outcome.OK


def test_the_same_mark_again_is_unchanged_even_after_close() -> None:
    verdict = judge_mark(
        Proposal("L", MON, AM, 10),
        times=DEFAULT_TIMES[AM],
        now=at(15, 0),
        roll=ON_ROLL,
        place=OPEN,
        existing=Existing("L", 10),
    )
    assert (verdict.outcome, verdict.unchanged) == (Outcome.OK, True)
    outcome, _ = judge("L", now=at(15, 0), minutes=12, existing=Existing("L", 10))
    assert outcome is Outcome.REFUSED  # changing the minutes is an amendment too
