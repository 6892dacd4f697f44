"""The demo's staff accounts and their passwords, shown once so the person can copy them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from desktop_app.demo.provision import DemoResult
from desktop_app.domain.permissions import Role
from desktop_app.views.common import labels
from desktop_app.views.common.widgets import button, text_label


def accounts_text(result: DemoResult) -> str:
    """A plain-text table of role, username and password, one account a line."""
    rows = [("Role", "Username", "Password")]
    rows += [(labels.role(Role(role)), user, password) for user, role, password in result.staff]
    width = [max(len(row[i]) for row in rows) + 3 for i in range(2)]
    return "\n".join(f"{r:<{width[0]}}{u:<{width[1]}}{p}" for r, u, p in rows)


class DemoAccountsPanel(QWidget):
    """The accounts in a read-only, selectable box, with Copy and Continue buttons."""

    sig_continue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = text_label("", "muted")
        self.accounts = QPlainTextEdit()
        self.accounts.setObjectName("accounts")
        self.accounts.setReadOnly(True)
        self.accounts.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.copy_button = button("Copy all")
        self.copy_button.clicked.connect(self.copy)
        self.continue_button = button("Continue to sign in", primary=True)
        self.continue_button.clicked.connect(self.sig_continue_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label("Demo staff accounts", "subheading"))
        layout.addWidget(self.intro)
        layout.addWidget(self.accounts, 1)
        note = "These passwords are shown only now. Copy them before you continue."
        layout.addWidget(text_label(note, "notice"))
        layout.addLayout(buttons)

    def set_accounts(self, result: DemoResult) -> None:
        self.intro.setText(
            f"{result.provision} has {result.learners} fictional learners and a term of marks. "
            "Sign in as any of these members of staff to see what their role can do."
        )
        self.accounts.setPlainText(accounts_text(result))

    def copy(self) -> None:
        """Put every account on the clipboard."""
        QGuiApplication.clipboard().setText(self.accounts.toPlainText())
        self.copy_button.setText("Copied")
