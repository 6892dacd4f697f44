"""The director's Edit dialog for a member of staff: name, position, role, and "must change
password at next sign-in"."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from desktop_app.domain.permissions import Role
from desktop_app.services.staff import StaffSummary, edit_staff
from desktop_app.views.common import labels, operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.settings.staff_dialogs import SERVICE_FIELDS, StaffDialog

FIELDS = (("full_name", "Full name", False), ("position", "Position", False))


class EditStaffDialog(StaffDialog):
    """Accepted once saved; what they recorded before keeps the name and position it had."""

    def __init__(
        self, context: AppContext, staff: StaffSummary, parent: QWidget | None = None
    ) -> None:
        self.staff = staff
        form = FieldForm(FIELDS)
        form.edits["full_name"].setText(staff.full_name)
        form.edits["position"].setText(staff.position)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(labels.role(role), role)
        self.role.setCurrentIndex(self.role.findData(staff.role))
        form.add_row("role", "Role", self.role)
        self.must_change = QCheckBox("Must choose a new password at the next sign-in")
        self.must_change.setChecked(staff.must_change_password)
        form.add_row("must_change", "", self.must_change)
        super().__init__(context, f"Edit {staff.full_name}", "Save", form, parent)
        self.intro.setText(
            f"{staff.username}: records already made keep the name and position they were "
            "made under."
        )

    def save(self) -> StaffSummary:
        value, context = self.form.value, self._context
        return edit_staff(
            context.db,
            context.user,
            self.staff.username,
            value("full_name"),
            value("position"),
            Role(self.role.currentData()),
            self.must_change.isChecked(),
        )

    def submit(self) -> None:
        """Save; every problem the service finds is shown under its field."""
        labelled = {**SERVICE_FIELDS, "role": ("role", "Role")}
        outcome = operations.run(
            self._context,
            self.save,
            show=operations.to_form(self.form, labelled=labelled),
            changed=[Change.of(Kind.STAFF)],
        )
        if outcome:
            self.result_summary = outcome.value
            self.accept()
