"""A question before something that cannot be undone, opened without blocking the event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


class Confirmation(QMessageBox):
    """Cancel is the default; `confirm_button` (named for the action) calls on_confirmed."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        text: str,
        action: str,
        on_confirmed: Callable[[], None],
    ) -> None:
        no_buttons = QMessageBox.StandardButton.NoButton
        super().__init__(QMessageBox.Icon.Warning, title, text, no_buttons, parent)
        self.confirm_button: QPushButton = self.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)
        self._on_confirmed = on_confirmed
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, clicked: object) -> None:
        if clicked is self.confirm_button:
            self._on_confirmed()


def confirm(
    parent: QWidget, title: str, text: str, action: str, on_confirmed: Callable[[], None]
) -> Confirmation:
    """Open the question (window-modal) and return it; on_confirmed runs if the person agrees."""
    box = Confirmation(parent, title, text, action, on_confirmed)
    box.open()
    return box
