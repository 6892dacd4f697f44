"""Runs one report job at a time on a worker thread, with progress, cancel, and the result or
the error handed back on the GUI thread as signals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

from desktop_app.reports.progress import Cancelled, Progress
from desktop_app.services.errors import ServiceError
from desktop_app.views.common import operations
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.operations import DONE, FAILED, Address

if TYPE_CHECKING:  # the jobs (and reportlab) load on the worker, when a report is made
    from desktop_app.services.report_jobs import Written

Job = Callable[[Progress], "Written"]
#: The runner's own kinds of news on the relay (besides DONE and FAILED).
PROGRESS, CANCELLED = "progress", "cancelled"


def failure(error: Exception) -> str:
    """Why a report was not made, in a sentence: the service's refusal as it is, anything else
    (a full disk, an unreadable font) after "The report could not be made"."""
    if isinstance(error, ServiceError):
        return sentence(error)
    return f"The report could not be made: {sentence(error)}"


_pool: list[QThreadPool] = []  # made by the first report, on the GUI thread


def _the_pool() -> QThreadPool:
    """The reports' threads: their own (a long report must not hold up the pages' reads on the
    global pool), and no runner's child, so deleting a runner never waits for its report."""
    if not _pool:
        _pool.append(QThreadPool())
        _pool[0].setMaxThreadCount(max(2, QThread.idealThreadCount()))
    return _pool[0]


class _Task(QRunnable):
    """The job on the worker: it holds no object of the page, and sends its news through the
    relay (`to`), which outlives every page."""

    def __init__(self, job: Job, progress: Progress, to: Address, ended: threading.Event) -> None:
        super().__init__()
        self._job, self._progress, self._to, self._ended = job, progress, to, ended

    def run(self) -> None:
        try:
            written = self._job(self._progress)
        except Cancelled:
            self._to.send(CANCELLED)
        except Exception as error:  # a refusal, a full disk or a bad font must reach the person
            self._to.send(FAILED, failure(error))
        else:
            self._to.send(DONE, written)
        finally:
            self._ended.set()


class _Running:
    """The job under way, kept apart from the runner so that the runner's `destroyed` (which
    comes after its Python side has gone) can still cancel it."""

    def __init__(self) -> None:
        self.ticket: object | None = None
        self.progress: Progress | None = None
        self.ended = threading.Event()
        self.ended.set()

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()


class ReportRunner(QObject):
    """sig_report_progress(percent, text) while a job runs; then exactly one of
    sig_report_done(Written), sig_report_failed(message) or sig_report_cancelled().

    Deleting the runner (its page closed) cancels the job at its next step and does not wait
    for it: nothing more is signalled."""

    sig_report_progress = Signal(int, str)
    sig_report_done = Signal(object)
    sig_report_failed = Signal(str)
    sig_report_cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        running = self._running = _Running()
        self.destroyed.connect(lambda: running.cancel())  # holds `running`, not the runner

    @property
    def running(self) -> bool:
        return self._running.ticket is not None

    def start(self, job: Job) -> None:
        """Run job on the worker thread; refused while another is running."""
        if self.running:
            raise RuntimeError("a report is already being made")
        ticket = object()
        to = operations.address(self, ticket)
        progress = Progress(lambda percent, text: to.send(PROGRESS, (percent, text)))
        running = self._running
        running.ticket, running.progress, running.ended = ticket, progress, threading.Event()
        _the_pool().start(_Task(job, progress, to, running.ended))

    def relayed(self, ticket: object, kind: str, payload: object) -> None:
        """The job's news, on the GUI thread (from the relay)."""
        if ticket is not self._running.ticket:
            return
        if kind == PROGRESS:
            self.sig_report_progress.emit(*cast(tuple[int, str], payload))
            return
        self._running.ticket = self._running.progress = None
        if kind == DONE:
            self.sig_report_done.emit(payload)
        elif kind == FAILED:
            self.sig_report_failed.emit(cast(str, payload))
        else:
            self.sig_report_cancelled.emit()

    def cancel(self) -> None:
        """Ask the running job to stop at its next step; it then signals cancelled."""
        self._running.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker has finished the job (for tests); its news then arrives
        when the event loop next runs."""
        return self._running.ended.wait(msecs / 1000)
