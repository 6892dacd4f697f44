"""The permission table: tutor < attendance officer < DSL < director."""

from __future__ import annotations

from itertools import pairwise

import pytest

from desktop_app.domain.permissions import PERMISSIONS, ROLE_LABELS, Action, Role, allowed

LADDER = [Role.TUTOR, Role.ATTENDANCE_OFFICER, Role.DSL, Role.DIRECTOR]
DIRECTOR_ONLY = [
    Action.MANAGE_STAFF,
    Action.MANAGE_SETTINGS,
    Action.MANAGE_CALENDAR,
    Action.BACKUPS,
    Action.TERMLY_REPORTS,
]


def test_every_role_has_an_entry_and_a_label() -> None:
    assert set(PERMISSIONS) == set(Role)
    assert set(ROLE_LABELS) == set(Role)


@pytest.mark.parametrize(("lower", "higher"), list(pairwise(LADDER)))
def test_each_role_can_do_strictly_more_than_the_one_below(lower: Role, higher: Role) -> None:
    assert PERMISSIONS[lower] < PERMISSIONS[higher]


@pytest.mark.parametrize("action", list(Action))
def test_director_can_do_everything(action: Action) -> None:
    assert allowed(Role.DIRECTOR, action)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_can_take_the_register_and_see_alerts(role: Role) -> None:
    assert allowed(role, Action.MARK_REGISTER)
    assert allowed(role, Action.VIEW_ALERTS)


@pytest.mark.parametrize(
    "action",
    [
        Action.AMEND_MARKS,
        Action.IMPORT_MARKS,
        Action.MANAGE_STAFF,
        Action.SAFEGUARDING,
        Action.SEND_LETTERS,
        Action.VIEW_AUDIT,
    ],
)
def test_tutor_cannot_amend_marks_manage_staff_or_see_safeguarding(action: Action) -> None:
    assert not allowed(Role.TUTOR, action)


@pytest.mark.parametrize(
    "action",
    [Action.AMEND_MARKS, Action.LOG_CONTACTS, Action.SEND_LETTERS, Action.COMMISSIONER_REPORTS],
)
def test_attendance_officer_follows_up_absences(action: Action) -> None:
    assert allowed(Role.ATTENDANCE_OFFICER, action)


@pytest.mark.parametrize("action", [Action.SAFEGUARDING, Action.VIEW_AUDIT, Action.MANAGE_STAFF])
def test_attendance_officer_has_no_safeguarding_or_staff_access(action: Action) -> None:
    assert not allowed(Role.ATTENDANCE_OFFICER, action)


def test_dsl_owns_the_safeguarding_picture() -> None:
    assert allowed(Role.DSL, Action.SAFEGUARDING)
    assert allowed(Role.DSL, Action.AMEND_MARKS)


@pytest.mark.parametrize("action", DIRECTOR_ONLY)
def test_staff_settings_calendar_backups_and_termly_reports_are_for_directors_only(
    action: Action,
) -> None:
    assert [role for role in Role if allowed(role, action)] == [Role.DIRECTOR]
