"""What the incident services return: plain frozen records the views and the PDFs read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop_app.domain import absconding as rules


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Minutes after "last seen" at which the timer prompts, then insists on, the police."""

    first: int
    second: int


@dataclass(frozen=True, slots=True)
class LearnerChoice:
    """A learner on roll, for the searchable picker."""

    id: int
    name: str
    upn: str
    group: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.group})" if self.group else self.name


@dataclass(frozen=True, slots=True)
class Phone:
    label: str  # "Mobile", "Landline", "Work"
    number: str  # shown nationally, as dialled


@dataclass(frozen=True, slots=True)
class Contact:
    """An emergency contact, first to ring first."""

    name: str
    relationship: str
    phones: tuple[Phone, ...]
    parental_responsibility: bool
    may_collect: bool
    notes: str


@dataclass(frozen=True, slots=True)
class Place:
    """Somewhere (kind 'place') or someone (kind 'person') the learner may go."""

    kind: str
    name: str
    detail: str


@dataclass(frozen=True, slots=True)
class KnownRisk:
    """A risk from the signed risk assessment, with its score and band (RED/AMBER/GREEN)."""

    risk: str
    score: int
    band: str


@dataclass(frozen=True, slots=True)
class LearnerBrief:
    """Everything staff need about a learner who has left site, on one screen or one page."""

    id: int
    upn: str
    forename: str
    surname: str
    date_of_birth: date
    age: int
    group: str
    commissioner: str
    rating: str | None  # "RED", "AMBER", "GREEN"
    rating_reasons: tuple[str, ...]
    marked_vulnerable: bool
    police_required: bool
    police_reason: str
    description: str
    photo: bytes | None
    risks: tuple[KnownRisk, ...]
    assessment_note: str  # e.g. "No signed risk assessment"
    contacts: tuple[Contact, ...]
    places: tuple[Place, ...]
    #: What the police ask for (migration 0005); social workers from the professionals list.
    home_address: str = ""
    looked_after: bool = False
    placing_authority: str = ""
    social_workers: tuple[str, ...] = ()
    medical_needs: str = ""
    medication: str = ""

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def care_status(self) -> str:
        """'Looked after, placed by Northshire County Council' or 'Not looked after'."""
        if not self.looked_after:
            return "Not looked after"
        placed = self.placing_authority or "placing authority not recorded"
        return f"Looked after, placed by {placed}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the timeline: what happened, when, and who recorded it (and when)."""

    id: int
    kind: str
    at: datetime
    recorded_at: datetime
    staff: str
    detail: str = ""
    level: str = ""
    channel: str = ""
    reference: str = ""
    officer: str = ""
    place: str = ""
    person: str = ""
    condition: str = ""
    field: str = ""
    old_value: str = ""
    new_value: str = ""

    @property
    def label(self) -> str:
        return rules.LABELS.get(self.kind, self.kind)

    @property
    def recorded_later(self) -> bool:
        """Recorded a minute or more after it happened (a time adjusted back)."""
        return self.recorded_at - self.at >= timedelta(minutes=1)

    def summary(self) -> str:
        """The step's particulars in one line, e.g. '999, ref 1234, PC Patel'."""
        if self.kind == rules.CORRECTION:
            return self._correction()
        parts = [
            rules.RISK_LEVELS.get(self.level, self.level),
            self.channel,
            f"ref {self.reference}" if self.reference else "",
            self.officer,
            f"at {self.place}" if self.place else "",
            f"{'by' if self.kind == 'found' else 'to'} {self.person}" if self.person else "",
            self.condition,
            self.detail,
        ]
        return ", ".join(part for part in parts if part)

    def _correction(self) -> str:
        """'Last seen at: 09:58 (was 10:02); reason': the old value stays on the record."""
        label = rules.CORRECTABLE.get(self.field, self.field)
        old, new = _value(self.field, self.old_value), _value(self.field, self.new_value)
        why = f"; {self.detail}" if self.detail else ""
        return f"{label}: {new} (was {old}){why}"


def _value(field: str, text: str) -> str:
    """A corrected value as read: a time last seen in local time, blank as not recorded."""
    if field == "last_seen_at" and text:
        return f"{datetime.fromisoformat(text).astimezone():%d/%m/%Y %H:%M}"
    return rules.shown(text)


