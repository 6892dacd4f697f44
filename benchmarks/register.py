"""Time the Register screen on the statistics benchmark's provision: a week's data, the first
paint, and the time from a key press in the grid to its mark being committed.

The database is the one `benchmarks/stats.py --keep benchmarks/.data/stats-enc.sqlite` builds (150
learners on roll in three groups; marks up to 30 June 2026; encrypted with SQLCipher under the
benchmark's passphrase, as a real register is). It is copied to a temporary folder
first, so the marks typed here never change it. The group with the most learners that week is
used (about 50).

Run from the repository root (no display needed):

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/register.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics as stats_lib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.app import configure
from desktop_app.domain.codes import PRESENT_MARK
from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.database import open_database
from desktop_app.services.provision import staff_by_username
from desktop_app.services.register_week import CellState, list_groups, week_register
from desktop_app.views.common.context import AppContext
from desktop_app.views.register import model as rm
from desktop_app.views.register import saving as register_saving
from desktop_app.views.register.screen import RegisterScreen

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "benchmarks" / ".data" / "stats-enc.sqlite"
PASSPHRASE = "benchmark passphrase, not a secret"  # as in benchmarks/stats.py
keyring.set_keyring(FailKeyring())  # the benchmark's key never reaches this machine's keyring
MONDAY = date(2026, 6, 15)  # a full school week in Summer 2, inside the data
AFTER_THE_WEEK = datetime(2026, 6, 19, 16, 0)  # every register that week has closed
OPEN_AT = {RegisterSession.AM: clock_time(9, 5), RegisterSession.PM: clock_time(12, 50)}
SCREEN_SIZE = (1400, 800)
AIM_WEEK_MS, AIM_PAINT_MS, AIM_P95_MS = 50.0, 150.0, 20.0


class Clock:
    """The injected clock the screen reads; the benchmark moves it from session to session."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def ensure_source(source: Path) -> None:
    if not source.exists():
        print(f"{source} is missing: building it with benchmarks/stats.py (about 20 s)")
        command = [sys.executable, str(ROOT / "benchmarks" / "stats.py"), "--keep", str(source)]
        subprocess.run(command, check=True, cwd=ROOT)


@contextmanager
def copied_database(source: Path) -> Iterator[Database]:
    """The benchmark database, copied to a temporary folder and opened there."""
    with tempfile.TemporaryDirectory(prefix="register-bench-") as folder:
        copy = Path(folder) / source.name
        shutil.copy2(source, copy)
        db = open_database(f"sqlite:///{copy}", ask=lambda _new: PASSPHRASE)
        try:
            yield db
        finally:
            db.dispose()


def choose_group(db: Database, user: StaffUser) -> tuple[int | None, str, int]:
    """The group with the most learners on roll in the benchmark week: (id, name, learners)."""
    sizes = [
        (len(week_register(db, user, g.id, MONDAY, AFTER_THE_WEEK).rows), g.id, g.name)
        for g in list_groups(db, user)
        if g.id is not None
    ]
    size, group_id, name = max(sizes)
    return group_id, name, size


