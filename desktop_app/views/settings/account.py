"""Settings › Your password: anyone changes their own password, given the current one."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from desktop_app.services.staff import change_own_password
from desktop_app.views.common import labels, operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.widgets import button, text_label

FIELDS = (
    ("current", "Current password", True),
    ("new", "New password", True),
    ("confirm", "Type it again", True),
)
SERVICE_FIELDS = {"current": ("current", "That"), "password": ("new", "The new password")}


class ChangePasswordPanel(QWidget):
    """Three password boxes; problems shown against the box they belong to."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        user = context.user
        self.form = FieldForm(FIELDS)
        self.form.setMaximumWidth(560)
        self.change_button = button("Change password", primary=True)
        self.change_button.clicked.connect(self.submit)
        for edit in self.form.edits.values():
            edit.returnPressed.connect(self.submit)
        self.done = text_label("", "notice")
        self.done.hide()
        who = f"You are signed in as {user.full_name} ({user.username}), {labels.role(user.role)}."
        row = QHBoxLayout()
        row.addWidget(self.change_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label(who, "muted"))
        layout.addWidget(text_label("Change your password", "subheading"))
        layout.addWidget(self.form)
        layout.addLayout(row)
        layout.addWidget(self.done)
        layout.addStretch(1)

    def problems(self) -> dict[str, str]:
        if self.form.value("new") != self.form.value("confirm"):
            return {"confirm": "The two new passwords do not match."}
        if self.form.value("new") == self.form.value("current"):
            return {"new": "The new password must be different from the current one."}
        return {}

    def submit(self) -> None:
        """Change the password, or say what to fix; the boxes are cleared once it is changed."""
        self.done.hide()
        found = self.problems()
        if found:
            self.form.show_problems(found)
            return
        context, current, new = self._context, self.form.value("current"), self.form.value("new")
        outcome = operations.run(
            context,
            lambda: change_own_password(context.db, context.user, current, new),
            show=operations.to_form(self.form, labelled=SERVICE_FIELDS),
            changed=[Change.of(Kind.STAFF, ids=[context.user.id])],
        )
        if not outcome:
            return
        self.form.clear()
        self.done.setText("Your password has been changed. Use the new one from now on.")
        self.done.show()
