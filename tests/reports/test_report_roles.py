"""Every report service, called as every role: the permission table is enforced in the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from desktop_app.domain.permissions import Action, Role, allowed
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import PermissionDenied, ServiceError
from desktop_app.services.report_data import (
    commissioner,
    learner,
    letter_templates,
    letters,
    options,
    register,
    termly,
)
from tests.reports.conftest import user

D = date(2025, 9, 8)
NOW = datetime(2025, 9, 8, 16, 0)
UPN = "E820300000001"  # a demo learner
Call = Callable[[Database, StaffUser], Any]

CALLS: dict[str, tuple[Action, Call]] = {
    "termly_report": (
        Action.TERMLY_REPORTS,
        lambda db, u: termly.termly_report(db, u, "Autumn 2 2025", NOW),
    ),
    "learner_report": (
        Action.COMMISSIONER_REPORTS,
        lambda db, u: learner.learner_report(db, u, UPN, D, D, NOW),
    ),
    "commissioner_summary": (
        Action.COMMISSIONER_REPORTS,
        lambda db, u: commissioner.commissioner_summary(db, u, D, NOW),
    ),
    "register_printout": (
        Action.MARK_REGISTER,
        lambda db, u: register.register_printout(db, u, "All learners", D, NOW),
    ),
    "letters": (Action.SEND_LETTERS, lambda db, u: letters.letters(db, u, "initial_concern", NOW)),
    "letter_templates": (
        Action.SEND_LETTERS,
        lambda db, u: letter_templates.letter_templates(db, u),
    ),
    "save_letter_template": (
        Action.SEND_LETTERS,
        lambda db, u: letter_templates.save_letter_template(
            db, u, "initial_concern", "S", "Dear {parent_name}", "A Person", "Officer"
        ),
    ),
    "report_options": (Action.MARK_REGISTER, lambda db, u: options.report_options(db, u)),
}


#: The demo's account for each role.
ACCOUNTS = {
    Role.TUTOR: "tutor1",
    Role.ATTENDANCE_OFFICER: "officer",
    Role.DSL: "dsl",
    Role.DIRECTOR: "director",
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(CALLS))
def test_report_service_allows_exactly_the_roles_in_the_table(
    name: str, role: Role, shared: Database
) -> None:
    action, call = CALLS[name]
    staff = user(shared, ACCOUNTS[role])
    assert staff.role is role
    if allowed(role, action):
        try:
            call(shared, staff)
        except PermissionDenied as error:  # pragma: no cover - the failure we look for
            pytest.fail(f"{role} was refused {name}: {error}")
        except ServiceError:
            pass  # refused for another reason (no such learner): permission was given
    else:
        with pytest.raises(PermissionDenied):
            call(shared, staff)


def test_learners_are_offered_only_to_roles_that_may_print_them(shared: Database) -> None:
    assert options.report_options(shared, user(shared, "officer")).learners
    assert options.report_options(shared, user(shared, "tutor1")).learners == []
