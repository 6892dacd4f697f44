"""Signing in: a username and password checked by the auth service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app import APP_NAME, resources
from desktop_app.services.auth import StaffUser, authenticate
from desktop_app.services.errors import AuthenticationFailed, ServiceError
from desktop_app.views.common import operations
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.widgets import button, error_label, set_error, text_label

if TYPE_CHECKING:
    from desktop_app.services.database import Database


class SignInDialog(QDialog):
    """Accepted once authenticate() succeeds; `user` is then the signed-in member of staff."""

    def __init__(
        self,
        db: Database,
        provision_name: str,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.user: StaffUser | None = None
        self.setWindowTitle(f"Sign in — {APP_NAME}")
        self.setWindowIcon(resources.icon("app"))
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label("formError")
        self.sign_in_button = button("Sign in", primary=True)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.quit_button = button("Quit")
        self.quit_button.clicked.connect(self.reject)
        self._lay_out(provision_name)
        (self.password if username else self.username).setFocus()

    def _lay_out(self, provision_name: str) -> None:
        form = QFormLayout()
        form.setSpacing(10)
        form.addRow("Username", self.username)
        form.addRow("Password", self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(12)
        heading = text_label(provision_name, "heading")
        heading.setWordWrap(False)
        layout.addWidget(heading)
        layout.addWidget(text_label("Sign in with your staff account.", "muted"))
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(500)

    def sign_in(self) -> None:
        """Check the details; on failure say why, clear the password and stay open."""
        db, username, password = self._db, self.username.text().strip(), self.password.text()
        outcome = operations.run(
            None, lambda: authenticate(db, username, password), show=self._refused
        )
        if outcome.value is None:
            return
        self.user = outcome.value
        self.accept()

    def _refused(self, error: ServiceError) -> None:
        """Say why; a wrong password is cleared to be typed again (a busy register keeps it)."""
        set_error(self.error, sentence(error))
        if isinstance(error, AuthenticationFailed):
            self.password.clear()
            self.password.setFocus()
