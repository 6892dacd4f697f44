"""Opening the database: the file must exist unless we are creating it; migrations run at start."""

from __future__ import annotations

from desktop_app.config import sqlite_path
from desktop_app.models import migrate
from desktop_app.models.engine import Database, make_engine
from desktop_app.services.errors import ServiceError


def open_database(url: str, create: bool = False) -> Database:
    """Open (or with create=True, make) the database at url and bring its schema up to date."""
    path = sqlite_path(url)
    if path is not None:
        if create and path.exists():
            raise ServiceError(f"{path} already exists; choose another file")
        if not create and not path.exists():
            raise ServiceError(f"no database at {path}; create one with 'init' or 'demo'")
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return Database(engine)
