"""Where the database lives: --database, PROVISION_REGISTER_DATABASE, or the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop_app import APP_NAME

ENV_DATABASE = "PROVISION_REGISTER_DATABASE"


def default_database_path() -> Path:
    """The SQLite file in the user's data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "register.sqlite"


def database_url(choice: str | None = None) -> str:
    """A SQLAlchemy URL from an explicit choice, the environment, or the default path."""
    value = choice or os.environ.get(ENV_DATABASE) or str(default_database_path())
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases."""
    prefix = "sqlite:///"
    return Path(url[len(prefix) :]) if url.startswith(prefix) else None
