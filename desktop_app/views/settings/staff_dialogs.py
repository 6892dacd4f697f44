"""Dialogs the director uses on staff accounts: add one, and give one a new password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QVBoxLayout, QWidget

from desktop_app import APP_NAME
from desktop_app.domain.permissions import Role
from desktop_app.services.auth import StaffUser
from desktop_app.services.errors import ServiceError, ValidationFailed
from desktop_app.services.staff import StaffSummary, add_staff, reset_password
from desktop_app.views.common import labels
from desktop_app.views.common.field_form import FORM, FieldForm, problems_by_field, sentence
from desktop_app.views.common.widgets import button, text_label

if TYPE_CHECKING:
    from desktop_app.services.database import Database

NEW_STAFF_FIELDS = (
    ("username", "Username", False),
    ("full_name", "Full name", False),
    ("position", "Position", False),
    ("password", "Password", True),
    ("confirm", "Type it again", True),
)
#: The services' field names, and the form key and label each problem is shown against.
SERVICE_FIELDS = {
    "username": ("username", "Username"),
    "full name": ("full_name", "Full name"),
    "position": ("position", "Position"),
    "password": ("password", "Password"),
}
MISMATCH = "The two passwords do not match."


class StaffDialog(QDialog):
    """A form and two buttons; subclasses say what `save` does. Accepted once it has worked."""

    def __init__(
        self, title: str, action: str, form: FieldForm, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.form = form
        self.result_summary: StaffSummary | None = None
        self.save_button = button(action, primary=True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button = button("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.intro = text_label("", "muted")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(text_label(title, "subheading"))
        layout.addWidget(self.intro)
        layout.addWidget(form)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)

    def save(self) -> StaffSummary:
        raise NotImplementedError

    def submit(self) -> None:
        """Check the passwords match, then save; show every problem the service finds."""
        if self.form.value("password") != self.form.value("confirm"):
            self.form.show_problems({"confirm": MISMATCH})
            return
        try:
            self.result_summary = self.save()
        except ValidationFailed as error:
            self.form.show_problems(problems_by_field(error, SERVICE_FIELDS))
            return
        except ServiceError as error:
            self.form.show_problems({FORM: sentence(error)})
            return
        self.accept()


class AddStaffDialog(StaffDialog):
    """Username, name, position, role and a first password for a new member of staff."""

    def __init__(self, db: Database, user: StaffUser, parent: QWidget | None = None) -> None:
        self._db, self._user = db, user
        form = FieldForm(NEW_STAFF_FIELDS)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(labels.role(role), role)
        self.role.setCurrentIndex(self.role.findData(Role.TUTOR))
        form.add_row("role", "Role", self.role)
        super().__init__("Add a member of staff", "Add", form, parent)
        self.intro.setText("Give them their username and password; they can change it later.")

    def save(self) -> StaffSummary:
        value = self.form.value
        role = Role(self.role.currentData())
        return add_staff(
            self._db,
            self._user,
            value("username").strip(),
            value("full_name"),
            value("position"),
            role,
            value("password"),
        )


class ResetPasswordDialog(StaffDialog):
    """A new password for someone who has forgotten theirs; it also lifts a lock."""

    def __init__(
        self, db: Database, user: StaffUser, staff: StaffSummary, parent: QWidget | None = None
    ) -> None:
        self._db, self._user, self.staff = db, user, staff
        form = FieldForm((("password", "New password", True), ("confirm", "Type it again", True)))
        super().__init__(f"New password for {staff.full_name}", "Set password", form, parent)
        self.intro.setText(
            f"{staff.full_name} ({staff.username}) signs in with this from now on. "
            "Tell them in person, and ask them to change it in Settings."
        )

    def save(self) -> StaffSummary:
        password = self.form.value("password")
        return reset_password(self._db, self._user, self.staff.username, password)
