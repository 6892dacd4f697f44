"""The absconding rules: the clock, the thresholds, who needs the police, and each step's checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from desktop_app.domain import absconding as rules
from desktop_app.domain.absconding import Stage, Tone

SEEN = datetime(2025, 9, 8, 10, 0, tzinfo=UTC)


def test_age_turns_sixteen_on_the_birthday_not_the_day_after() -> None:
    born = date(2009, 9, 8)
    assert rules.age_on(born, date(2025, 9, 7)) == 15
    assert rules.age_on(born, date(2025, 9, 8)) == 16


def test_leap_day_birthday_counts_from_the_first_of_march() -> None:
    assert rules.age_on(date(2008, 2, 29), date(2024, 2, 28)) == 15
    assert rules.age_on(date(2008, 2, 29), date(2024, 3, 1)) == 16


@pytest.mark.parametrize(
    ("age", "vulnerable", "required"),
    [(15, False, True), (16, False, False), (16, True, True), (17, True, True), (11, True, True)],
)
def test_police_needed_under_sixteen_or_vulnerable(
    age: int, vulnerable: bool, required: bool
) -> None:
    assert rules.police_required(age, vulnerable) is required


def test_reason_names_every_ground_or_says_judgement_call() -> None:
    assert rules.police_reason(14, "AMBER", True) == (
        "Police required: under 16 (aged 14); vulnerable: RAG rating AMBER; "
        "marked vulnerable by staff."
    )
    assert "judgement call" in rules.police_reason(16, "GREEN", False)
    assert rules.police_reason(16, "GREEN", False).startswith("Aged 16")


def test_elapsed_runs_from_last_seen_and_stops_when_found() -> None:
    now = SEEN + timedelta(minutes=12)
    assert rules.elapsed(SEEN, now) == timedelta(minutes=12)
    assert rules.elapsed(SEEN, now, stopped=SEEN + timedelta(minutes=7)) == timedelta(minutes=7)
    assert rules.elapsed(SEEN, SEEN - timedelta(minutes=1)) == timedelta(0)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0 s"), (59.9, "59 s"), (60, "1 min 00 s"), (599, "9 min 59 s"), (650, "10 min 50 s"),
     (3599, "59 min 59 s"), (3600, "1 h 00 min"), (3900, "1 h 05 min"),
     (3600 * 26 + 61, "26 h 01 min")],
)  # fmt: skip
def test_durations_never_read_as_a_time_of_day(seconds: float, shown: str) -> None:
    """Issue 11.5: '10:50' on the bar looked like ten to eleven."""
    assert rules.format_duration(timedelta(seconds=seconds)) == shown


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(599, Stage.BEFORE), (600, Stage.FIRST), (899, Stage.FIRST), (900, Stage.SECOND)],
)
def test_thresholds_start_at_exactly_ten_and_fifteen_minutes(seconds: int, expected: Stage) -> None:
    assert rules.stage(timedelta(seconds=seconds), 10, 15) is expected


def test_equal_thresholds_go_straight_to_the_second() -> None:
    assert rules.stage(timedelta(minutes=12), 12, 12) is Stage.SECOND


def test_progress_toward_the_second_threshold() -> None:
    assert rules.progress(timedelta(minutes=0), 15) == 0.0
    assert rules.progress(timedelta(minutes=7, seconds=30), 15) == 0.5
    assert rules.progress(timedelta(minutes=40), 15) == 1.0


@pytest.mark.parametrize(
    ("first", "second", "fields"),
    [(10, 15, []), (1, 1, []), (60, 60, []), (0, 15, ["first"]), (10, 61, ["second"]),
     (16, 15, ["second"]), (61, 0, ["first", "second", "second"])],
)  # fmt: skip
def test_thresholds_must_be_one_to_sixty_and_in_order(
    first: int, second: int, fields: list[str]
) -> None:
    assert [field for field, _ in rules.threshold_problems(first, second)] == fields


def test_once_only_steps_and_steps_after_the_return() -> None:
    assert rules.step_problem("dsl_informed", []) is None
    assert rules.step_problem("dsl_informed", ["dsl_informed"]) is not None
    assert rules.step_problem("contact_attempt", ["contact_attempt"]) is None
    assert rules.step_problem("debrief", ["dsl_informed"]) is not None
    assert rules.step_problem("debrief", ["found"]) is None
    assert rules.step_problem("lunch", []) is not None


def test_done_steps_ignore_notes() -> None:
    assert rules.done_steps(["note", "found", "found"]) == {"found"}


def test_times_must_not_be_in_the_future_nor_before_last_seen() -> None:
    now = SEEN + timedelta(minutes=20)
    assert rules.moment_problem(now, now, SEEN) is None
    assert rules.moment_problem(SEEN, now, SEEN) is None
    assert "future" in (rules.moment_problem(now + timedelta(seconds=1), now, SEEN) or "")
    assert "before" in (rules.moment_problem(SEEN - timedelta(seconds=1), now, SEEN) or "")
    assert rules.moment_problem(now - timedelta(hours=24), now, None) is None
    assert "24 hours" in (rules.moment_problem(now - timedelta(hours=25), now, None) or "")


def test_return_interview_is_due_within_seventy_two_hours() -> None:
    assert rules.return_interview_due(SEEN) == SEEN + timedelta(days=3)


def test_prompt_for_a_learner_who_needs_the_police() -> None:
    def say(stage: Stage, told: bool = False, found: bool = False) -> rules.Prompt:
        return rules.prompt(True, stage, told, found, 10, 15)

    assert say(Stage.BEFORE).tone is Tone.INFO
    assert "101" in say(Stage.FIRST).text and "999" in say(Stage.FIRST).text
    assert say(Stage.FIRST).tone is Tone.WARNING
    assert say(Stage.SECOND).text.startswith("Police must be informed now")
    assert say(Stage.SECOND).tone is Tone.URGENT
    assert say(Stage.SECOND, told=True).tone is Tone.INFO
    assert "back" in say(Stage.SECOND, found=True).text


def test_prompt_for_sixteen_and_not_vulnerable_is_a_judgement_call() -> None:
    for stage in Stage:
        assert "judgement call" in rules.prompt(False, stage, False, False, 10, 15).text
    assert not rules.police_outstanding(False, Stage.SECOND, False, False)


def test_police_outstanding_from_the_second_threshold_until_the_call() -> None:
    assert not rules.police_outstanding(True, Stage.FIRST, False, False)
    assert rules.police_outstanding(True, Stage.SECOND, False, False)
    assert not rules.police_outstanding(True, Stage.SECOND, True, False)
    assert not rules.police_outstanding(True, Stage.SECOND, False, True)


@pytest.mark.parametrize(
    ("done", "police", "skipped"),
    [
        (set(), True, ["parent_told", "commissioner_told", "police_told"]),
        (set(), False, ["parent_told", "commissioner_told"]),
        ({"parent_told", "commissioner_told"}, False, []),
        ({"parent_told", "commissioner_told"}, True, ["police_told"]),
        ({"parent_told", "commissioner_told", "police_told"}, True, []),
    ],
)
def test_closing_finds_the_told_steps_not_done(
    done: set[str], police: bool, skipped: list[str]
) -> None:
    assert rules.skipped_at_closing(done, police) == skipped


def test_return_interview_is_owed_once_back_until_recorded_never_for_an_error() -> None:
    back = SEEN + timedelta(minutes=30)
    assert rules.return_interview_owed(back, False, False)
    assert not rules.return_interview_owed(back, True, False)
    assert not rules.return_interview_owed(back, False, True)
    assert not rules.return_interview_owed(None, False, False)
    alert = rules.return_interview_alert("E820300000001", back, 7)
    assert alert.kind == "return_interview_owed" and alert.key == "7"
    due = (back + timedelta(hours=72)).astimezone()
    assert f"{due:%d %B %Y at %H:%M}" in alert.detail


def test_debrief_after_closing_needs_the_learner_back_by_found_or_return_time() -> None:
    assert rules.step_problem("debrief", ["dsl_informed"]) is not None
    assert rules.step_problem("debrief", ["dsl_informed"], returned=True) is None
    assert rules.closed_step_problem("debrief") is None
    assert rules.closed_step_problem("return_interview") is None
    assert rules.closed_step_problem(rules.NOTE) is None
    assert rules.closed_step_problem("police_told") is not None


def test_blank_where_and_seen_by_read_not_recorded_yet() -> None:
    assert rules.shown("  ") == "not recorded yet"
    assert rules.shown(" Back gate ") == "Back gate"


def test_a_corrected_last_seen_cannot_be_after_a_recorded_step_or_in_the_future() -> None:
    now = SEEN + timedelta(minutes=20)
    step = SEEN + timedelta(minutes=5)
    assert rules.correction_problem("last_seen_at", SEEN - timedelta(minutes=3), now, step) is None
    assert rules.correction_problem("last_seen_at", step + timedelta(minutes=1), now, step)
    assert rules.correction_problem("last_seen_at", now + timedelta(minutes=1), now, None)
    assert rules.correction_problem("seen_by", None, now, step) is None
    assert rules.correction_problem("learner_id", None, now, step)
