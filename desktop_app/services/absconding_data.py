"""What the incident services return: plain frozen records the views and the PDFs read."""

from __future__ import annotations

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

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}"


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

    @property
    def label(self) -> str:
        return rules.KINDS.get(self.kind, self.kind)

    @property
    def recorded_later(self) -> bool:
        """Recorded a minute or more after it happened (a time adjusted back)."""
        return self.recorded_at - self.at >= timedelta(minutes=1)

    def summary(self) -> str:
        """The step's particulars in one line, e.g. '999, ref 1234, PC Patel'."""
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

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

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

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def done(self) -> set[str]:
        return rules.done_steps(e.kind for e in self.entries)

    def entries_of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    @property
    def return_interview_due(self) -> datetime | None:
        """72 hours after the return (the found time, else the closing's return time)."""
        back = self.summary.found_at or self.returned_at
        return rules.return_interview_due(back) if back is not None else None


@dataclass(frozen=True, slots=True)
class NewIncident:
    """The start form."""

    learner_id: int
    last_seen_at: datetime
    last_seen_where: str
    seen_by: str
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
