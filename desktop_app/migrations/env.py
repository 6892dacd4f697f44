"""Alembic environment: runs on the connection the app hands it."""

from __future__ import annotations

from alembic import context

from desktop_app.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through desktop_app.models.migrate.upgrade")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
