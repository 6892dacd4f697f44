"""Time the Register screen on the statistics benchmark's provision, each figure beside its floor
timed in the same run (alternating repetitions, medians):

- week data (`week_register`) beside the bare SQL reading what the grid shows of the week (the
  roll with the group history, the marks with their recorder and amendments), and beside the
  roll and the marks alone (benchmarks/week_floors.py);
- first paint: the screen built, shown and grabbed with the week's data in hand, beside a plain
  QTableView over a static model of the same size (rows x 12 columns, the same texts) built,
  shown and grabbed the same way; and data + first paint (the service read included) beside the
  bare SQL plus that plain table;
- key press to committed mark (p95) beside a bare single-row INSERT on a raw SQLCipher
  connection to a copy of the file (beside it) with the same key, WAL and `synchronous=FULL`
  (the fsync floor, the issue's), and beside the statements the save makes, bare on that
  connection, writing the same rows to copies of the tables a save writes (marks, amendments,
  audit_log: the same columns, keys, constraints and indexes): the write lock; the learner and
  their mark; the log's newest id and hash, and what it holds since; the mark inserted, or its
  amendment inserted and the mark updated; each row's chained log entry. One of each in turn
  after each mark typed, each straight after the grid repainted.

The database is the one `benchmarks/stats.py --keep benchmarks/.data/stats-enc.sqlite` builds (150
learners on roll in three groups; marks up to 30 June 2026; SQLCipher). It is copied to a
temporary folder and opened with the app's `open_database`, so migrations run on the copy and
the marks typed here never change it. By default the group with the most learners that week is
used (about 50); `--all` shows "All learners" (150).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/register.py [--all]

Aims (issue 20): week data <= 2x its floor; first paint <= 1.5x the plain table's; key to
commit p95 <= 1.5x the fsync floor's p95. And key to commit p95 <= 2x the save's own statements
bare: the app's own work (the key, the mark rule, SQLAlchemy, Python) no more than the
database's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from benchmarks import floors
from benchmarks.save_floors import FsyncFloor
from benchmarks.week_floors import week_floor
from desktop_app.app import configure
from desktop_app.domain.codes import PRESENT_MARK
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.database import open_database
from desktop_app.services.provision import staff_by_username
from desktop_app.services.register_week import (
    CellState,
    WeekRegister,
    list_groups,
    week_register,
)
from desktop_app.views.common.context import AppContext
from desktop_app.views.register import model as rm
from desktop_app.views.register import saving as register_saving
from desktop_app.views.register import weeks as register_weeks
from desktop_app.views.register.screen import RegisterScreen

SOURCE = floors.SOURCE
PASSPHRASE = floors.PASSPHRASE
keyring.set_keyring(FailKeyring())  # the benchmark's key never reaches this machine's keyring
MONDAY = date(2026, 6, 15)  # a full school week in Summer 2, inside the data
AFTER_THE_WEEK = datetime(2026, 6, 19, 16, 0)  # every register that week has closed
OPEN_AT = {RegisterSession.AM: clock_time(9, 5), RegisterSession.PM: clock_time(12, 50)}
SCREEN_SIZE = (1400, 800)
AIM_WEEK, AIM_PAINT, AIM_COMMIT, AIM_OWN = 2.0, 1.5, 1.5, 2.0
#: The week data takes 2 to 5 ms a run: it is timed this many times more often than the paints,
#: so its median does not move with one run disturbed.
WEEK_RUNS = 7


class Clock:
    """The injected clock the screen reads; the benchmark moves it from session to session."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def ensure_source(source: Path) -> None:
    floors.ensure_source(source)


@contextmanager
def copied_database(source: Path) -> Iterator[Database]:
    """The benchmark database, copied to a temporary folder and opened there (migrated)."""
    with tempfile.TemporaryDirectory(prefix="register-bench-") as folder:
        copy = Path(folder) / source.name
        shutil.copy2(source, copy)
        db = open_database(f"sqlite:///{copy}", ask=lambda _new: PASSPHRASE)
        try:
            yield db
        finally:
            db.dispose()


