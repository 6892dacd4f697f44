"""What a risk assessment holds, as the form and the service pass it, and the checks on it
that need no database: content problems, completeness, and the review-date default."""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, TypeVar

from desktop_app.domain import risk
from desktop_app.domain.rag import Rating
from desktop_app.services.errors import Problem, ServiceError

#: A new version is due for review this many calendar months after it is written.
REVIEW_MONTHS = 3
#: Longest text the columns hold (the same on every database).


#: Longest text the columns hold (the same on every database).
LIMITS = {"compiled_by": 200, "agency": 100, "name": 200, "staff_lead": 200}


class Status(enum.StrEnum):
    DRAFT = "draft"
    IN_FORCE = "in force"
    SUPERSEDED = "superseded"


class ReadOnly(ServiceError):
    """The version has been signed by the DSL: nothing on it can change."""


@dataclass(frozen=True, slots=True)
class AgencyEntry:
    """An agency or professional involved, with the person's name and contact details."""

    agency: str
    name: str = ""
    contact: str = ""


@dataclass(frozen=True, slots=True)
class RiskEntry:
    """One identified risk; likelihood and frequency are None until chosen."""

    risk: str
    likelihood: int | None = None
    frequency: int | None = None
    actions: str = ""
    staff_lead: str = ""
    escalation: str = ""

    @property
    def score(self) -> int | None:
        """Likelihood x frequency, or None until both are chosen (1 to 5)."""
        if self.likelihood in risk.LIKELIHOOD and self.frequency in risk.FREQUENCY:
            assert self.likelihood is not None and self.frequency is not None
            return risk.score(self.likelihood, self.frequency)
        return None

    @property
    def band(self) -> Rating | None:
        value = self.score
        return None if value is None else risk.band(value)


@dataclass(frozen=True, slots=True)
class AssessmentContent:
    """Everything a person writes on the form: what `save_assessment` takes."""

    date_written: date
    compiled_by: str
    review_date: date
    task_analysis: str = ""
    concerns: str = ""
    next_steps: str = ""
    agencies: tuple[AgencyEntry, ...] = ()
    risks: tuple[RiskEntry, ...] = ()
    reviewed_by_directors: bool = False
    shared_with_agencies: bool = False
    approved_by_dsl: bool = False
    staff_aware: bool = False

    @property
    def checks(self) -> dict[str, bool]:
        """The four summary checks by key (as in `risk.CHECKS`)."""
        return {key: bool(getattr(self, key)) for key in risk.CHECKS}

    def without_checks(self) -> tuple[object, ...]:
        """The written content, leaving out the checks: what the writer's signature covers."""
        return tuple(getattr(self, f.name) for f in fields(self) if f.name not in risk.CHECKS)


@dataclass(frozen=True, slots=True)
class Signature:
    name: str
    on: date


@dataclass(frozen=True, slots=True)
class VersionSummary:
    """One line of a learner's list of versions."""

    id: int
    version: int
    date_written: date
    compiled_by: str
    review_date: date
    dsl_signed_on: date | None
    dsl_signature: str
    status: Status
    overdue: bool


@dataclass(frozen=True, slots=True)
class Assessment:
    """One version in full: the header, the content, the signatures and where it stands."""

    id: int
    learner_id: int
    learner_name: str
    version: int
    content: AssessmentContent
    writer: Signature | None
    dsl: Signature | None
    status: Status
    overdue: bool
    #: Set when saving cleared the writer's signature because the content changed.
    writer_signature_cleared: bool = field(default=False, compare=False)
    #: The record's row_version when read: a save passes it back (a stale one is refused).
    row_version: int = field(default=0, compare=False)

    @property
    def editable(self) -> bool:
        """A draft can be changed; a version the DSL has signed never can."""
        return self.dsl is None


# --- reading -------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def default_review_date(written: date) -> date:
    return add_months(written, REVIEW_MONTHS)


Entry = TypeVar("Entry", AgencyEntry, RiskEntry, AssessmentContent)


