"""UI fixtures: the demo provision in a temporary file, and a signed-in context for pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.app import provision_name
from desktop_app.config import database_url
from desktop_app.demo.provision import DemoResult, build_demo
from desktop_app.models.engine import Database
from desktop_app.services import backup as backup_service
from desktop_app.services.database import open_database
from desktop_app.services.provision import staff_by_username
from desktop_app.views.common import options
from desktop_app.views.common.context import AppContext


@pytest.fixture(autouse=True)
def private_preferences(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Preferences and automatic backups go to a temporary folder, never this user's own.

    Yields the default backup folder (empty until something is backed up).
    """
    folder = tmp_path_factory.mktemp("preferences")
    monkeypatch.setattr(backup_service, "default_backup_folder", lambda: folder / "backups")
    previous = options.use_file(folder / "preferences.ini")
    yield folder / "backups"
    options.use_file(previous)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Database, DemoResult]]:
    """The demo provision built into a fresh file: it has a missing register and an N."""
    db = open_database(database_url(str(tmp_path / "demo.sqlite")), create=True)
    result = build_demo(db)
    yield db, result
    db.dispose()


def context_for(db: Database, username: str = "director") -> AppContext:
    user = staff_by_username(db, username)
    assert user is not None
    return AppContext(db, user, provision_name(db), "/somewhere/register.sqlite")


@pytest.fixture
def demo_context(demo: tuple[Database, DemoResult]) -> AppContext:
    return context_for(demo[0])


@pytest.fixture
def context(db: Database) -> AppContext:
    """The plain test database (no alerts) with its director signed in."""
    return context_for(db)
