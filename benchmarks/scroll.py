"""Frames while a week of 30 learners is scrolled through ten weeks back and forth.

On a copy of the statistics benchmark's register, 30 learners on roll are moved (through the
app's own service) into a new group "Thirty" from twelve weeks before the benchmark week. The
Register screen shows that group; the week is stepped back ten weeks and forward again, as a
tutor paging through weeks would (`go_to_week`, which reads and paints each week). A heartbeat
timer ticks every 2 ms on the GUI thread: the longest gap between ticks, less the 2 ms, is the
longest frame nobody could have seen drawn. The floor is a plain QTableView of the same size
whose static model is swapped for another at each step, timed the same way, in turn with it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/scroll.py

Aim (issue 20): no frame over 50 ms.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QTableView

from benchmarks import floors
from benchmarks.gui_stalls import Heartbeat
from benchmarks.register import (
    AFTER_THE_WEEK,
    MONDAY,
    SCREEN_SIZE,
    SOURCE,
    Clock,
    context_for,
    copied_database,
    ensure_source,
    static_model,
)
from desktop_app.app import configure
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.groups import add_group, move_learner
from desktop_app.services.provision import staff_by_username
from desktop_app.services.register_week import week_register
from desktop_app.views.register.screen import RegisterScreen

WEEKS = 10
LEARNERS = 30
AIM_FRAME_MS = 50.0
SINCE = MONDAY - timedelta(weeks=12)


def make_group(db: Database, user: StaffUser) -> int:
    """A group of 30 learners on roll through the weeks scrolled."""
    everyone = week_register(db, user, None, MONDAY, AFTER_THE_WEEK).rows
    early = [r for r in everyone if r.roll is not None and r.roll.start <= SINCE][:LEARNERS]
    group = add_group(db, user, "Thirty")
    for row in early:
        move_learner(db, user, row.upn, "Thirty", SINCE)
    return group.id


def spin(app: QApplication, ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def until_shown(app: QApplication, screen: RegisterScreen, day: date) -> float:
    """Spin until the screen shows the week asked for (it may be read off the GUI thread)."""
    end = time.perf_counter() + 5
    while time.perf_counter() < end:
        week = screen.model.week
        if week is not None and week.monday == day and not screen.grid.loading:
            return time.perf_counter()
        app.processEvents()
        time.sleep(0.001)
    raise RuntimeError(f"the week of {day} was not shown within 5 s")


def weeks() -> list[date]:
    back = [MONDAY - timedelta(weeks=i) for i in range(1, WEEKS + 1)]
    return back + back[::-1][1:] + [MONDAY]


def main() -> int:
    ensure_source(SOURCE)
    floors.quiet_offscreen()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure(app)
    print(floors.machine())
    with copied_database(SOURCE) as db:
        user = staff_by_username(db, "director")
        assert user is not None
        group_id = make_group(db, user)
        models = [
            static_model(week_register(db, user, group_id, day, AFTER_THE_WEEK))
            for day in (MONDAY, MONDAY - timedelta(weeks=1))
        ]
        screen = RegisterScreen(context_for(db, user, Clock(AFTER_THE_WEEK)), group_id=group_id)
        screen.resize(*SCREEN_SIZE)
        screen.show()
        plain = QTableView()
        plain.resize(*SCREEN_SIZE)
        plain.show()
        spin(app, 200)
        beat = Heartbeat()
        beat.start()
        frames: list[float] = []
        floor_frames: list[float] = []
        shown_after: list[float] = []
        frames_cpu: list[float] = []  # the GUI thread's own CPU in its longest frame
        for step, day in enumerate(weeks()):
            beat.take()
            asked = time.perf_counter()
            screen.go_to_week(day)
            shown_after.append(until_shown(app, screen, day) - asked)
            spin(app, 60)
            frame, cpu = beat.take()
            frames.append(frame)
            frames_cpu.append(cpu)
            plain.setModel(models[step % 2])
            spin(app, 60)
            floor_frames.append(beat.take()[0])
        rows = screen.model.rowCount()
        screen.close()
        plain.close()
    worst, floor_worst = max(frames), max(floor_frames)
    print(
        f"{len(frames)} week changes of {rows} learners; frames (ms): {[round(f) for f in frames]}"
    )
    shown = [s * 1000 for s in shown_after]
    print(f"GUI-thread CPU in the longest frames (ms): {[round(c) for c in frames_cpu]}")
    print(f"week shown after (ms): {[round(s) for s in shown]}; median {floors.median(shown):.0f}")
    floors.emit(
        floors.Result(
            f"longest frame, {rows} learners x {WEEKS} weeks back and forth",
            worst,
            floor_worst,
            "ms",
            "plain table, model swapped",
            f"<= {AIM_FRAME_MS:.0f} ms",
            None,
            f"median {floors.median(frames):.1f} ms",
            worst <= AIM_FRAME_MS,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
