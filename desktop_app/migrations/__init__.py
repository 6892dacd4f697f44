"""Alembic migrations for the Provision Register schema."""