def choose_group(db: Database, user: StaffUser, everyone: bool) -> tuple[int | None, str, int]:
    """The group with the most learners on roll in the benchmark week (or everyone)."""
    sizes = [
        (len(week_register(db, user, g.id, MONDAY, AFTER_THE_WEEK).rows), g.id or 0, g.name)
        for g in list_groups(db, user)
        if (g.id is None) == everyone
    ]
    size, group_id, name = max(sizes)
    return group_id or None, name, size


def context_for(db: Database, user: StaffUser, clock: Callable[[], datetime]) -> AppContext:
    """The signed-in context the screen runs in, on the benchmark's clock."""
    return AppContext(db, user, "Benchmark provision", "benchmark register", clock)


# --- first paint -------------------------------------------------------------------------------


def static_model(week: WeekRegister) -> QStandardItemModel:
    """The same rows and columns as the register, as plain text items."""
    model = QStandardItemModel(len(week.rows), rm.COLUMN_COUNT)
    for r, row in enumerate(week.rows):
        model.setItem(r, 0, QStandardItem(row.name))
        model.setItem(r, 1, QStandardItem(str(row.term_percent or "")))
        for c, cell in enumerate(row.cells):
            model.setItem(r, rm.FIRST_SESSION + c, QStandardItem(rm.cell_text(cell)))
    return model


def plain_paint(model: Callable[[], QStandardItemModel]) -> Callable[[], object]:
    """A plain QTableView over the model: built, shown, laid out, painted and grabbed."""

    def run() -> object:
        view = QTableView()
        view.setModel(model())
        view.resize(*SCREEN_SIZE)
        view.show()
        QApplication.processEvents()
        picture = view.grab()
        view.close()
        view.deleteLater()
        return picture

    return run


def week_shown(screen: RegisterScreen) -> None:
    """Wait while the screen reads its week on the thread pool, then let it paint."""
    QApplication.processEvents()
    while screen.loader.busy("week"):
        QApplication.processEvents()
        time.sleep(0.0002)


def screen_paint(db: Database, user: StaffUser, group_id: int | None) -> Callable[[], object]:
    """Create the screen, show it, let it lay out and paint, and grab the picture."""

    def run() -> object:
        screen = RegisterScreen(context_for(db, user, Clock(AFTER_THE_WEEK)), group_id=group_id)
        screen.resize(*SCREEN_SIZE)
        screen.show()
        week_shown(screen)
        picture = screen.grab()
        screen.close()
        screen.deleteLater()
        return picture

    return run


@contextmanager
def week_in_hand(week: WeekRegister) -> Iterator[None]:
    """The screen gets this week without reading the database (paint only)."""
    original = register_weeks.week_register
    register_weeks.week_register = lambda *_a, **_k: week
    try:
        yield
    finally:
        register_weeks.week_register = original


def paint_only(
    db: Database, user: StaffUser, group_id: int | None, week: WeekRegister
) -> Callable[[], object]:
    paint = screen_paint(db, user, group_id)

    def run() -> object:
        with week_in_hand(week):
            return paint()

    return run


def data_and_plain(db: Database, group_id: int | None) -> Callable[[], object]:
    """The floor of data + first paint: the bare SQL (the roll and the marks alone), then a
    plain table of what it read."""
    read = week_floor(db, group_id, MONDAY, shown=False)

    def fill() -> QStandardItemModel:
        roll, marks = read()
        model = QStandardItemModel(len(roll), rm.COLUMN_COUNT)
        where = {r[0]: i for i, r in enumerate(roll)}
        days = {(MONDAY + timedelta(days=d)).isoformat(): d for d in range(5)}
        for i, r in enumerate(roll):
            model.setItem(i, 0, QStandardItem(f"{r[2]} {r[3]}"))
        for m in marks:
            column = rm.FIRST_SESSION + 2 * days[str(m[1])] + (m[2] == "PM")
            model.setItem(where[m[0]], column, QStandardItem(m[3]))
        return model

    return plain_paint(fill)


