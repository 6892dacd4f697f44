"""record versions for edits two people may make at once

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

Each record two people may edit at once (learner details, emergency contacts, professionals,
places, risk assessment drafts, the provision's settings) gets `row_version`, raised by every
change: a write based on an older one is refused instead of silently overwriting the newer.
Plain ADD COLUMN (no table is rebuilt), so it runs on SQLite and PostgreSQL alike.

On PostgreSQL it also adds what 0004 left out there: a signed assessment's risk rows and
agencies are read-only (SQLite has had these triggers since 0004); and every protective trigger
function there now raises an integrity violation (SQLSTATE 23000), as SQLite's RAISE(ABORT)
does, so the app meets the same IntegrityError on both.
"""

from __future__ import annotations

import re

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


INTEGRITY = " USING ERRCODE = 'integrity_constraint_violation';"
#: RAISE EXCEPTION 'a message; maybe with semicolons' [, arguments];
RAISE = re.compile(r"(RAISE EXCEPTION '(?:[^']|'')*'(?:\s*,[^;]*)?);")


def _raise_integrity_errors() -> None:
    """Rewrite each trigger function's RAISE EXCEPTION to carry SQLSTATE 23000."""
    bind = op.get_bind()
    functions = bind.execute(
        sa.text(
            "SELECT p.oid, pg_get_functiondef(p.oid) FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.prorettype = 'trigger'::regtype"
        )
    ).all()
    for _oid, definition in functions:
        if "RAISE EXCEPTION" in definition and "ERRCODE" not in definition:
            op.execute(sa.text(RAISE.sub(lambda m: m.group(1) + INTEGRITY, definition)))


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(
            table, sa.Column("row_version", sa.Integer(), server_default="1", nullable=False)
        )
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES:
            op.execute(statement)
        _raise_integrity_errors()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION refuse_signed_part() CASCADE")
    for table in VERSIONED:
        op.drop_column(table, "row_version")
