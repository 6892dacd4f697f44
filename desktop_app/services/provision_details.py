"""The provision's own details (name, address, phone, email), read and changed by the director.

Letters and reports print them (report_data/common.py). A save passes back the row_version the
screen read; someone else's save since is refused (StaleWrite) and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.permissions import Action
from desktop_app.models import ProvisionSettings
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser, actor, require
from desktop_app.services.errors import NotFound, Problem, ValidationFailed
from desktop_app.services.settings_version import claim_settings

LIMITS = {"name": 200, "phone": 50, "email": 200, "address": 1000}


@dataclass(frozen=True, slots=True)
class ProvisionContact:
    name: str
    address: str
    phone: str
    email: str
    version: int = 0  # the row_version read: a save passes it back


def provision_contact(db: Database, user: StaffUser) -> ProvisionContact:
    require(user, Action.MANAGE_SETTINGS)
    with db.reading() as session:
        row = session.get(ProvisionSettings, 1)
        if row is None:
            raise NotFound("this database has not been set up")
        return ProvisionContact(row.name, row.address, row.phone, row.email, row.row_version)


def _problems(details: ProvisionContact) -> list[Problem]:
    problems = [] if details.name.strip() else [Problem("is required", field="name")]
    for field, limit in LIMITS.items():
        if len(getattr(details, field)) > limit:
            problems.append(Problem(f"must be at most {limit} characters", field=field))
    email = details.email.strip()
    if email and ("@" not in email or " " in email):
        problems.append(Problem("is not an email address", field="email"))
    return problems


def set_provision_details(
    db: Database, user: StaffUser, details: ProvisionContact, version: int | None
) -> ProvisionContact:
    """Save the details; `version` None (the command line) skips the stale-read check."""
    require(user, Action.MANAGE_SETTINGS)
    if problems := _problems(details):
        raise ValidationFailed(problems)
    with db.transaction(actor(user)) as session:
        row = claim_settings(session, version)
        row.name, row.address = details.name.strip(), details.address.strip()
        row.phone, row.email = details.phone.strip(), details.email.strip()
        session.flush()
        return ProvisionContact(row.name, row.address, row.phone, row.email, row.row_version)
