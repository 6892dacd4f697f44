"""The demo provision as on Friday 19 December 2025 (Autumn 2 2025 has just ended), with the
report examples added: a letterhead, a day's follow-up, two absconding incidents."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_app.config import database_url
from desktop_app.demo.provision import build_demo
from desktop_app.demo.report_extras import add_report_examples
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.database import open_database
from desktop_app.services.provision import staff_by_username

TODAY = date(2025, 12, 19)
NOW = datetime(2025, 12, 19, 16, 30)
LAST_DAY = date(2025, 12, 18)  # the last school day of the term: the follow-up day
TERM = "Autumn 2 2025"
PREVIOUS = "Autumn 1 2025"


def build(folder: Path) -> Database:
    db = open_database(database_url(str(folder / "demo.sqlite")), create=True, encrypt=False)
    build_demo(db, today=TODAY)
    add_report_examples(db, LAST_DAY)
    return db


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built once per test process (hashing its passwords is most of the cost)."""
    folder = tmp_path_factory.mktemp("demo-template")
    build(folder).dispose()
    return folder / "demo.sqlite"


def copy_of(template: Path, folder: Path) -> Database:
    path = folder / "demo.sqlite"
    shutil.copyfile(template, path)
    return open_database(database_url(str(path)))


@pytest.fixture(scope="module")
def shared(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One copy per module: for tests that only read (printing records an audit entry, which
    no test reads back from this copy)."""
    db = copy_of(template, tmp_path_factory.mktemp("reports"))
    yield db
    db.dispose()


@pytest.fixture
def fresh(template: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy for one test: for tests that change data or read the audit log."""
    db = copy_of(template, tmp_path)
    yield db
    db.dispose()


def user(db: Database, username: str) -> StaffUser:
    found = staff_by_username(db, username)
    assert found is not None
    return found
