"""Signing in: a username and password checked by the auth service."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app import APP_NAME, resources
from desktop_app.services.auth import StaffUser, authenticate
from desktop_app.services.errors import AuthenticationFailed, ServiceError
from desktop_app.services.staff import change_own_password
from desktop_app.views.common import operations
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.widgets import button, error_label, set_error, text_label

if TYPE_CHECKING:
    from desktop_app.services.database import Database


CHANGE_NOTE = "The director has asked you to choose a new password before you go on."


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
        self.new_password, self.new_again = QLineEdit(), QLineEdit()
        for edit in (self.new_password, self.new_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.change_box = QWidget()
        self._pending: tuple[StaffUser, str] | None = None  # signed in, new password owed
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
        change = QFormLayout(self.change_box)
        change.setContentsMargins(0, 0, 0, 0)
        change.addRow(text_label(CHANGE_NOTE, "muted"))
        change.addRow("New password", self.new_password)
        change.addRow("New password again", self.new_again)
        self.change_box.hide()
        layout.addWidget(self.change_box)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(500)

    def sign_in(self) -> None:
        """Check the details; on failure say why, clear the password and stay open. An account
        that must change its password is asked for a new one before it is let in."""
        if self._pending is not None:
            self._set_new_password(*self._pending)
            return
        db, username, password = self._db, self.username.text().strip(), self.password.text()
        outcome = operations.run(
            None, lambda: authenticate(db, username, password), show=self._refused
        )
        if outcome.value is None:
            return
        if outcome.value.must_change_password:
            self._ask_new_password(outcome.value, password)
            return
        self.user = outcome.value
        self.accept()

    def _ask_new_password(self, user: StaffUser, current: str) -> None:
        self._pending = (user, current)
        self.username.setEnabled(False)
        self.password.setEnabled(False)
        self.change_box.show()
        self.sign_in_button.setText("Set password and sign in")
        self.adjustSize()
        set_error(self.error, "")
        self.new_password.setFocus()

    def _set_new_password(self, user: StaffUser, current: str) -> None:
        new, again = self.new_password.text(), self.new_again.text()
        if new != again:
            set_error(self.error, "The two new passwords differ.")
            self.new_again.clear()
            self.new_again.setFocus()
            return
        outcome = operations.run(
            None,
            lambda: change_own_password(self._db, user, current, new),
            show=lambda error: set_error(self.error, sentence(error)),
        )
        if not outcome:
            return
        self.user = replace(user, must_change_password=False)
        self.accept()

    def _refused(self, error: ServiceError) -> None:
        """Say why; a wrong password is cleared to be typed again (a busy register keeps it)."""
        set_error(self.error, sentence(error))
        if isinstance(error, AuthenticationFailed):
            self.password.clear()
            self.password.setFocus()
