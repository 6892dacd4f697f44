"""Who may do what: the one permission table every service checks."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    TUTOR = "tutor"
    ATTENDANCE_OFFICER = "attendance_officer"
    DSL = "dsl"
    DIRECTOR = "director"


class Action(enum.StrEnum):
    MARK_REGISTER = "mark_register"
    VIEW_LEARNERS = "view_learners"
    VIEW_STATISTICS = "view_statistics"
    VIEW_ALERTS = "view_alerts"
    START_INCIDENT = "start_incident"
    AMEND_MARKS = "amend_marks"
    IMPORT_MARKS = "import_marks"
    MANAGE_LEARNERS = "manage_learners"
    LOG_CONTACTS = "log_contacts"
    SEND_LETTERS = "send_letters"
    COMMISSIONER_REPORTS = "commissioner_reports"
    SAFEGUARDING = "safeguarding"
    VIEW_AUDIT = "view_audit"
    MANAGE_CALENDAR = "manage_calendar"
    MANAGE_STAFF = "manage_staff"
    MANAGE_SETTINGS = "manage_settings"
    BACKUPS = "backups"
    TERMLY_REPORTS = "termly_reports"


_TUTOR = frozenset(
    {
        Action.MARK_REGISTER,
        Action.VIEW_LEARNERS,
        Action.VIEW_STATISTICS,
        Action.VIEW_ALERTS,
        Action.START_INCIDENT,
    }
)
_OFFICER = _TUTOR | {
    Action.AMEND_MARKS,
    Action.IMPORT_MARKS,
    Action.MANAGE_LEARNERS,
    Action.LOG_CONTACTS,
    Action.SEND_LETTERS,
    Action.COMMISSIONER_REPORTS,
}
_DSL = _OFFICER | {Action.SAFEGUARDING, Action.VIEW_AUDIT}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.TUTOR: _TUTOR,
    Role.ATTENDANCE_OFFICER: frozenset(_OFFICER),
    Role.DSL: frozenset(_DSL),
    Role.DIRECTOR: frozenset(Action),
}

ROLE_LABELS: dict[Role, str] = {
    Role.TUTOR: "Tutor",
    Role.ATTENDANCE_OFFICER: "Attendance officer",
    Role.DSL: "Designated safeguarding lead",
    Role.DIRECTOR: "Director",
}


def allowed(role: Role, action: Action) -> bool:
    """Whether a member of staff with this role may take this action."""
    return action in PERMISSIONS[role]
