"""Send › AM or PM summary: who will get what (only their learners, in a protected PDF), what
is shared, then one Send."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.codes import Session as RegisterSession
from desktop_app.services.errors import ServiceError
from desktop_app.services.sending import Queued, send_summary
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.common.widgets import text_label

SHARED = (
    "Each commissioner gets one email with only their learners: the session's marks, what each "
    "absence was, and the follow-up lines written for the commissioner (never the contact "
    "log's internal notes). The PDF opens only with the password that commissioner holds; the "
    "email itself names no learner."
)


class SummaryDialog(QDialog):
    """Choose AM or PM; the preview lists each email; Send queues them and the pump sends."""

    def __init__(
        self, context: AppContext, session: RegisterSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send the attendance summary")
        self._context = context
        self.day: date = context.clock().date()
        self.queued: Queued | None = None
        self.session = QComboBox()
        for part in RegisterSession:
            self.session.addItem(
                f"{part.value} of {self.day:%A} {self.day.day} {self.day:%B}", part.value
            )
        self.session.setCurrentIndex(self.session.findData(session.value))
        self.session.currentIndexChanged.connect(self.preview)
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.plan.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.plan.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = self.buttons.addButton("Send", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel("Session"))
        row.addWidget(self.session, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(SHARED, "muted"))
        layout.addLayout(row)
        layout.addWidget(self.plan, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 420)
        self.preview()

    def part(self) -> RegisterSession:
        return RegisterSession(self.session.currentData())

    def _refused(self, error: ServiceError) -> None:
        self.plan.setText(f"Not ready to send: {operations.message_of(error)}")
        self.send_button.setEnabled(False)

    def preview(self) -> None:
        context, part = self._context, self.part()
        planned = operations.run(
            context,
            lambda: send_summary(context.db, context.user, self.day, part, context.clock(), True),
            show=self._refused,
        )
        if planned.value is None:
            return
        lines = [
            f"• {e.recipient_name} <{e.recipient}>: {len(e.learners)} learner(s)"
            for e in planned.value.emails
        ]
        lines += [f"✗ Not sent: {s}" for s in planned.value.not_sent]
        self.plan.setText("\n".join(lines) or "Nobody to send to.")
        self.send_button.setEnabled(bool(planned.value.emails))

    def send(self) -> None:
        context, part = self._context, self.part()
        done = operations.run(
            context,
            lambda: send_summary(context.db, context.user, self.day, part, context.clock()),
            show=self._refused,
            changed=[Change.of(Kind.ALERTS)],
            wait_cursor=True,
        )
        if done:
            self.queued = done.value
            self.accept()
