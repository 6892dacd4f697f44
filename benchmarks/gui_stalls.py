"""How long the GUI thread is ever blocked, and how soon Today is painted after sign-in, on the
statistics benchmark's register (150 learners, six years of marks, encrypted).

A heartbeat timer ticks every 2 ms on the GUI thread; the longest gap between two ticks, less the
2 ms, is the longest the window could not repaint or answer a key. The script signs in (builds
the main window for the director), waits for Today to paint and for its alerts to fill in, then
opens every page in turn, opens the first learner's panel and each of its tabs, and each dialog of
the Send menu, then marks nothing (read-only). It prints each step's longest stall and the time
from sign-in to Today painted, beside a plain QWidget painted the same way (the floor).

Beside each stall is the GUI thread's own CPU time over its busiest gap between ticks: on a
loaded machine the wall-clock stall grows with other processes' work, the CPU figure does not.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_stalls.py
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from benchmarks import floors
from benchmarks.register import SOURCE, copied_database, ensure_source
from desktop_app.app import configure, warm_up
from desktop_app.services.provision import staff_by_username
from desktop_app.views.common.context import AppContext
from desktop_app.views.learners.panel import open_panel

if TYPE_CHECKING:
    from desktop_app.views.shell.main_window import MainWindow

NOW = datetime(2026, 6, 17, 10, 30)  # a Wednesday morning inside the benchmark's data
AIM_STALL_MS, AIM_TODAY_MS = 50.0, 300.0
TICK_MS = 2
#: (step, (longest stall ms, most GUI-thread CPU ms between two ticks))
Step = tuple[str, tuple[float, float]]


@dataclass
class Heartbeat:
    """The longest gap between ticks since the last `take`."""

    timer: QTimer = field(default_factory=QTimer)
    clock: QElapsedTimer = field(default_factory=QElapsedTimer)
    last: float = 0.0
    worst: float = 0.0
    last_cpu: float = 0.0
    worst_cpu: float = 0.0  # the most GUI-thread CPU time spent between two ticks

    def start(self) -> None:
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.clock.start()
        self.last = self.clock.nsecsElapsed() / 1e6
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = self.clock.nsecsElapsed() / 1e6, time.thread_time() * 1000
        self.worst = max(self.worst, now - self.last - TICK_MS)
        self.worst_cpu = max(self.worst_cpu, cpu - self.last_cpu)
        self.last, self.last_cpu = now, cpu

    def take(self) -> tuple[float, float]:
        """(longest wall-clock stall, most GUI-thread CPU between ticks) since the last take."""
        worst, self.worst = self.worst, 0.0
        worst_cpu, self.worst_cpu = self.worst_cpu, 0.0
        self.last = self.clock.nsecsElapsed() / 1e6
        self.last_cpu = time.thread_time() * 1000
        return worst, worst_cpu


class Painted(QObject):
    """Notes the moment a widget of a kind (the page, whenever the window builds it) first
    paints, without making the window build it sooner than it would."""

    def __init__(self, app: QApplication, kind: type[QWidget]) -> None:
        super().__init__(app)
        self.kind = kind
        self.at: float | None = None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.at is None and event.type() == QEvent.Type.Paint and isinstance(watched, self.kind):
            self.at = time.perf_counter()
        return False


def spin(app: QApplication, seconds: float, until: object = None) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        if callable(until) and until():
            return
        time.sleep(0.001)


class Plain(QWidget):
    """The floor: an empty window the size of the main window."""


def floor_paint(app: QApplication) -> float:
    began = time.perf_counter()
    seen = Painted(app, Plain)
    plain = Plain()
    plain.resize(1180, 760)
    plain.show()
    spin(app, 2, lambda: seen.at is not None)
    app.removeEventFilter(seen)
    plain.close()
    return ((seen.at or time.perf_counter()) - began) * 1000


def main() -> None:
    ensure_source(SOURCE)
    floors.compiled()
    floors.quiet_offscreen()
    app = QApplication.instance() or QApplication([])
    configure(app)  # type: ignore[arg-type]
    from desktop_app.views.common.collector import GuiThreadCollector

    GuiThreadCollector(app).start()  # as the app does: cycles freed on the GUI thread only
    from desktop_app.views.shell.main_window import MainWindow
    from desktop_app.views.shell.warm_qt import warm_type_lookup
    from desktop_app.views.today.page import TodayPage

    floor = floor_paint(app)  # type: ignore[arg-type]
    beat = Heartbeat()
    beat.start()
    with copied_database(SOURCE) as db:
        # As the app's opening worker does while the person types their password: the pooled
        # connections opened (each derives its key) and the first page's code imported.
        db.warm_connections()
        warm_up()
        warm_type_lookup()  # as the sign-in window does once the register is open
        director = staff_by_username(db, "director")
        assert director is not None
        context = AppContext(db, director, "Benchmark", "benchmark", clock=lambda: NOW)
        beat.take()
        began = time.perf_counter()
        seen = Painted(app, TodayPage)  # type: ignore[arg-type]
        window = MainWindow(context, idle_timeout_ms=3_600_000)
        window.show()
        spin(app, 5, lambda: seen.at is not None)  # type: ignore[arg-type]
        painted = ((seen.at or time.perf_counter()) - began) * 1000
        app.removeEventFilter(seen)
        today = window.pages["Today"]
        loader = getattr(today, "loader", None)
        spin(app, 20, lambda: loader is None or not loader.busy())  # type: ignore[arg-type]
        filled = (time.perf_counter() - began) * 1000
        rows = [("sign in, Today painted and filled", beat.take())]
        for row in range(window.navigation.count()):
            window.show_page(row)
            spin(app, 1.5)  # type: ignore[arg-type]
            rows.append((f"open {window.navigation.item(row).text()}", beat.take()))
        rows += learner_panel_steps(app, window, beat)  # type: ignore[arg-type]
        rows += send_steps(app, window, beat)  # type: ignore[arg-type]
        window.close()
    print(f"{'step':38} {'longest stall ms':>17} {'its CPU ms':>11}")
    for name, (worst, cpu) in rows:
        print(f"{name:38} {worst:17.1f} {cpu:11.1f}")
    worst = max(w for _n, (w, _c) in rows)
    worst_cpu = max(c for _n, (_w, c) in rows)
    print(f"\nplain QWidget painted (floor)         {floor:8.1f} ms")
    print(
        f"sign-in to Today painted              {painted:8.1f} ms  ratio {painted / floor:.2f}"
        f"  aim {AIM_TODAY_MS:.0f} ms"
    )
    print(f"sign-in to Today's alerts filled in   {filled:8.1f} ms")
    print(f"longest GUI-thread stall              {worst:8.1f} ms  aim {AIM_STALL_MS:.0f} ms")
    print(f"most GUI-thread CPU between two ticks {worst_cpu:8.1f} ms")


def learner_panel_steps(app: QApplication, window: MainWindow, beat: Heartbeat) -> list[Step]:
    """Open the first learner's panel from the Learners page, then show each of its tabs."""
    page = window.pages["Learners"]
    window.show_page(window.pages.row_of("Learners"))
    loader = page.loader  # type: ignore[attr-defined]
    spin(app, 20, lambda: not loader.busy())
    beat.take()
    learner_id = page.model.item(0).id  # type: ignore[attr-defined]
    page.open_learner(learner_id)  # type: ignore[attr-defined]
    spin(app, 5, lambda: open_panel(window.context, learner_id) is not None)
    spin(app, 1.5)
    panel = open_panel(window.context, learner_id)
    assert panel is not None
    steps: list[Step] = [("open a learner's panel", beat.take())]
    for index in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(index)
        spin(app, 1.0)
        steps.append((f"  panel tab {panel.tabs.tabText(index).replace('&', '')}", beat.take()))
    panel.close()
    spin(app, 0.2)
    beat.take()
    return steps


def send_steps(app: QApplication, window: MainWindow, beat: Heartbeat) -> list[Step]:
    """Open each dialog of the Send menu, then close it unsent."""
    menus = [a.menu() for a in window.menuBar().actions() if a.text() == "&Send"]
    steps: list[Step] = []
    for action in menus[0].actions() if menus else []:  # type: ignore[attr-defined]
        if action.isSeparator():
            continue
        beat.take()
        action.trigger()
        spin(app, 1.5)
        steps.append((f"Send: {action.text().rstrip('…')[:30]}", beat.take()))
        for dialog in window.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        spin(app, 0.2)
    return steps


if __name__ == "__main__":
    main()
