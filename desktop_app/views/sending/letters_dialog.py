"""Send › Letters: a concern stage's letters in one run, emailed (protected) to families with an
address and written for printing for the rest, with progress and Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.letters import STAGES
from desktop_app.reports.progress import Progress
from desktop_app.services.errors import ServiceError
from desktop_app.services.sending import Queued
from desktop_app.services.sending_letters import send_letters
from desktop_app.views.common import operations
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.common.context import AppContext
from desktop_app.views.reports.runner import Job, ReportRunner


def print_folder() -> Path:
    """Documents/Provision Register/Letters to print."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "Provision Register" / "Letters to print"


class LettersDialog(QDialog):
    """Pick the stage; the preview says who is emailed and who is printed; Send runs it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send letters to families")
        self._context = context
        self.folder = print_folder()
        self.stage = QComboBox()
        for key, stage in STAGES.items():
            self.stage.addItem(stage.label, key)
        self.stage.currentIndexChanged.connect(self.preview)
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.plan.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.progress = QProgressBar()
        self.progress.hide()
        self.runner = ReportRunner(self)
        self.runner.sig_report_progress.connect(self._moved)
        self.runner.sig_report_done.connect(self._done)
        self.runner.sig_report_failed.connect(self.plan.setText)
        self.runner.sig_report_cancelled.connect(self._cancelled)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = self.buttons.addButton("Send", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.cancel_or_close)
        form = QFormLayout()
        form.addRow("Stage", self.stage)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plan, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.queued: Queued | None = None
        self.resize(620, 420)
        self.preview()

    def _refused(self, error: ServiceError) -> None:
        self.plan.setText(f"Not ready to send: {operations.message_of(error)}")
        self.send_button.setEnabled(False)

    def preview(self) -> None:
        context, stage, folder = self._context, self.stage.currentData(), self.folder
        planned = operations.run(
            context,
            lambda: send_letters(
                context.db, context.user, stage, context.clock(), folder, dry_run=True
            ),
            show=self._refused,
        )
        if planned.value is None:
            return
        found = planned.value
        lines = [
            f"Emailed (protected PDF): {len(found.emails)} famil"
            f"{'y' if len(found.emails) == 1 else 'ies'}"
        ]
        lines += [f"   • {e.recipient_name}, about {e.learners[0]}" for e in found.emails]
        lines.append(f"Printed (no email address): {len(found.printed)}, into {folder}")
        lines += [f"Not sent: {s}" for s in found.not_sent]
        self.plan.setText("\n".join(lines))
        self.send_button.setEnabled(bool(found.emails or found.printed))

    def send(self) -> None:
        context, stage, folder = self._context, self.stage.currentData(), self.folder
        folder.mkdir(parents=True, exist_ok=True)

        def job(progress: Progress) -> Queued:
            return send_letters(context.db, context.user, stage, context.clock(), folder, progress)

        self.send_button.setEnabled(False)
        self.progress.show()
        self.runner.start(cast(Job, job))

    def _moved(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        self.progress.setFormat(f"{text} %p%")

    def _done(self, queued: object) -> None:
        self.queued = cast(Queued, queued)
        operations.announce(self._context, [Change.of(Kind.ALERTS)])
        self.accept()

    def _cancelled(self) -> None:
        self.progress.hide()
        self.plan.setText("Cancelled: nothing was queued and nothing was printed.")
        self.send_button.setEnabled(True)

    def cancel_or_close(self) -> None:
        if self.runner.running:
            self.runner.cancel()
        else:
            self.reject()
