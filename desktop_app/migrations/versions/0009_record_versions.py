"""record versions for edits two people may make at once

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

Each record two people may edit at once (learner details, emergency contacts, professionals,
places, risk assessment drafts, the provision's settings) gets `row_version`, raised by every
change: a write based on an older one is refused instead of silently overwriting the newer.
Plain ADD COLUMN (no table is rebuilt), so it runs on SQLite and PostgreSQL alike.

On PostgreSQL it also adds what 0004 left out there: a signed assessment's risk rows and
agencies are read-only (SQLite has had these triggers since 0004).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

VERSIONED = (
    "learners",
    "emergency_contacts",
    "professionals",
    "missing_places",
    "risk_assessments",
    "provision_settings",
)
SIGNED_MESSAGE = "a signed risk assessment is read-only; start a review instead"

_POSTGRES = [
    "CREATE FUNCTION refuse_signed_part() RETURNS trigger AS $$ BEGIN "
    "IF (SELECT dsl_signed_on FROM risk_assessments WHERE id = "
    "CASE WHEN TG_OP = 'INSERT' THEN NEW.assessment_id ELSE OLD.assessment_id END) "
    f"IS NOT NULL THEN RAISE EXCEPTION '{SIGNED_MESSAGE}'; END IF; "
    "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql",
    *[
        f"CREATE TRIGGER {table}_signed BEFORE INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION refuse_signed_part()"
        for table in ("risk_rows", "risk_agencies")
    ],
]


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(
            table, sa.Column("row_version", sa.Integer(), server_default="1", nullable=False)
        )
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION refuse_signed_part() CASCADE")
    for table in VERSIONED:
        op.drop_column(table, "row_version")
