"""The register printout: a group's week as the register screen shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.domain.permissions import Action
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, require
from desktop_app.services.errors import NotFound
from desktop_app.services.register_week import WeekRegister, list_groups, week_register
from desktop_app.services.report_data.common import ReportHeader, report_header


@dataclass(frozen=True, slots=True)
class RegisterPrintout:
    header: ReportHeader
    group: str
    week: WeekRegister


def register_printout(
    db: Database, user: StaffUser, group_name: str, day: date, now: datetime
) -> RegisterPrintout:
    """The week containing day for the named group ('All learners' for everyone)."""
    require(user, Action.MARK_REGISTER)
    choices = list_groups(db, user)
    chosen = next((g for g in choices if g.name.casefold() == group_name.strip().casefold()), None)
    if chosen is None:
        names = ", ".join(f"'{g.name}'" for g in choices)
        raise NotFound(f"no group called '{group_name}'; choose one of {names}")
    week = week_register(db, user, chosen.id, day, now)
    with db.reading() as session:
        header = report_header(session, user, now)
    return RegisterPrintout(header, chosen.name, week)