def _blank(entry: AgencyEntry | RiskEntry) -> bool:
    values = [getattr(entry, f.name) for f in fields(entry)]
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _trimmed(entry: Entry) -> Entry:
    """The entry with spaces trimmed from both ends of every piece of text."""
    texts: dict[str, Any] = {}
    for f in fields(entry):
        value = getattr(entry, f.name)
        if isinstance(value, str):
            texts[f.name] = value.strip()
    return replace(entry, **texts)


def _too_long(
    number: int | None, entry: AgencyEntry | RiskEntry | AssessmentContent
) -> list[Problem]:
    found = []
    for key, limit in LIMITS.items():
        value = getattr(entry, key, "")
        if len(value.strip()) > limit:
            words = f"{key.replace('_', ' ')} must be at most {limit} characters"
            where = "Risk" if isinstance(entry, RiskEntry) else "Agency"
            message = f"{where} {number}: the {words}" if number else words.capitalize()
            found.append(Problem(message, field=key, row=number))
    return found


def _risk_problems(number: int, entry: RiskEntry) -> list[Problem]:
    found = []
    if not entry.risk.strip():
        found.append(Problem(f"Risk {number}: describe the risk", field="risk", row=number))
    if entry.likelihood not in risk.LIKELIHOOD:
        found.append(
            Problem(f"Risk {number}: choose how likely it is", field="likelihood", row=number)
        )
    if entry.frequency not in risk.FREQUENCY:
        found.append(
            Problem(f"Risk {number}: choose how often it happens", field="frequency", row=number)
        )
    return found + _too_long(number, entry)


def _agency_problems(number: int, entry: AgencyEntry) -> list[Problem]:
    found = []
    if not entry.agency.strip():
        found.append(
            Problem(f"Agency {number}: name the agency or professional", field="agency", row=number)
        )
    return found + _too_long(number, entry)


def content_problems(content: AssessmentContent, today: date) -> list[Problem]:
    """Why a draft cannot be saved as it is (empty when it can).

    Risk and agency rows are numbered as shown, counting rows left wholly blank (not saved)."""
    found = []
    if not content.compiled_by.strip():
        found.append(Problem("Say who compiled the assessment", field="compiled_by"))
    found.extend(_too_long(None, content))
    if content.date_written > today:
        found.append(Problem("The date written cannot be in the future", field="date_written"))
    if content.review_date <= content.date_written:
        found.append(Problem("The review date must be after the date written", "review_date"))
    for number, agency in enumerate(content.agencies, start=1):
        if not _blank(agency):
            found.extend(_agency_problems(number, agency))
    for number, entry in enumerate(content.risks, start=1):
        if not _blank(entry):
            found.extend(_risk_problems(number, entry))
    return found


def _clean(content: AssessmentContent) -> AssessmentContent:
    """Text trimmed and wholly blank rows left out."""
    return replace(
        _trimmed(content),
        agencies=tuple(_trimmed(a) for a in content.agencies if not _blank(a)),
        risks=tuple(_trimmed(r) for r in content.risks if not _blank(r)),
    )


def completeness_problems(content: AssessmentContent) -> list[Problem]:
    """What a version must have before anyone signs it: every section and every risk filled in."""
    found = []
    sections = {
        "task_analysis": "Write the task analysis summary",
        "concerns": "Summarise the historical and current concerns",
        "next_steps": "Write the next steps",
    }
    for key, message in sections.items():
        if not getattr(content, key).strip():
            found.append(Problem(message, field=key))
    if not content.risks:
        found.append(Problem("Add at least one risk", field="risks"))
    for number, entry in enumerate(content.risks, start=1):
        for key, words in (
            ("actions", "say what the provision does to prevent it"),
            ("staff_lead", "name the staff lead"),
            ("escalation", "give the escalation pathway if the actions fail"),
        ):
            if not getattr(entry, key).strip():
                found.append(Problem(f"Risk {number}: {words}", field=key, row=number))
    return found
