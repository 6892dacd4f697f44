"""Create and upgrade the schema with Alembic, loading Alembic only when a migration is due.

The schema version a register holds is read with one query (`stored_revision`); the newest
version this build knows is the highest numbered file in migrations/versions (`head_revision`),
so opening an up-to-date register never imports Alembic.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

if TYPE_CHECKING:
    from alembic.config import Config

#: Revision files are named NNNN_what.py and their revision id is NNNN.
REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "desktop_app:migrations")
    return config


@cache
def head_revision() -> str:
    """The newest schema version this build knows, from the revision files' names."""
    folder = resources.files("desktop_app.migrations").joinpath("versions")
    numbers = [m.group(1) for f in folder.iterdir() if (m := REVISION_FILE.match(f.name))]
    if not numbers:
        raise RuntimeError("no migrations found: the app is incomplete; reinstall it")
    return max(numbers)


def stored_revision(engine: Engine) -> str | None:
    """The schema version in the database (one query); None for a new, empty database."""
    try:
        with engine.connect() as connection:
            value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as error:
        if "alembic_version" in str(error):  # no such table: nothing has been created yet
            return None
        raise
    return None if value is None else str(value)


def current_revision(engine: Engine) -> str | None:
    """The schema version in the database (the same as stored_revision)."""
    return stored_revision(engine)


def is_newer_than_this_build(revision: str | None) -> bool:
    """A register written by a later version of the app, which this one must not touch."""
    return revision is not None and revision > head_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; does nothing when it is already there."""
    if stored_revision(engine) == head_revision():
        return
    run_migrations(engine)


def run_migrations(engine: Engine) -> None:
    """Run every migration due, in one transaction (Alembic is imported here, only when due)."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
