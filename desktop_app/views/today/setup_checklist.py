"""The set-up checklist at the top of Today (director), until every step is done.

Each step has a tick when done and a button that opens the page (and tab) where it is done;
`sig_open_requested(page, part)` asks the main window to show it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.services.setup_progress import SetupProgress, SetupStep
from desktop_app.views.common.widgets import button, text_label

DONE, TO_DO = "✓", "○"


class SetupChecklist(QFrame):
    """Hidden until progress is shown; hidden again once every step is done."""

    sig_open_requested = Signal(str, str)  # page name, part ("" for the page itself)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupChecklist")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = text_label("Set up your register", "subheading")
        self.intro = text_label("", "muted")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(2, 1)
        self.ticks: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(self.grid)
        self.progress: SetupProgress | None = None
        self.hide()

    def show_progress(self, progress: SetupProgress) -> None:
        self.progress = progress
        self.setVisible(not progress.complete)
        if progress.complete:
            return
        self.intro.setText(
            f"{progress.remaining} of {len(progress.steps)} steps to go before the register "
            "can be relied on. Each one ticks itself once it is saved."
        )
        for row, step in enumerate(progress.steps):
            self._show_step(row, step)

    def _show_step(self, row: int, step: SetupStep) -> None:
        if step.key not in self.ticks:
            self.ticks[step.key] = QLabel()
            self.buttons[step.key] = button(f"{step.title}…")
            self.buttons[step.key].clicked.connect(
                lambda _=False, s=step: self.sig_open_requested.emit(s.page, s.part)
            )
            self.grid.addWidget(self.ticks[step.key], row, 0)
            self.grid.addWidget(self.buttons[step.key], row, 1)
            self.grid.addWidget(text_label(step.detail, "muted"), row, 2)
        tick = self.ticks[step.key]
        tick.setText(DONE if step.done else TO_DO)
        tick.setToolTip("Done" if step.done else "Still to do")
        tick.setAccessibleName(f"{step.title}: {'done' if step.done else 'to do'}")

    def done(self, key: str) -> bool:
        """Whether the step is shown as done (tests, and the tick's meaning)."""
        return self.ticks[key].text() == DONE
