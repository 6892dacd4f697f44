"""absconding corrections, debrief and return interview

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Incidents: closed as opened in error (with the reason), and the protocol steps skipped at
closing (with why). Timeline entries: a correction of the start form keeps which field, the old
value and the new one. Learners: what the police ask for on the missing-learner sheet.
Plain ADD COLUMN throughout (no batch rebuild: other tables refer to learners and incidents, and
the append-only triggers of 0004 stay as they are), so it runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TEXT = sa.Text()
_COLUMNS: tuple[tuple[str, str, Any, Any], ...] = (
    ("incidents", "opened_in_error", sa.Boolean(), sa.false()),
    ("incidents", "error_reason", _TEXT, ""),
    ("incidents", "skipped_steps", _TEXT, ""),
    ("incidents", "skipped_reason", _TEXT, ""),
    ("incident_entries", "field", sa.String(length=30), ""),
    ("incident_entries", "old_value", _TEXT, ""),
    ("incident_entries", "new_value", _TEXT, ""),
    ("learners", "home_address", _TEXT, ""),
    ("learners", "looked_after", sa.Boolean(), sa.false()),
    ("learners", "placing_authority", _TEXT, ""),
    ("learners", "medical_needs", _TEXT, ""),
    ("learners", "medication", _TEXT, ""),
)


def upgrade() -> None:
    for table, name, column_type, default in _COLUMNS:
        op.add_column(table, sa.Column(name, column_type, server_default=default, nullable=False))


def downgrade() -> None:
    for table, name, _type, _default in reversed(_COLUMNS):
        op.drop_column(table, name)  # SQLite 3.35+ drops a column in place
