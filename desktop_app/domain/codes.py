"""The DfE 2024 attendance code set, with each code's group and statistical effect."""

from __future__ import annotations

import csv
import enum
from dataclasses import dataclass
from importlib import resources


class Session(enum.StrEnum):
    """A register session: morning or afternoon."""

    AM = "AM"
    PM = "PM"


class Group(enum.StrEnum):
    """How a code is grouped on screen and in reports."""

    PRESENT = "present"
    APPROVED_ACTIVITY = "approved_activity"
    LEAVE_OF_ABSENCE = "leave_of_absence"
    OTHER_AUTHORISED = "other_authorised"
    UNAVOIDABLE_CAUSE = "unavoidable_cause"
    UNAUTHORISED = "unauthorised"
    NOT_COUNTED = "not_counted"
    ADMINISTRATIVE = "administrative"


class Absence(enum.StrEnum):
    """The kind of absence a code records, if any."""

    NONE = ""
    AUTHORISED = "authorised"
    UNAUTHORISED = "unauthorised"


@dataclass(frozen=True, slots=True)
class Code:
    """One attendance code and how it counts."""

    code: str
    meaning: str
    group: Group
    counts_as_possible: bool
    counts_as_attended: bool
    absence: Absence

    @property
    def is_absence(self) -> bool:
        return self.absence is not Absence.NONE


def _load() -> dict[str, Code]:
    text = resources.files("desktop_app.domain").joinpath("data/attendance-codes-2024.csv")
    codes: dict[str, Code] = {}
    with text.open("r", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            codes[row["code"]] = Code(
                code=row["code"],
                meaning=row["meaning"],
                group=Group(row["group"]),
                counts_as_possible=row["counts_as_possible"] == "yes",
                counts_as_attended=row["counts_as_attended"] == "yes",
                absence=Absence(row["absence"]),
            )
    return codes


CODES: dict[str, Code] = _load()

#: Codes that no longer exist, with what replaced them. Old data must be mapped by a person.
RETIRED_CODES: dict[str, str] = {
    "H": "authorised holiday was withdrawn; record G (unauthorised) or C (exceptional leave)",
    "J": "interview is now J1, and counts as authorised absence",
    "Y": "single Y is now Y1 to Y7 or Q, by cause",
    "F": "extended family holiday was withdrawn; record G or C as decided",
}

UNAUTHORISED_CODES = frozenset(c for c, v in CODES.items() if v.absence is Absence.UNAUTHORISED)
PRESENT_MARK: dict[Session, str] = {Session.AM: "/", Session.PM: "\\"}


class CodeError(ValueError):
    """A code that cannot be recorded, with a message a person can act on."""


def lookup(code: str) -> Code:
    """Return the code, or raise CodeError saying why it cannot be used. Codes are upper case."""
    stripped = code.strip()
    if stripped in CODES:
        return CODES[stripped]
    if not stripped:
        raise CodeError("a blank is not a code; leave the session unmarked instead")
    if stripped.upper() in RETIRED_CODES:
        raise CodeError(f"'{stripped}' is a retired code: {RETIRED_CODES[stripped.upper()]}")
    if stripped.upper() in CODES:
        raise CodeError(
            f"'{stripped}' is not an attendance code; codes are upper case: '{stripped.upper()}'"
        )
    raise CodeError(f"'{stripped}' is not an attendance code")


def check_code_for_session(code: str, session: Session) -> Code:
    """Return the code if it may be recorded in this session, else raise CodeError."""
    found = lookup(code)
    if found.code == "/" and session is Session.PM:
        raise CodeError("'/' is the morning present mark; use '\\' for an afternoon session")
    if found.code == "\\" and session is Session.AM:
        raise CodeError("'\\' is the afternoon present mark; use '/' for a morning session")
    return found