def time_ms(call: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds for each of repeat calls, after one untimed warm-up call."""
    call()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return times


def context_for(db: Database, user: StaffUser, clock: Callable[[], datetime]) -> AppContext:
    """The signed-in context the screen runs in, on the benchmark's clock."""
    return AppContext(db, user, "Benchmark provision", "benchmark register", clock)


def first_paint(db: Database, user: StaffUser, group_id: int | None) -> Callable[[], object]:
    """Create the screen, show it, let it lay out and paint, and grab the picture."""

    def run() -> object:
        screen = RegisterScreen(context_for(db, user, Clock(AFTER_THE_WEEK)), group_id=group_id)
        screen.resize(*SCREEN_SIZE)
        screen.show()
        QApplication.processEvents()
        picture = screen.grab()
        screen.close()
        screen.deleteLater()
        return picture

    return run


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


def type_column(
    screen: RegisterScreen, column: int, timer: CommitTimer, wanted: int, latencies: list[float]
) -> None:
    """Type one mark per learner down an open column; time key press to commit."""
    model, grid = screen.model, screen.grid
    for row in range(model.rowCount()):
        if len(latencies) >= wanted:
            return
        cell = model.cell(row, column)
        if cell.locked or cell.state is CellState.BEFORE_START:
            continue
        grid.setCurrentIndex(model.index(row, column))
        key, before = key_for(screen, row, column), len(timer.returned)
        began = time.perf_counter()
        QTest.keyClick(grid, key)
        if len(timer.returned) == before + 1:
            latencies.append((timer.returned[-1] - began) * 1000)
        QApplication.processEvents()  # the repaint a person would see, outside the timing


def commit_latencies(
    db: Database, user: StaffUser, group_id: int | None, wanted: int
) -> list[float]:
    """Key press to committed mark, over `wanted` marks in sessions whose register is open."""
    clock = Clock(AFTER_THE_WEEK)
    screen = RegisterScreen(context_for(db, user, clock), group_id=group_id)
    screen.resize(*SCREEN_SIZE)
    screen.show()
    timer, latencies = CommitTimer(), list[float]()
    refused: list[str] = []
    screen.grid.sig_key_refused.connect(lambda _index, why: refused.append(why))
    timer.install()
    try:
        while len(latencies) < wanted:
            for column in range(rm.FIRST_SESSION, rm.COLUMN_COUNT):
                day, session = screen.model.session_of(column)
                clock.now = datetime.combine(day, OPEN_AT[session])
                screen.refresh()  # the register of this column is open at this time
                type_column(screen, column, timer, wanted, latencies)
            if refused:
                raise RuntimeError(f"the screen refused {len(refused)} keys: {refused[0]}")
    finally:
        timer.remove()
        screen.close()
    return latencies


def verdict(value: float, aim: float) -> str:
    return "met" if value < aim else "NOT met"


def report(week_ms: list[float], paint_ms: list[float], latencies: list[float]) -> None:
    week, paint = stats_lib.median(week_ms), stats_lib.median(paint_ms)
    median, p95 = stats_lib.median(latencies), stats_lib.quantiles(latencies, n=100)[94]
    print(f"week data (week_register)   median {week:7.1f} ms   min {min(week_ms):7.1f} ms")
    print(f"data + first paint          median {paint:7.1f} ms   min {min(paint_ms):7.1f} ms")
    print(
        f"key press to commit ({len(latencies)} marks)  median {median:6.1f} ms   p95 {p95:6.1f} ms"
        f"   max {max(latencies):6.1f} ms"
    )
    print(
        f"\naim: week data under {AIM_WEEK_MS:.0f} ms: {week:.1f} ms {verdict(week, AIM_WEEK_MS)}"
    )
    print(
        f"aim: painted under {AIM_PAINT_MS:.0f} ms: {paint:.1f} ms {verdict(paint, AIM_PAINT_MS)}"
    )
    print(f"aim: p95 commit under {AIM_P95_MS:.0f} ms: {p95:.1f} ms {verdict(p95, AIM_P95_MS)}")
    print(f"(this machine has {os.cpu_count()} CPUs)")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help=f"default {SOURCE}")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of the first two")
    parser.add_argument("--marks", type=int, default=500, help="marks to type (default 500)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.marks < 20:
        parser.error("--repeat must be at least 1 and --marks at least 20")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ensure_source(args.source)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure(app)
    with copied_database(args.source) as db:
        user = staff_by_username(db, "director")
        if user is None:
            print("no 'director' account in the benchmark database", file=sys.stderr)
            return 1
        group_id, name, size = choose_group(db, user)
        print(f"group {name}: {size} learners, week of {MONDAY}; {args.repeat} runs each\n")
        week_ms = time_ms(
            lambda: week_register(db, user, group_id, MONDAY, AFTER_THE_WEEK), args.repeat
        )
        paint_ms = time_ms(first_paint(db, user, group_id), args.repeat)
        latencies = commit_latencies(db, user, group_id, args.marks)
    report(week_ms, paint_ms, latencies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
