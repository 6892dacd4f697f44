"""At start, the register could not be read: say so, and offer the newest good backup."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from desktop_app import APP_NAME, resources
from desktop_app.config import sqlite_path
from desktop_app.services import backup as backups
from desktop_app.services.database import open_database
from desktop_app.views.common import operations
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.widgets import button, error_label, set_error, text_label
from desktop_app.views.shell.auto_backup import taken

if TYPE_CHECKING:
    from desktop_app.services.database import Database, DatabaseKey

CAUSE = (
    "This usually means the file was damaged, for example by a power cut or a failing disk, "
    "or that the passphrase typed was not the right one."
)
NOTHING_FOUND = (
    "No backup that passes its check was found in {folder}. Do not delete the register file: "
    "ask whoever looks after this computer for help."
)


class DamagedDatabaseDialog(QDialog):
    """Accepted with `database` open after a restore, or with `retry` set; rejected to quit."""

    def __init__(
        self,
        url: str,
        problem: str,
        backup: Path | None,
        key: DatabaseKey | None,
        folder: Path,
        can_retry: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._url, self._backup, self._key = url, backup, key
        self.database: Database | None = None
        self.retry = False
        self.setWindowTitle(f"The register could not be opened — {APP_NAME}")
        self.setWindowIcon(resources.icon("app"))
        self.error = error_label("formError")
        self.restore_button = button("Restore this backup", primary=True)
        self.restore_button.clicked.connect(self.restore)
        self.restore_button.setVisible(backup is not None)
        self.retry_button = button("Try another passphrase")
        self.retry_button.clicked.connect(self._retry)
        self.retry_button.setVisible(can_retry)
        self.quit_button = button("Quit")
        self.quit_button.clicked.connect(self.reject)
        self.found = text_label(self._found_text(folder))
        self._lay_out(problem)

    def _found_text(self, folder: Path) -> str:
        if self._backup is None:
            return NOTHING_FOUND.format(folder=folder)
        target = sqlite_path(self._url)
        kept = f"{target.name}.replaced-(date and time)" if target is not None else "a copy"
        return (
            f"The newest good backup was taken on {taken(self._backup)} ({self._backup}). "
            f"Restoring puts it in place of the damaged file, which is kept beside it as {kept}. "
            "Anything recorded after the backup was taken will need entering again."
        )

    def _lay_out(self, problem: str) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(12)
        layout.addWidget(text_label("The register could not be opened", "heading"))
        layout.addWidget(text_label(sentence(problem), "formError"))
        layout.addWidget(text_label(CAUSE, "muted"))
        layout.addWidget(self.found)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(600)
        (self.restore_button if self._backup is not None else self.quit_button).setDefault(True)

    def _retry(self) -> None:
        self.retry = True
        self.accept()

    def restore(self) -> None:
        """Put the backup in place of the damaged file (kept), then open it."""
        target = sqlite_path(self._url)
        backup, key, url = self._backup, self._key, self._url
        if backup is None or target is None:
            return

        def restore_and_open() -> Database:
            backups.restore(target, backup, key, datetime.now())
            return open_database(url, key=key)

        self.database = operations.run(
            None,  # nobody has signed in yet
            restore_and_open,
            show=operations.to_status(
                lambda text: set_error(self.error, text), "The backup could not be restored: "
            ),
            wait_cursor=True,
        ).value
        if self.database is not None:
            self.accept()
