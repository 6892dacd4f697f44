"""alert acknowledgements and notifications; register reminders

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

Two new tables, and an index on marks (code, date, learner_id, session) so the alerts find every
`N`, a year's illness and unauthorised marks without scanning the register. No existing table is
rebuilt, so it runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop_app.models.base

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=True),
        sa.Column("arose", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("notified_to", sa.String(length=20), nullable=True),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("at", desktop_app.models.base.UtcDateTime(), nullable=False),
        sa.CheckConstraint(
            "notified_to IS NULL OR notified_to IN "
            "('la', 'commissioner', 'social_worker', 'police', 'yot')",
            name=op.f("ck_alert_acknowledgements_notified_to"),
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_alert_acknowledgements_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_alert_acknowledgements_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_acknowledgements")),
        sa.UniqueConstraint("alert_id", name=op.f("uq_alert_acknowledgements_alert_id")),
    )
    op.create_index(
        op.f("ix_alert_acknowledgements_learner_id"),
        "alert_acknowledgements",
        ["learner_id"],
        unique=False,
    )
    op.create_table(
        "register_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("session", sa.String(length=2), nullable=False),
        sa.Column("reminded", sa.String(length=200), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("at", desktop_app.models.base.UtcDateTime(), nullable=False),
        sa.CheckConstraint("session IN ('AM', 'PM')", name=op.f("ck_register_reminders_session")),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_register_reminders_group_id_groups")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_register_reminders_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_reminders")),
    )
    op.create_index(
        op.f("ix_register_reminders_group_id"), "register_reminders", ["group_id"], unique=False
    )

    op.create_index(
        "ix_marks_code_date", "marks", ["code", "date", "learner_id", "session"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_marks_code_date", table_name="marks")
    op.drop_index(op.f("ix_register_reminders_group_id"), table_name="register_reminders")
    op.drop_table("register_reminders")
    op.drop_index(op.f("ix_alert_acknowledgements_learner_id"), table_name="alert_acknowledgements")
    op.drop_table("alert_acknowledgements")
