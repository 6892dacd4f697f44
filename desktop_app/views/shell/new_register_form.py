"""The form for creating a new register: the provision's name and its first director."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.config import sqlite_path
from desktop_app.services.keys import AskPassphrase
from desktop_app.services.provision import check_new_provision
from desktop_app.services.setup import create_register
from desktop_app.views.common import operations
from desktop_app.views.common.widgets import button, error_label, set_error, text_label

#: Form fields: (key, label, problem field name used by check_new_provision or None).
FIELDS = (
    ("name", "Provision name", "name"),
    ("username", "Director's username", "username"),
    ("full_name", "Director's full name", "full name"),
    ("password", "Password", "password"),
    ("confirm", "Confirm password", None),
)
FORM = "form"  # the key for a problem that belongs to no single field


class NewRegisterForm(QWidget):
    """Validates inline, then creates the database; emits the open Database when done."""

    sig_register_created = Signal(object)
    sig_back_requested = Signal()

    def __init__(
        self, url: str, parent: QWidget | None = None, *, ask: AskPassphrase | None = None
    ) -> None:
        super().__init__(parent)
        self._url = url
        self._ask = ask  # asked for a passphrase when no keyring can keep the key
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.form_error = error_label("formError")
        self.create_button = button("Create register", primary=True)
        self.create_button.clicked.connect(self.submit)
        self.back_button = button("Back")
        self.back_button.clicked.connect(self.sig_back_requested)
        self._lay_out()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(text_label("Create a new register", "subheading"))
        layout.addWidget(text_label(_where(self._url), "muted"))
        layout.addLayout(self._grid())
        layout.addWidget(self.form_error)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _grid(self) -> QGridLayout:
        """Label and field side by side; the field's problem, if any, just below it."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        for number, (key, label, _problem_field) in enumerate(FIELDS):
            edit = QLineEdit()
            if key in ("password", "confirm"):
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.returnPressed.connect(self.submit)
            self.edits[key], self.errors[key] = edit, error_label()
            caption = QLabel(label)
            caption.setBuddy(edit)
            grid.addWidget(caption, 2 * number, 0)
            grid.addWidget(edit, 2 * number, 1)
            grid.addWidget(self.errors[key], 2 * number + 1, 1)
        return grid

    def value(self, key: str) -> str:
        return self.edits[key].text()

    def problems(self) -> dict[str, str]:
        """The first problem with each field, in words, keyed by field."""
        found: dict[str, str] = {}
        named = {field: (key, label) for key, label, field in FIELDS if field is not None}
        checked = check_new_provision(
            self.value("name"),
            self.value("username"),
            self.value("full_name"),
            self.value("password"),
        )
        for problem in checked:
            if problem.field in named:
                key, label = named[problem.field]
                found.setdefault(key, f"{label} {problem.message}.")
            else:  # a rule about no one field: shown below the form
                found.setdefault(FORM, str(problem))
        if self.value("confirm") != self.value("password"):
            found["confirm"] = "The two passwords do not match."
        return found

    def show_problems(self, found: dict[str, str]) -> None:
        set_error(self.form_error, found.get(FORM, ""))
        for key, edit in self.edits.items():
            set_error(self.errors[key], found.get(key, ""))
            edit.setProperty("invalid", key in found)
            edit.style().polish(edit)

    def submit(self) -> None:
        """Create the register if every field is acceptable; otherwise say what to fix."""
        found = self.problems()
        self.show_problems(found)
        if found:
            first = next((key for key, _l, _p in FIELDS if key in found), "name")
            self.edits[first].setFocus()
            return
        url, ask, values = self._url, self._ask, [self.value(k) for k, _l, _p in FIELDS[:4]]
        try:
            db = operations.run(
                None,  # nobody has signed in yet
                lambda: create_register(url, *values, ask=ask),
                show=self._not_created,
                wait_cursor=True,
            ).value
        except Exception as error:  # not a refusal: a disk or keyring failure; the file is removed
            self._not_created(error)
            return
        if db is not None:
            self.sig_register_created.emit(db)

    def _not_created(self, error: Exception) -> None:
        set_error(self.form_error, f"Could not create the register: {error}")


def _where(url: str) -> str:
    path = sqlite_path(url)
    place = str(path) if path is not None else url
    return f"The register will be saved in {place}. You will sign in as its director."
