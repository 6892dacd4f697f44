"""Asking before unsaved edits are thrown away: one question, used by every dialog that edits.

A dialog that edits derives from `EditDialog`: Escape, Cancel and the window's close button all
come through `reject`, which asks first when `has_unsaved_edits()` says so. By default a dialog
has unsaved edits when what its fields hold differs from when it was first shown
(`field_values` reads every line, text box, choice, tick and date in it); a dialog with its own
idea of "changed" (the learner panel's risk assessment) overrides `has_unsaved_edits`.
Screens that are not dialogs (the letter-template editor) call `ask_to_discard` themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from desktop_app.views.common.confirm import Confirmation, confirm

TITLE = "Unsaved changes"
DISCARD = "Discard changes"


def ask_to_discard(
    parent: QWidget, on_discard: Callable[[], None], what: str = "Your changes"
) -> Confirmation:
    """Ask (window-modal, Cancel the default) whether to throw away unsaved edits."""
    text = f"{what} have not been saved. Discard them?"
    return confirm(parent, TITLE, text, DISCARD, on_discard)


def field_values(root: QWidget) -> tuple[object, ...]:
    """What every editable field under root holds now, in a fixed order (to compare later)."""
    values: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(widget.isChecked())
        elif isinstance(widget, QDateTimeEdit):
            values.append(widget.dateTime().toString())
        elif isinstance(widget, QSpinBox):
            values.append(widget.value())
    return tuple(values)


class EditDialog(QDialog):
    """A dialog that asks before Escape, Cancel or closing the window discards edits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._baseline: tuple[object, ...] | None = None
        self.discard_question: Confirmation | None = None  # the open question, for tests

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._baseline is None:
            self.mark_saved()

    def mark_saved(self) -> None:
        """What the fields hold now counts as unchanged (call after loading or saving)."""
        self._baseline = field_values(self)

    def has_unsaved_edits(self) -> bool:
        return self._baseline is not None and field_values(self) != self._baseline

    def reject(self) -> None:
        """Close without saving; if there are edits, only once the person agrees to lose them."""
        if not self.has_unsaved_edits():
            super().reject()
            return
        if self.discard_question is not None and self.discard_question.isVisible():
            return
        self.discard_question = ask_to_discard(self, self.discard)

    def discard(self) -> None:
        """Close, throwing away whatever was typed."""
        self._baseline = None
        QDialog.reject(self)
