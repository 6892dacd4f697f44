"""email: mail server settings, commissioners' PDF passwords, the outbox and record of sendings

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29

New tables only, so it runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop_app.models.base

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

MOMENT = desktop_app.models.base.UtcDateTime


def upgrade() -> None:
    op.create_table(
        "mail_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=253), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("security", sa.String(length=20), nullable=False),
        sa.Column("username", sa.String(length=254), nullable=False),
        sa.Column("from_address", sa.String(length=254), nullable=False),
        sa.Column("letter_password_rule", sa.String(length=30), nullable=False),
        sa.Column("updated_at", MOMENT(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_settings")),
    )
    op.create_table(
        "commissioner_passwords",
        sa.Column("commissioner_id", sa.Integer(), nullable=False),
        sa.Column("pdf_password", sa.String(length=200), nullable=False),
        sa.Column("set_at", MOMENT(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commissioner_id"],
            ["commissioners.id"],
            name=op.f("fk_commissioner_passwords_commissioner_id_commissioners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("commissioner_id", name=op.f("pk_commissioner_passwords")),
    )
    op.create_table(
        "sendings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachment", sa.LargeBinary(), nullable=True),
        sa.Column("attachment_name", sa.String(length=200), nullable=False),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=True),
        sa.Column("commissioner_id", sa.Integer(), nullable=True),
        sa.Column("for_date", sa.Date(), nullable=True),
        sa.Column("session", sa.String(length=2), nullable=False),
        sa.Column("created_at", MOMENT(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", MOMENT(), nullable=True),
        sa.Column("claimed_at", MOMENT(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("sent_at", MOMENT(), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_sendings_learner_id_learners"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["commissioner_id"],
            ["commissioners.id"],
            name=op.f("fk_sendings_commissioner_id_commissioners"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["staff.id"], name=op.f("fk_sendings_created_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sendings")),
    )
    op.create_index("ix_sendings_status", "sendings", ["status"])
    op.create_index("ix_sendings_learner_id", "sendings", ["learner_id"])


def downgrade() -> None:
    op.drop_index("ix_sendings_learner_id", table_name="sendings")
    op.drop_index("ix_sendings_status", table_name="sendings")
    op.drop_table("sendings")
    op.drop_table("commissioner_passwords")
    op.drop_table("mail_settings")
