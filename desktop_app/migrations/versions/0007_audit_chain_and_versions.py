"""tamper-evident audit chain; retention trigger that does not trust the clock alone

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop_app.models.audit import GENESIS, chain_hash
from desktop_app.models.base import UtcDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

RETENTION_MESSAGE = "amendments are kept for 6 years from the day they were made"

# The register's newest record: its newest audit entry (every write is audited). An amendment
# is young while it is less than 6 years older than the earlier of the clock and that record,
# so a clock set forward cannot age it.
_SQLITE_RETENTION = (
    "CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments "
    "WHEN OLD.made_at >= datetime(min(datetime('now'), "
    "coalesce((SELECT max(at) FROM audit_log), datetime('now'))), '-6 years') "
    f"BEGIN SELECT RAISE(ABORT, '{RETENTION_MESSAGE}'); END"
)
_POSTGRES_RETENTION = [
    "CREATE FUNCTION amendments_retention() RETURNS trigger AS $$ BEGIN "
    "IF OLD.made_at >= least(now() AT TIME ZONE 'UTC', "
    "coalesce((SELECT max(at) FROM audit_log), now() AT TIME ZONE 'UTC')) "
    "- interval '6 years' THEN "
    f"RAISE EXCEPTION '{RETENTION_MESSAGE}'; END IF; RETURN OLD; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER amendments_no_early_delete BEFORE DELETE ON amendments "
    "FOR EACH ROW EXECUTE FUNCTION amendments_retention()",
]

_entries = sa.table(
    "audit_log",
    sa.column("id", sa.Integer()),
    sa.column("at", UtcDateTime()),
    sa.column("staff_id", sa.Integer()),
    sa.column("staff_name", sa.String()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.Integer()),
    sa.column("learner_id", sa.Integer()),
    sa.column("detail", sa.Text()),
    sa.column("hash", sa.String()),
)


def _backfill(connection: sa.Connection) -> None:
    """Chain the entries already there, oldest (lowest id) first."""
    previous = GENESIS
    fields = [c for c in _entries.c if c.name != "hash"]
    rows = connection.execute(sa.select(*fields).order_by(_entries.c.id)).all()
    for row in rows:
        previous = chain_hash(previous, *row[1:])
        connection.execute(_entries.update().where(_entries.c.id == row.id).values(hash=previous))


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("hash", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    dialect = connection.dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        _backfill(connection)
        op.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
        op.execute("DROP TRIGGER amendments_no_delete")
        op.execute(_SQLITE_RETENTION)
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        _backfill(connection)
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
        op.execute("DROP TRIGGER amendments_no_early_delete ON amendments")
        for statement in _POSTGRES_RETENTION:
            op.execute(statement)
    else:
        _backfill(connection)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER amendments_no_delete")
        op.execute(
            "CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments "
            "WHEN OLD.made_at >= datetime('now', '-6 years') "
            f"BEGIN SELECT RAISE(ABORT, '{RETENTION_MESSAGE}'); END"
        )
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER amendments_no_early_delete ON amendments")
        op.execute("DROP FUNCTION amendments_retention()")
        op.execute(
            "CREATE TRIGGER amendments_no_early_delete BEFORE DELETE ON amendments FOR EACH ROW "
            "WHEN (OLD.made_at >= now() - interval '6 years') "
            "EXECUTE FUNCTION amendments_append_only()"
        )
    op.drop_column("audit_log", "hash")
