"""Issue 20 point 3: weeks are read off the GUI thread, kept, and never marked while another loads.

Times follow register_fixtures: AM 09:00 (closes 09:30), Monday 8 Sep 2025.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.marking import record_mark
from desktop_app.services.register_week import CellState, register_version, week_register
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.register.screen import RegisterScreen
from desktop_app.views.register.weeks import WeekCache
from tests.ui.register_fixtures import (
    AM,
    ANN,
    DAN,
    MON,
    Clock,
    at,
    clock,
    column,
    go,
    learners,
    make_screen,
    press,
    settle,
    stored,
)

__all__ = ["clock", "learners", "make_screen"]
Make = Callable[..., RegisterScreen]
FAR = date(2025, 10, 6)  # a Monday in term, far from MON: not read ahead


def test_a_key_typed_while_another_week_loads_marks_neither_week(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    screen.bar.date_edit.setDate(QDate(FAR.year, FAR.month, FAR.day))
    assert screen.grid.loading  # the week of MON still shows while FAR is read
    assert screen.model.week is not None and screen.model.week.monday == MON
    press(qtbot, screen, "/")
    assert not screen.commit(screen.grid.currentIndex(), "/")
    assert "another week is being read" in screen.message.text()
    settle(qtbot, screen)
    assert screen.model.week.monday == FAR and not screen.grid.loading
    assert stored(db, director, learners[0], MON, AM) == []
    assert stored(db, director, learners[0], FAR, AM) == []


def test_the_weeks_either_side_are_read_ahead_and_show_at_once(
    qtbot: QtBot, make_screen: Make
) -> None:
    screen = make_screen()
    assert (None, MON + timedelta(7)) not in screen.weeks  # not while the week is painted
    qtbot.waitUntil(screen.paging_paused)
    screen.bar.next_button.click()  # read ahead once paging paused: no wait
    assert screen.model.week is not None and screen.model.week.monday == MON + timedelta(7)
    assert not screen.grid.loading


def test_a_week_kept_is_read_again_after_a_write_nobody_announced(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    """Another PC's write reaches no bus here: the register's version still shows it."""
    screen = make_screen()
    qtbot.waitUntil(screen.paging_paused)
    screen.bar.next_button.click()
    qtbot.waitUntil(screen.paging_paused)
    record_mark(db, director, learners[3], MON, AM, "B", at(MON, 9, 5))
    screen.bar.previous_button.click()
    settle(qtbot, screen)
    assert screen.model.index(DAN, column(MON, AM)).data() == "B"


def test_a_week_kept_is_read_again_once_a_register_has_closed(
    qtbot: QtBot, make_screen: Make, clock: Clock
) -> None:
    clock.now = at(MON, 9, 5)
    screen = make_screen()
    assert screen.model.cell(ANN, column(MON, AM)).state is CellState.UNMARKED
    clock.now = at(MON, 9, 40)
    screen.refresh()
    settle(qtbot, screen)
    assert screen.model.cell(ANN, column(MON, AM)).state is CellState.MISSING


def test_a_change_on_the_bus_drops_only_the_weeks_it_touches(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    cache = WeekCache(screen.context.changes)
    now, version = at(MON, 9, 5), register_version(db)
    for monday in (MON, MON + timedelta(7)):
        cache.put((None, monday), (version, week_register(db, director, None, monday, now)), 0)
    bus = screen.context.changes
    bus.announce(Change.of(Kind.MARKS, learner_ids=[learners[0]], dates=[MON + timedelta(1)]))
    assert (None, MON) not in cache and (None, MON + timedelta(7)) in cache
    assert cache.get((None, MON + timedelta(7)), version, now) is not None
    kept = week_register(db, director, None, MON, now)
    cache.put((None, MON), (version, kept), 0)  # read before the change: not kept
    assert (None, MON) not in cache
    cache.put((None, MON), (version, kept), cache.epoch)
    bus.announce(Change.of(Kind.CALENDAR))
    assert (None, MON) not in cache and (None, MON + timedelta(7)) not in cache


def test_what_a_cell_paints_follows_a_save_and_a_refused_key(
    qtbot: QtBot, make_screen: Make
) -> None:
    """Issue 20: the grid keeps each cell's paint facts until that cell changes."""
    screen = make_screen()
    model = screen.model
    before = model.paint_facts(ANN, column(MON, AM))
    assert before is not None and before.text == "" and not before.saved
    go(screen, ANN, MON, AM)
    press(qtbot, screen, " ")
    after = model.paint_facts(ANN, column(MON, AM))
    assert after is not None and after.text == "/" and after.saved and after.look != before.look
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "A")  # not a code: refused, the cell flashes
    flashed = model.paint_facts(ANN, column(MON, AM))
    assert flashed is not None and flashed.flash
