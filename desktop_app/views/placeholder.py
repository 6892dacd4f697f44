"""A page still to be built: its heading and one line saying what it will hold."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.views.context import AppContext
from desktop_app.views.widgets import text_label


class PlaceholderPage(QWidget):
    """A heading and a sentence; subclasses set HEADING and PURPOSE."""

    HEADING = ""
    PURPOSE = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.heading = text_label(self.HEADING, "heading")
        self.purpose = text_label(self.PURPOSE, "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.purpose)
        layout.addStretch(1)
