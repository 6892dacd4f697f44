"""PySide looks through every QObject class (and builds their enums, ~20 ms) the first time an
application-wide event filter sees an object of a class private to Qt. The main window's idle
watcher is such a filter: the sign-in window pays for the lookup while the person types
(views/shell/warm_qt.py), so the main window does not. Run in a fresh interpreter: in this
test process the lookup has long been made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Counts the enum classes made while a window is built under an application-wide filter.
SCRIPT = """
import enum, sys
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow
from desktop_app.views.shell.warm_qt import warm_type_lookup
app = QApplication([])
if sys.argv[1] == "warm":
    warm_type_lookup()
made = []
make = enum.EnumType.__new__
def counted(metacls, *args, **kwargs):
    made.append(1)
    return make(metacls, *args, **kwargs)
enum.EnumType.__new__ = counted
class Idle(QObject):
    def eventFilter(self, watched, event):
        return False
idle = Idle()
app.installEventFilter(idle)
window = QMainWindow()
window.setCentralWidget(QListWidget())
window.show()
app.processEvents()
print(len(made))
"""


def enums_made_building_a_window(mode: str) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], env=env, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    return int(done.stdout.strip().splitlines()[-1])


def test_after_the_warm_up_a_window_under_an_application_filter_makes_no_enums() -> None:
    assert enums_made_building_a_window("cold") > 50  # the cost the warm-up exists to move
    assert enums_made_building_a_window("warm") == 0
