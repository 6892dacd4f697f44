"""Dialogs the director uses on staff accounts: add one, and give one a new password."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QVBoxLayout, QWidget

from desktop_app import APP_NAME
from desktop_app.domain.permissions import Role
from desktop_app.services.staff import StaffSummary, add_staff, reset_password
from desktop_app.views.common import labels, operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.widgets import button, text_label

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
    """A form and two buttons; subclasses say what `save` does. Accepted once it has worked.

    A save announces a staff change, so every list of staff (and the audit) refreshes.
    """

    def __init__(
        self,
        context: AppContext,
        title: str,
        action: str,
        form: FieldForm,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
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
        outcome = operations.run(
            self._context,
            self.save,
            show=operations.to_form(self.form, labelled=SERVICE_FIELDS),
            changed=[Change.of(Kind.STAFF)],
        )
        if not outcome:
            return
        self.result_summary = outcome.value
        self.accept()


class AddStaffDialog(StaffDialog):
    """Username, name, position, role and a first password for a new member of staff."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        form = FieldForm(NEW_STAFF_FIELDS)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(labels.role(role), role)
        self.role.setCurrentIndex(self.role.findData(Role.TUTOR))
        form.add_row("role", "Role", self.role)
        super().__init__(context, "Add a member of staff", "Add", form, parent)
        self.intro.setText("Give them their username and password; they can change it later.")

    def save(self) -> StaffSummary:
        value = self.form.value
        role = Role(self.role.currentData())
        return add_staff(
            self._context.db,
            self._context.user,
            value("username").strip(),
            value("full_name"),
            value("position"),
            role,
            value("password"),
        )


class ResetPasswordDialog(StaffDialog):
    """A new password for someone who has forgotten theirs; it also lifts a lock."""

    def __init__(
        self, context: AppContext, staff: StaffSummary, parent: QWidget | None = None
    ) -> None:
        self.staff = staff
        form = FieldForm((("password", "New password", True), ("confirm", "Type it again", True)))
        title = f"New password for {staff.full_name}"
        super().__init__(context, title, "Set password", form, parent)
        self.intro.setText(
            f"{staff.full_name} ({staff.username}) signs in with this from now on. "
            "Tell them in person, and ask them to change it in Settings."
        )

    def save(self) -> StaffSummary:
        password = self.form.value("password")
        context = self._context
        return reset_password(context.db, context.user, self.staff.username, password)
