"""The report runner: progress on the GUI thread while a job runs, then exactly one of done,
failed or cancelled; a runner deleted mid-report (its page closed or collected) cancels the
job without waiting for it, and nothing reaches the deleted runner."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.reports.progress import Cancelled, Progress
from desktop_app.services.errors import ServiceError
from desktop_app.services.report_jobs import Written
from desktop_app.views.reports.runner import Job, ReportRunner

#: How long the "long report" runs unless cancelled: a runner deleted mid-report that waited for
#: it would see it finish rather than cancelled.
LONG_S = 3.0


class Heard:
    """Every signal of a runner, with the thread it arrived on."""

    def __init__(self, runner: ReportRunner) -> None:
        self.said: list[tuple[str, object]] = []
        self.threads: set[int] = set()
        runner.sig_report_progress.connect(lambda p, t: self._hear("progress", (p, t)))
        runner.sig_report_done.connect(lambda written: self._hear("done", written))
        runner.sig_report_failed.connect(lambda message: self._hear("failed", message))
        runner.sig_report_cancelled.connect(lambda: self._hear("cancelled", None))

    def _hear(self, kind: str, value: object) -> None:
        self.said.append((kind, value))
        self.threads.add(threading.get_ident())

    def endings(self) -> list[str]:
        return [kind for kind, _ in self.said if kind != "progress"]


class Recording(ReportRunner):
    """A runner that notes each piece of news the relay hands it, and whether it was still
    alive (its C++ side not deleted) when it did."""

    def __init__(self, parent: QObject | None, delivered: list[tuple[str, bool]]) -> None:
        super().__init__(parent)
        self._delivered = delivered

    def relayed(self, ticket: object, kind: str, payload: object) -> None:
        self._delivered.append((kind, shiboken6.isValid(self)))
        super().relayed(ticket, kind, payload)


def long_report(ended: list[str], first: threading.Event) -> Job:
    """A report that says how far it has got every 2 ms for LONG_S unless cancelled."""

    def job(progress: Progress) -> Written:
        deadline = time.monotonic() + LONG_S
        try:
            while time.monotonic() < deadline:
                progress.update(50, "Working")
                first.set()
                time.sleep(0.002)
        except Cancelled:
            ended.append("cancelled")
            raise
        ended.append("finished")
        return Written([], Path("nothing"))

    return job


def wait_for_worker(qtbot: QtBot, ended: list[str]) -> None:
    qtbot.waitUntil(lambda: ended != [], timeout=int(LONG_S * 1000) + 5000)
    qtbot.wait(50)  # the relay's queued news has been handed on (or dropped)


def start_long_report(qtbot: QtBot, runner: ReportRunner, ended: list[str]) -> None:
    first = threading.Event()
    runner.start(long_report(ended, first))
    assert first.wait(5)
    qtbot.waitUntil(lambda: runner.running and ended == [], timeout=1000)
    qtbot.wait(20)  # some progress has been delivered; the worker is still emitting


def test_progress_arrives_on_the_gui_thread_then_done_once(qtbot: QtBot) -> None:
    runner = ReportRunner()
    heard = Heard(runner)
    written = Written([], Path("report.pdf"))
    worker: list[int] = []

    def job(progress: Progress) -> Written:
        worker.append(threading.get_ident())
        progress.update(10, "Reading")
        progress.update(60, "Drawing")
        return written

    with qtbot.waitSignal(runner.sig_report_done, timeout=5000):
        runner.start(job)
    qtbot.wait(20)
    assert heard.said == [("progress", (10, "Reading")), ("progress", (60, "Drawing")),
                          ("done", written)]  # fmt: skip
    assert heard.threads == {threading.get_ident()} and worker[0] != threading.get_ident()
    assert not runner.running


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (ServiceError("the term has not started"), "The term has not started."),
        (OSError("disk full"), "The report could not be made: Disk full."),
    ],
)
def test_a_failed_report_says_why_once(qtbot: QtBot, error: Exception, said: str) -> None:
    runner = ReportRunner()
    heard = Heard(runner)

    def job(progress: Progress) -> Written:
        raise error

    with qtbot.waitSignal(runner.sig_report_failed, timeout=5000):
        runner.start(job)
    qtbot.wait(20)
    assert heard.said == [("failed", said)] and not runner.running


def test_cancel_ends_in_cancelled_only_and_a_new_report_may_start(qtbot: QtBot) -> None:
    runner = ReportRunner()
    heard = Heard(runner)
    ended: list[str] = []
    start_long_report(qtbot, runner, ended)
    with pytest.raises(RuntimeError, match="already being made"):
        runner.start(long_report([], threading.Event()))
    with qtbot.waitSignal(runner.sig_report_cancelled, timeout=5000):
        runner.cancel()
    assert runner.wait(1000) and ended == ["cancelled"]
    qtbot.wait(20)
    assert heard.endings() == ["cancelled"] and not runner.running
    with qtbot.waitSignal(runner.sig_report_done, timeout=5000):
        runner.start(lambda progress: Written([], Path("again.pdf")))


def test_closing_the_page_mid_report_cancels_it_without_waiting(qtbot: QtBot) -> None:
    """The page (and its runner) deleted while the worker emits progress: the window does
    not wait for the report, the report stops at its next step, and its news reaches no one."""
    page = QWidget()
    delivered: list[tuple[str, bool]] = []
    runner = Recording(page, delivered)
    heard = Heard(runner)
    ended: list[str] = []
    start_long_report(qtbot, runner, ended)
    assert ("progress", True) in delivered
    before = len(heard.said)
    shiboken6.delete(page)  # closed and deleted, children and all, mid-report
    assert not shiboken6.isValid(runner)
    wait_for_worker(qtbot, ended)
    assert ended == ["cancelled"]  # had deleting it waited for the report, it would have finished
    assert [kind for kind, alive in delivered if not alive] == []  # nothing to the deleted one
    assert len(heard.said) == before


def test_a_runner_collected_mid_report_cancels_it_without_waiting(qtbot: QtBot) -> None:
    """The same when the runner is let go and the garbage collector frees it."""
    delivered: list[tuple[str, bool]] = []
    runner = Recording(None, delivered)
    runner.cycle = runner  # type: ignore[attr-defined]  # only the collector can free it
    ended: list[str] = []
    start_long_report(qtbot, runner, ended)
    gone = weakref.ref(runner)
    del runner
    gc.collect()
    assert gone() is None
    wait_for_worker(qtbot, ended)
    assert ended == ["cancelled"]  # had freeing it waited for the report, it would have finished
    assert [kind for kind, alive in delivered if not alive] == []