# --- key press to commit -----------------------------------------------------------------------


class CommitTimer:
    """Records the moment each record_mark call made by the screen returns."""

    def __init__(self) -> None:
        self.returned: list[float] = []
        self._original = register_saving.record_mark

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        result = self._original(*args, **kwargs)
        self.returned.append(time.perf_counter())
        return result

    def install(self) -> None:
        setattr(register_saving, "record_mark", self)  # noqa: B010 (the screen looks it up by name)

    def remove(self) -> None:
        setattr(register_saving, "record_mark", self._original)  # noqa: B010


def key_for(screen: RegisterScreen, row: int, column: int) -> Qt.Key:
    """A key that changes the mark: present (Space) unless present already, then O."""
    _, session = screen.model.session_of(column)
    present = screen.model.cell(row, column).code == PRESENT_MARK[session]
    return Qt.Key.Key_O if present else Qt.Key.Key_Space


def repainted(screen: RegisterScreen) -> None:
    """The grid painted again, as after each mark a person types: every timed save, the app's
    and the floors', comes straight after one, so none finds the processor's caches warmer."""
    screen.grid.viewport().repaint()
    QApplication.processEvents()


def type_column(
    screen: RegisterScreen,
    column: int,
    timer: CommitTimer,
    floor: FsyncFloor,
    wanted: int,
    latencies: list[float],
) -> None:
    """Type one mark per learner down an open column; after each, the floors: one bare insert,
    and the same save's statements bare."""
    model, grid, staff = screen.model, screen.grid, screen.user.id
    for row in range(model.rowCount()):
        if len(latencies) >= wanted:
            return
        cell = model.cell(row, column)
        if cell.locked or cell.state is CellState.BEFORE_START:
            continue
        grid.setCurrentIndex(model.index(row, column))
        key, before = key_for(screen, row, column), len(timer.returned)
        repainted(screen)
        began = time.perf_counter()
        QTest.keyClick(grid, key)
        if len(timer.returned) != before + 1:
            continue
        latencies.append((timer.returned[-1] - began) * 1000)
        day, session = model.session_of(column)
        written = model.cell(row, column).code or ""
        repainted(screen)
        floor.insert()
        floor.flush()
        repainted(screen)
        floor.save_like(model.learner(row).learner_id, day, session.value, written, staff)


def commit_latencies(
    db: Database, user: StaffUser, group_id: int | None, wanted: int
) -> tuple[list[float], FsyncFloor]:
    """Key press to committed mark over `wanted` marks in open sessions, and the floors timed
    beside them (a bare insert; the save's own statements, bare; the disk's flush)."""
    clock = Clock(AFTER_THE_WEEK)
    screen = RegisterScreen(context_for(db, user, clock), group_id=group_id)
    screen.resize(*SCREEN_SIZE)
    screen.show()
    week_shown(screen)
    timer, floor, latencies = CommitTimer(), FsyncFloor(db, MONDAY), list[float]()
    refused: list[str] = []
    screen.grid.sig_key_refused.connect(lambda _index, why: refused.append(why))
    timer.install()
    try:
        while len(latencies) < wanted:
            before = len(latencies)
            for column in range(rm.FIRST_SESSION, rm.COLUMN_COUNT):
                day, session = screen.model.session_of(column)
                clock.now = datetime.combine(day, OPEN_AT[session])
                screen.refresh()  # the register of this column is open at this time
                week_shown(screen)
                type_column(screen, column, timer, floor, wanted, latencies)
            if refused:
                raise RuntimeError(f"the screen refused {len(refused)} keys: {refused[0]}")
            if len(latencies) == before:  # every save failed (its error is printed above)
                raise RuntimeError("no mark was saved in a whole week's columns")
    finally:
        timer.remove()
        floor.close()
        screen.close()
        screen.deleteLater()  # now, not at exit: its timers must not read a copy that has gone
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    return latencies, floor


