"""Settings › Backups (director): where backups go, a backup now, recent ones, and restoring."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.config import sqlite_path
from desktop_app.services import backup as backups
from desktop_app.views.common import options
from desktop_app.views.common.busy import busy
from desktop_app.views.common.confirm import Confirmation, confirm
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.widgets import button, text_label
from desktop_app.views.shell.auto_backup import taken

HOW = (
    "A backup is made automatically once a day while the register is open, and each time it "
    "closes. The last 14 days are kept, and one a month for a year. Choose a folder on another "
    "disk or a network drive if you can, so a failing disk does not take the backups with it."
)
SERVER = "This register is on a database server: back it up with the server's own tools."
RESTORE_QUESTION = (
    "Restore the backup taken on {when}? The register closes, the backup is checked and put in "
    "its place, and you sign in again. The register as it is now is kept beside it as "
    "{name}.replaced-…; anything recorded since {when} will need entering again."
)


def choose_folder(parent: QWidget, start: str) -> str:
    """Ask for a folder; '' if cancelled. Tests replace this."""
    return QFileDialog.getExistingDirectory(parent, "Folder for backups", start)


def describe(backup: Path, plain: bool = False) -> str:
    size = backup.stat().st_size / 1_048_576
    warning = "    NOT encrypted (made before encryption)" if plain else ""
    return f"{taken(backup)}    {backup.name}    ({size:.1f} MB){warning}"


class BackupsPanel(QWidget):
    """The folder (a preference of this computer), Back up now, the list, and Restore…."""

    sig_restore_requested = Signal(object)  # the Path of the backup to put in place

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.folder = QLineEdit()
        self.folder.setReadOnly(True)
        self.change_button = button("Change folder…")
        self.change_button.clicked.connect(self.change_folder)
        self.backup_button = button("Back up now", primary=True)
        self.backup_button.clicked.connect(self.back_up_now)
        self.list = QListWidget()
        self.list.setObjectName("backups")
        self.list.currentItemChanged.connect(self._update_buttons)
        self.restore_button = button("Restore…")
        self.restore_button.clicked.connect(self.ask_restore)
        self.message = text_label("", "muted")
        self.dialog: QDialog | None = None  # the one open now, for tests and screenshots
        self._lay_out()
        self.refresh()

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        if sqlite_path(self._context.db.url) is None:
            layout.addWidget(text_label(SERVER, "muted"))
            layout.addStretch(1)
            return
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Backups are kept in"))
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.change_button)
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addStretch(1)
        actions.addWidget(self.restore_button)
        layout.addWidget(text_label(HOW, "muted"))
        layout.addLayout(folder_row)
        layout.addWidget(text_label("Recent backups, newest first", "subheading"))
        layout.addWidget(self.list, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        """Show the folder and the backups in it."""
        folder = options.backup_folder()
        self.folder.setText(str(folder))
        self.folder.setToolTip(str(folder))
        self.list.clear()
        for listed in backups.listing(self._context.db, folder):
            item = QListWidgetItem(describe(listed.path, listed.plain))
            item.setData(Qt.ItemDataRole.UserRole, str(listed.path))
            self.list.addItem(item)
        if self.list.count() == 0:
            self.list.addItem(QListWidgetItem("No backups in this folder yet."))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._update_buttons()

    def _say(self, text: str, role: str = "muted") -> None:
        self.message.setObjectName(role)
        self.message.setText(text)
        self.message.style().polish(self.message)

    def selected(self) -> Path | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return Path(value) if value else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def change_folder(self) -> None:
        chosen = choose_folder(self, self.folder.text())
        if chosen:
            options.put(options.BACKUP_FOLDER, chosen)
            self.refresh()
            self._say(f"Backups will be kept in {chosen}.")

    def back_up_now(self) -> Path | None:
        """Write a backup into the folder now; the file, or None if it failed (and why)."""
        try:
            out = backups.next_backup_path(
                self._context.db, options.backup_folder(), datetime.now()
            )
            with busy():
                written = backups.backup(self._context.db, self._context.user, out)
        except Exception as error:  # an unwritable folder or a full disk: said, not raised
            self._say(f"The backup failed: {sentence(error)}", "formError")
            return None
        self.refresh()
        self._say(f"Backed up to {written}.")
        return written

    def ask_restore(self) -> Confirmation | None:
        chosen = self.selected()
        if chosen is None:
            return None
        target = sqlite_path(self._context.db.url)
        name = target.name if target is not None else "the register"
        text = RESTORE_QUESTION.format(when=taken(chosen), name=name)
        box = confirm(self, "Restore a backup", text, "Restore", lambda: self._restore(chosen))
        self.dialog = box
        return box

    def _restore(self, backup: Path) -> None:
        self.sig_restore_requested.emit(backup)
