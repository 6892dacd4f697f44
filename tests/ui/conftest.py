"""UI fixtures: the demo provision in a temporary file, and a signed-in context for pages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.app import provision_name
from desktop_app.config import database_url
from desktop_app.demo.provision import DemoResult, build_demo
from desktop_app.models.engine import Database, DatabaseKey
from desktop_app.services import backup as backup_service
from desktop_app.services import keys
from desktop_app.services.database import open_database
from desktop_app.services.provision import staff_by_username
from desktop_app.views.common import options
from desktop_app.views.common.collector import GuiThreadCollector
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


@pytest.fixture(autouse=True)
def collected_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the app: cycles freed on the GUI thread only, never on a worker reading for a
    page (a worker freed a closed panel's Qt objects and the test process crashed)."""
    collector = GuiThreadCollector(qapp)
    collector.start()
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture(scope="session")
def demo_template(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, DatabaseKey, DemoResult]:
    """The demo provision built once per test process into an encrypted file (its key in the
    tests' in-memory keyring): building it, its staff's passwords hashed, took seconds a test."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    db = open_database(database_url(str(path)), create=True)
    result, key = build_demo(db), db.key
    db.dispose()  # the last connection closed: the WAL is checkpointed into the file
    assert key is not None and not path.with_name(path.name + "-wal").exists()
    return path, key, result


@pytest.fixture
def demo(
    tmp_path: Path, demo_template: tuple[Path, DatabaseKey, DemoResult]
) -> Iterator[tuple[Database, DemoResult]]:
    """The demo provision in a fresh file of this test's (a copy of the one built for the
    process, its key kept for the copy): it has a missing register and an N."""
    template, key, result = demo_template
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(template, path)
    path.chmod(0o600)  # as the app makes a register
    assert keys.remember_key(path, key)
    db = open_database(database_url(str(path)))
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
