"""Fixtures for the Register screen tests: learners in the autumn term, a settable clock, a screen.

Import the fixtures into a test module (`from tests.ui.register_fixtures import *`-style names).
Times follow tests/services/test_marking.py: AM 09:00 (register closes 09:30), PM 12:45 (13:15).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.codes import Session
from desktop_app.domain.permissions import Role
from desktop_app.domain.upn import make_upn
from desktop_app.models import Learner
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.marking import history
from desktop_app.services.register_week import Cell, week_register
from desktop_app.views.common.context import AppContext
from desktop_app.views.register import model as rm
from desktop_app.views.register.screen import RegisterScreen

MON = date(2025, 9, 8)
TUE, WED = date(2025, 9, 9), date(2025, 9, 10)
AM, PM = Session.AM, Session.PM
ANN, BEN, CAT, DAN = 0, 1, 2, 3  # rows, in surname order


def at(day: date, hh: int, mm: int) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm)


def column(day: date, session: Session) -> int:
    """The grid column of a session in MON's week."""
    return rm.FIRST_SESSION + (day - MON).days * 2 + (0 if session is Session.AM else 1)


@dataclass
class Clock:
    """A clock the test sets; the screen calls it for 'now'."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


_numbers = itertools.count(1)


def add_learner(
    db: Database, surname: str, forename: str, start: date, leaving: date | None = None
) -> int:
    with db.transaction() as session:
        learner = Learner(
            upn=make_upn(f"82030{next(_numbers):07d}"),
            surname=surname,
            forename=forename,
            date_of_birth=date(2011, 1, 1),
            start_date=start,
            leaving_date=leaving,
        )
        session.add(learner)
        session.flush()
        return learner.id


@pytest.fixture
def learners(db: Database, autumn: tuple[date, date]) -> list[int]:
    """Ann (on roll), Ben (starts Wed 10th), Cat (left Tue 9th), Dan (on roll)."""
    return [
        add_learner(db, "Ahmed", "Ann", date(2025, 9, 3)),
        add_learner(db, "Brown", "Ben", WED),
        add_learner(db, "Cole", "Cat", date(2025, 9, 3), leaving=TUE),
        add_learner(db, "Dunn", "Dan", date(2025, 9, 3)),
    ]


@pytest.fixture
def clock() -> Clock:
    return Clock(at(MON, 9, 5))


@pytest.fixture
def tutor(make_staff: Callable[[Role], StaffUser]) -> StaffUser:
    return make_staff(Role.TUTOR)


@pytest.fixture
def make_screen(
    qtbot: QtBot, db: Database, director: StaffUser, clock: Clock, learners: list[int]
) -> Iterator[Callable[..., RegisterScreen]]:
    """Build a shown RegisterScreen (as the director unless told) on MON's week."""

    def make(user: StaffUser | None = None) -> RegisterScreen:
        context = AppContext(db, user or director, "Test Provision", "test register", clock)
        screen = RegisterScreen(context)
        qtbot.addWidget(screen)
        screen.resize(1200, 600)
        screen.show()
        qtbot.waitExposed(screen)
        settle(qtbot, screen)
        return screen

    yield make


def settle(qtbot: QtBot, screen: RegisterScreen) -> None:
    """Wait until the screen has shown the week it is reading (and read its neighbours)."""
    qtbot.waitUntil(lambda: not screen.loader.busy())


def go(screen: RegisterScreen, row: int, day: date, session: Session) -> QModelIndex:
    """Put the grid's cursor on a cell and give the grid the keyboard."""
    index = screen.model.index(row, column(day, session))
    screen.grid.setCurrentIndex(index)
    screen.grid.setFocus()
    return index


def press(qtbot: QtBot, screen: RegisterScreen, *keys: Qt.Key | str) -> None:
    """Type into the real grid view: Qt keys or text, one key event per character."""
    for key in keys:
        if isinstance(key, str):
            qtbot.keyClicks(screen.grid, key)
        else:
            qtbot.keyClick(screen.grid, key)


def stored(
    db: Database, user: StaffUser, learner_id: int, day: date, session: Session
) -> list[str]:
    """The codes the database holds for a session, first mark then each change."""
    return [e.code for e in history(db, user, learner_id, day, session)]


def stored_cell(
    db: Database, user: StaffUser, row: int, day: date, session: Session, now: datetime
) -> Cell:
    """A cell as the week_register service reads it now."""
    week = week_register(db, user, None, day, now)
    return week.rows[row].cells[column(day, session) - rm.FIRST_SESSION]


def current(screen: RegisterScreen) -> tuple[int, int]:
    index = screen.grid.currentIndex()
    return index.row(), index.column()
