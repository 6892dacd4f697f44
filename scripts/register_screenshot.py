"""Screenshots of the Register screen on the demo provision, at 100% and at 150% scale (offscreen).

Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/register_screenshot.py

It writes docs/screenshots/register.png (1400x800) and docs/screenshots/register-150.png (the same
screen at QT_SCALE_FACTOR=1.5 in a 1280x720 window, as on a 1920x1080 laptop at 150%). The demo's
"today" is the latest Thursday, at 09:20: Monday to Wednesday are marked, and the tutor is halfway
down Thursday morning's register. The group shown is the first with a missing mark that week (all
learners if none has one).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.app import configure  # noqa: E402
from desktop_app.config import database_url  # noqa: E402
from desktop_app.demo.provision import build_demo  # noqa: E402
from desktop_app.domain.codes import PRESENT_MARK  # noqa: E402
from desktop_app.services.database import open_database  # noqa: E402
from desktop_app.services.provision import staff_by_username  # noqa: E402
from desktop_app.services.register_week import CellState  # noqa: E402
from desktop_app.views.common import options  # noqa: E402
from desktop_app.views.common.context import AppContext  # noqa: E402
from desktop_app.views.register import model as rm  # noqa: E402
from desktop_app.views.register.screen import RegisterScreen  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SHOTS = {"register": ((1400, 800), None), "register-150": ((1280, 720), "1.5")}
MARKED_SHARE = 0.6  # how far down today's column the tutor has got


def demo_today() -> date:
    """The latest Thursday: a week with marks behind it and a register in progress."""
    today = date.today()
    return today - timedelta(days=(today.weekday() - 3) % 7)


def settle(screen: RegisterScreen | None = None) -> None:
    """Let Qt paint, and wait for the week the screen is reading (it reads off the GUI thread)."""
    for _ in range(5):
        QApplication.processEvents()
    while screen is not None and screen.loader.busy():
        QApplication.processEvents()


def has_marks(screen: RegisterScreen) -> bool:
    week = screen.model.week
    return week is not None and any(c.state is CellState.MARKED for r in week.rows for c in r.cells)


ABSENCES = ("O", "G", "I", "M", "N")  # kept from yesterday morning: the same absence goes on


def show_group_with_a_gap(screen: RegisterScreen) -> None:
    """The first group with a missing mark this week (a tutor's view); else all learners."""
    for i in range(1, screen.bar.group_box.count()):
        screen.bar.group_box.setCurrentIndex(i)
        settle(screen)
        if screen.missing:
            return
    screen.bar.group_box.setCurrentIndex(0)


def mark_half_of_today(screen: RegisterScreen) -> None:
    """Mark today's AM for the first learners: yesterday's absence, or present; one arrives late."""
    model = screen.model
    column = next((c for c in range(rm.FIRST_SESSION, rm.COLUMN_COUNT) if model.is_today(c)), None)
    if column is None:
        return
    _, session = model.session_of(column)
    for row in range(round(model.rowCount() * MARKED_SHARE)):
        before = model.cell(row, column - 2) if column - 2 >= rm.FIRST_SESSION else None
        code = before.code if before and before.code in ABSENCES else None
        index = model.index(row, column)
        if model.cell(row, column).state not in (CellState.UNMARKED, CellState.MISSING):
            continue
        if row == 3:
            screen.arrived_now(index)
        else:
            screen.commit(index, code or PRESENT_MARK[session])
    screen.grid.setCurrentIndex(model.index(round(model.rowCount() * MARKED_SHARE), column))


def shoot(name: str, size: tuple[int, int]) -> Path:
    """Build the demo, open the screen, and save docs/screenshots/<name>.png."""
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure(app)
    today = demo_today()
    with tempfile.TemporaryDirectory(prefix="register-shot-") as folder:
        options.use_file(Path(folder) / "preferences.ini")  # not this computer's remembered week
        db = open_database(
            database_url(str(Path(folder) / "demo.sqlite")), create=True, encrypt=False
        )
        try:
            build_demo(db, today=today)
            user = staff_by_username(db, "director")
            assert user is not None
            clock = lambda: datetime.combine(today, time(9, 20))  # noqa: E731
            screen = RegisterScreen(AppContext(db, user, "Demo", "demo register", clock))
            screen.resize(*size)
            screen.show()
            settle(screen)
            for _ in range(8):
                if has_marks(screen):
                    break
                screen.bar.previous_button.click()
                settle(screen)
            show_group_with_a_gap(screen)
            settle(screen)
            mark_half_of_today(screen)
            settle(screen)
            target = OUT / f"{name}.png"
            if not screen.grab().save(str(target)):
                raise OSError(f"could not write {target}")
            screen.close()
        finally:
            db.dispose()
    print(f"wrote {target.relative_to(ROOT)}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--only", choices=sorted(SHOTS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.only:
        shoot(args.only, SHOTS[args.only][0])
        return 0
    for name, (_size, scale) in SHOTS.items():
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        if scale:
            env["QT_SCALE_FACTOR"] = scale
        command = [sys.executable, str(Path(__file__).resolve()), "--only", name]
        subprocess.run(command, check=True, env=env, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
