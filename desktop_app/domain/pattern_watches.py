"""Patterns in a half-term that staff act on: persistent lateness, and illness that calls for
medical evidence (domain.md, "Thresholds and duties the app watches").

A half-term is a term as entered in the calendar (the demo and most provisions enter each half
on its own). The half-term judged is the one holding the last school day up to the day checked.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.calendar import SchoolCalendar, Term
from desktop_app.domain.codes import CODES
from desktop_app.domain.thresholds import Thresholds
from desktop_app.domain.watches import Alert, LearnerRegister

PERSISTENT_LATENESS = "persistent_lateness"
ILLNESS_EVIDENCE = "illness_evidence"
LATE_CODES = frozenset({"L", "U"})
ILLNESS_CODE = "I"


def half_term(calendar: SchoolCalendar, as_of: date) -> Term | None:
    """The half-term of the last school day on or before as_of."""
    day = as_of if calendar.is_school_day(as_of) else calendar.school_days_before(as_of, 1)
    return None if day is None else calendar.term_of(day)


def persistent_lateness(
    register: LearnerRegister, calendar: SchoolCalendar, as_of: date, values: Thresholds
) -> Alert | None:
    """Late marks (L or U) in this half-term reach the threshold; arises on the one that does."""
    term = half_term(calendar, as_of)
    if term is None:
        return None
    late = sorted(
        (day, str(session))
        for (day, session), code in register.marks.items()
        if code in LATE_CODES and term.start <= day <= min(term.end, as_of)
    )
    needed = values["lateness_marks"]
    if len(late) < needed:
        return None
    return Alert(
        late[needed - 1][0],
        PERSISTENT_LATENESS,
        register.upn,
        f"{len(late)} late marks in {term.name} (persistent lateness is {needed} or more "
        "in a half-term); talk to the family",
        term.name,
    )


def illness_spells(
    register: LearnerRegister, calendar: SchoolCalendar, start: date, end: date
) -> list[list[date]]:
    """Runs of consecutive school days with illness marked, between start and end.

    A school day with nothing marked neither extends nor breaks a run; any other mark breaks it."""
    spells: list[list[date]] = []
    current: list[date] = []
    for day in calendar.school_days(start, end):
        codes = [c for s in calendar.open_sessions(day) if (c := register.marks.get((day, s)))]
        judged = [c for c in codes if CODES[c].counts_as_possible]
        if not judged:
            continue
        if ILLNESS_CODE in judged:
            current.append(day)
        elif current:
            spells.append(current)
            current = []
    if current:
        spells.append(current)
    return spells


def illness_evidence(
    register: LearnerRegister, calendar: SchoolCalendar, as_of: date, values: Thresholds
) -> Alert | None:
    """Illness longer than the threshold's consecutive school days, or the threshold's number of
    separate illness absences, in this half-term: ask for medical evidence."""
    term = half_term(calendar, as_of)
    if term is None:
        return None
    spells = illness_spells(register, calendar, term.start, min(term.end, as_of))
    longest = values["illness_evidence_days"]
    needed = values["illness_evidence_spells"]
    long_from = [s[longest] for s in spells if len(s) > longest]
    arose = [long_from[0]] if long_from else []
    if len(spells) >= needed:
        arose.append(spells[needed - 1][0])
    if not arose:
        return None
    if long_from and long_from[0] == min(arose):
        why = f"illness for more than {longest} consecutive school days"
    else:
        why = f"{len(spells)} separate illness absences in {term.name}"
    return Alert(
        min(arose),
        ILLNESS_EVIDENCE,
        register.upn,
        f"{why}; ask the family for medical evidence",
        term.name,
    )
