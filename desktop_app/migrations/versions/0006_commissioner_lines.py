"""contact log lines for the commissioner

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

A contact-log entry's notes are internal. The daily commissioner summary shares only the
separate `commissioner_note` line, written for the commissioner; entries made before this
revision have none, so nothing of them but the method, time and outcome is shared.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild) so it runs the same on SQLite and PostgreSQL.
    op.add_column(
        "contact_log",
        sa.Column("commissioner_note", sa.Text(), server_default="", nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("contact_log", schema=None) as batch_op:
        batch_op.drop_column("commissioner_note")
