"""Settings › Provision (director): the provision's name, address, phone and email.

Letters and reports print them. Save passes back the version this tab read; if someone else
saved since, the refusal is shown and the tab shows what is stored now.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from desktop_app.services.errors import ServiceError, StaleWrite
from desktop_app.services.provision_details import (
    ProvisionContact,
    provision_contact,
    set_provision_details,
)
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.field_form import FieldForm
from desktop_app.views.common.widgets import button, text_label

FIELDS = (("name", "Provision name", False), ("phone", "Phone", False), ("email", "Email", False))
NOTE = "Printed at the head of letters and reports."


class ProvisionPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.version: int | None = None
        self.form = FieldForm(FIELDS[:1])
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(84)
        self.form.add_row("address", "Address", self.address)
        for key, label, _secret in FIELDS[1:]:
            self.form.edits[key] = edit = QLineEdit()
            self.form.add_row(key, label, edit)
        self.save_button = button("Save", primary=True)
        self.save_button.clicked.connect(self.save)
        self.message = text_label("", "muted")
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label(NOTE, "muted"))
        layout.addWidget(self.form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        ctx = self._context
        outcome = operations.run(
            ctx, lambda: provision_contact(ctx.db, ctx.user), show=operations.to_form(self.form)
        )
        if outcome.value is not None:
            self._fill(outcome.value)

    def _fill(self, details: ProvisionContact) -> None:
        for key, _label, _secret in FIELDS:
            self.form.edits[key].setText(getattr(details, key))
        self.address.setPlainText(details.address)
        self.version = details.version

    def save(self) -> None:
        ctx, version = self._context, self.version
        value, address = self.form.value, self.address.toPlainText()
        details = ProvisionContact(value("name"), address, value("phone"), value("email"))
        outcome = operations.run(
            ctx,
            lambda: set_provision_details(ctx.db, ctx.user, details, version),
            show=self._refused,
            changed=[Change.of(Kind.SETTINGS)],
        )
        if outcome.value is None:
            return
        self._fill(outcome.value)
        self.form.show_problems({})
        self.message.setText("Saved the provision's details.")

    def _refused(self, error: ServiceError) -> None:
        self.message.setText("")
        operations.to_form(self.form)(error)
        if isinstance(error, StaleWrite):
            message = self.form.form_error.text()
            self.refresh()
            self.form.show_problems({"form": message})
