"""First run: there is no register yet, so create one, open one kept elsewhere, restore a
backup, open the demo, or quit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, resources
from desktop_app.config import database_url, sqlite_path
from desktop_app.demo.provision import DemoResult
from desktop_app.services.keys import AskPassphrase
from desktop_app.services.setup import open_or_create_demo, restore_first_register
from desktop_app.views.common import operations
from desktop_app.views.common.widgets import button, error_label, set_error, text_label
from desktop_app.views.shell.demo_accounts import DemoAccountsPanel
from desktop_app.views.shell.new_register_form import NewRegisterForm

if TYPE_CHECKING:
    from desktop_app.services.database import Database

REGISTER_FILES = "Registers (*.sqlite *.db);;All files (*)"
BACKUP_FILES = "Backups (*.sqlite *.bak *.db);;All files (*)"

KEPT_APART = (
    "The register is one file on this computer. The demo is kept in its own file, "
    "demo.sqlite, so trying it never touches your real register."
)


class WelcomeDialog(QDialog):
    """Accepted with `database` open (and `demo` set if a demo was just built); rejected to quit."""

    def __init__(
        self,
        url: str,
        demo_url: str,
        parent: QWidget | None = None,
        *,
        ask: AskPassphrase | None = None,
    ) -> None:
        super().__init__(parent)
        self._demo_url = demo_url
        self._ask = ask  # asked for a passphrase when no keyring can keep the key
        self.database: Database | None = None
        self.demo: DemoResult | None = None
        self.created = False  # a new register (not the demo) was made
        #: "Open an existing register…": the register chosen, for run_gui to open as it would
        #: any register (asking for its key, offering a backup if it is damaged).
        self.existing_url: str | None = None
        self._url = url
        self.setWindowTitle(f"Welcome — {APP_NAME}")
        self.setWindowIcon(resources.icon("app"))
        self.create_button = button("Create a new register", primary=True, choice=True)
        self.open_button = button("Open an existing register…", choice=True)
        self.restore_button = button("Restore from a backup…", choice=True)
        self.demo_button = button("Open the demo provision", choice=True)
        self.quit_button = button("Quit")
        self.choice_error = error_label("formError")
        self.form = NewRegisterForm(url, ask=ask)
        self.accounts = DemoAccountsPanel()
        self.pages = QStackedWidget()
        for page in (self._choice_page(url), self.form, self.accounts):
            self.pages.addWidget(page)
        self._connect()
        self._lay_out()

    def _connect(self) -> None:
        self.create_button.clicked.connect(lambda: self.pages.setCurrentWidget(self.form))
        self.demo_button.clicked.connect(self.open_demo)
        self.open_button.clicked.connect(self.open_existing)
        self.restore_button.clicked.connect(self.restore_backup)
        self.quit_button.clicked.connect(self.reject)
        self.form.sig_back_requested.connect(lambda: self.pages.setCurrentIndex(0))
        self.form.sig_register_created.connect(self._opened)
        self.accounts.sig_continue_requested.connect(self.accept)
        self.pages.currentChanged.connect(self._focus_page)

    def _choice_page(self, url: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        where = sqlite_path(url) or url
        layout.addWidget(text_label(f"No register was found at {where}.", "muted"))
        layout.addSpacing(8)
        layout.addLayout(_choice(self.create_button, "Set up your provision and its director."))
        layout.addLayout(_choice(self.open_button, "A register kept in another folder."))
        layout.addLayout(
            _choice(self.restore_button, "Put a backup here as the register (it is checked first).")
        )
        layout.addLayout(_choice(self.demo_button, "Try the app with fictional learners."))
        layout.addWidget(self.choice_error)
        layout.addStretch(1)
        layout.addWidget(text_label(KEPT_APART, "notice"))
        layout.addSpacing(8)
        quit_row = QHBoxLayout()
        quit_row.addStretch(1)
        quit_row.addWidget(self.quit_button)
        layout.addLayout(quit_row)
        return page

    def _lay_out(self) -> None:
        mark = QLabel()
        mark.setPixmap(resources.icon("app").pixmap(56, 56))
        title = QVBoxLayout()
        title.setSpacing(2)
        title.addWidget(text_label(f"Welcome to {APP_NAME}", "heading"))
        title.addWidget(text_label("The attendance register that keeps learners safe.", "muted"))
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(18)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.resize(600, 520)

    def _focus_page(self, index: int) -> None:
        if self.pages.widget(index) is self.form:
            self.form.edits["name"].setFocus()

    def _opened(self, db: Database) -> None:
        self.database = db
        self.created = True
        self.accept()

    def open_demo(self) -> None:
        """Open the demo file, building it first if it is not there yet."""
        set_error(self.choice_error, "")
        url, ask = self._demo_url, self._ask
        try:
            opened = operations.run(
                None,  # nobody has signed in yet
                lambda: open_or_create_demo(url, ask),
                show=self._not_opened,
                wait_cursor=True,
            ).value
        except Exception as error:  # not a refusal: a disk or keyring failure; nothing half-made
            self._not_opened(error)
            return
        if opened is None:
            return
        self.database, self.demo = opened
        if self.demo is None:
            self.accept()
            return
        self.accounts.set_accounts(self.demo)
        self.pages.setCurrentWidget(self.accounts)

    def _not_opened(self, error: Exception) -> None:
        set_error(self.choice_error, f"Could not open the demo: {error}")

    def choose_file(self, caption: str, filters: str) -> str:
        """A file picked in the system's dialog ("" if cancelled). Tests replace this."""
        return QFileDialog.getOpenFileName(self, caption, "", filters)[0]

    def open_existing(self) -> None:
        """Choose a register file; run_gui opens it as it opens any register."""
        set_error(self.choice_error, "")
        chosen = self.choose_file("Open a register", REGISTER_FILES)
        if chosen:
            self.existing_url = database_url(chosen)
            self.accept()

    def restore_backup(self) -> None:
        """Choose a backup; it is checked, put in place as the register, and opened."""
        set_error(self.choice_error, "")
        chosen = self.choose_file("Restore from a backup", BACKUP_FILES)
        if not chosen:
            return
        url, ask, backup = self._url, self._ask, Path(chosen)
        try:
            restored = operations.run(
                None,  # nobody has signed in yet
                lambda: restore_first_register(url, backup, ask, datetime.now()),
                show=self._not_restored,
                wait_cursor=True,
            ).value
        except Exception as error:  # a disk failure, not a refusal: the restore changed nothing
            self._not_restored(error)
            return
        if restored is not None:
            self.database = restored
            self.accept()

    def _not_restored(self, error: Exception) -> None:
        set_error(self.choice_error, f"Not restored: {error}")

    def reject(self) -> None:
        """Closing once the demo is open carries on to sign in rather than quitting."""
        if self.database is not None:
            self.accept()
        else:
            super().reject()


def _choice(choice_button: QPushButton, description: str) -> QHBoxLayout:
    choice_button.setMinimumWidth(240)
    row = QHBoxLayout()
    row.setSpacing(14)
    row.addWidget(choice_button)
    row.addWidget(text_label(description, "muted"), 1)
    return row
