"""The cycle collector, run on the GUI thread only.

Python collects cycles on whichever thread happens to allocate when a generation fills up. With
reads on the thread pool that is often a worker, and a collection frees every unreachable cycle,
Qt objects among them: a learner panel closed a moment ago, a page's model. A QObject destroyed
on a thread other than its own crashes the process (a CI run died so, "Garbage-collecting" on a
worker reading a case file). So the automatic collector is off while the window runs, and this
timer does its work on the GUI thread, by the collector's own thresholds: the young generation
when it is full, the older ones when theirs are.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the counts are looked at (ms): often enough that garbage never piles up.
CHECK_MS = 250


class GuiThreadCollector(QObject):
    """While it runs, the cycle collector runs here (on the GUI thread) and nowhere else."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        """Hand collecting back to Python (as it was before `start`)."""
        self.timer.stop()
        if self._was_enabled:
            gc.enable()

    @staticmethod
    def check() -> int | None:
        """Collect the generations whose counts are past their thresholds, as Python would;
        the generation collected, or None."""
        counts, limits = gc.get_count(), gc.get_threshold()
        if counts[0] <= limits[0]:
            return None
        generation = 0
        if counts[1] > limits[1]:
            generation = 2 if counts[2] > limits[2] else 1
        gc.collect(generation)
        return generation
