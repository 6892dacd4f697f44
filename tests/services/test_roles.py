"""Every service, called as every role: the permission table is enforced in the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Action, Role, allowed
from desktop_app.domain.sessions import DEFAULT_TIMES
from desktop_app.models.engine import Database
from desktop_app.services import (
    alerts,
    audit,
    calendar,
    groups,
    learners,
    marking,
    marks,
    patterns,
    register_week,
    session_times,
    staff,
    statistics,
    thresholds,
)
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import PermissionDenied, ServiceError

D = date(2025, 9, 8)
NOW = datetime(2025, 9, 8, 10, 0)
Call = Callable[[Database, StaffUser, Path], Any]

CALLS: dict[str, tuple[Action, Call]] = {
    "statistics": (Action.VIEW_STATISTICS, lambda db, u, p: statistics.statistics(db, u)),
    "alerts": (Action.VIEW_ALERTS, lambda db, u, p: alerts.alerts(db, u, D, NOW)),
    "list_calendar": (Action.VIEW_STATISTICS, lambda db, u, p: calendar.list_calendar(db, u)),
    "add_term": (
        Action.MANAGE_CALENDAR,
        lambda db, u, p: calendar.add_term(db, u, "T", date(2026, 1, 5), date(2026, 2, 1)),
    ),
    "add_closure": (
        Action.MANAGE_CALENDAR,
        lambda db, u, p: calendar.add_closure(db, u, D, None, "INSET"),
    ),
    "import_learners": (
        Action.MANAGE_LEARNERS,
        lambda db, u, p: learners.import_learners(db, u, p),
    ),
    "import_marks": (Action.IMPORT_MARKS, lambda db, u, p: marks.import_marks(db, u, p)),
    "import_marks_amend": (
        Action.AMEND_MARKS,
        lambda db, u, p: marks.import_marks(db, u, p, amend_reason="x"),
    ),
    "record_mark": (
        Action.MARK_REGISTER,
        lambda db, u, p: marking.record_mark(db, u, 1, D, Session.AM, "/", NOW),
    ),
    "record_arrival": (
        Action.MARK_REGISTER,
        lambda db, u, p: marking.record_arrival(db, u, 1, D, Session.AM, NOW),
    ),
    "mark_all_present": (
        Action.MARK_REGISTER,
        lambda db, u, p: marking.mark_all_present(db, u, [1], D, Session.AM, NOW),
    ),
    "history": (Action.MARK_REGISTER, lambda db, u, p: marking.history(db, u, 1, D, Session.AM)),
    "week_register": (
        Action.MARK_REGISTER,
        lambda db, u, p: register_week.week_register(db, u, None, D, NOW),
    ),
    "list_groups": (Action.MARK_REGISTER, lambda db, u, p: register_week.list_groups(db, u)),
    "get_pattern": (Action.MARK_REGISTER, lambda db, u, p: patterns.get_pattern(db, u, 1)),
    "set_pattern": (Action.MANAGE_LEARNERS, lambda db, u, p: patterns.set_pattern(db, u, 1, [], D)),
    "list_staff": (Action.MANAGE_STAFF, lambda db, u, p: staff.list_staff(db, u)),
    "add_staff": (
        Action.MANAGE_STAFF,
        lambda db, u, p: staff.add_staff(
            db, u, "new1", "New Person", "Tutor", Role.TUTOR, "long enough pw"
        ),
    ),
    "disable_staff": (Action.MANAGE_STAFF, lambda db, u, p: staff.disable_staff(db, u, "nobody")),
    "reset_password": (
        Action.MANAGE_STAFF,
        lambda db, u, p: staff.reset_password(db, u, "nobody", "long enough pw"),
    ),
    "audit_log": (Action.VIEW_AUDIT, lambda db, u, p: audit.audit_log(db, u)),
    "record_view": (Action.VIEW_LEARNERS, lambda db, u, p: audit.record_view(db, u, 1, "panel")),
    # issue 14: session times, thresholds, groups, staff edits
    "set_session_times": (
        Action.MANAGE_SETTINGS,
        lambda db, u, p: session_times.set_session_times(
            db, u, *DEFAULT_TIMES.values(), date(2026, 1, 5), date(2026, 1, 5)
        ),
    ),
    "session_schedule": (
        Action.MARK_REGISTER,
        lambda db, u, p: session_times.session_schedule(db, u, D),
    ),
    "set_threshold": (
        Action.MANAGE_SETTINGS,
        lambda db, u, p: thresholds.set_threshold(db, u, "lateness_marks", 4),
    ),
    "provision_thresholds": (
        Action.VIEW_STATISTICS,
        lambda db, u, p: thresholds.provision_thresholds(db, u),
    ),
    "add_group": (Action.MANAGE_SETTINGS, lambda db, u, p: groups.add_group(db, u, "New")),
    "assign_tutor": (
        Action.MANAGE_SETTINGS,
        lambda db, u, p: groups.assign_tutor(db, u, "Nowhere", "nobody"),
    ),
    "move_learner": (
        Action.MANAGE_LEARNERS,
        lambda db, u, p: groups.move_learner(db, u, "E820300000001", None, D),
    ),
    "edit_staff": (
        Action.MANAGE_STAFF,
        lambda db, u, p: staff.edit_staff(db, u, "nobody", full_name="X"),
    ),
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(CALLS))
def test_service_allows_exactly_the_roles_in_the_table(
    name: str, role: Role, db: Database, make_staff: Callable[[Role], StaffUser], tmp_path: Path
) -> None:
    action, call = CALLS[name]
    user = make_staff(role)
    empty = tmp_path / "empty.csv"
    empty.write_text("upn\n")
    if allowed(role, action):
        try:
            call(db, user, empty)
        except PermissionDenied as error:  # pragma: no cover - the failure we look for
            pytest.fail(f"{role} was refused {name}: {error}")
        except ServiceError:
            pass  # refused for another reason (no such learner, bad file): permission was given
    else:
        with pytest.raises(PermissionDenied):
            call(db, user, empty)


def test_every_action_is_exercised_by_some_call() -> None:
    used = {action for action, _call in CALLS.values()}
    untested = (
        set(Action)
        - used
        - {
            Action.START_INCIDENT,
            Action.LOG_CONTACTS,
            Action.SEND_LETTERS,
            Action.COMMISSIONER_REPORTS,
            Action.SAFEGUARDING,
            Action.MANAGE_SETTINGS,
            Action.BACKUPS,
            Action.TERMLY_REPORTS,
        }
    )
    assert untested == set()
