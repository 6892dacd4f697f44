"""The bar across the top of the main window: "Learner left site" always, and while any incident
is open, a red band listing each one with its running time; click one to bring up its dialog.

It redraws when the change bus says incidents changed (the desk has read them again by then)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from desktop_app import palette
from desktop_app.services.absconding_data import IncidentSummary
from desktop_app.views.absconding import common
from desktop_app.views.absconding.desk import IncidentDesk

TICK_MS = 1000
QUIET = palette.qss("QFrame#incidentBar { background: @WHITE; border-bottom: 1px solid @BORDER; }")
ALARM = palette.qss(
    f"QFrame#incidentBar {{ background: {common.RED}; border-bottom: 1px solid @ALARM_DARK; }}"
)
INCIDENT_BUTTON = (
    "QPushButton { background: rgba(255,255,255,0.14); color: white; font-weight: 600;"
    " border: 1px solid rgba(255,255,255,0.55); border-radius: 4px; padding: 4px 10px; }"
    "QPushButton:hover { background: rgba(255,255,255,0.28); }"
)


def banner_text(summary: IncidentSummary, now_elapsed: str, outstanding: bool) -> str:
    """'Alex Hughes · 12 min 34 s · POLICE NOW' for one open incident."""
    if summary.found_at is not None:
        return f"{summary.learner_name} · back after {now_elapsed} · to close"
    return f"⚠ {summary.learner_name} · {now_elapsed}" + (" · POLICE NOW" if outstanding else "")


class IncidentBar(QFrame):
    """The always-visible action (Ctrl+Shift+L) and the open incidents."""

    def __init__(self, desk: IncidentDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentBar")
        self.desk = desk
        self.action = QAction(common.alarm_icon(), "Learner left site", self)
        self.action.setShortcut(QKeySequence(common.SHORTCUT))
        self.action.setToolTip(f"A learner has left site without permission ({common.SHORTCUT})")
        self.action.triggered.connect(lambda: self.desk.start())
        self.start_button = QToolButton()
        self.start_button.setDefaultAction(self.action)
        self.start_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.start_button.setStyleSheet(
            f"QToolButton {{ background: white; color: {palette.ALARM_DARK}; font-weight: 700;"
            " border: 1px solid"
            f" {common.RED}; border-radius: 4px; padding: 4px 10px; }}"
        )
        self.caption = QLabel("Missing now:")
        self.caption.setStyleSheet("color: white; font-weight: 700;")
        self.hint = QLabel(f"{common.SHORTCUT} from any page")
        self.hint.setStyleSheet(f"color: {palette.MUTED};")
        self.buttons: dict[int, QPushButton] = {}
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(12, 6, 12, 6)
        self._row.addWidget(self.start_button)
        self._row.addWidget(self.caption)
        self._row.addWidget(self.hint)
        self._row.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        desk.context.changes.sig_incidents_changed.connect(self.rebuild)
        self.rebuild()
        self.timer.start()

    def rebuild(self, _change: object = None) -> None:
        """One button per open incident, longest missing first."""
        for button in self.buttons.values():
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for position, summary in enumerate(self.desk.summaries):
            button = QPushButton()
            button.setStyleSheet(INCIDENT_BUTTON)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip("Open the timer and checklist")
            button.clicked.connect(lambda _=False, i=summary.id: self.desk.show_incident(i))
            self._row.insertWidget(3 + position, button)
            self.buttons[summary.id] = button
        alarm = bool(self.buttons)
        self.caption.setVisible(alarm)
        self.hint.setVisible(not alarm)
        self.setStyleSheet(ALARM if alarm else QUIET)
        self.tick()

    def tick(self) -> None:
        now = common.now_of(self.desk.context)
        for summary in self.desk.summaries:
            button = self.buttons.get(summary.id)
            if button is not None:
                elapsed = summary.elapsed_text(now)
                button.setText(banner_text(summary, elapsed, summary.police_outstanding(now)))

    def texts(self) -> list[str]:
        """What the bar says about each open incident, in order (for tests)."""
        return [self.buttons[s.id].text() for s in self.desk.summaries if s.id in self.buttons]
