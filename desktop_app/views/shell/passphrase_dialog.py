"""Asking for the register's passphrase when no keyring keeps its key: a new one, or to open it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from desktop_app import APP_NAME, resources
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.widgets import button, text_label

ShowDialog = Callable[[QDialog], bool]

NEW_TEXT = (
    "This computer has no keyring to keep the register's key, so the register is locked with a "
    "passphrase instead. It will be asked for every time the register is opened. If it is lost, "
    "nobody can open the register: write it down and keep it somewhere safe."
)
EXISTING_TEXT = (
    "This register is encrypted and its key is not kept on this computer. Type its passphrase, "
    "or the recovery key printed when it was made (eight groups of eight letters and digits)."
)


class PassphraseDialog(QDialog):
    """new=True: choose a passphrase (typed twice); new=False: the passphrase or recovery key."""

    def __init__(self, new: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new = new
        self.setWindowTitle(f"{'Choose a passphrase' if new else 'Passphrase'} — {APP_NAME}")
        self.setWindowIcon(resources.icon("app"))
        new_fields = [("passphrase", "Passphrase", True), ("confirm", "Type it again", True)]
        old_fields = [("passphrase", "Passphrase or recovery key", True)]
        self.form = FieldForm(new_fields if new else old_fields)
        self.ok_button = button("Use this passphrase" if new else "Open", primary=True)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button = button("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        for edit in self.form.edits.values():
            edit.returnPressed.connect(self.submit)
        self._lay_out()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(12)
        heading = "Choose a passphrase" if self.new else "This register is locked"
        layout.addWidget(text_label(heading, "subheading"))
        layout.addWidget(text_label(NEW_TEXT if self.new else EXISTING_TEXT, "muted"))
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.form.edits["passphrase"].setFocus()

    @property
    def passphrase(self) -> str:
        return self.form.value("passphrase")

    def problems(self) -> dict[str, str]:
        """What is wrong with what was typed, keyed by field."""
        from desktop_app.services.keys import MIN_PASSPHRASE  # SQLAlchemy: not at start

        text = self.passphrase
        if not self.new:
            return {} if text.strip() else {"passphrase": "Type the passphrase or recovery key."}
        if len(text) < MIN_PASSPHRASE:
            return {"passphrase": f"The passphrase must be at least {MIN_PASSPHRASE} characters."}
        if self.form.value("confirm") != text:
            return {"confirm": "The two passphrases do not match."}
        return {}

    def submit(self) -> None:
        found = self.problems()
        self.form.show_problems(found)
        if not found:
            self.accept()


def exec_modal(dialog: QDialog) -> bool:
    """Show a dialog and wait for it; tests replace this (or pass their own `show`)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


class PassphrasePrompt:
    """The `ask` callback services take: shows a PassphraseDialog; None if cancelled."""

    def __init__(self, show: ShowDialog | None = None, parent: QWidget | None = None) -> None:
        self._show = show
        self._parent = parent
        self.typed: str | None = None  # the last passphrase given, to reuse for backups

    def __call__(self, new: bool) -> str | None:
        dialog = PassphraseDialog(new, self._parent)
        show = self._show or exec_modal
        QGuiApplication.setOverrideCursor(Qt.CursorShape.ArrowCursor)  # even inside busy()
        try:
            self.typed = dialog.passphrase if show(dialog) else None
        finally:
            QGuiApplication.restoreOverrideCursor()
        return self.typed

    def again(self, new: bool) -> str | None:
        """The passphrase already typed, if any; otherwise ask."""
        return self.typed if self.typed else self(new)
