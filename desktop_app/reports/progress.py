"""How far a report has got, and a way to stop it: shared by the CLI, the window and tests."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The person cancelled the report; nothing was written."""


class Progress:
    """Passed down to a report job: it calls `update` as it goes, which raises Cancelled once
    `cancel` has been called (from any thread)."""

    def __init__(self, report: Callable[[int, str], None] | None = None) -> None:
        self._report = report
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("cancelled: no file was written")

    def update(self, percent: int, text: str = "") -> None:
        """Say how far the job has got (0-100); raises Cancelled if it has been cancelled."""
        self.check()
        if self._report is not None:
            self._report(max(0, min(100, percent)), text)

    def quiet(self) -> Progress:
        """The same cancel switch, reporting nothing (for the steps inside a larger step)."""
        child = Progress()
        child._cancel = self._cancel
        return child

    def part(self, start: int, end: int, text: str) -> Callable[[int, int], None]:
        """A callback for done-of-total steps that maps onto start..end percent."""

        def step(done: int, total: int) -> None:
            share = done / total if total else 1.0
            self.update(start + round((end - start) * share), text)

        return step


NO_PROGRESS = Progress()
