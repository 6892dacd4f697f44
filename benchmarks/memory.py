"""The window's memory after a morning's use, repeated: does it grow?

On a copy of the statistics benchmark's register (150 learners, six years, SQLCipher) the main
window is built for the director (signed in), then a "morning" is repeated: the Register page
shown, three groups each marked down one open session (Space per learner), ten learner panels
opened and closed, and two reports printed (a group's register and a learner's report, to PDF).
After each morning the resident set size (RSS, from /proc) and the Python heap (tracemalloc) are
printed. A leak shows as growth from one morning to the next; the first morning fills caches.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/memory.py [--mornings 4]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import tracemalloc
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from benchmarks import floors
from benchmarks.register import SOURCE, Clock, copied_database, ensure_source, week_shown
from desktop_app.app import configure
from desktop_app.services.provision import staff_by_username
from desktop_app.services.register_week import list_groups
from desktop_app.services.report_jobs import learner_job, register_job
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.panel import open_learner_panel, open_panel
from desktop_app.views.register import model as rm

MONDAY = date(2026, 7, 6)  # a week after the data ends (30 June): every session unmarked
NOW = datetime(2026, 7, 6, 9, 5)  # Monday morning, AM register open
AIM_GROWTH_MB = 5.0  # per morning, after the first


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()
    gc.collect()
    app.processEvents()


def mark_groups(app: QApplication, window: object, context: AppContext, morning: int) -> int:
    """Mark three groups down one open session; returns the marks typed."""
    register = window.pages["Register"]  # type: ignore[attr-defined]
    typed = 0
    groups = [g for g in list_groups(context.db, context.user) if g.id is not None][:3]
    column = rm.FIRST_SESSION + 2 * (morning % 5)  # a different day's AM each morning
    for group in groups:
        register.select_group(group.id)
        register.go_to_week(MONDAY)
        week_shown(register)  # weeks are read on the thread pool
        day, _ = register.model.session_of(column)
        context.clock.now = datetime.combine(day, NOW.time())  # type: ignore[attr-defined]
        register.refresh()
        week_shown(register)
        for row in range(register.model.rowCount()):
            cell = register.model.cell(row, column)
            if cell.locked or cell.code:
                continue
            register.grid.setCurrentIndex(register.model.index(row, column))
            QTest.keyClick(register.grid, Qt.Key.Key_Space)
            typed += 1
        app.processEvents()
    return typed


def open_panels(app: QApplication, window: object, context: AppContext) -> None:
    register = window.pages["Register"]  # type: ignore[attr-defined]
    ids = [register.model.learner(r).learner_id for r in range(register.model.rowCount())]
    for learner_id in ids[:10]:
        open_learner_panel(None, context, learner_id)  # read off the GUI thread, then shown
        while (panel := open_panel(context, learner_id)) is None:
            app.processEvents()
        app.processEvents()
        panel.close()
        panel.deleteLater()
        app.processEvents()


def print_reports(context: AppContext, upn: str, folder: Path, morning: int) -> None:
    group = next(g for g in list_groups(context.db, context.user) if g.id is not None)
    register_job(context.db, context.user, group.name, MONDAY, folder / f"reg-{morning}.pdf")
    span = (date(2025, 9, 1), date(2026, 6, 30))
    learner_job(context.db, context.user, upn, span, folder / f"learner-{morning}.pdf")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--mornings", type=int, default=4, help="repetitions (default 4)")
    args = parser.parse_args(argv)
    if args.mornings < 2:
        parser.error("--mornings must be at least 2")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ensure_source(SOURCE)
    floors.quiet_offscreen()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure(app)
    from desktop_app.views.shell.main_window import MainWindow

    tracemalloc.start()
    print(floors.machine())
    with copied_database(SOURCE) as db, tempfile.TemporaryDirectory() as folder:
        director = staff_by_username(db, "director")
        assert director is not None
        context = AppContext(db, director, "Benchmark", "benchmark", Clock(NOW))
        window = MainWindow(context, idle_timeout_ms=3_600_000)
        window.show()
        settle(app)
        names = [window.navigation.item(r).text() for r in range(window.navigation.count())]
        window.show_page(names.index("Register"))
        settle(app)
        rss, heap = [rss_mb()], [tracemalloc.get_traced_memory()[0] / 1e6]
        print(f"signed in, Register shown: RSS {rss[0]:7.1f} MB, Python heap {heap[0]:6.1f} MB")
        for morning in range(args.mornings):
            typed = mark_groups(app, window, context, morning)
            open_panels(app, window, context)
            upn = window.pages["Register"].model.learner(0).upn  # type: ignore[attr-defined]
            print_reports(context, upn, Path(folder), morning)
            settle(app)
            rss.append(rss_mb())
            heap.append(tracemalloc.get_traced_memory()[0] / 1e6)
            print(
                f"after morning {morning + 1} ({typed} marks, 10 panels, 2 reports):"
                f" RSS {rss[-1]:7.1f} MB, Python heap {heap[-1]:6.1f} MB"
            )
        window.close()
    growth = (rss[-1] - rss[1]) / (len(rss) - 2)
    heap_growth = (heap[-1] - heap[1]) / (len(heap) - 2)
    floors.emit(
        floors.Result(
            f"memory after {args.mornings} mornings (RSS)",
            rss[-1],
            rss[0],
            "MB",
            "signed in, nothing done",
            f"growth <= {AIM_GROWTH_MB:g} MB/morning",
            None,
            f"{growth:+.1f} MB RSS, {heap_growth:+.2f} MB heap per morning after the first",
            growth <= AIM_GROWTH_MB,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
