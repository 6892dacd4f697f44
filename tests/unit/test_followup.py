"""Following up an absence (domain.md, "First-day response and the RAG rating").

Face-to-face contact (a home visit or video call in which the learner is seen) is due on the 1st
day of absence for RED (and every day after), every 3rd day for AMBER and every 5th for GREEN,
restarting after each face-to-face contact. A safe-and-well check is due by the 3rd day while no
one at home has been in touch since the absence began."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pytest

from desktop_app.domain.calendar import Closure, SchoolCalendar
from desktop_app.domain.followup import (
    FACE_TO_FACE_METHODS,
    METHODS,
    OUTCOMES,
    SAFE_AND_WELL_BY_DAY,
    Contact,
    FollowUp,
    check_entry,
    current_absence,
    day_kind,
    follow_up,
    marks_by_day,
)
from desktop_app.domain.rag import Rating
from tests.unit.helpers import AM, PM, d, make_calendar, marks_for

CAL = make_calendar()
START = d("2025-09-03")  # Wednesday, the first day of the autumn term

# Wed 3 to Fri 5 September: present. Then the school days of the following three weeks.
FIRST_WEEK = [d("2025-09-03"), d("2025-09-04"), d("2025-09-05")]
MON, TUE, WED, THU, FRI = (d(f"2025-09-{n:02}") for n in (8, 9, 10, 11, 12))
MON2, TUE2, WED2, THU2, FRI2 = (d(f"2025-09-{n:02}") for n in (15, 16, 17, 18, 19))


def present(days: Iterable[date]) -> dict:
    days = list(days)
    return {**marks_for(days, "/", [AM]), **marks_for(days, "\\", [PM])}


def absent(days: Iterable[date], code: str = "N") -> dict:
    return marks_for(list(days), code)


def register(*parts: dict) -> dict:
    """Present for the first week, then the given marks (later parts win)."""
    marks = present(FIRST_WEEK)
    for part in parts:
        marks.update(part)
    return marks


def run(marks: dict, as_of: date, calendar: SchoolCalendar = CAL, start: date = START):
    return current_absence(calendar.school_days(start, as_of), marks_by_day(marks))


def owed(
    marks: dict,
    as_of: date,
    rating: Rating,
    contacts: Iterable[Contact] = (),
    calendar: SchoolCalendar = CAL,
    start: date = START,
) -> FollowUp | None:
    return follow_up(
        run(marks, as_of, calendar, start), rating, list(contacts), calendar.school_days_after
    )


def seen(day: date, method: str = "home_visit") -> Contact:
    return Contact(day, method, "seen_safe")


# --- What kind of day -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "codes",
    [["N", "N"], ["O", "G"], ["I", "M"], ["N"], ["N", "D"], ["#", "N"], ["I", "Y1"], ["J1", "E"]],
)
def test_a_day_whose_every_possible_mark_is_an_absence_is_an_absence_day(codes: list[str]) -> None:
    assert day_kind(codes) == "absent"


@pytest.mark.parametrize(
    "codes", [["/", "\\"], ["/", "N"], ["N", "\\"], ["L", "N"], ["L", "L"], ["K", "N"], ["B", "O"]]
)
def test_a_day_with_any_attended_mark_is_a_present_day(codes: list[str]) -> None:
    assert day_kind(codes) == "present"


@pytest.mark.parametrize(
    "codes", [[], ["#", "#"], ["D", "D"], ["Y1", "Q"], ["Z", "X"], ["C2", "C2"], ["C2"]]
)
def test_a_day_with_no_chased_marks_is_skipped(codes: list[str]) -> None:
    """Unmarked, not-possible codes only, or a planned part-time timetable (C2): not chased."""
    assert day_kind(codes) == "skip"


def test_a_part_time_learner_present_for_their_timetabled_session_is_present() -> None:
    assert day_kind(["C2", "\\"]) == "present"


def test_a_part_time_learner_absent_from_their_timetabled_session_is_absent() -> None:
    """C2 is not chased, but the N in the session they should have attended is: a part-time
    learner absent from every session they are timetabled for is followed up."""
    assert day_kind(["C2", "N"]) == "absent"


def test_a_learner_who_arrived_after_the_register_closed_was_seen_and_is_not_absent() -> None:
    """U counts as unauthorised absence in statistics, but the learner came in and
    staff saw them (domain.md: U breaks the 10-day run, "the learner came in"). A U day must not
    start or continue an absence that calls for a home visit or a safe-and-well check."""
    assert day_kind(["U", "U"]) == "present"
    marks = register(absent([MON, WED]), marks_for([TUE], "U"))
    assert run(marks, WED) == [WED]


# --- The current absence --------------------------------------------------------------------


def test_the_current_absence_is_the_run_of_absence_days_up_to_the_day_checked() -> None:
    marks = register(absent([MON, TUE, WED]))
    assert run(marks, WED) == [MON, TUE, WED]


def test_a_present_day_ends_an_earlier_absence() -> None:
    marks = register(absent([MON]), present([TUE]), absent([WED, THU]))
    assert run(marks, THU) == [WED, THU]


def test_a_late_mark_breaks_the_run() -> None:
    marks = register(absent([MON]), marks_for([TUE], "L"), absent([WED]))
    assert run(marks, WED) == [WED]


def test_one_late_session_on_an_otherwise_absent_day_breaks_the_run() -> None:
    marks = register(absent([MON, TUE]), {(TUE, AM): "L"}, absent([WED]))
    assert run(marks, WED) == [WED]


def test_a_present_last_day_means_no_absence_is_going_on() -> None:
    marks = register(absent([MON, TUE]), present([WED]))
    assert run(marks, WED) == []
    assert owed(marks, WED, Rating.RED) is None


def test_a_weekend_does_not_break_the_run() -> None:
    marks = register(present([MON, TUE, WED]), absent([THU, FRI, MON2]))
    assert run(marks, MON2) == [THU, FRI, MON2]


def test_half_term_does_not_break_the_run() -> None:
    before = [d("2025-10-20"), d("2025-10-21"), d("2025-10-22")]
    marks = {**present(before), **absent([d("2025-10-23"), d("2025-10-24"), d("2025-11-03")])}
    assert run(marks, d("2025-11-03"), start=d("2025-10-20")) == [
        d("2025-10-23"),
        d("2025-10-24"),
        d("2025-11-03"),
    ]


def test_a_bank_holiday_does_not_break_the_run() -> None:
    """Monday 4 May 2026 is the early May bank holiday, inside the summer term."""
    marks = {**present([d("2026-04-30")]), **absent([d("2026-05-01"), d("2026-05-05")])}
    assert run(marks, d("2026-05-05"), start=d("2026-04-30")) == [d("2026-05-01"), d("2026-05-05")]


def test_a_closure_day_does_not_break_the_run() -> None:
    calendar = make_calendar(Closure(TUE, None, "INSET"))
    marks = register(absent([MON, WED]))
    assert run(marks, WED, calendar) == [MON, WED]


def test_an_unmarked_day_neither_breaks_nor_extends_the_run() -> None:
    marks = register(absent([MON, WED]))
    assert run(marks, WED) == [MON, WED]


def test_today_not_yet_marked_leaves_the_absence_going_on() -> None:
    marks = register(absent([MON, TUE]))
    assert run(marks, WED) == [MON, TUE]


@pytest.mark.parametrize("code", ["#", "D", "Y1", "C2"])
def test_a_day_of_not_chased_marks_neither_breaks_nor_extends_the_run(code: str) -> None:
    marks = register(absent([MON, WED]), marks_for([TUE], code))
    assert run(marks, WED) == [MON, WED]


def test_marks_by_day_gathers_both_sessions_and_gives_nothing_for_an_unmarked_day() -> None:
    by_day = marks_by_day({(MON, AM): "N", (MON, PM): "L", (TUE, AM): "/"})
    assert sorted(by_day(MON)) == ["L", "N"]
    assert by_day(TUE) == ["/"]
    assert by_day(WED) == []


# --- Face-to-face contact: RED every day ----------------------------------------------------


def test_red_face_to_face_is_due_on_the_first_day_of_absence() -> None:
    result = owed(register(absent([MON])), MON, Rating.RED)
    assert result == FollowUp(MON, 1, MON, WED)


def test_red_face_to_face_is_due_again_the_school_day_after_a_visit() -> None:
    result = owed(register(absent([MON])), MON, Rating.RED, [seen(MON)])
    assert result is not None
    assert result.face_to_face_due == TUE


def test_red_face_to_face_after_a_visit_on_friday_is_due_on_monday() -> None:
    marks = register(absent([MON, TUE, WED, THU, FRI]))
    result = owed(marks, FRI, Rating.RED, [seen(FRI)])
    assert result is not None
    assert result.face_to_face_due == MON2


def test_red_face_to_face_missed_after_a_visit_stays_due_from_the_next_absence_day() -> None:
    marks = register(absent([MON, TUE, WED, THU, FRI]))
    result = owed(marks, FRI, Rating.RED, [seen(WED)])
    assert result is not None
    assert result.face_to_face_due == THU


# --- Face-to-face contact: AMBER every 3rd day ----------------------------------------------


def test_amber_face_to_face_is_due_on_the_third_day_of_absence() -> None:
    marks = register(absent([MON, TUE, WED, THU, FRI]))
    result = owed(marks, FRI, Rating.AMBER)
    assert result is not None
    assert result.face_to_face_due == WED
    assert (result.absent_since, result.days_absent) == (MON, 5)


def test_amber_face_to_face_due_date_is_projected_on_the_first_day() -> None:
    result = owed(register(absent([MON])), MON, Rating.AMBER)
    assert result is not None
    assert result.face_to_face_due == WED


def test_amber_projection_skips_the_weekend() -> None:
    marks = register(present([MON, TUE, WED]), absent([THU]))
    result = owed(marks, THU, Rating.AMBER)
    assert result is not None
    assert result.face_to_face_due == MON2


def test_amber_face_to_face_is_due_again_three_absence_days_after_a_visit() -> None:
    marks = register(absent([MON, TUE, WED, THU, FRI]))
    result = owed(marks, FRI, Rating.AMBER, [seen(TUE)])
    assert result is not None
    assert result.face_to_face_due == FRI  # Wed, Thu, Fri after Tuesday's visit


def test_amber_visit_on_the_third_day_moves_the_next_to_three_days_later() -> None:
    marks = register(absent([MON, TUE, WED]))
    result = owed(marks, WED, Rating.AMBER, [seen(WED)])
    assert result is not None
    assert result.face_to_face_due == MON2  # Thu, Fri, Mon


def test_the_latest_visit_restarts_the_count() -> None:
    marks = register(absent([MON, TUE, WED, THU, FRI]))
    result = owed(marks, FRI, Rating.AMBER, [seen(WED), seen(MON)])
    assert result is not None
    assert result.face_to_face_due == MON2


def test_a_video_call_in_which_the_learner_was_seen_counts_as_face_to_face() -> None:
    marks = register(absent([MON, TUE, WED]))
    contact = Contact(TUE, "video_call", "seen_concern")
    result = owed(marks, WED, Rating.AMBER, [contact])
    assert result is not None
    assert result.face_to_face_due == FRI


@pytest.mark.parametrize(
    ("method", "outcome"),
    [
        ("home_visit", "not_seen"),
        ("home_visit", "no_answer"),
        ("video_call", "no_answer"),
        ("phone_call", "spoke"),
        ("text", "replied"),
    ],
)
def test_contact_in_which_the_learner_was_not_seen_is_not_face_to_face(
    method: str, outcome: str
) -> None:
    marks = register(absent([MON, TUE, WED]))
    result = owed(marks, WED, Rating.AMBER, [Contact(TUE, method, outcome)])
    assert result is not None
    assert result.face_to_face_due == WED


def test_a_visit_before_the_absence_began_does_not_count() -> None:
    marks = register(absent([MON, TUE, WED]))
    result = owed(marks, WED, Rating.AMBER, [seen(FIRST_WEEK[-1])])
    assert result is not None
    assert result.face_to_face_due == WED


def test_a_visit_on_the_first_day_of_absence_counts() -> None:
    marks = register(absent([MON, TUE, WED]))
    result = owed(marks, WED, Rating.AMBER, [seen(MON)])
    assert result is not None
    assert result.face_to_face_due == THU


# --- Face-to-face contact: GREEN every 5th day ----------------------------------------------


def test_green_face_to_face_is_due_on_the_fifth_day_of_absence() -> None:
    marks = register(absent([MON, TUE, WED, THU, FRI, MON2]))
    result = owed(marks, MON2, Rating.GREEN)
    assert result is not None
    assert result.face_to_face_due == FRI


def test_green_projection_from_a_wednesday_reaches_the_next_tuesday() -> None:
    marks = register(present([MON, TUE]), absent([WED]))
    result = owed(marks, WED, Rating.GREEN)
    assert result is not None
    assert result.face_to_face_due == TUE2  # Wed, Thu, Fri, Mon, Tue


def test_green_projection_counts_on_from_the_last_day_of_a_longer_absence() -> None:
    marks = register(absent([MON, TUE]))
    result = owed(marks, TUE, Rating.GREEN)
    assert result is not None
    assert (result.face_to_face_due, result.safe_and_well_due) == (FRI, WED)


def test_when_the_calendar_ends_the_due_day_is_the_last_absence_day_not_never() -> None:
    """21 and 22 July 2026 are the last school days the calendar knows."""
    last_days = [d("2026-07-20"), d("2026-07-21"), d("2026-07-22")]
    marks = {**present(last_days[:1]), **absent(last_days[1:])}
    result = owed(marks, last_days[-1], Rating.GREEN, start=last_days[0])
    assert result is not None
    assert (result.face_to_face_due, result.safe_and_well_due) == (last_days[-1], last_days[-1])


def test_green_face_to_face_is_due_again_five_absence_days_after_a_visit() -> None:
    marks = register(absent([MON, TUE, WED, THU, FRI]))
    result = owed(marks, FRI, Rating.GREEN, [seen(FRI)])
    assert result is not None
    assert result.face_to_face_due == FRI2


# --- Safe-and-well check --------------------------------------------------------------------


def test_the_safe_and_well_check_is_due_by_the_third_day_of_absence() -> None:
    assert SAFE_AND_WELL_BY_DAY == 3
    marks = register(present([MON, TUE, WED]), absent([THU]))
    result = owed(marks, THU, Rating.GREEN)
    assert result is not None
    assert result.safe_and_well_due == MON2  # Thu, Fri, Mon


@pytest.mark.parametrize("rating", list(Rating))
def test_the_safe_and_well_check_is_due_on_day_three_whatever_the_rating(rating: Rating) -> None:
    marks = register(absent([MON, TUE, WED, THU]))
    result = owed(marks, THU, rating)
    assert result is not None
    assert result.safe_and_well_due == WED


@pytest.mark.parametrize(
    ("method", "outcome"),
    [
        ("phone_call", "spoke"),
        ("text", "replied"),
        ("email", "replied"),
        ("home_visit", "seen_safe"),
        ("video_call", "seen_concern"),
    ],
)
def test_any_contact_from_home_since_the_absence_began_clears_the_safe_and_well_check(
    method: str, outcome: str
) -> None:
    marks = register(absent([MON, TUE, WED, THU]))
    result = owed(marks, THU, Rating.GREEN, [Contact(TUE, method, outcome)])
    assert result is not None
    assert result.safe_and_well_due is None


def test_contact_from_home_on_the_first_day_clears_the_check() -> None:
    marks = register(absent([MON, TUE]))
    result = owed(marks, TUE, Rating.GREEN, [Contact(MON, "phone_call", "spoke")])
    assert result is not None
    assert result.safe_and_well_due is None


@pytest.mark.parametrize(
    ("method", "outcome"),
    [
        ("phone_call", "no_answer"),
        ("phone_call", "message_left"),
        ("text", "no_answer"),
        ("home_visit", "not_seen"),
        ("home_visit", "message_left"),
    ],
)
def test_attempts_that_reach_nobody_do_not_clear_the_safe_and_well_check(
    method: str, outcome: str
) -> None:
    marks = register(absent([MON, TUE, WED]))
    result = owed(marks, WED, Rating.GREEN, [Contact(TUE, method, outcome)])
    assert result is not None
    assert result.safe_and_well_due == WED


def test_contact_from_home_before_the_absence_began_does_not_clear_the_check() -> None:
    marks = register(absent([MON, TUE, WED]))
    contact = Contact(FIRST_WEEK[-1], "phone_call", "spoke")
    result = owed(marks, WED, Rating.GREEN, [contact])
    assert result is not None
    assert result.safe_and_well_due == WED


def test_contact_from_home_does_not_count_as_face_to_face() -> None:
    marks = register(absent([MON, TUE, WED]))
    result = owed(marks, WED, Rating.AMBER, [Contact(MON, "phone_call", "spoke")])
    assert result is not None
    assert (result.face_to_face_due, result.safe_and_well_due) == (WED, None)


# --- The contact log's vocabulary -----------------------------------------------------------


def test_face_to_face_methods_are_home_visits_and_video_calls() -> None:
    assert frozenset({"home_visit", "video_call"}) == FACE_TO_FACE_METHODS
    assert set(METHODS) == {"phone_call", "text", "email", "home_visit", "video_call"}


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("outcome", ["seen_safe", "seen_concern", "not_seen"])
def test_seen_or_not_seen_needs_a_home_visit_or_a_video_call(method: str, outcome: str) -> None:
    problem = check_entry(method, outcome)
    if method in ("home_visit", "video_call"):
        assert problem is None
    else:
        assert problem == f"'{OUTCOMES[outcome]}' needs a home visit or a video call"


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("outcome", ["spoke", "replied", "no_answer", "message_left"])
def test_other_outcomes_go_with_any_method(method: str, outcome: str) -> None:
    assert check_entry(method, outcome) is None


def test_an_unknown_method_is_refused() -> None:
    assert check_entry("fax", "spoke") == "'fax' is not a way of making contact"


def test_an_unknown_outcome_is_refused() -> None:
    assert check_entry("phone_call", "fine") == "'fine' is not an outcome"


def test_a_contact_is_face_to_face_only_if_the_method_and_outcome_both_say_so() -> None:
    assert Contact(MON, "home_visit", "seen_safe").face_to_face is True
    assert Contact(MON, "video_call", "seen_concern").face_to_face is True
    assert Contact(MON, "home_visit", "not_seen").face_to_face is False
    assert Contact(MON, "phone_call", "seen_safe").face_to_face is False


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("spoke", True),
        ("replied", True),
        ("seen_safe", True),
        ("seen_concern", True),
        ("no_answer", False),
        ("message_left", False),
        ("not_seen", False),
    ],
)
def test_which_outcomes_are_contact_from_home(outcome: str, expected: bool) -> None:
    assert Contact(MON, "home_visit", outcome).from_home is expected


# --- Planned or explained absence (domain.md; seed 001 §8.1) --------------------------------


def owed_planned(
    marks: dict,
    as_of: date,
    rating: Rating,
    contacts: Iterable[Contact] = (),
    planned: Iterable[date] = (),
    reasoned: Iterable[date] = (),
) -> FollowUp | None:
    return follow_up(
        run(marks, as_of),
        rating,
        list(contacts),
        CAL.school_days_after,
        planned=frozenset(planned),
        reasoned=frozenset(reasoned),
    )


def test_leave_marked_before_the_sessions_is_not_chased_as_unexplained() -> None:
    """RED, on approved leave (M entered ahead) Mon to Wed: no visit on day 1, no safe-and-well."""
    marks = register(absent([MON, TUE, WED], "M"))
    result = owed_planned(marks, WED, Rating.RED, planned=[MON, TUE, WED])
    assert result is not None
    assert result.explained
    assert result.safe_and_well_due is None
    assert result.face_to_face_due == FRI  # the 5th day of the absence, ahead of Wednesday


def test_a_planned_absence_of_five_school_days_gets_a_home_visit_on_the_fifth() -> None:
    days = [MON, TUE, WED, THU, FRI]
    result = owed_planned(register(absent(days, "M")), FRI, Rating.GREEN, planned=days)
    assert result is not None and result.explained
    assert result.face_to_face_due == FRI
    four = owed_planned(register(absent(days[:4], "M")), THU, Rating.GREEN, planned=days[:4])
    assert four is not None and four.face_to_face_due > THU  # day 4: not yet due


def test_home_giving_the_reason_on_day_one_makes_the_absence_explained() -> None:
    marks = register(absent([MON, TUE, WED], "I"))
    called = [Contact(MON, "phone_call", "spoke")]
    result = owed_planned(marks, WED, Rating.RED, called, reasoned=[MON, TUE, WED])
    assert result is not None and result.explained
    assert (result.face_to_face_due, result.safe_and_well_due) == (FRI, None)


def test_home_in_touch_on_day_one_without_a_reason_is_still_unexplained() -> None:
    """The family answered but the mark is still N: no reason given, so the cadence runs."""
    marks = register(absent([MON, TUE, WED]))
    result = owed_planned(marks, WED, Rating.RED, [Contact(MON, "phone_call", "spoke")])
    assert result is not None and not result.explained
    assert result.face_to_face_due == MON


def test_a_reason_given_only_on_day_two_does_not_explain_the_absence() -> None:
    marks = register(absent([MON, TUE, WED], "I"))
    called = [Contact(TUE, "phone_call", "spoke")]
    result = owed_planned(marks, WED, Rating.RED, called, reasoned=[MON, TUE, WED])
    assert result is not None and not result.explained


def test_unplanned_days_after_planned_leave_start_the_cadence_on_the_first_of_them() -> None:
    """Leave Mon and Tue, then absent with no word on Wed: RED, a visit is due on Wed."""
    marks = register(absent([MON, TUE], "M"), absent([WED]))
    result = owed_planned(marks, WED, Rating.RED, planned=[MON, TUE])
    assert result is not None and not result.explained
    assert (result.absent_since, result.days_absent) == (WED, 1)
    assert result.face_to_face_due == WED
    assert result.safe_and_well_due == FRI