# --- the run -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help=f"default {SOURCE}")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of the reads/paints")
    parser.add_argument("--marks", type=int, default=300, help="marks to type (default 300)")
    parser.add_argument("--all", action="store_true", help='"All learners" (150) not one group')
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.marks < 20:
        parser.error("--repeat must be at least 1 and --marks at least 20")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ensure_source(args.source)
    floors.quiet_offscreen()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure(app)
    with copied_database(args.source) as db:
        user = staff_by_username(db, "director")
        if user is None:
            print("no 'director' account in the benchmark database", file=sys.stderr)
            return 1
        group_id, name, size = choose_group(db, user, args.all)
        print(
            f"group {name}: {size} learners, week of {MONDAY}; {args.repeat} runs each"
            f" ({args.repeat * WEEK_RUNS} of the week data)"
        )
        print(floors.machine())
        label = f"{size} learners"
        week = week_register(db, user, group_id, MONDAY, AFTER_THE_WEEK)
        read, shown, alone = floors.interleaved3(
            lambda: week_register(db, user, group_id, MONDAY, AFTER_THE_WEEK),
            week_floor(db, group_id, MONDAY),
            week_floor(db, group_id, MONDAY, shown=False),
            args.repeat * WEEK_RUNS,
        )
        floors.emit(
            floors.Result(
                f"week data ({label})",
                floors.median(read),
                floors.median(shown),
                "ms",
                "bare SQL of what the grid shows",
                f"<= {AIM_WEEK:g}x",
                AIM_WEEK,
            )
        )
        floors.emit(
            floors.Result(
                f"week data ({label}), beside the roll and marks alone",
                floors.median(read),
                floors.median(alone),
                "ms",
                "bare SQL, roll and marks only",
                "",
            )
        )
        model = static_model(week)
        paint, plain = floors.interleaved(
            paint_only(db, user, group_id, week), plain_paint(lambda: model), args.repeat
        )
        floors.emit(
            floors.Result(
                f"first paint ({label})",
                floors.median(paint),
                floors.median(plain),
                "ms",
                "plain QTableView",
                f"<= {AIM_PAINT:g}x",
                AIM_PAINT,
            )
        )
        both, both_floor = floors.interleaved(
            screen_paint(db, user, group_id), data_and_plain(db, group_id), args.repeat
        )
        floors.emit(
            floors.Result(
                f"data + first paint ({label})",
                floors.median(both),
                floors.median(both_floor),
                "ms",
                "bare SQL + plain table",
                "",
            )
        )
        latencies, floor = commit_latencies(db, user, group_id, args.marks)
        fsyncs, saves, flushes = floor.times, floor.save_times, floor.flush_times
        floors.emit(
            floors.Result(
                f"key to commit p95 ({label}, {len(latencies)} marks)",
                floors.p95(latencies),
                floors.p95(fsyncs),
                "ms",
                "bare insert + fsync p95",
                f"<= {AIM_COMMIT:g}x",
                AIM_COMMIT,
                f"medians {floors.median(latencies):.1f} / {floors.median(fsyncs):.1f} ms;"
                f" of the floor, the disk's flush: median {floors.median(flushes):.2f},"
                f" p95 {floors.p95(flushes):.2f} ms",
            )
        )
        floors.emit(
            floors.Result(
                f"key to commit p95 ({label}), beside the save's own statements",
                floors.p95(latencies),
                floors.p95(saves),
                "ms",
                "the save's statements, bare SQL p95",
                f"<= {AIM_OWN:g}x",
                AIM_OWN,
                f"medians {floors.median(latencies):.1f} / {floors.median(saves):.1f} ms",
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
