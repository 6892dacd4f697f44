"""What the lock screen shows while any incident is open: the learner's name, the live time
since last seen and what to do now; never the safeguarding detail (no photo, contacts, risks,
reasons). Also says when a "Learner left site" form is waiting, unsaved, behind the lock."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop_app.services.absconding_data import IncidentSummary
from desktop_app.views.absconding import common
from desktop_app.views.absconding.desk import IncidentDesk
from desktop_app.views.common.widgets import text_label

TICK_MS = 1000
FORM_WAITING = (
    "A “Learner left site” form is open and not yet started. Unlock to finish it: "
    "nothing typed is lost."
)
FRAME = f"QFrame#lockedIncidents {{ border: 2px solid {common.RED}; border-radius: 6px; }}"


def heading_text(summary: IncidentSummary, elapsed: str) -> str:
    """'⚠ Alex Hughes · missing for 16 min 05 s' (or back, once found)."""
    if summary.found_at is not None:
        return f"{summary.learner_name} · back after {elapsed} · to close"
    return f"⚠ {summary.learner_name} · missing for {elapsed}"


class LockedIncidents(QFrame):
    """One heading and one prompt per open incident, ticking; hidden when there is nothing."""

    def __init__(self, desk: IncidentDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockedIncidents")
        self.setStyleSheet(FRAME)
        self.desk = desk
        self.title = text_label("Learner missing: the incident is still open", "subheading")
        self.form_note = text_label(FORM_WAITING, "notice")
        self.headings: dict[int, QLabel] = {}
        self.prompts: dict[int, QLabel] = {}
        self._rows = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.title)
        layout.addLayout(self._rows)
        layout.addWidget(self.form_note)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        desk.context.changes.sig_incidents_changed.connect(self.rebuild)
        self.rebuild()
        self.timer.start()

    def rebuild(self, _change: object = None) -> None:
        """A heading and a prompt for each open incident, longest missing first."""
        for label in (*self.headings.values(), *self.prompts.values()):
            self._rows.removeWidget(label)
            label.deleteLater()
        self.headings, self.prompts = {}, {}
        for summary in self.desk.summaries:
            self.headings[summary.id] = text_label("", "subheading")
            self.prompts[summary.id] = text_label("")
            self._rows.addWidget(self.headings[summary.id])
            self._rows.addWidget(self.prompts[summary.id])
        self.tick()

    def tick(self) -> None:
        """The live elapsed time and the prompt as the timer dialog gives it now."""
        now = common.now_of(self.desk.context)
        for summary in self.desk.summaries:
            heading, prompt = self.headings.get(summary.id), self.prompts.get(summary.id)
            if heading is None or prompt is None:
                continue
            heading.setText(heading_text(summary, summary.elapsed_text(now)))
            said = summary.prompt(now)
            if prompt.text() != said.text:
                prompt.setText(said.text)
                prompt.setStyleSheet(common.tone_style(said.tone))
        waiting = self.desk.start_form_waiting()
        self.title.setVisible(bool(self.desk.summaries))
        self.form_note.setVisible(waiting)
        self.setVisible(bool(self.desk.summaries) or waiting)

    def texts(self) -> list[str]:
        """What it says, heading and prompt per incident (for tests)."""
        return [
            f"{self.headings[s.id].text()} | {self.prompts[s.id].text()}"
            for s in self.desk.summaries
            if s.id in self.headings
        ]
