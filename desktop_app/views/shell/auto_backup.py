"""Automatic backups while the window is open: soon after start, checked hourly, and at exit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.config import sqlite_path
from desktop_app.services import backup as backups
from desktop_app.views.common import labels, options
from desktop_app.views.common.field_form import sentence

if TYPE_CHECKING:
    from desktop_app.services.database import Database

HOUR_MS = 60 * 60 * 1000
FIRST_CHECK_MS = 5000  # let the window draw first
log = logging.getLogger(__name__)


def taken(backup: Path) -> str:
    """'Friday 20 November 2026 at 17:02', from the backup's name (or else its file time)."""
    at = backups.taken_at(backup) or datetime.fromtimestamp(backup.stat().st_mtime)
    return f"{labels.long_date(at.date())} at {at:%H:%M}"


class BackupSchedule(QObject):
    """Calls automatic_backup (once a day, plus on exit); failures are signalled, never raised."""

    sig_backup_written = Signal(object)  # the Path written
    sig_backup_failed = Signal(str)  # a sentence for the status bar

    def __init__(
        self,
        db: Database,
        folder: Callable[[], Path] = options.backup_folder,
        clock: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db, self._folder, self._clock = db, folder, clock
        self._finished = False
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.timeout.connect(self.check)
        self._hourly = QTimer(self)
        self._hourly.setInterval(HOUR_MS)
        self._hourly.timeout.connect(self.check)

    def applies(self) -> bool:
        """Only SQLite files are backed up here; a server is backed up with its own tools."""
        return sqlite_path(self._db.url) is not None

    def start(self, first_check_ms: int = FIRST_CHECK_MS) -> None:
        if self.applies():
            self._first.start(first_check_ms)
            self._hourly.start()

    def stop(self) -> None:
        self._first.stop()
        self._hourly.stop()

    def check(self, on_exit: bool = False) -> Path | None:
        """Back up if today has no backup yet (or always, on exit); the file written, if any."""
        if not self.applies():
            return None
        try:
            written = backups.automatic_backup(self._db, self._folder(), self._clock(), on_exit)
        except Exception as error:  # a full disk or a missing folder must not stop the register
            message = f"Automatic backup failed: {sentence(error)}"
            log.warning(message)
            self.sig_backup_failed.emit(message)
            return None
        if written is not None:
            self.sig_backup_written.emit(written)
        return written

    def finish(self, back_up: bool = True) -> None:
        """Stop the timers and, once only, make the backup on exit."""
        self.stop()
        if not self._finished:
            self._finished = True
            if back_up:
                self.check(on_exit=True)
