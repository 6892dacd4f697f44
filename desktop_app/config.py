"""Where the database lives: --database, PROVISION_REGISTER_DATABASE, or the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from desktop_app import APP_NAME

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

ENV_DATABASE = "PROVISION_REGISTER_DATABASE"
#: The keyring service under which a PostgreSQL server's password is kept (`connect-server`).
SERVER_SERVICE = "Provision Register server"


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


def server_account(url: URL) -> str:
    """The keyring account for a server URL: user@host:port/database."""
    return f"{url.username}@{url.host}:{url.port or 5432}/{url.database}"


def server_password(url: URL) -> str | None:
    """A server URL's password: the URL's own, else the one `connect-server` kept in the keyring
    (None: libpq's own means, such as a .pgpass file, are left to work)."""
    if url.password or not url.username:
        return None if url.password is None else str(url.password)
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(SERVER_SERVICE, server_account(url))
    except keyring.errors.KeyringError:
        return None
