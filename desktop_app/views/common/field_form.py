"""A grid of labelled fields, each with its own problem message just below it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.services.errors import ValidationFailed
from desktop_app.views.common.widgets import error_label, set_error

FORM = "form"  # the key for a problem that belongs to no single field


class FieldForm(QWidget):
    """Line edits by key (`edits`), their messages (`errors`), and one message for the form."""

    def __init__(self, fields: Iterable[tuple[str, str, bool]], parent: QWidget | None = None):
        """fields: (key, label, secret) in order; secret fields hide what is typed."""
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.form_error = error_label("formError")
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(14)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self._grid)
        layout.addWidget(self.form_error)
        for key, label, secret in fields:
            edit = QLineEdit()
            if secret:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.edits[key] = edit
            self.add_row(key, label, edit)

    def add_row(self, key: str, label: str, field: QWidget) -> None:
        """Add a labelled field (any widget) with a hidden message below it."""
        row = self._grid.rowCount()
        caption = QLabel(label)
        caption.setBuddy(field)
        self.errors[key] = error_label()
        self._grid.addWidget(caption, row, 0)
        self._grid.addWidget(field, row, 1)
        self._grid.addWidget(self.errors[key], row + 1, 1)

    def value(self, key: str) -> str:
        return self.edits[key].text()

    def clear(self) -> None:
        for edit in self.edits.values():
            edit.clear()
        self.show_problems({})

    def show_problems(self, found: dict[str, str]) -> None:
        """Show each field's message (and the form's); clear the rest; focus the first bad field."""
        set_error(self.form_error, found.get(FORM, ""))
        for key, label in self.errors.items():
            set_error(label, found.get(key, ""))
        for key, edit in self.edits.items():
            edit.setProperty("invalid", key in found)
            edit.style().polish(edit)
        first = next((key for key in self.edits if key in found), None)
        if first is not None:
            self.edits[first].setFocus()


def problems_by_field(
    error: ValidationFailed, fields: dict[str, tuple[str, str]]
) -> dict[str, str]:
    """Messages keyed by form field from a service's problems.

    fields maps a service's field name to (form key, label); "Username is taken."
    Problems about no known field go to FORM.
    """
    found: dict[str, str] = {}
    for problem in error.problems:
        if problem.field in fields:
            key, label = fields[problem.field]
            found.setdefault(key, f"{label} {problem.message}.")
        else:
            found.setdefault(FORM, sentence(problem))
    return found


def sentence(text: object) -> str:
    """An error's text as a sentence: capital letter first, full stop last."""
    words = str(text).strip()
    return words[:1].upper() + words[1:] + ("" if words.endswith(".") else ".")
