"""Settings › Security (director): the idle lock on this computer, and encryption at rest."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop_app.config import sqlite_path
from desktop_app.services.database import is_encrypted_file
from desktop_app.services.encryption import encrypt_in_place
from desktop_app.views.common import operations, options
from desktop_app.views.common.confirm import Confirmation, confirm
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, error_label, set_error, text_label
from desktop_app.views.shell.passphrase_dialog import PassphrasePrompt
from desktop_app.views.shell.recovery_key_dialog import RecoveryKeyDialog

ENCRYPTED = "This register is encrypted at rest: a copy of the file cannot be read without its key."
PLAIN = (
    "This register is not encrypted. Anyone who copies the file can read every learner's "
    "details. Encrypt it to protect them."
)
SERVER = "This register is on a database server, which keeps its own storage and encryption."
ENCRYPT_QUESTION = (
    "Encrypt the register now? It takes a moment, and the register reopens afterwards. You will "
    "be shown a recovery key to print. Backups made from now on are encrypted too; delete older "
    "backups once a new one has been made, as they are not."
)


class SecurityPanel(QWidget):
    """Idle-lock minutes (kept in this computer's preferences) and the encryption status."""

    sig_database_replaced = Signal(object)  # the reopened Database, after encryption

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 60)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(options.get(options.IDLE_LOCK_MINUTES))
        self.minutes.valueChanged.connect(self._minutes_changed)
        self.status = text_label("")
        self.encrypt_button = button("Encrypt this register…")
        self.encrypt_button.clicked.connect(self.ask_encrypt)
        self.error = error_label("formError")
        self.dialog: QDialog | None = None  # the one open now, for tests and screenshots
        self._lay_out()
        self.show_status()

    def _lay_out(self) -> None:
        minutes_row = QHBoxLayout()
        minutes_row.addWidget(QLabel("Lock the screen after"))
        minutes_row.addWidget(self.minutes)
        minutes_row.addWidget(QLabel("without use."))
        minutes_row.addStretch(1)
        encrypt_row = QHBoxLayout()
        encrypt_row.addWidget(self.encrypt_button)
        encrypt_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label("Idle lock", "subheading"))
        layout.addWidget(
            text_label(
                "On this computer, the window hides its content and asks for the password again "
                "when nobody has used it for this long.",
                "muted",
            )
        )
        layout.addLayout(minutes_row)
        layout.addSpacing(12)
        layout.addWidget(text_label("Encryption", "subheading"))
        layout.addWidget(self.status)
        layout.addLayout(encrypt_row)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _minutes_changed(self, value: int) -> None:
        options.put(options.IDLE_LOCK_MINUTES, value)

    def show_status(self) -> None:
        url = self._context.db.url
        if sqlite_path(url) is None:
            text = SERVER
        else:
            text = ENCRYPTED if is_encrypted_file(url) else PLAIN
        self.status.setText(text)
        self.status.setObjectName("notice" if text == PLAIN else "muted")
        self.status.style().polish(self.status)
        self.encrypt_button.setVisible(text == PLAIN)

    def ask_encrypt(self) -> Confirmation:
        box = confirm(self, "Encrypt the register", ENCRYPT_QUESTION, "Encrypt", self.encrypt)
        self.dialog = box
        return box

    def encrypt(self) -> None:
        """Encrypt in place; show the recovery key, then hand the reopened register on."""
        set_error(self.error, "")
        context, prompt = self._context, PassphrasePrompt(parent=self)
        outcome = operations.run(
            context,
            lambda: encrypt_in_place(context.db, context.user, prompt),
            show=operations.to_status(
                lambda text: set_error(self.error, text), "The register was not encrypted: "
            ),
            wait_cursor=True,
        )
        if outcome.value is None:
            return
        db, recovery = outcome.value
        self.encrypt_button.hide()
        self.status.setText(ENCRYPTED)
        if recovery is None:  # a passphrase, chosen just now, opens it
            self.sig_database_replaced.emit(db)
            return
        dialog = RecoveryKeyDialog(recovery, self._context.provision_name, self)
        dialog.accepted.connect(lambda: self.sig_database_replaced.emit(db))
        self.dialog = dialog
        dialog.open()
