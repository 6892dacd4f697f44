"""Small builders for the labels and buttons every screen uses, styled by app.qss."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget


def text_label(text: str, role: str | None = None, parent: QWidget | None = None) -> QLabel:
    """A wrapping label; role is a stylesheet name such as 'heading', 'muted' or 'formError'."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if role is not None:
        label.setObjectName(role)
    return label


def error_label(role: str = "fieldError") -> QLabel:
    """A hidden label that shows a problem when set_error gives it text."""
    label = text_label("", role)
    label.hide()
    return label


def set_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def button(text: str, primary: bool = False, choice: bool = False) -> QPushButton:
    """A push button; primary fills it with the accent colour, choice makes it a large option."""
    result = QPushButton(text)
    result.setProperty("primary", primary)
    result.setProperty("choice", choice)
    return result
