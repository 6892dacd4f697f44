"""The recovery key, shown once when a register is encrypted, to copy, print and put away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, palette, resources
from desktop_app.views.common.widgets import button, text_label

EXPLANATION = (
    "The register is encrypted: a copy of the file is unreadable without its key. The key is "
    "kept in this computer's keyring. If the keyring is lost, or the register is moved to "
    "another computer, only this recovery key can open it."
)
WARNING = (
    "It is shown only now. Print it or write it down, and lock it away: anyone with this key "
    "and a copy of the file can read every learner's details."
)
TICK = "I have printed or written down the recovery key"
KEY_STYLE = (
    'font-family: "{family}", "DejaVu Sans Mono", "Consolas", "Menlo", monospace; '
    f"font-size: 20pt; font-weight: 600; color: {palette.INK_DEEP}; background: {palette.WHITE}; "
    f"border: 1px solid {palette.INFO_BORDER}; border-radius: 6px; padding: 14px 18px;"
)


def two_lines(key: str) -> str:
    """The eight groups as two lines of four, easier to read out and copy by hand."""
    groups = key.split("-")
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]) + "-\n" + "-".join(groups[half:])


def print_recovery_key(key: str, title: str, parent: QWidget | None = None) -> bool:
    """Print the key on one page after the print dialog; False if cancelled. Tests replace this."""
    printer = QPrinter()
    chooser = QPrintDialog(printer, parent)
    if chooser.exec() != QDialog.DialogCode.Accepted:
        return False
    page = QTextDocument()
    page.setHtml(
        f"<h2>{APP_NAME}: recovery key</h2><p>{title}</p>"
        f"<p style='font-family: monospace; font-size: 18pt'>{key}</p>"
        "<p>Keep this page locked away. It opens the register on any computer.</p>"
    )
    page.print_(printer)
    return True


class RecoveryKeyDialog(QDialog):
    """Continue stays disabled until the person ticks that the key is printed or written down."""

    def __init__(self, key: str, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._title = title
        self.setWindowTitle(f"Recovery key — {APP_NAME}")
        self.setWindowIcon(resources.icon("app"))
        self.key_label = self._key_label(key)
        self.copy_button = button("Copy")
        self.copy_button.clicked.connect(self.copy)
        self.print_button = button("Print…")
        self.print_button.clicked.connect(self.print_key)
        self.tick = QCheckBox(TICK)
        self.continue_button = button("Continue", primary=True)
        self.continue_button.setEnabled(False)
        self.continue_button.clicked.connect(self.accept)
        self.tick.toggled.connect(self.continue_button.setEnabled)
        self.printed = text_label("", "muted")
        self._lay_out()

    @staticmethod
    def _key_label(key: str) -> QLabel:
        label = QLabel(two_lines(key))
        label.setObjectName("recoveryKey")
        family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        label.setStyleSheet(KEY_STYLE.format(family=family))  # beats the app's font size
        label.ensurePolished()  # the stylesheet's font now decides the size: never clip the key
        label.setMinimumSize(label.sizeHint())
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.printed, 1)
        finish = QHBoxLayout()
        finish.addWidget(self.tick, 1)
        finish.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(12)
        layout.addWidget(text_label("Keep this recovery key safe", "heading"))
        layout.addWidget(text_label(EXPLANATION, "muted"))
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        layout.addWidget(text_label(WARNING, "notice"))
        layout.addLayout(finish)  # as wide as the key needs: the layout sets the minimum size

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.key)
        self.copy_button.setText("Copied")

    def print_key(self) -> None:
        if print_recovery_key(self.key, self._title, self):
            self.printed.setText("Sent to the printer.")

    def reject(self) -> None:
        """Escape does nothing until the key is put away: it is never shown again."""
        if self.tick.isChecked():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tick.isChecked():
            event.accept()
        else:
            event.ignore()
