"""The absconding protocol's rules (domain.md, "Absconding"; seed 000, section 7).

The clock runs from the time the learner was last seen. A learner under 16, or vulnerable, who
is not found by the first threshold (10 minutes by default) is reported to the police on 101, or
999 if at immediate risk; by the second threshold (15 minutes) the police must be told. For a
learner of 16 or over who is not vulnerable, calling the police is the DSL's judgement.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop_app.domain.calendar import age_on as age_on  # the rule lives with the dates
from desktop_app.domain.watches import Alert

ADULT_AGE = 16
DEFAULT_FIRST_MINUTES, DEFAULT_SECOND_MINUTES = 10, 15
MIN_MINUTES, MAX_MINUTES = 1, 60
RETURN_INTERVIEW_HOURS = 72
#: A time last seen further back than this is almost certainly a slip of the date.
LONGEST_LOOKBACK = timedelta(hours=24)

#: The protocol's steps in checklist order, with the words staff read.
STEPS: dict[str, str] = {
    "dsl_informed": "DSL informed",
    "risk_assessment": "Dynamic risk assessment",
    "contact_attempt": "Attempt to contact the learner",
    "parent_told": "Parent or carer told",
    "commissioner_told": "Commissioner told",
    "police_told": "Police told",
    "found": "Learner found or returned",
    "debrief": "Debrief held",
    "return_interview": "Return interview offered",
}
NOTE = "note"
KINDS: dict[str, str] = {**STEPS, NOTE: "Note"}
#: A correction of the start form after the start: its own timeline line, never a step.
CORRECTION = "correction"
LABELS: dict[str, str] = {**KINDS, CORRECTION: "Correction"}
#: What the DSL may correct after the start, with the words for each.
CORRECTABLE: dict[str, str] = {
    "last_seen_at": "Last seen at",
    "last_seen_where": "Where last seen",
    "seen_by": "Seen by",
}
#: Shown for "where" and "seen by" left blank at the start (the clock never waits for typing).
NOT_RECORDED = "not recorded yet"
#: The steps closing checks for: parent or carer and commissioner always, police when required.
TOLD_STEPS = ("parent_told", "commissioner_told")
#: Steps that may still be recorded once the incident is closed (with notes).
AFTER_CLOSING = frozenset({"debrief", "return_interview", NOTE})
#: Steps that may be recorded more than once (a second call, a reassessment, another parent).
REPEATABLE = frozenset(
    {"risk_assessment", "contact_attempt", "parent_told", "commissioner_told", "police_told", NOTE}
)
#: Steps that only make sense once the learner is back.
AFTER_RETURN = frozenset({"debrief", "return_interview"})
#: What each step must say, as (field, the problem when it is blank).
REQUIRED: dict[str, tuple[tuple[str, str], ...]] = {
    "risk_assessment": (("level", "Choose the level of risk"),),
    "contact_attempt": (("detail", "Say how you tried to reach the learner and what happened"),),
    "parent_told": (("person", "Say which parent or carer was told"),),
    "commissioner_told": (("person", "Say who at the commissioner was told"),),
    "police_told": (("channel", "Choose 101 or 999"),),
    "found": (
        ("place", "Say where the learner was found"),
        ("person", "Say who found or brought back the learner"),
        ("condition", "Describe the learner's condition"),
    ),
    "debrief": (("detail", "Say what the debrief found"),),
    NOTE: (("detail", "Write the note"),),
}
RISK_LEVELS: dict[str, str] = {"low": "Low", "medium": "Medium", "high": "High"}
POLICE_CHANNELS: dict[str, str] = {"101": "101 (non-emergency)", "999": "999 (immediate risk)"}


class Stage(enum.IntEnum):
    """Where the clock is against the two thresholds."""

    BEFORE = 0
    FIRST = 1
    SECOND = 2


class Tone(enum.StrEnum):
    """How loudly the dialog says it: calm, a prompt to act, or an instruction that stays."""

    INFO = "info"
    WARNING = "warning"
    URGENT = "urgent"


@dataclass(frozen=True, slots=True)
class Prompt:
    tone: Tone
    text: str


def police_required(age: int, vulnerable: bool) -> bool:
    """The protocol's rule: police at the thresholds for a learner under 16 or vulnerable."""
    return age < ADULT_AGE or vulnerable


