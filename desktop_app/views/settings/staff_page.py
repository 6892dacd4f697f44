"""Settings › Staff (director): the accounts, and adding, disabling and resetting them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.staff import StaffSummary, disable_staff, list_staff
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.confirm import Confirmation, confirm
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import button, text_label
from desktop_app.views.settings.staff_dialogs import (
    AddStaffDialog,
    ResetPasswordDialog,
    StaffDialog,
)
from desktop_app.views.settings.staff_edit import EditStaffDialog
from desktop_app.views.settings.staff_model import NAME, POSITION, StaffModel


class StaffPanel(QWidget):
    """The staff table; Disable and Reset act on the selected row.

    It reads the accounts again whenever a staff change is announced (at once if showing,
    otherwise when next shown), whichever screen made it.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = StaffModel(self)
        self.table = self._make_table()
        self.message = text_label("", "muted")
        self.add_button = button("Add…")
        self.add_button.clicked.connect(self.add)
        self.disable_button = button("Disable…")
        self.disable_button.clicked.connect(self.ask_disable)
        self.reset_button = button("Reset password…")
        self.reset_button.clicked.connect(self.reset)
        self.edit_button = button("Edit…")
        self.edit_button.clicked.connect(self.edit)
        self.dialog: QDialog | None = None  # the one open now, for tests and screenshots
        self._lay_out()
        self.refresher = operations.Refresher(self, self.refresh)
        context.changes.sig_staff_changed.connect(self.refresher.request)
        self.refresh()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(POSITION, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        return table

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.disable_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        intro = (
            "Everyone signs in with their own account; the role decides what they can see and do. "
            "A disabled account cannot sign in, but what it recorded stays in the register."
        )
        layout.addWidget(text_label(intro, "muted"))
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def refresh(self, select: str | None = None) -> None:
        """Read the accounts again, keeping (or moving) the selection."""
        chosen = select or (s.username if (s := self.selected()) else None)
        self.model.set_rows(list_staff(self._context.db, self._context.user))
        row = self.model.row_of(chosen) if chosen else None
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> StaffSummary | None:
        rows = self.table.selectionModel().selectedRows(NAME)
        return self.model.staff(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.reset_button.setEnabled(chosen is not None)
        self.edit_button.setEnabled(chosen is not None)
        self.disable_button.setEnabled(chosen is not None and chosen.active)

    def _say(self, text: str, role: str = "muted") -> None:
        self.message.setObjectName(role)
        self.message.setText(text)
        self.message.style().polish(self.message)

    def add(self) -> None:
        dialog = AddStaffDialog(self._context, self)
        dialog.accepted.connect(lambda: self._saved(dialog, "added"))
        self._open(dialog)

    def reset(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        dialog = ResetPasswordDialog(self._context, chosen, self)
        dialog.accepted.connect(lambda: self._saved(dialog, "given a new password"))
        self._open(dialog)

    def edit(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        dialog = EditStaffDialog(self._context, chosen, self)
        dialog.accepted.connect(lambda: self._saved(dialog, "changed"))
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _saved(self, dialog: StaffDialog, what: str) -> None:
        staff = dialog.result_summary
        if staff is not None:
            self._select(staff.username)
            self._say(f"{staff.full_name} ({staff.username}) was {what}.")

    def ask_disable(self) -> Confirmation | None:
        chosen = self.selected()
        if chosen is None:
            return None
        text = (
            f"Disable {chosen.full_name}'s account ({chosen.username})? They will no longer be "
            "able to sign in. Everything they recorded stays in the register."
        )
        box = confirm(self, "Disable account", text, "Disable", lambda: self.disable(chosen))
        self.dialog = box
        return box

    def _select(self, username: str) -> None:
        """Select this account's row, reading the accounts first if it is not listed yet."""
        row = self.model.row_of(username)
        if row is None:
            self.refresh(select=username)
        else:
            self.table.selectRow(row)
            self._update_buttons()

    def disable(self, staff: StaffSummary) -> None:
        context = self._context
        outcome = operations.run(
            context,
            lambda: disable_staff(context.db, context.user, staff.username),
            show=operations.to_status(
                lambda text: self._say(text, "formError"), f"{staff.full_name} was not disabled: "
            ),
            changed=[Change.of(Kind.STAFF)],
        )
        if not outcome:
            return
        self._select(staff.username)
        self._say(f"{staff.full_name} ({staff.username}) can no longer sign in.")
