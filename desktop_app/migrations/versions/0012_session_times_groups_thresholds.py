"""session times from a date (per weekday), the provision's thresholds, groups' tutors and
learners' group history, archived groups, and "must change password"

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

`session_times` replaces the four fixed time columns of `provision_settings`: the times there are
copied as the set in force "from the beginning" (1900-01-01, every weekday), then the columns are
dropped (plain ALTER TABLE ... DROP COLUMN: no table is rebuilt). Every learner's current group
becomes their first membership, from their start date. New tables and plain columns otherwise, so
it runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_TIMES = ("am_start", "am_close", "pm_start", "pm_close")


def upgrade() -> None:
    op.create_table(
        "session_times",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        *(sa.Column(name, sa.Time(), nullable=False) for name in _TIMES),
        sa.CheckConstraint(
            "weekday IS NULL OR weekday BETWEEN 0 AND 4", name=op.f("ck_session_times_weekday")
        ),
        sa.CheckConstraint(
            "am_close > am_start AND pm_close > pm_start", name=op.f("ck_session_times_ordered")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_times")),
        sa.UniqueConstraint(
            "effective_from", "weekday", name=op.f("uq_session_times_effective_from")
        ),
    )
    op.get_bind().execute(
        sa.text(
            "INSERT INTO session_times (effective_from, weekday, am_start, am_close, pm_start, "
            "pm_close) SELECT :beginning, NULL, am_start, am_close, pm_start, pm_close "
            "FROM provision_settings"
        ),
        {"beginning": date(1900, 1, 1)},
    )
    for name in _TIMES:
        op.drop_column("provision_settings", name)
    op.create_table(
        "provision_thresholds",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_provision_thresholds")),
    )
    op.add_column(
        "groups", sa.Column("archived", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column(
        "staff",
        sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    _groups()


def _groups() -> None:
    op.create_table(
        "group_tutors",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_group_tutors_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_group_tutors_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "staff_id", name=op.f("pk_group_tutors")),
    )
    op.create_index(op.f("ix_group_tutors_staff_id"), "group_tutors", ["staff_id"], unique=False)
    op.create_table(
        "group_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_group_memberships_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_group_memberships_group_id_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_memberships")),
        sa.UniqueConstraint(
            "learner_id", "from_date", name=op.f("uq_group_memberships_learner_id")
        ),
    )
    op.create_index(
        op.f("ix_group_memberships_learner_id"), "group_memberships", ["learner_id"], unique=False
    )
    op.execute(
        "INSERT INTO group_memberships (learner_id, group_id, from_date) "
        "SELECT id, group_id, start_date FROM learners WHERE group_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_group_memberships_learner_id"), table_name="group_memberships")
    op.drop_table("group_memberships")
    op.drop_index(op.f("ix_group_tutors_staff_id"), table_name="group_tutors")
    op.drop_table("group_tutors")
    op.drop_column("staff", "must_change_password")
    op.drop_column("groups", "archived")
    op.drop_table("provision_thresholds")
    for name, default in zip(_TIMES, ("09:00:00", "09:30:00", "12:45:00", "13:15:00"), strict=True):
        op.add_column(
            "provision_settings",
            sa.Column(name, sa.Time(), server_default=default, nullable=False),
        )
        newest = (
            f"SELECT {name} FROM session_times WHERE weekday IS NULL "
            "ORDER BY effective_from DESC LIMIT 1"
        )
        op.execute(f"UPDATE provision_settings SET {name} = COALESCE(({newest}), {name})")
    op.drop_table("session_times")