@dataclass(frozen=True, slots=True)
class IncidentSummary:
    """An incident as the banner and the list show it; the clock comes from `last_seen_at`."""

    id: int
    learner_id: int
    learner_name: str
    last_seen_at: datetime
    started_at: datetime
    police_required: bool
    first_minutes: int
    second_minutes: int
    found_at: datetime | None
    police_told_at: datetime | None
    closed_at: datetime | None
    opened_in_error: bool = False

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def elapsed_text(self, now: datetime) -> str:
        """'12 min 05 s': the elapsed time as every screen writes it."""
        return rules.format_duration(self.elapsed(now))

    def elapsed(self, now: datetime) -> timedelta:
        """Time since last seen at `now`, stopped when found: the one clock every screen shows."""
        return rules.elapsed(self.last_seen_at, now, self.found_at)

    def stage(self, now: datetime) -> rules.Stage:
        return rules.stage(self.elapsed(now), self.first_minutes, self.second_minutes)

    def prompt(self, now: datetime) -> rules.Prompt:
        return rules.prompt(
            self.police_required,
            self.stage(now),
            self.police_told_at is not None,
            self.found_at is not None,
            self.first_minutes,
            self.second_minutes,
        )

    def police_outstanding(self, now: datetime) -> bool:
        return rules.police_outstanding(
            self.police_required,
            self.stage(now),
            self.police_told_at is not None,
            self.found_at is not None,
        )


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    """An incident in full: the summary, the start form, the closing, the timeline, the learner."""

    summary: IncidentSummary
    provision: str
    last_seen_where: str
    seen_by: str
    direction: str
    description: str
    clothing: str
    police_reason: str
    started_by: str
    closed_by: str
    returned_at: datetime | None
    handed_to_police: bool
    outcome: str
    entries: tuple[Entry, ...]
    learner: LearnerBrief
    opened_in_error: bool = False
    error_reason: str = ""
    skipped_steps: tuple[str, ...] = ()  # kinds not done at closing
    skipped_reason: str = ""

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def back_at(self) -> datetime | None:
        """When the learner was back: the found time, else the closing's return time."""
        return self.summary.found_at or self.returned_at

    def closing_said(self, moment: Callable[[datetime], str]) -> str:
        """How it was closed, as every screen says it once closed (a moment written by
        `moment`): by whom, returned or handed to the police, the outcome, and a return
        interview still owed."""
        if self.opened_in_error:
            return f"Closed as opened in error by {self.closed_by}: {self.error_reason}"
        how = "handed to the police" if self.handed_to_police else "returned"
        text = f"Closed ({how}) by {self.closed_by}. Outcome: {self.outcome}"
        due = self.return_interview_due
        if self.return_interview_owed and due is not None:
            text += f"\nReturn interview owed: to be offered by {moment(due)}."
        return text

    def clock(self, now: datetime) -> datetime:
        """The moment the incident's clock reads: `now` while open; once closed, when the
        learner was back (found or returned), else the closing (opened in error). Every screen
        and paper times "missing for" by it."""
        if self.summary.closed_at is None:
            return now
        return self.back_at or self.summary.closed_at

    @property
    def return_interview_owed(self) -> bool:
        return rules.return_interview_owed(
            self.back_at, bool(self.entries_of("return_interview")), self.opened_in_error
        )

    @property
    def done(self) -> set[str]:
        return rules.done_steps(e.kind for e in self.entries)

    def entries_of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    @property
    def return_interview_due(self) -> datetime | None:
        """72 hours after the return (the found time, else the closing's return time)."""
        back = self.back_at
        return rules.return_interview_due(back) if back is not None else None


@dataclass(frozen=True, slots=True)
class NewIncident:
    """The start form."""

    learner_id: int
    last_seen_at: datetime
    last_seen_where: str = ""  # may be blank at the start: "not recorded yet"
    seen_by: str = ""
    direction: str = ""
    description: str = ""
    clothing: str = ""


@dataclass(frozen=True, slots=True)
class StepInput:
    """One click on the checklist: the step, when it happened, and its particulars."""

    kind: str
    at: datetime
    detail: str = ""
    level: str = ""
    channel: str = ""
    reference: str = ""
    officer: str = ""
    place: str = ""
    person: str = ""
    condition: str = ""


@dataclass(frozen=True, slots=True)
class Closing:
    """The return time, or handed to the police as a missing person; and the outcome."""

    returned_at: datetime | None
    handed_to_police: bool
    outcome: str
    #: Why steps of the protocol were not done (asked for when closing finds some missing).
    skipped_reason: str = ""


@dataclass(frozen=True, slots=True)
class StartCorrection:
    """The DSL's correction of the start form: only the fields given (not None) change."""

    reason: str
    last_seen_at: datetime | None = None
    last_seen_where: str | None = None
    seen_by: str | None = None