def police_reason(age: int, rating: str | None, marked_vulnerable: bool) -> str:
    """Why the police must (or need not) be told, in the words kept on the record."""
    reasons = []
    if age < ADULT_AGE:
        reasons.append(f"under {ADULT_AGE} (aged {age})")
    if rating in ("RED", "AMBER"):
        reasons.append(f"vulnerable: RAG rating {rating}")
    if marked_vulnerable:
        reasons.append("marked vulnerable by staff")
    if reasons:
        return "Police required: " + "; ".join(reasons) + "."
    return (
        f"Aged {age} and not vulnerable (RAG {rating or 'not rated'}): "
        "whether to call the police is a judgement call."
    )


def elapsed(last_seen: datetime, now: datetime, stopped: datetime | None = None) -> timedelta:
    """Time since last seen, never negative; it stops when the learner is found."""
    end = min(now, stopped) if stopped is not None else now
    return max(end - last_seen, timedelta(0))


def format_duration(span: timedelta) -> str:
    """A length of time that cannot be read as a time of day: '45 s', '10 min 05 s' under an
    hour, '1 h 05 min' from then on (whole seconds, rounded down). Every screen and paper uses it.
    """
    seconds = max(int(span.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def stage(span: timedelta, first_minutes: int, second_minutes: int) -> Stage:
    """FIRST from exactly the first threshold, SECOND from exactly the second."""
    if span >= timedelta(minutes=second_minutes):
        return Stage.SECOND
    if span >= timedelta(minutes=first_minutes):
        return Stage.FIRST
    return Stage.BEFORE


def progress(span: timedelta, second_minutes: int) -> float:
    """How far the clock is toward the second threshold, 0.0 to 1.0."""
    whole = timedelta(minutes=second_minutes).total_seconds()
    return min(max(span.total_seconds() / whole, 0.0), 1.0) if whole > 0 else 1.0


def threshold_problems(first: int, second: int) -> list[tuple[str, str]]:
    """(field, message) for thresholds outside 1 <= first <= second <= 60."""
    problems = []
    if not MIN_MINUTES <= first <= MAX_MINUTES:
        problems.append(("first", f"must be {MIN_MINUTES} to {MAX_MINUTES} minutes, not {first}"))
    if not MIN_MINUTES <= second <= MAX_MINUTES:
        problems.append(("second", f"must be {MIN_MINUTES} to {MAX_MINUTES} minutes, not {second}"))
    if first > second:
        problems.append(("second", f"must not be earlier than the first ({first} minutes)"))
    return problems


def done_steps(kinds: Iterable[str]) -> set[str]:
    """The checklist steps recorded at least once (notes are not steps)."""
    return {kind for kind in kinds if kind in STEPS}


def step_problem(kind: str, kinds_so_far: Iterable[str], returned: bool = False) -> str | None:
    """Why this step cannot be recorded now, or None. `returned`: the closing gave a return
    time, so the learner is back even without a "found" step."""
    recorded = set(kinds_so_far)
    if kind not in KINDS:
        return f"'{kind}' is not a step of the protocol"
    if kind in recorded and kind not in REPEATABLE:
        return f"'{KINDS[kind]}' is already recorded"
    if kind in AFTER_RETURN and "found" not in recorded and not returned:
        return f"record that the learner is back before '{KINDS[kind]}'"
    return None


def closed_step_problem(kind: str) -> str | None:
    """Why this step cannot be added to a closed incident, or None (the debrief, the return
    interview and notes can)."""
    if kind in AFTER_CLOSING:
        return None
    return "this incident is closed: only the debrief, the return interview and notes can be added"


def shown(text: str) -> str:
    """'Where' or 'seen by' as staff read it: 'not recorded yet' when left blank."""
    return text.strip() or NOT_RECORDED


def skipped_at_closing(done: Iterable[str], police_needed: bool) -> list[str]:
    """The steps of the protocol not on the record when an incident is closed: parent or carer
    and commissioner told, and the police when they were required. Closing then needs a reason."""
    recorded = set(done)
    wanted = [*TOLD_STEPS, *(("police_told",) if police_needed else ())]
    return [kind for kind in wanted if kind not in recorded]


def return_interview_owed(
    returned: datetime | None, interview_recorded: bool, opened_in_error: bool
) -> bool:
    """The learner is back and no return interview is on the record (an incident opened in
    error owes nothing)."""
    return returned is not None and not interview_recorded and not opened_in_error


def correction_problem(
    field: str, new_seen: datetime | None, now: datetime, first_step: datetime | None
) -> str | None:
    """Why a corrected 'last seen' cannot stand, or None: not in the future, not a day back,
    and not after a step already recorded (the clock must start before anything happened)."""
    if field not in CORRECTABLE:
        return f"'{field}' cannot be corrected"
    if new_seen is None:
        return None
    if problem := moment_problem(new_seen, now, None):
        return problem
    if first_step is not None and new_seen > first_step:
        return f"{new_seen.astimezone():%H:%M} is after a step already recorded"
    return None


def moment_problem(at: datetime, now: datetime, last_seen: datetime | None) -> str | None:
    """Why a time given for a step (or for last seen) is not acceptable, or None."""
    if at > now:
        return f"{at.astimezone():%H:%M} is in the future"
    if last_seen is not None and at < last_seen:
        return (
            f"{at.astimezone():%H:%M} is before the learner was last seen "
            f"({last_seen.astimezone():%H:%M})"
        )
    if last_seen is None and now - at > LONGEST_LOOKBACK:
        return "is more than 24 hours ago: check the date"
    return None


def return_interview_due(returned: datetime) -> datetime:
    """The local authority offers the return interview within 72 hours of the return."""
    return returned + timedelta(hours=RETURN_INTERVIEW_HOURS)


def prompt(
    required: bool, current: Stage, police_told: bool, found: bool, first: int, second: int
) -> Prompt:
    """What the timer dialog says about the police at this point."""
    if found:
        return Prompt(Tone.INFO, "The learner is back. Record the debrief, then close.")
    if police_told:
        return Prompt(Tone.INFO, "Police informed. Keep recording every action and contact.")
    if not required:
        return Prompt(
            Tone.WARNING if current else Tone.INFO,
            f"16 or over and not vulnerable: the {first} and {second} minute thresholds are a "
            "judgement call for the DSL. Call 999 at once if they are at immediate risk.",
        )
    if current is Stage.SECOND:
        return Prompt(Tone.URGENT, "Police must be informed now. Call 101, or 999 if at risk.")
    if current is Stage.FIRST:
        return Prompt(
            Tone.WARNING,
            f"{first} minutes: call the police on 101 now, or 999 if the learner is at "
            "immediate risk.",
        )
    return Prompt(
        Tone.INFO,
        f"Under 16 or vulnerable: if not found within {first} minutes, call the police "
        f"(101, or 999 if at immediate risk). By {second} minutes they must be told.",
    )


def police_outstanding(required: bool, current: Stage, police_told: bool, found: bool) -> bool:
    """The second threshold has passed for a learner who needs the police, and no call is on
    the record: the dialog keeps saying so."""
    return required and current is Stage.SECOND and not police_told and not found


RETURN_INTERVIEW_OWED = "return_interview_owed"


def return_interview_alert(upn: str, back: datetime, incident_id: int) -> Alert:
    """The alert that stands while a return interview is owed: from the day the learner came
    back until one is recorded (said to be late after the 72 hours)."""
    due = return_interview_due(back)
    local_due = due.astimezone()
    return Alert(
        back.astimezone().date(),
        RETURN_INTERVIEW_OWED,
        upn,
        f"back after an absconding incident on {back.astimezone():%d %B %Y at %H:%M}: "
        f"return interview owed, to be offered by {local_due:%d %B %Y at %H:%M}",
        key=str(incident_id),
    )
