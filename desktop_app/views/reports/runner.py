"""Runs one report job at a time on a worker thread, with progress, cancel, and the result or
the error handed back on the GUI thread as signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from desktop_app.reports.progress import Cancelled, Progress
from desktop_app.services.errors import ServiceError
from desktop_app.views.common.field_form import sentence

if TYPE_CHECKING:  # the jobs (and reportlab) load on the worker, when a report is made
    from desktop_app.services.report_jobs import Written

Job = Callable[[Progress], "Written"]


def failure(error: Exception) -> str:
    """Why a report was not made, in a sentence: the service's refusal as it is, anything else
    (a full disk, an unreadable font) after "The report could not be made"."""
    if isinstance(error, ServiceError):
        return sentence(error)
    return f"The report could not be made: {sentence(error)}"


class _Signals(QObject):
    sig_progress = Signal(int, str)
    sig_done = Signal(object)  # Written
    sig_failed = Signal(str)
    sig_cancelled = Signal()


class _Task(QRunnable):
    def __init__(self, job: Job, progress: Progress, signals: _Signals) -> None:
        super().__init__()
        self._job, self._progress, self._signals = job, progress, signals

    def run(self) -> None:
        try:
            written = self._job(self._progress)
        except Cancelled:
            self._signals.sig_cancelled.emit()
        except Exception as error:  # a refusal, a full disk or a bad font must reach the person
            self._signals.sig_failed.emit(failure(error))
        else:
            self._signals.sig_done.emit(written)


class ReportRunner(QObject):
    """sig_report_progress(percent, text) while a job runs; then exactly one of
    sig_report_done(Written), sig_report_failed(message) or sig_report_cancelled()."""

    sig_report_progress = Signal(int, str)
    sig_report_done = Signal(object)
    sig_report_failed = Signal(str)
    sig_report_cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._progress: Progress | None = None
        self._signals = _Signals(self)
        self._signals.sig_progress.connect(self.sig_report_progress)
        self._signals.sig_done.connect(self._finish_with(self.sig_report_done))
        self._signals.sig_failed.connect(self._finish_with(self.sig_report_failed))
        self._signals.sig_cancelled.connect(self._finish_with(self.sig_report_cancelled))

    def _finish_with(self, signal: SignalInstance) -> Callable[..., None]:
        def finish(*args: object) -> None:
            self._progress = None
            signal.emit(*args)

        return finish

    @property
    def running(self) -> bool:
        return self._progress is not None

    def start(self, job: Job) -> None:
        """Run job on the worker thread; refused while another is running."""
        if self.running:
            raise RuntimeError("a report is already being made")
        signals = self._signals
        self._progress = Progress(lambda percent, text: signals.sig_progress.emit(percent, text))
        self._pool.start(_Task(job, self._progress, signals))

    def cancel(self) -> None:
        """Ask the running job to stop at its next step; it then signals cancelled."""
        if self._progress is not None:
            self._progress.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker is idle (for closing the window, and tests)."""
        return self._pool.waitForDone(msecs)
