"""Signing in: a username and password checked by the auth service.

The window can be shown before the register is open (it opens on a worker thread while the
person types): until `set_database` is called, "Opening the register…" shows and Sign in is off.
The auth and staff services (SQLAlchemy) are imported only when signing in.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app import APP_NAME
from desktop_app.services.errors import AuthenticationFailed, ServiceError
from desktop_app.views.common import operations
from desktop_app.views.common.field_form import sentence
from desktop_app.views.common.widgets import button, error_label, set_error, text_label

if TYPE_CHECKING:
    from desktop_app.services.auth import StaffUser
    from desktop_app.services.database import Database


CHANGE_NOTE = "The director has asked you to choose a new password before you go on."
OPENING_NOTE = "Opening the register…"


class SignInDialog(QDialog):
    """Accepted once authenticate() succeeds; `user` is then the signed-in member of staff.

    Given no database, it waits for `set_database`; `open_failed` closes it (rejected, `failed`).
    """

    def __init__(
        self,
        db: Database | None,
        provision_name: str,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.user: StaffUser | None = None
        self.failed = False  # closed because the register could not be opened
        self.setWindowTitle(f"Sign in — {APP_NAME}")  # the icon is the application's
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label("formError")
        self.sign_in_button = button("Sign in", primary=True)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.sign_in_button.setEnabled(db is not None)
        self.heading = text_label(provision_name, "heading")
        self.opening_note = text_label(OPENING_NOTE, "muted")
        self.opening_note.setVisible(db is None)
        policy = self.opening_note.sizePolicy()
        policy.setRetainSizeWhenHidden(db is None)  # nothing moves under someone typing
        self.opening_note.setSizePolicy(policy)
        self.quit_button = button("Quit")
        self.quit_button.clicked.connect(self.reject)
        self.new_password, self.new_again = QLineEdit(), QLineEdit()
        for edit in (self.new_password, self.new_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.change_box = QWidget()
        self._pending: tuple[StaffUser, str] | None = None  # signed in, new password owed
        self._lay_out()
        (self.password if username else self.username).setFocus()

    def _lay_out(self) -> None:
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
        self.heading.setWordWrap(False)
        layout.addWidget(self.heading)
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
        layout.addWidget(self.opening_note)
        layout.addLayout(buttons)
        self.setMinimumWidth(500)

    @property
    def opening(self) -> bool:
        """Still waiting for the register (neither given it nor told it failed)."""
        return self._db is None and not self.failed

    def set_database(self, db: Database, provision_name: str) -> None:
        """The register is open: Sign in is on, and the heading has the provision's own name."""
        self._db = db
        self.heading.setText(provision_name)
        self.opening_note.hide()
        self.sign_in_button.setEnabled(True)

    def open_failed(self) -> None:
        """The register could not be opened: close, so the reason can be shown instead."""
        self.failed = True
        self.reject()

    def sign_in(self) -> None:
        """Check the details; on failure say why, clear the password and stay open. An account
        that must change its password is asked for a new one before it is let in."""
        if self._pending is not None:
            self._set_new_password(*self._pending)
            return
        db, username, password = self._db, self.username.text().strip(), self.password.text()
        if db is None:
            return  # not open yet (the button is off until it is)
        from desktop_app.services import auth

        outcome = operations.run(
            None, lambda: auth.authenticate(db, username, password), show=self._refused
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
        from desktop_app.services.staff import change_own_password

        db = self._db
        assert db is not None  # signed in, so it is open
        outcome = operations.run(
            None,
            lambda: change_own_password(db, user, current, new),
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
