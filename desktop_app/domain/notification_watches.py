"""Statutory notifications owed beyond the register's own thresholds: children missing education,
and an EHCP learner whose attendance has fallen below the provision's concern band.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from desktop_app.domain.calendar import SchoolCalendar
from desktop_app.domain.codes import CODES
from desktop_app.domain.followup import Contact
from desktop_app.domain.thresholds import Thresholds
from desktop_app.domain.watches import Alert, LearnerRegister

CHILDREN_MISSING_EDUCATION = "children_missing_education"
EHCP_BELOW_BAND = "ehcp_below_concern_band"


def whereabouts_known(contact: Contact) -> bool:
    """Someone at home was in touch, or the learner was seen."""
    return contact.from_home or contact.face_to_face


def children_missing_education(
    upn: str, run: Sequence[date], contacts: Iterable[Contact], values: Thresholds
) -> Alert | None:
    """The current absence (`run`, its school days) has reached the threshold with no contact
    from home and no sighting since it began: refer to the local authority's CME team.

    Arises on the threshold's day of absence (the 10th by default)."""
    needed = values["missing_education_days"]
    if len(run) < needed:
        return None
    if any(whereabouts_known(c) for c in contacts if run[0] <= c.day):
        return None
    return Alert(
        run[needed - 1],
        CHILDREN_MISSING_EDUCATION,
        upn,
        f"{len(run)} school days absent since {run[0]:%d %b} with no contact and no known "
        "whereabouts; refer to the local authority (children missing education). "
        "Never take the learner off roll for this",
    )


def ehcp_below_band(
    register: LearnerRegister,
    calendar: SchoolCalendar,
    year_start: date,
    as_of: date,
    ehcp_since: date | None,
    values: Thresholds,
) -> Alert | None:
    """An EHCP learner's attendance this academic year is below the concern percentage.

    Compared in integers (100 x attended < percent x possible). Arises on the first school day
    of the latest stretch in which it has stayed below, and not before the EHCP was recorded."""
    if ehcp_since is None or ehcp_since > as_of:
        return None
    percent = values["ehcp_concern_percent"]
    attended = possible = 0
    below_since: date | None = None
    for day in calendar.school_days(max(year_start, register.start), as_of):
        for session in calendar.open_sessions(day):
            code = register.marks.get((day, session))
            if code is None or not CODES[code].counts_as_possible:
                continue
            possible += 1
            attended += 1 if CODES[code].counts_as_attended else 0
        below = possible > 0 and 100 * attended < percent * possible
        if not below:
            below_since = None
        elif below_since is None:
            below_since = day
    if below_since is None:
        return None
    shown = f"{100 * attended / possible:.1f}%"
    return Alert(
        max(below_since, ehcp_since),
        EHCP_BELOW_BAND,
        register.upn,
        f"EHCP learner at {shown} this year, below the {percent}% concern band; "
        "tell the local authority's SEN team",
    )
